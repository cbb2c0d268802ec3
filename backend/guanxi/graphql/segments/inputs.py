"""Inputs of segment queries and mutations, including the recursive rule input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry.scalars import JSON

from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.interactions.types import Channel
from guanxi.graphql.segments.types import SegmentField, SegmentKind, SegmentOperator


@strawberry.input(
    description="A segment rule node: exactly one of a group (`all`: every sub-rule holds; `any`: at least "
    "one), a negation (`not`), or a condition (`field`, `op`, `value`, and `days` or `key` where the field "
    "needs them). Nest at most 8 levels and 100 conditions. `segmentFields` lists each field's type and "
    "operators. Values: text for STRING and ENUM fields; numbers for NUMBER and MONEY (amounts in the base "
    "currency); ISO dates or times for DATETIME (a number of days for WITHIN_LAST_DAYS); global ids for ID "
    "fields; a list for IN and NOT_IN; `[low, high]` for BETWEEN; none for IS_NULL and IS_NOT_NULL. "
    'Example: `{all: [{field: PROVINCE, op: EQ, value: "广东"}, {field: SPEND_IN_LAST_DAYS, op: GT, '
    "value: 5000, days: 365}]}`."
)
class SegmentRuleInput:
    all: list[SegmentRuleInput] | None = strawberry.field(default=None, description="Every sub-rule holds.")
    any: list[SegmentRuleInput] | None = strawberry.field(default=None, description="At least one sub-rule holds.")
    not_: SegmentRuleInput | None = strawberry.field(
        default=None, name="not", description="The sub-rule does not hold (unknown values count as not holding)."
    )
    field: SegmentField | None = strawberry.field(default=None, description="The field a condition tests.")  # type: ignore[valid-type]
    op: SegmentOperator | None = strawberry.field(default=None, description="How it compares.")  # type: ignore[valid-type]
    value: JSON | None = strawberry.field(default=None, description="What it compares with (see the type's description).")
    days: int | None = strawberry.field(default=None, description="For *_IN_LAST_DAYS fields: the window, in days.")
    key: str | None = strawberry.field(default=None, description="For CUSTOM_ATTRIBUTE: the attribute's key.")


def rule_dict(node: SegmentRuleInput | None) -> dict[str, Any] | None:
    """The input as the plain tree the domain validates."""
    if node is None:
        return None
    out: dict[str, Any] = {}
    if node.all is not None:
        out["all"] = [rule_dict(n) for n in node.all]
    if node.any is not None:
        out["any"] = [rule_dict(n) for n in node.any]
    if node.not_ is not None:
        out["not"] = rule_dict(node.not_)
    if node.field is not None:
        out["field"] = node.field.value if hasattr(node.field, "value") else str(node.field)
    if node.op is not None:
        out["op"] = node.op.value if hasattr(node.op, "value") else str(node.op)
    for name in ("value", "days", "key"):
        if getattr(node, name) is not None:
            out[name] = getattr(node, name)
    return out


def decode_rule_id(node_type: str, raw: Any) -> int | None:
    """A global id in a rule's value, of the type the field wants."""
    parsed = parse_global_id(raw) if isinstance(raw, str) else None
    if parsed is None or parsed[0] != node_type:
        return None
    return parsed[1]


@strawberry.input(description="Which segments to list.")
class SegmentFilter:
    kind: SegmentKind | None = strawberry.field(default=None, description="Only STATIC or only DYNAMIC.")  # type: ignore[valid-type]
    search: str | None = strawberry.field(default=None, description="Name contains this text.")


@strawberry.input(description="A new segment.")
class CreateSegmentInput:
    name: str = strawberry.field(description="Name, 1-200 characters.")
    kind: SegmentKind = strawberry.field(description="STATIC or DYNAMIC.")  # type: ignore[valid-type]
    description: str | None = strawberry.field(default=None, description="What it is for (up to 2,000 characters).")
    rule: SegmentRuleInput | None = strawberry.field(default=None, description="The rule of a DYNAMIC segment.")
    refresh_interval_minutes: int | None = strawberry.field(
        default=None, description="Re-evaluate the whole rule every so many minutes (5 to 10,080); null: never."
    )


@strawberry.input(description="Changes to a segment; fields left out stay as they are.")
class UpdateSegmentInput:
    id: strawberry.ID = strawberry.field(description="The segment.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="New description; null clears it.")
    rule: SegmentRuleInput | None = strawberry.field(
        default=strawberry.UNSET, description="New rule (DYNAMIC only); members are re-evaluated at once."
    )
    refresh_interval_minutes: int | None = strawberry.field(
        default=strawberry.UNSET, description="New schedule in minutes; null: no scheduled refresh."
    )


@strawberry.input(description="A segment, by id.")
class SegmentIdInput:
    id: strawberry.ID = strawberry.field(description="The segment.")


@strawberry.input(description="Customers to add to or remove from a STATIC segment.")
class SegmentMembersInput:
    segment_id: strawberry.ID = strawberry.field(description="The STATIC segment.")
    customer_ids: list[strawberry.ID] = strawberry.field(description="Up to 1,000 customers.")


@strawberry.input(
    description="A segment's service strategy. Send every field: null clears it. A strategy needs a priority."
)
class UpdateSegmentStrategyInput:
    segment_id: strawberry.ID = strawberry.field(description="The segment.")
    service_priority: int | None = strawberry.field(default=None, description="1 (highest) to 5; null: no strategy.")
    service_level: str | None = strawberry.field(default=None, description="Service level promised to members.")
    discount_percent: Decimal | None = strawberry.field(default=None, description="Member discount, 0-100 %.")
    preferred_channel: Channel | None = strawberry.field(default=None, description="Channel to reach members on.")  # type: ignore[valid-type]
    contact_cap_max: int | None = strawberry.field(
        default=None, description="Outbound contacts allowed per window for members (with contactCapWindowDays)."
    )
    contact_cap_window_days: int | None = strawberry.field(default=None, description="The cap's window, in days.")

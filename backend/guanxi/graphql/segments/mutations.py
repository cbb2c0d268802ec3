from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.graphql.core.errors import mutation_payload, payload_type
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.permissions import requires
from guanxi.graphql.segments.inputs import (
    CreateSegmentInput,
    SegmentIdInput,
    SegmentMembersInput,
    UpdateSegmentInput,
    UpdateSegmentStrategyInput,
    decode_rule_id,
    rule_dict,
)
from guanxi.graphql.segments.types import Segment
from guanxi.segments import services

WRITE = [requires(Permission.SEGMENTS_WRITE)]

CreateSegmentPayload = payload_type(
    "CreateSegmentPayload", "Result of createSegment.", {"segment": (Segment, "The segment, with its members.")}
)
UpdateSegmentPayload = payload_type(
    "UpdateSegmentPayload", "Result of updateSegment.", {"segment": (Segment, "The segment after the change.")}
)
UpdateSegmentStrategyPayload = payload_type(
    "UpdateSegmentStrategyPayload", "Result of updateSegmentStrategy.", {"segment": (Segment, "The segment.")}
)
DeleteSegmentPayload = payload_type(
    "DeleteSegmentPayload", "Result of deleteSegment.", {"deleted_segment_id": (strawberry.ID, "The deleted segment.")}
)
RefreshSegmentPayload = payload_type(
    "RefreshSegmentPayload",
    "Result of refreshSegment.",
    {
        "segment": (Segment, "The segment after the evaluation."),
        "entered_count": (int, "Customers who entered."),
        "left_count": (int, "Customers who left."),
    },
)
AddCustomersToSegmentPayload = payload_type(
    "AddCustomersToSegmentPayload",
    "Result of addCustomersToSegment.",
    {"segment": (Segment, "The segment."), "added_count": (int, "Customers added (those already in are skipped).")},
)
RemoveCustomersFromSegmentPayload = payload_type(
    "RemoveCustomersFromSegmentPayload",
    "Result of removeCustomersFromSegment.",
    {"segment": (Segment, "The segment."), "removed_count": (int, "Customers removed (those not in are skipped).")},
)


def _segment_id(value: strawberry.ID, field: str = "id") -> int:
    return decode_id(value, "Segment", field)


@strawberry.type
class SegmentMutations:
    @strawberry.mutation(
        description="Create a segment. A DYNAMIC one is evaluated at once (its members are there on return) and "
        "then follows its customers' data as it changes. An invalid rule gives userErrors at the path of the "
        "bad node, e.g. `input.rule.all.2.any.0.value`.",
        permission_classes=WRITE,
    )
    async def create_segment(self, info: Info, input: CreateSegmentInput) -> CreateSegmentPayload:
        async def work() -> dict[str, Any]:
            segment = await services.create_segment(
                principal=info.context.principal,
                data={
                    "name": input.name,
                    "description": input.description,
                    "kind": input.kind.value if hasattr(input.kind, "value") else input.kind,
                    "rule": rule_dict(input.rule),
                    "refresh_interval_minutes": input.refresh_interval_minutes,
                },
                decode_id=decode_rule_id,
                request=info.context.request_info,
            )
            return {"segment": Segment.from_row(segment)}

        return await mutation_payload(CreateSegmentPayload, work)

    @strawberry.mutation(
        description="Change a segment's name, description, rule or schedule (its owner, a manager or an admin). "
        "A changed rule is evaluated at once.",
        permission_classes=WRITE,
    )
    async def update_segment(self, info: Info, input: UpdateSegmentInput) -> UpdateSegmentPayload:
        async def work() -> dict[str, Any]:
            data: dict[str, Any] = {}
            for name in ("name", "description", "refresh_interval_minutes"):
                value = getattr(input, name)
                if value is not strawberry.UNSET:
                    data[name] = value
            if input.rule is not strawberry.UNSET:
                data["rule"] = rule_dict(input.rule)
            segment = await services.update_segment(
                principal=info.context.principal,
                segment_id=_segment_id(input.id),
                data=data,
                decode_id=decode_rule_id,
                request=info.context.request_info,
            )
            return {"segment": Segment.from_row(segment)}

        return await mutation_payload(UpdateSegmentPayload, work)

    @strawberry.mutation(
        description="Set a segment's service strategy (MANAGER and ADMIN): priority, service level, discount, "
        "preferred channel and a contact-frequency cap that replaces the global one for its members.",
        permission_classes=[requires(Permission.SEGMENT_STRATEGY_MANAGE)],
    )
    async def update_segment_strategy(
        self, info: Info, input: UpdateSegmentStrategyInput
    ) -> UpdateSegmentStrategyPayload:
        async def work() -> dict[str, Any]:
            channel = input.preferred_channel
            segment = await services.update_strategy(
                principal=info.context.principal,
                segment_id=_segment_id(input.segment_id, "segment_id"),
                data={
                    "service_priority": input.service_priority,
                    "service_level": input.service_level,
                    "discount_percent": input.discount_percent,
                    "preferred_channel": channel.value if hasattr(channel, "value") else channel,
                    "contact_cap_max": input.contact_cap_max,
                    "contact_cap_window_days": input.contact_cap_window_days,
                },
                request=info.context.request_info,
            )
            return {"segment": Segment.from_row(segment)}

        return await mutation_payload(UpdateSegmentStrategyPayload, work)

    @strawberry.mutation(
        description="Delete a segment and its membership history (its owner, a manager or an admin).",
        permission_classes=WRITE,
    )
    async def delete_segment(self, info: Info, input: SegmentIdInput) -> DeleteSegmentPayload:
        async def work() -> dict[str, Any]:
            pk = await services.delete_segment(
                principal=info.context.principal, segment_id=_segment_id(input.id), request=info.context.request_info
            )
            return {"deleted_segment_id": strawberry.ID(input.id) if pk else None}

        return await mutation_payload(DeleteSegmentPayload, work)

    @strawberry.mutation(
        description="Evaluate a DYNAMIC segment's rule for every customer now (members who no longer match leave).",
        permission_classes=WRITE,
    )
    async def refresh_segment(self, info: Info, input: SegmentIdInput) -> RefreshSegmentPayload:
        async def work() -> dict[str, Any]:
            pk = _segment_id(input.id)
            change = await services.refresh_segment(pk, principal=info.context.principal)
            segment = await services.get_segment(pk)
            return {
                "segment": Segment.from_row(segment),
                "entered_count": change.entered,
                "left_count": change.left,
            }

        return await mutation_payload(RefreshSegmentPayload, work)

    @strawberry.mutation(description="Add customers to a STATIC segment.", permission_classes=WRITE)
    async def add_customers_to_segment(
        self, info: Info, input: SegmentMembersInput
    ) -> AddCustomersToSegmentPayload:
        async def work() -> dict[str, Any]:
            segment, change = await services.pick_members(
                principal=info.context.principal,
                segment_id=_segment_id(input.segment_id, "segment_id"),
                customer_ids=_customer_ids(input.customer_ids),
                add=True,
                request=info.context.request_info,
            )
            return {"segment": Segment.from_row(segment), "added_count": change.entered}

        return await mutation_payload(AddCustomersToSegmentPayload, work)

    @strawberry.mutation(
        description="Remove customers from a STATIC segment (their stay is kept as history).",
        permission_classes=WRITE,
    )
    async def remove_customers_from_segment(
        self, info: Info, input: SegmentMembersInput
    ) -> RemoveCustomersFromSegmentPayload:
        async def work() -> dict[str, Any]:
            segment, change = await services.pick_members(
                principal=info.context.principal,
                segment_id=_segment_id(input.segment_id, "segment_id"),
                customer_ids=_customer_ids(input.customer_ids),
                add=False,
                request=info.context.request_info,
            )
            return {"segment": Segment.from_row(segment), "removed_count": change.left}

        return await mutation_payload(RemoveCustomersFromSegmentPayload, work)


def _customer_ids(values: list[strawberry.ID]) -> list[int]:
    from guanxi.core.errors import Collector, CoreErrorCode
    from guanxi.graphql.core.ids import parse_global_id

    errors = Collector()
    out = []
    for i, value in enumerate(values):
        parsed = parse_global_id(value)
        if parsed is None or parsed[0] != "Customer":
            errors.add(CoreErrorCode.INVALID_VALUE, "Not a customer id.", f"customer_ids.{i}")
        else:
            out.append(parsed[1])
    errors.raise_if_any()
    return out

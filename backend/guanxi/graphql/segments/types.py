"""GraphQL types of segments, their rules' field catalogue, membership and strategies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.graphql.accounts.types import User, user_or_none
from guanxi.graphql.core.connections import Connection
from guanxi.graphql.core.ids import to_global_id
from guanxi.graphql.core.keyset import paginate_newest_first
from guanxi.graphql.interactions.types import Channel
from guanxi.segments import catalogue, history, services
from guanxi.segments import models as m

if TYPE_CHECKING:
    from guanxi.graphql.customers.types import Customer

_CUSTOMERS = "guanxi.graphql.customers.types"

SegmentKind = strawberry.enum(
    m.SegmentKind, description="STATIC: members are picked by hand. DYNAMIC: members are the customers a rule matches."
)
SegmentField = strawberry.enum(
    Enum("SegmentField", {name: name for name in catalogue.CATALOGUE}),  # type: ignore[misc]
    description="A field a segment rule can test. `segmentFields` gives each one's type and operators.",
)
SegmentOperator = strawberry.enum(
    catalogue.Operator,
    name="SegmentOperator",
    description="How a condition compares its field with its value. Negative tests (NEQ, NOT_IN, "
    "NOT_WITHIN_LAST_DAYS, IS_NULL) include customers whose value is unknown.",
)
SegmentFieldType = strawberry.enum(
    catalogue.FieldType,
    name="SegmentFieldType",
    description="What kind of value a field holds, which decides its operators and the form of `value`.",
)
SegmentFieldGroup = strawberry.enum(catalogue.FieldGroup, name="SegmentFieldGroup", description="Where a field's data comes from.")


@strawberry.type(description="One field of the segment rule catalogue.")
class SegmentFieldInfo:
    field: SegmentField = strawberry.field(description="The field, as used in `SegmentRuleInput.field`.")  # type: ignore[valid-type]
    type: SegmentFieldType = strawberry.field(description="Its value type.")  # type: ignore[valid-type]
    group: SegmentFieldGroup = strawberry.field(description="Attribute, behaviour, value or loyalty.")  # type: ignore[valid-type]
    description: str = strawberry.field(description="What it means, in English.")
    operators: list[SegmentOperator] = strawberry.field(description="The operators it allows.")  # type: ignore[valid-type]
    nullable: bool = strawberry.field(description="Its value may be unknown (IS_NULL applies).")
    enum_values: list[str] = strawberry.field(description="For ENUM fields, the allowed values.")
    needs_days: bool = strawberry.field(description="Conditions on it take `days` (\"in the last N days\").")
    needs_key: bool = strawberry.field(description="Conditions on it take `key` (the custom attribute's name).")
    id_type: str | None = strawberry.field(
        description="For ID fields, the type of the global ids in `value` (`User`, `Team`)."
    )
    minimum: float | None = strawberry.field(description="For numbers, the smallest value allowed.")
    maximum: float | None = strawberry.field(description="For numbers, the largest value allowed.")

    @classmethod
    def from_spec(cls, spec: catalogue.FieldSpec) -> SegmentFieldInfo:
        return cls(
            field=spec.name,
            type=spec.type,
            group=spec.group,
            description=spec.description,
            operators=list(spec.operators),
            nullable=spec.nullable,
            enum_values=list(spec.enum_values),
            needs_days=spec.needs_days,
            needs_key=spec.needs_key,
            id_type=spec.node_type,
            minimum=float(spec.minimum) if spec.minimum is not None else None,
            maximum=float(spec.maximum) if spec.maximum is not None else None,
        )


@strawberry.type(description="A contact-frequency cap a segment's strategy sets for its members.")
class ContactCap:
    max_contacts: int = strawberry.field(description="Outbound contacts allowed in the window.")
    window_days: int = strawberry.field(description="Length of the sliding window, in days.")


@strawberry.type(
    description="A segment's service strategy (个性化服务策略). A customer in several segments gets the "
    "strategy of the one with the highest priority (1 is the highest; ties: the oldest segment)."
)
class SegmentStrategy:
    service_priority: int = strawberry.field(description="1 (highest) to 5.")
    service_level: str | None = strawberry.field(description="The service level promised, e.g. `VIP hotline`.")
    discount_percent: Decimal | None = strawberry.field(description="Member discount, in percent.")
    preferred_channel: Channel | None = strawberry.field(  # type: ignore[valid-type]
        description="The channel to reach members on."
    )
    contact_cap: ContactCap | None = strawberry.field(
        description="Overrides the global contact-frequency cap for members; null: the global policy applies."
    )

    @classmethod
    def from_row(cls, row: m.Segment) -> SegmentStrategy | None:
        if row.service_priority is None:
            return None
        cap = None
        if row.contact_cap_max is not None and row.contact_cap_window_days is not None:
            cap = ContactCap(max_contacts=row.contact_cap_max, window_days=row.contact_cap_window_days)
        return cls(
            service_priority=row.service_priority,
            service_level=row.service_level,
            discount_percent=row.discount_percent,
            preferred_channel=row.preferred_channel,
            contact_cap=cap,
        )


@strawberry.type(description="The service strategy that applies to a customer, and the segment it comes from.")
class EffectiveStrategy:
    strategy: SegmentStrategy = strawberry.field(description="The strategy.")
    segment_row: strawberry.Private[m.Segment]

    @classmethod
    def from_row(cls, row: m.Segment) -> EffectiveStrategy:
        strategy = SegmentStrategy.from_row(row)
        assert strategy is not None
        return cls(strategy=strategy, segment_row=row)

    @strawberry.field(description="The segment (the customer's one with the highest service priority).")
    def segment(self) -> Segment:
        return Segment.from_row(self.segment_row)


@strawberry.type(description="The number of members at the end of one day (UTC).")
class SegmentSizePoint:
    day: date = strawberry.field(description="The day.")
    size: int = strawberry.field(description="Members at the end of that day that you may see.")


SegmentChangeKind = strawberry.enum(history.ChangeKind, name="SegmentChangeKind", description="Entered or left a segment.")


@strawberry.type(description="One stay of a customer in a segment that began or ended in the period asked for.")
class SegmentChange(relay.Node):
    id: relay.NodeID[int]
    entered_at: datetime = strawberry.field(description="When the customer entered.")
    exited_at: datetime | None = strawberry.field(description="When they left; null while still a member.")
    customer_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.SegmentMembership) -> SegmentChange:
        return cls(
            id=row.pk,
            entered_at=row.entered_at,
            exited_at=row.exited_at,
            customer_id=row.customer_id,  # type: ignore[attr-defined]
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[SegmentChange | None]:
        return [None for _ in node_ids]  # reached through Segment.changes only

    @strawberry.field(description="The customer.")
    async def customer(
        self, info: Info
    ) -> Annotated[Customer, strawberry.lazy(_CUSTOMERS)] | None:
        from guanxi.graphql.customers.types import Customer

        row = await info.context.loaders.customer.load(self.customer_id)
        return Customer.from_row(row) if row is not None else None


def _can_read(principal: Principal | None) -> bool:
    return principal is not None and principal.can(Permission.SEGMENTS_READ)


@strawberry.type(description="A group of customers: hand-picked (STATIC) or matched by a rule (DYNAMIC).")
class Segment(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name, e.g. `Guangdong big spenders`.")
    description: str | None = strawberry.field(description="What the segment is for.")
    kind: SegmentKind = strawberry.field(description="STATIC or DYNAMIC.")  # type: ignore[valid-type]
    rule: JSON | None = strawberry.field(
        description="A DYNAMIC segment's rule, in the shape of SegmentRuleInput (ids as global ids); null for STATIC."
    )
    refresh_interval_minutes: int | None = strawberry.field(
        description="How often the whole rule is re-evaluated on a schedule; null: only as customers' data "
        "changes (which is immediate) and on refreshSegment. Time-based conditions (WITHIN_LAST_DAYS, AGE) "
        "drift with time alone and want a schedule."
    )
    refreshed_at: datetime | None = strawberry.field(description="The last full evaluation of the rule.")
    created_at: datetime = strawberry.field(description="When the segment was created.")
    updated_at: datetime = strawberry.field(description="When the segment was last changed.")
    strategy: SegmentStrategy | None = strawberry.field(
        description="The service strategy for members; null when the segment sets none."
    )
    owner_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.Segment) -> Segment:
        return cls(
            id=row.pk,
            name=row.name,
            description=row.description,
            kind=row.kind,
            rule=_rule_out(row.rule),
            refresh_interval_minutes=row.refresh_interval_minutes,
            refreshed_at=row.refreshed_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            strategy=SegmentStrategy.from_row(row),
            owner_id=row.owner_id,  # type: ignore[attr-defined]
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Segment | None]:
        ids = [int(i) if str(i).isdigit() else 0 for i in node_ids]
        if not _can_read(info.context.principal):
            return [None for _ in ids]
        rows = {s.pk: s for s in await m.Segment.filter(id__in=ids)}
        return [cls.from_row(rows[i]) if i in rows else None for i in ids]

    @strawberry.field(description="Who created it (and may edit it, with managers and admins).")
    async def owner(self, info: Info) -> User | None:
        if self.owner_id is None:
            return None
        return user_or_none(await info.context.loaders.user.load(self.owner_id))

    @strawberry.field(description="Current members you may see (an agent counts only their customers).")
    async def member_count(self, info: Info) -> int:
        return await info.context.loaders.segment_member_count.load(self.id)

    @strawberry.field(description="Current members you may see, by name.")
    async def members(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Customer, strawberry.lazy(_CUSTOMERS)]]:
        from guanxi.graphql.core.connections import paginate
        from guanxi.graphql.customers.types import Customer

        return await paginate(
            services.visible_members(info.context.principal, self.id).order_by("name", "id"),
            first=first,
            after=after,
            last=last,
            before=before,
            to_node=Customer.from_row,
        )

    @strawberry.field(description="Members at the end of each day from `from` to `to` (UTC days, at most 366).")
    async def size_history(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="First day (included).")],
        to: Annotated[date | None, strawberry.argument(description="Last day (included); default today.")] = None,
    ) -> list[SegmentSizePoint]:
        points = await history.size_history(info.context.principal, self.id, since=from_, until=to)
        return [SegmentSizePoint(day=d, size=n) for d, n in points]

    @strawberry.field(
        description="Who entered (`kind: ENTERED`) or left (`kind: LEFT`) since a time: one item per stay, "
        "most recent stays first."
    )
    async def changes(
        self,
        info: Info,
        since: Annotated[datetime, strawberry.argument(description="Changes at or after this time.")],
        kind: Annotated[SegmentChangeKind, strawberry.argument(description="Entries or exits.")],  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SegmentChange]:
        queryset = history.changes(info.context.principal, self.id, since=since, kind=history.ChangeKind(kind))
        return await paginate_newest_first(
            queryset, first=first, after=after, last=last, before=before, to_node=SegmentChange.from_row
        )


def _rule_out(stored: dict[str, Any] | None) -> Any:
    """The stored tree with staff user and team ids as global ids, as clients send them."""
    from guanxi.segments import rules

    tree = rules.tree(stored)
    if tree is None:
        return None

    def walk(node: dict[str, Any]) -> dict[str, Any]:
        if "field" in node:
            spec = catalogue.CATALOGUE.get(node["field"])
            if spec is not None and spec.node_type and "value" in node:
                value = node["value"]
                encoded = (
                    [to_global_id(spec.node_type, v) for v in value]
                    if isinstance(value, list)
                    else to_global_id(spec.node_type, value)
                )
                return {**node, "value": encoded}
            return node
        if "not" in node:
            return {"not": walk(node["not"])}
        kind = "all" if "all" in node else "any"
        return {kind: [walk(child) for child in node[kind]]}

    return walk(tree)


@strawberry.type(description="What a rule matches right now, without saving it.")
class SegmentPreview:
    member_count: int = strawberry.field(description="Customers you may see that match.")
    member_ids: strawberry.Private[list[int]]

    @strawberry.field(description="The first 20 matches, by id.")
    async def members(self, info: Info) -> list[Annotated[Customer, strawberry.lazy(_CUSTOMERS)]]:
        from guanxi.graphql.customers.types import Customer

        rows = await info.context.loaders.customer.load_many(self.member_ids)
        return [Customer.from_row(r) for r in rows if r is not None]


@strawberry.type(description="Customers entered or left a segment (one evaluation, or one hand-picked change).")
class SegmentMembershipEvent:
    at: datetime = strawberry.field(description="When.")
    entered_count: int = strawberry.field(description="How many customers entered (all of them, seen or not).")
    left_count: int = strawberry.field(description="How many left.")
    segment_id: strawberry.Private[int]
    entered_ids: strawberry.Private[list[int]]
    left_ids: strawberry.Private[list[int]]

    @strawberry.field(description="The segment.")
    async def segment(self, info: Info) -> Segment | None:
        row = await m.Segment.get_or_none(id=self.segment_id)
        return Segment.from_row(row) if row is not None else None

    @strawberry.field(description="Customers who entered that you may see (up to 100 per event).")
    async def entered(self, info: Info) -> list[Annotated[Customer, strawberry.lazy(_CUSTOMERS)]]:
        from guanxi.graphql.customers.types import Customer

        rows = await info.context.loaders.customer.load_many(self.entered_ids)
        return [Customer.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Customers who left that you may see (up to 100 per event).")
    async def left(self, info: Info) -> list[Annotated[Customer, strawberry.lazy(_CUSTOMERS)]]:
        from guanxi.graphql.customers.types import Customer

        rows = await info.context.loaders.customer.load_many(self.left_ids)
        return [Customer.from_row(r) for r in rows if r is not None]

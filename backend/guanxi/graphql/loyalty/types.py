"""GraphQL types of the loyalty program: accounts, the ledger, tiers, rewards and figures."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core import clock
from guanxi.graphql.accounts.types import User, user_or_none
from guanxi.graphql.core.connections import Connection
from guanxi.graphql.core.keyset import paginate_newest_first
from guanxi.loyalty import models as m
from guanxi.loyalty import program as programs
from guanxi.loyalty.scoping import visible_accounts

if TYPE_CHECKING:
    from guanxi.graphql.customers.types import Customer

_CUSTOMERS = "guanxi.graphql.customers.types"

EntryKind = strawberry.enum(
    m.EntryKind,
    name="LedgerEntryKind",
    description="EARN: a purchase. BONUS: birthday, goodwill. REDEEM: points spent. EXPIRE: past the program's "
    "lifetime. ADJUST: a staff correction. REVERSAL: a refunded purchase's points taken back.",
)
ReferenceType = strawberry.enum(
    m.ReferenceType, name="LedgerReferenceType", description="What a ledger entry refers to."
)
Rounding = strawberry.enum(m.Rounding, name="PointsRounding", description="How earned points are rounded.")


@strawberry.type(description="A tier: reached with `threshold` points earned in a rolling 12 months.")
class LoyaltyTier:
    id: strawberry.ID = strawberry.field(description="The tier's id (for Reward.minTier).")
    name: str = strawberry.field(description="Name, e.g. `Gold`.")
    threshold: int = strawberry.field(description="Points earned in 12 months that reach it.")
    discount_percent: Decimal = strawberry.field(description="Member discount, in percent.")
    multiplier: Decimal = strawberry.field(description="Points earned are multiplied by this.")
    service_level: str | None = strawberry.field(description="The service level members of this tier get.")

    @classmethod
    def from_tier(cls, tier: programs.Tier) -> LoyaltyTier:
        from guanxi.graphql.core.ids import to_global_id

        return cls(
            id=strawberry.ID(to_global_id("LoyaltyTier", tier.id)),
            name=tier.name,
            threshold=tier.threshold,
            discount_percent=tier.discount_percent,
            multiplier=tier.multiplier,
            service_level=tier.service_level,
        )


@strawberry.type(description="The loyalty program (会员积分): how points are earned, kept and lost.")
class LoyaltyProgram:
    earn_rate: Decimal = strawberry.field(description="Points per unit of the base currency spent.")
    rounding: Rounding = strawberry.field(description="How fractional points are rounded.")  # type: ignore[valid-type]
    auto_enrol: bool = strawberry.field(description="Customers are enrolled on their first purchase.")
    points_lifetime_months: int = strawberry.field(description="Points expire this many months after earning.")
    birthday_bonus: int = strawberry.field(description="Points granted once a year in the birth month.")
    tiers: list[LoyaltyTier] = strawberry.field(description="Tiers, lowest first.")
    updated_at: datetime = strawberry.field(description="When the program last changed.")


async def program_type() -> LoyaltyProgram:
    row = await programs.program()
    return LoyaltyProgram(
        earn_rate=row.earn_rate,
        rounding=row.rounding,
        auto_enrol=row.auto_enrol,
        points_lifetime_months=row.points_lifetime_months,
        birthday_bonus=row.birthday_bonus,
        tiers=[LoyaltyTier.from_tier(t) for t in await programs.tiers()],
        updated_at=row.updated_at,
    )


@strawberry.type(description="One movement of points. The ledger is append-only: corrections are new entries.")
class LedgerEntry(relay.Node):
    id: relay.NodeID[int]
    kind: EntryKind = strawberry.field(description="What moved the points.")  # type: ignore[valid-type]
    amount: int = strawberry.field(description="Points: positive when earned, negative when spent or lost.")
    reason: str = strawberry.field(description="Why, for a person to read.")
    reference_type: ReferenceType | None = strawberry.field(description="What it refers to.")  # type: ignore[valid-type]
    reference_id: strawberry.ID | None = strawberry.field(
        description="The global id of the purchase, reward or complaint it refers to."
    )
    shortfall: int = strawberry.field(
        description="For a REVERSAL: points that could not be taken back because they were already spent."
    )
    created_at: datetime = strawberry.field(description="When.")
    created_by_user_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.LedgerEntry) -> LedgerEntry:
        from guanxi.graphql.core.ids import to_global_id

        kinds = {m.ReferenceType.PURCHASE: "Purchase", m.ReferenceType.REWARD: "Reward",
                 m.ReferenceType.COMPLAINT: "Complaint"}
        ref_type = m.ReferenceType(row.reference_type) if row.reference_type else None
        ref = (
            strawberry.ID(to_global_id(kinds[ref_type], row.reference_id))
            if ref_type in kinds and row.reference_id is not None
            else None
        )
        return cls(
            id=row.pk,
            kind=row.kind,
            amount=row.amount,
            reason=row.reason,
            reference_type=ref_type,
            reference_id=ref,
            shortfall=row.shortfall,
            created_at=row.created_at,
            created_by_user_id=row.created_by_user_id,  # type: ignore[attr-defined]
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[LedgerEntry | None]:
        ids = [int(i) if str(i).isdigit() else 0 for i in node_ids]
        principal = info.context.principal
        if principal is None or not principal.can(Permission.LOYALTY_READ):
            return [None for _ in ids]
        accounts = visible_accounts(principal).values("id")
        from tortoise.expressions import Subquery

        rows = {r.pk: r for r in await m.LedgerEntry.filter(id__in=ids, account_id__in=Subquery(accounts))}
        return [cls.from_row(rows[i]) if i in rows else None for i in ids]

    @strawberry.field(description="The staff user who made it; null for the program's own entries and API keys.")
    async def created_by(self, info: Info) -> User | None:
        if self.created_by_user_id is None:
            return None
        return user_or_none(await info.context.loaders.user.load(self.created_by_user_id))


@strawberry.type(description="A change of tier, with its reason.")
class TierChange:
    from_tier: str | None = strawberry.field(description="The tier before; null when enrolled.")
    to_tier: str | None = strawberry.field(description="The tier after.")
    reason: str = strawberry.field(description="Why: reached with a purchase, the monthly review, ...")
    changed_at: datetime = strawberry.field(description="When.")


@strawberry.type(description="Points that expire within the days asked for.")
class ExpiringPoints:
    points: int = strawberry.field(description="How many.")
    first_expires_at: datetime | None = strawberry.field(description="When the first of them expire.")


@strawberry.type(description="A customer's membership of the loyalty program.")
class LoyaltyAccount(relay.Node):
    id: relay.NodeID[int]
    balance: int = strawberry.field(description="Points available: always the sum of the ledger.")
    tier_since: datetime | None = strawberry.field(description="Since when the account has its tier.")
    created_at: datetime = strawberry.field(description="When the customer enrolled.")
    tier_id: strawberry.Private[int | None]
    customer_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.LoyaltyAccount) -> LoyaltyAccount:
        return cls(
            id=row.pk,
            balance=row.balance,
            tier_since=row.tier_since,
            created_at=row.created_at,
            tier_id=row.tier_id,  # type: ignore[attr-defined]
            customer_id=row.customer_id,  # type: ignore[attr-defined]
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[LoyaltyAccount | None]:
        ids = [int(i) if str(i).isdigit() else 0 for i in node_ids]
        principal = info.context.principal
        if principal is None or not principal.can(Permission.LOYALTY_READ):
            return [None for _ in ids]
        rows = {r.pk: r for r in await visible_accounts(principal).filter(id__in=ids)}
        return [cls.from_row(rows[i]) if i in rows else None for i in ids]

    @strawberry.field(description="The customer.")
    async def customer(self, info: Info) -> Annotated[Customer, strawberry.lazy(_CUSTOMERS)] | None:
        from guanxi.graphql.customers.types import Customer

        row = await info.context.loaders.customer.load(self.customer_id)
        return Customer.from_row(row) if row is not None else None

    @strawberry.field(description="The current tier.")
    async def tier(self) -> LoyaltyTier | None:
        tier = next((t for t in await programs.tiers() if t.id == self.tier_id), None)
        return LoyaltyTier.from_tier(tier) if tier else None

    @strawberry.field(description="Points earned in the last 12 months (what tiers are reached with).")
    async def points_earned_12m(self, info: Info) -> int:
        return await info.context.loaders.points_earned_12m.load(self.id)

    @strawberry.field(description="Points still to earn (in 12 months) for the next tier; null at the top tier.")
    async def points_to_next_tier(self, info: Info) -> int | None:
        earned = await info.context.loaders.points_earned_12m.load(self.id)
        current = next((t for t in await programs.tiers() if t.id == self.tier_id), None)
        above = [t for t in await programs.tiers() if current is None or t.threshold > current.threshold]
        return max(above[0].threshold - earned, 0) if above else None

    @strawberry.field(description="The next tier; null at the top.")
    async def next_tier(self) -> LoyaltyTier | None:
        current = next((t for t in await programs.tiers() if t.id == self.tier_id), None)
        above = [t for t in await programs.tiers() if current is None or t.threshold > current.threshold]
        return LoyaltyTier.from_tier(above[0]) if above else None

    @strawberry.field(description="Points that expire in the next `days` days (default 30).")
    async def expiring_soon(self, days: int = 30) -> ExpiringPoints:
        from guanxi.graphql.core.errors import ClientError

        if not 1 <= days <= 3650:
            raise ClientError("`days` is 1 to 3,650.")
        now = clock.now()
        lots = await m.LoyaltyLot.filter(
            account_id=self.id, remaining__gt=0, expires_at__lte=now + timedelta(days=days)
        ).order_by("expires_at").values_list("remaining", "expires_at")
        return ExpiringPoints(points=sum(r for r, _ in lots), first_expires_at=lots[0][1] if lots else None)

    @strawberry.field(description="The ledger, newest first.")
    async def ledger(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[LedgerEntry]:
        return await paginate_newest_first(
            m.LedgerEntry.filter(account_id=self.id),
            first=first,
            after=after,
            last=last,
            before=before,
            to_node=LedgerEntry.from_row,
        )

    @strawberry.field(description="Every change of tier, newest first.")
    async def tier_history(self) -> list[TierChange]:
        rows = await m.TierChange.filter(account_id=self.id).order_by("-changed_at", "-id")
        return [TierChange(from_tier=r.from_tier, to_tier=r.to_tier, reason=r.reason, changed_at=r.changed_at)
                for r in rows]


@strawberry.type(description="Something members can spend points on.")
class Reward(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Name.")
    description: str | None = strawberry.field(description="What the member gets.")
    points_cost: int = strawberry.field(description="Points it costs.")
    stock: int | None = strawberry.field(description="How many are left; null: unlimited.")
    active_from: datetime | None = strawberry.field(description="Redeemable from; null: always.")
    active_until: datetime | None = strawberry.field(description="Redeemable until (excluded); null: no end.")
    archived_at: datetime | None = strawberry.field(description="When it was withdrawn; null while offered.")
    min_tier_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.Reward) -> Reward:
        return cls(
            id=row.pk,
            name=row.name,
            description=row.description,
            points_cost=row.points_cost,
            stock=row.stock,
            active_from=row.active_from,
            active_until=row.active_until,
            archived_at=row.archived_at,
            min_tier_id=row.min_tier_id,  # type: ignore[attr-defined]
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Reward | None]:
        ids = [int(i) if str(i).isdigit() else 0 for i in node_ids]
        principal = info.context.principal
        if principal is None or not principal.can(Permission.LOYALTY_READ):
            return [None for _ in ids]
        rows = {r.pk: r for r in await m.Reward.filter(id__in=ids)}
        return [cls.from_row(rows[i]) if i in rows else None for i in ids]

    @strawberry.field(description="The lowest tier that may redeem it; null: every member.")
    async def min_tier(self) -> LoyaltyTier | None:
        tier = next((t for t in await programs.tiers() if t.id == self.min_tier_id), None)
        return LoyaltyTier.from_tier(tier) if tier else None


@strawberry.type(description="Members of one tier.")
class TierCount:
    tier: str | None = strawberry.field(description="The tier's name; null for accounts without a tier.")
    members: int = strawberry.field(description="How many members you may see.")


@strawberry.type(description="Points earned, redeemed and expired in one month.")
class LoyaltyMonth:
    month: date = strawberry.field(description="The month's first day.")
    earned: int = strawberry.field(description="Points earned (purchases and bonuses).")
    redeemed: int = strawberry.field(description="Points redeemed.")
    expired: int = strawberry.field(description="Points expired.")


@strawberry.type(description="Loyalty figures over the accounts you may see.")
class LoyaltyStats:
    members: int = strawberry.field(description="Enrolled customers.")
    members_by_tier: list[TierCount] = strawberry.field(description="Members per tier, lowest tier first.")
    points_liability: int = strawberry.field(
        description="Points members hold and could still redeem (the program's outstanding liability)."
    )
    months: list[LoyaltyMonth] = strawberry.field(description="Per month over the range asked for.")

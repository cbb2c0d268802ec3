"""Program figures: members by tier, points liability (what members could still redeem), and points
earned and redeemed per month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from tortoise.expressions import Subquery
from tortoise.functions import Count, Sum

from guanxi.accounts.principal import Principal
from guanxi.loyalty import program as programs
from guanxi.loyalty.models import EntryKind, LedgerEntry
from guanxi.loyalty.scoping import visible_accounts

EARNED = (EntryKind.EARN, EntryKind.BONUS)
REDEEMED = (EntryKind.REDEEM,)


@dataclass(frozen=True)
class Month:
    start: date
    earned: int
    redeemed: int
    expired: int


@dataclass(frozen=True)
class LoyaltyStats:
    members_by_tier: list[tuple[str | None, int]]
    members: int
    liability: int
    months: list[Month]


async def loyalty_stats(principal: Principal, *, since: datetime, until: datetime) -> LoyaltyStats:
    accounts = visible_accounts(principal)
    rows = (
        await accounts.group_by("tier_id")
        .annotate(n=Count("id"), total=Sum("balance"))
        .values_list("tier_id", "n", "total")
    )
    names = {t.id: t.name for t in await programs.tiers()}
    by_tier = {tier_id: n for tier_id, n, _ in rows}
    liability = sum(int(total or 0) for _, _, total in rows)
    members_by_tier = [(name, by_tier.get(tier_id, 0)) for tier_id, name in names.items()]
    if by_tier.get(None):
        members_by_tier.append((None, by_tier[None]))
    entries = await (
        LedgerEntry.filter(account_id__in=Subquery(accounts.values("id")), created_at__gte=since, created_at__lt=until)
        .values_list("kind", "amount", "created_at")
    )
    totals: dict[date, dict[str, int]] = defaultdict(lambda: {"earned": 0, "redeemed": 0, "expired": 0})
    for kind, amount, created_at in entries:
        start = created_at.astimezone(UTC).date().replace(day=1)
        if kind in EARNED:
            totals[start]["earned"] += amount
        elif kind in REDEEMED:
            totals[start]["redeemed"] += -amount
        elif kind == EntryKind.EXPIRE:
            totals[start]["expired"] += -amount
    months = []
    current = since.astimezone(UTC).date().replace(day=1)
    while current < until.astimezone(UTC).date() or not months:
        t = totals.get(current, {"earned": 0, "redeemed": 0, "expired": 0})
        months.append(Month(current, t["earned"], t["redeemed"], t["expired"]))
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return LoyaltyStats(
        members_by_tier=members_by_tier,
        members=sum(by_tier.values()),
        liability=int(liability),
        months=months,
    )

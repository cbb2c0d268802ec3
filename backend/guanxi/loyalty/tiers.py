"""Tiers: upgrades as soon as the threshold is met, downgrades at the monthly review, with history."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import Q
from tortoise.functions import Sum

from guanxi.loyalty import program as programs
from guanxi.loyalty.models import (
    EntryKind,
    LedgerEntry,
    LoyaltyAccount,
    LoyaltyProgram,
    LoyaltyTier,
    TierChange,
)

# What counts as "earned": points granted, less purchase points reversed after a refund.
EARNED_KINDS = (EntryKind.EARN, EntryKind.BONUS, EntryKind.REVERSAL)
WINDOW = timedelta(days=365)


async def earned_12m(account_ids: list[int], now: datetime) -> dict[int, int]:
    """Points earned in the rolling 12 months before `now`, per account."""
    if not account_ids:
        return {}
    rows = (
        await LedgerEntry.filter(account_id__in=account_ids, kind__in=EARNED_KINDS, created_at__gt=now - WINDOW)
        .group_by("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    )
    found = {account_id: int(total or 0) for account_id, total in rows}
    return {i: max(found.get(i, 0), 0) for i in account_ids}


async def _set_tier(account: LoyaltyAccount, tier: programs.Tier | None, reason: str, now: datetime) -> None:
    old = await LoyaltyTier.get_or_none(id=account.tier_id) if account.tier_id else None  # type: ignore[attr-defined]
    await LoyaltyAccount.filter(id=account.pk).update(tier_id=tier.id if tier else None, tier_since=now, updated_at=now)
    await TierChange.create(
        account_id=account.pk,
        from_tier=old.name if old else None,
        to_tier=tier.name if tier else None,
        reason=reason,
        changed_at=now,
    )


async def upgrade_if_earned(account_id: int, now: datetime, reason: str) -> None:
    """Move the account up at once when its 12-month points reach a higher tier (never down here)."""
    account = await LoyaltyAccount.get(id=account_id)
    tier_list = await programs.tiers()
    target = programs.tier_for(tier_list, (await earned_12m([account_id], now))[account_id])
    current = next((t for t in tier_list if t.id == account.tier_id), None)  # type: ignore[attr-defined]
    if target is not None and (current is None or target.threshold > current.threshold):
        await _set_tier(account, target, reason, now)


async def monthly_review(now: datetime) -> int:
    """Once per calendar month: move every account to the tier its 12-month points support (down as
    well as up). Returns how many accounts changed tier; 0 when this month was already reviewed."""
    month = now.strftime("%Y-%m")
    await programs.program()
    claimed = (
        await LoyaltyProgram.filter(id=programs.PROGRAM_ID)
        .filter(Q(tier_review_month=None) | Q(tier_review_month__not=month))
        .update(tier_review_month=month)
    )
    if not claimed:  # another process, or an earlier tick, reviewed this month
        return 0
    tier_list = await programs.tiers()
    changed = 0
    last_id = 0
    while True:
        accounts = await LoyaltyAccount.filter(id__gt=last_id).order_by("id").limit(1000)
        if not accounts:
            break
        last_id = accounts[-1].pk
        earned = await earned_12m([a.pk for a in accounts], now)
        for account in accounts:
            target = programs.tier_for(tier_list, earned[account.pk])
            if (target.id if target else None) != account.tier_id:  # type: ignore[attr-defined]
                await _set_tier(account, target, f"monthly review: {earned[account.pk]} points in 12 months", now)
                changed += 1
    return changed

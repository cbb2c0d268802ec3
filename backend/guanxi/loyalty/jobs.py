"""Periodic loyalty work: points expiry (oldest lots first), birthday bonuses, the monthly tier review.

Each is idempotent and safe to run from several processes at once (the scheduler in every
`guanxi serve`, `guanxi loyalty expire` from cron): an expiry posts one EXPIRE entry per lot with a
unique dedupe key, a birthday bonus one per account and year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from guanxi.core import clock
from guanxi.customers.models import Customer
from guanxi.loyalty import ledger, tiers
from guanxi.loyalty import program as programs
from guanxi.loyalty.models import EntryKind, LoyaltyAccount, LoyaltyLot, ReferenceType

BATCH = 500


@dataclass(frozen=True)
class Expired:
    lots: int
    points: int


async def expire_due(now: datetime | None = None) -> Expired:
    """Expire what is left of every lot past its expiry time."""
    now = now or clock.now()
    lots = points = 0
    last_id = 0
    while True:
        due = await LoyaltyLot.filter(expires_at__lte=now, remaining__gt=0, id__gt=last_id).order_by("id").limit(BATCH)
        if not due:
            break
        last_id = due[-1].pk
        for lot in due:
            try:
                expired = await _expire_lot(lot.pk, lot.account_id, now)  # type: ignore[attr-defined]
            except IntegrityError:
                continue  # another process expired it first
            if expired:
                lots += 1
                points += expired
    return Expired(lots, points)


async def _expire_lot(lot_id: int, account_id: int, now: datetime) -> int:
    """Expire what is left of one lot; returns the points expired."""
    async with in_transaction():
        # Lock the account first (SQLite's write lock, PostgreSQL's row lock), then read what is left:
        # a redemption running at the same time either finished before or waits until we are done.
        await LoyaltyAccount.filter(id=account_id).update(updated_at=now)
        lot = await LoyaltyLot.get(id=lot_id)
        if lot.remaining <= 0:
            return 0
        await ledger.debit(
            account_id=account_id,
            kind=EntryKind.EXPIRE,
            points=lot.remaining,
            reason=f"{lot.points} points earned {lot.earned_at:%Y-%m-%d} expired",
            now=now,
            reference=ledger.Reference(ReferenceType.PROGRAM),
            dedupe_key=f"expire:lot:{lot.pk}",
            first_lot=lot.pk,
        )
        return lot.remaining


async def birthday_bonuses(now: datetime | None = None) -> int:
    """The program's birthday bonus, once a year, to members in their birth month."""
    now = now or clock.now()
    row = await programs.program()
    if row.birthday_bonus <= 0:
        return 0
    granted = 0
    customers = Subquery(Customer.filter(birth_month=now.month, archived_at=None).values("id"))
    accounts = await LoyaltyAccount.filter(
        Q(birthday_bonus_year=None) | Q(birthday_bonus_year__not=now.year), customer_id__in=customers
    )
    for account in accounts:
        try:
            async with in_transaction():
                claimed = (
                    await LoyaltyAccount.filter(id=account.pk)
                    .filter(Q(birthday_bonus_year=None) | Q(birthday_bonus_year__not=now.year))
                    .update(birthday_bonus_year=now.year)
                )
                if not claimed:
                    continue
                await ledger.credit(
                    account_id=account.pk,
                    kind=EntryKind.BONUS,
                    points=row.birthday_bonus,
                    reason=f"Birthday bonus {now.year}",
                    now=now,
                    expires_after=programs.lifetime(row),
                    reference=ledger.Reference(ReferenceType.BIRTHDAY),
                    dedupe_key=f"birthday:{now.year}:{account.pk}",
                )
                await tiers.upgrade_if_earned(account.pk, now, "reached with the birthday bonus")
        except IntegrityError:
            continue
        granted += 1
    return granted


async def run(now: datetime | None = None) -> dict[str, object]:
    """Everything periodic, for the scheduler."""
    now = now or clock.now()
    expired = await expire_due(now)
    return {
        "expired_lots": expired.lots,
        "expired_points": expired.points,
        "birthday_bonuses": await birthday_bonuses(now),
        "tier_changes": await tiers.monthly_review(now),
    }

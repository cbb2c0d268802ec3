"""Posting to the points ledger: the one way an account's balance changes.

Every posting runs inside the caller's transaction and starts with a conditional UPDATE of the
account's balance (`... WHERE balance >= :points` for debits): on SQLite that first write takes the
database's write lock, on PostgreSQL the account's row lock, so concurrent debits of one account are
serialised and the balance can never go below zero. Credits open a lot that expires after the
program's lifetime; debits take points from the lots that expire first (FIFO).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import F

from guanxi.accounts.principal import Principal, PrincipalKind
from guanxi.core.errors import DomainError
from guanxi.loyalty.errors import LoyaltyErrorCode
from guanxi.loyalty.models import EntryKind, LedgerEntry, LoyaltyAccount, LoyaltyLot, ReferenceType


@dataclass(frozen=True)
class Reference:
    type: ReferenceType | None = None
    id: int | None = None


def _who(principal: Principal | None) -> dict[str, int | None]:
    if principal is None:
        return {"created_by_user_id": None, "created_by_api_key_id": None}
    if principal.kind == PrincipalKind.API_KEY:
        return {"created_by_user_id": None, "created_by_api_key_id": principal.api_key_id}
    return {"created_by_user_id": principal.user_id, "created_by_api_key_id": None}


async def credit(
    *,
    account_id: int,
    kind: EntryKind,
    points: int,
    reason: str,
    now: datetime,
    expires_after: timedelta,
    reference: Reference = Reference(),
    principal: Principal | None = None,
    dedupe_key: str | None = None,
) -> LedgerEntry:
    """Add `points` (> 0) as one entry and one lot."""
    assert points > 0
    await LoyaltyAccount.filter(id=account_id).update(balance=F("balance") + points, updated_at=now)
    entry = await LedgerEntry.create(
        account_id=account_id,
        kind=kind,
        amount=points,
        reason=reason,
        reference_type=reference.type,
        reference_id=reference.id,
        dedupe_key=dedupe_key,
        created_at=now,
        **_who(principal),
    )
    await LoyaltyLot.create(
        account_id=account_id,
        entry_id=entry.pk,
        points=points,
        remaining=points,
        earned_at=now,
        expires_at=now + expires_after,
    )
    return entry


async def debit(
    *,
    account_id: int,
    kind: EntryKind,
    points: int,
    reason: str,
    now: datetime,
    reference: Reference = Reference(),
    principal: Principal | None = None,
    dedupe_key: str | None = None,
    field: str = "points",
    first_lot: int | None = None,
    shortfall: int = 0,
) -> LedgerEntry:
    """Take `points` (>= 0), or refuse with INSUFFICIENT_POINTS having changed nothing.

    `first_lot`: take from this lot before the others (a refund takes back its own purchase's points).
    `shortfall`: what should have been taken but could not (a refund of points already spent).
    """
    assert points >= 0
    taken = await LoyaltyAccount.filter(id=account_id, balance__gte=points).update(
        balance=F("balance") - points, updated_at=now
    )
    if not taken:
        raise DomainError(LoyaltyErrorCode.INSUFFICIENT_POINTS, "The balance does not cover that many points.", field)
    if points:
        await _consume_lots(account_id, points, first_lot=first_lot)
    return await LedgerEntry.create(
        account_id=account_id,
        kind=kind,
        amount=-points,
        shortfall=shortfall,
        reason=reason,
        reference_type=reference.type,
        reference_id=reference.id,
        dedupe_key=dedupe_key,
        created_at=now,
        **_who(principal),
    )


async def _consume_lots(account_id: int, points: int, *, first_lot: int | None) -> None:
    """Lower the remaining points of the account's lots, soonest to expire first."""
    lots = await LoyaltyLot.filter(account_id=account_id, remaining__gt=0).order_by("expires_at", "id")
    if first_lot is not None:
        lots.sort(key=lambda lot: lot.pk != first_lot)  # stable: the rest stay in FIFO order
    left = points
    for lot in lots:
        if left == 0:
            break
        take = min(lot.remaining, left)
        await LoyaltyLot.filter(id=lot.pk).update(remaining=lot.remaining - take)
        left -= take
    if left:  # the balance said yes, so the lots must cover it; anything else is a corrupt account
        raise RuntimeError(f"loyalty account {account_id}: lots short of the balance by {left} points")

"""Loyalty accounts: enrol, earn on purchases, reverse on refunds, redeem, adjust, goodwill.

Each function that changes points posts through `ledger.py` inside one transaction (its own, or the
caller's for purchase earning and refund reversal, so a purchase and its points commit together).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction
from guanxi.accounts.principal import Principal
from guanxi.core import clock, events
from guanxi.core.errors import Collector, CoreErrorCode, DomainError
from guanxi.core.idempotency import run_idempotent
from guanxi.core.sql import Sql
from guanxi.customers.models import Purchase
from guanxi.customers.scoping import visible_customers
from guanxi.loyalty import ledger, tiers
from guanxi.loyalty import program as programs
from guanxi.loyalty.errors import LoyaltyErrorCode
from guanxi.loyalty.models import (
    EntryKind,
    LedgerEntry,
    LoyaltyAccount,
    LoyaltyLot,
    ReferenceType,
    Reward,
    TierChange,
)
from guanxi.loyalty.scoping import visible_accounts
from guanxi.settings import get_settings

TOPIC = "loyalty"
MAX_POINTS = 10_000_000
MAX_GOODWILL = 100_000


async def _publish(account: LoyaltyAccount | int, customer_id: int, kind: str = "loyalty.changed") -> None:
    account_id = account if isinstance(account, int) else account.pk
    await events.publish(TOPIC, {"type": kind, "id": account_id, "customer_id": customer_id})


async def get_account(principal: Principal, account_id: int, *, field: str = "account_id") -> LoyaltyAccount:
    account = await visible_accounts(principal).get_or_none(id=account_id)
    if account is None:
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such loyalty account in your reach.", field)
    return account


async def _open_account(customer_id: int, now: datetime, reason: str) -> tuple[LoyaltyAccount, bool]:
    """The customer's account, created at the lowest tier when missing. Returns (account, created).

    One conditional INSERT: concurrent first purchases of a customer open one account.
    """
    tier_list = await programs.tiers()
    lowest = tier_list[0] if tier_list else None
    sql = Sql()
    created = await sql.execute(
        "INSERT INTO loyalty_account (customer_id, balance, tier_id, tier_since, created_at, updated_at) "
        "VALUES (?, 0, ?, ?, ?, ?) ON CONFLICT (customer_id) DO NOTHING",
        [customer_id, lowest.id if lowest else None, sql.time(now), sql.time(now), sql.time(now)],
    )
    account = await LoyaltyAccount.get(customer_id=customer_id)
    if created:
        await TierChange.create(
            account_id=account.pk, from_tier=None, to_tier=lowest.name if lowest else None, reason=reason, changed_at=now
        )
    return account, bool(created)


async def enroll(
    *, principal: Principal, customer_id: int, request: RequestInfo | None = None
) -> LoyaltyAccount:
    """Enrol a customer (doing it again returns the same account)."""
    customer = await visible_customers(principal).get_or_none(id=customer_id)
    if customer is None:
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such customer in your reach.", "customer_id")
    now = clock.now()
    async with in_transaction():
        account, created = await _open_account(customer.pk, now, "enrolled")
        if created:
            await audit.record(
                principal=principal,
                action=AuditAction.CREATE,
                record_type="LoyaltyAccount",
                record_id=account.pk,
                details={"customer_id": customer.pk},
                request=request,
            )
    if created:
        await _publish(account, customer.pk, "loyalty.enrolled")
    return account


# --- purchases --------------------------------------------------------------------------------------


async def earn_for_purchase(purchase: Purchase, *, principal: Principal | None) -> LedgerEntry | None:
    """Inside the purchase's transaction: its points (× the tier's multiplier), once per purchase.

    Customers without an account are enrolled when the program auto-enrols. Purchases in other
    currencies than GUANXI_CURRENCY earn nothing (there are no exchange rates to convert them).
    """
    row = await programs.program()
    if purchase.currency != get_settings().currency:
        return None
    now = clock.now()
    account = await LoyaltyAccount.get_or_none(customer_id=purchase.customer_id)  # type: ignore[attr-defined]
    if account is None:
        if not row.auto_enrol:
            return None
        account, _ = await _open_account(purchase.customer_id, now, "enrolled on first purchase")  # type: ignore[attr-defined]
    tier_list = await programs.tiers()
    tier = next((t for t in tier_list if t.id == account.tier_id), None)  # type: ignore[attr-defined]
    points = programs.points_for(Decimal(purchase.amount), row, tier.multiplier if tier else Decimal(1))
    if points <= 0:
        return None
    entry = await ledger.credit(
        account_id=account.pk,
        kind=EntryKind.EARN,
        points=points,
        reason=f"Purchase {purchase.external_order_id or purchase.pk}"
        + (f" (×{tier.multiplier} {tier.name})" if tier and tier.multiplier != 1 else ""),
        now=now,
        expires_after=programs.lifetime(row),
        reference=ledger.Reference(ReferenceType.PURCHASE, purchase.pk),
        principal=principal,
        dedupe_key=f"earn:purchase:{purchase.pk}",
    )
    await tiers.upgrade_if_earned(account.pk, now, f"reached with purchase {purchase.pk}")
    return entry


async def reverse_for_refund(purchase: Purchase, *, principal: Principal | None) -> LedgerEntry | None:
    """Inside the refund's transaction: take back what the purchase earned. The balance never goes
    below zero: what cannot be taken (already redeemed) is recorded as the entry's shortfall."""
    earned = await LedgerEntry.get_or_none(dedupe_key=f"earn:purchase:{purchase.pk}")
    if earned is None:
        return None
    account = await LoyaltyAccount.get(id=earned.account_id)  # type: ignore[attr-defined]
    now = clock.now()
    take = min(earned.amount, account.balance)
    shortfall = earned.amount - take
    lot = await LoyaltyLot.get_or_none(entry_id=earned.pk)
    reason = f"Refund of purchase {purchase.external_order_id or purchase.pk}"
    if shortfall:
        reason += f"; {shortfall} of its {earned.amount} points were already spent"
    return await ledger.debit(
        account_id=account.pk,
        kind=EntryKind.REVERSAL,
        points=take,
        reason=reason,
        now=now,
        reference=ledger.Reference(ReferenceType.PURCHASE, purchase.pk),
        principal=principal,
        dedupe_key=f"reversal:purchase:{purchase.pk}",
        first_lot=lot.pk if lot else None,
        shortfall=shortfall,
    )


# --- spending and adjusting -------------------------------------------------------------------------


def _check_points(points: int, field: str = "points", *, allow_negative: bool = False) -> None:
    low = -MAX_POINTS if allow_negative else 1
    if not low <= points <= MAX_POINTS or points == 0:
        raise DomainError(
            CoreErrorCode.INVALID_VALUE,
            f"{'A non-zero number' if allow_negative else 'A positive number'} of points, at most {MAX_POINTS:,}.",
            field,
        )


def _reason(reason: str | None, *, required: bool) -> str | None:
    text = (reason or "").strip()
    if required and not text:
        raise DomainError(CoreErrorCode.REQUIRED, "Say why.", "reason")
    if len(text) > 500:
        raise DomainError(CoreErrorCode.TOO_LONG, "At most 500 characters.", "reason")
    return text or None


async def redeem_points(
    *,
    principal: Principal,
    account_id: int,
    points: int,
    reason: str | None,
    idempotency_key: str | None = None,
    request: RequestInfo | None = None,
) -> tuple[LedgerEntry, bool]:
    """Spend points (e.g. as a discount at the till). Returns (entry, replayed)."""
    account = await get_account(principal, account_id)
    _check_points(points)
    text = _reason(reason, required=False) or "Points redeemed"

    async def action() -> LedgerEntry:
        entry = await ledger.debit(
            account_id=account.pk, kind=EntryKind.REDEEM, points=points, reason=text, now=clock.now(), principal=principal
        )
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="LoyaltyAccount",
            record_id=account.pk,
            details={"redeemed": points},
            request=request,
        )
        return entry

    return await _once(principal, "redeemPoints", idempotency_key, {"account": account.pk, "points": points,
                       "reason": text}, action, account)


async def _once(
    principal: Principal, operation: str, key: str | None, payload: dict[str, Any], action: Any, account: LoyaltyAccount
) -> tuple[LedgerEntry, bool]:
    async def transactional() -> LedgerEntry:
        async with in_transaction():
            return await action()

    entry, replayed = await run_idempotent(
        principal=principal.key,
        operation=operation,
        key=key,
        payload=payload,
        action=action if key else transactional,
        load=lambda pk: LedgerEntry.get_or_none(id=pk, account_id=account.pk),
    )
    if not replayed:
        await _publish(account, account.customer_id)  # type: ignore[attr-defined]
    return entry, replayed


async def redeem_reward(
    *,
    principal: Principal,
    account_id: int,
    reward_id: int,
    idempotency_key: str | None = None,
    request: RequestInfo | None = None,
) -> tuple[LedgerEntry, bool]:
    """Spend a reward's points and one of its stock, both or neither."""
    from tortoise.expressions import F

    account = await get_account(principal, account_id)
    reward = await Reward.get_or_none(id=reward_id)
    if reward is None or reward.archived_at is not None:
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such reward.", "reward_id")
    now = clock.now()
    if (reward.active_from and now < reward.active_from) or (reward.active_until and now >= reward.active_until):
        raise DomainError(LoyaltyErrorCode.REWARD_UNAVAILABLE, "This reward is not available now.", "reward_id")
    if reward.min_tier_id is not None:  # type: ignore[attr-defined]
        tier_list = await programs.tiers()
        needed = next((t for t in tier_list if t.id == reward.min_tier_id), None)  # type: ignore[attr-defined]
        have = next((t for t in tier_list if t.id == account.tier_id), None)  # type: ignore[attr-defined]
        if needed is not None and (have is None or have.threshold < needed.threshold):
            raise DomainError(LoyaltyErrorCode.TIER_TOO_LOW, f"This reward needs the {needed.name} tier.", "reward_id")

    async def action() -> LedgerEntry:
        entry = await ledger.debit(
            account_id=account.pk,
            kind=EntryKind.REDEEM,
            points=reward.points_cost,
            reason=f"Reward: {reward.name}",
            now=clock.now(),
            reference=ledger.Reference(ReferenceType.REWARD, reward.pk),
            principal=principal,
            field="reward_id",
        )
        if reward.stock is not None:
            left = await Reward.filter(id=reward.pk, stock__gt=0).update(stock=F("stock") - 1)
            if not left:  # rolls the debit back with the transaction
                raise DomainError(LoyaltyErrorCode.OUT_OF_STOCK, "This reward is out of stock.", "reward_id")
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="LoyaltyAccount",
            record_id=account.pk,
            details={"reward": reward.pk, "points": reward.points_cost},
            request=request,
        )
        return entry

    return await _once(principal, "redeemReward", idempotency_key, {"account": account.pk, "reward": reward.pk},
                       action, account)


async def adjust_points(
    *, principal: Principal, account_id: int, points: int, reason: str | None, request: RequestInfo | None = None
) -> LedgerEntry:
    """A staff correction (MANAGER+), either sign, with a reason; a debit cannot overdraw."""
    account = await get_account(principal, account_id)
    _check_points(points, allow_negative=True)
    text = _reason(reason, required=True)
    assert text is not None
    row = await programs.program()

    async def action() -> LedgerEntry:
        now = clock.now()
        common = {"account_id": account.pk, "kind": EntryKind.ADJUST, "reason": text, "now": now,
                  "reference": ledger.Reference(ReferenceType.STAFF), "principal": principal}
        if points > 0:
            entry = await ledger.credit(points=points, expires_after=programs.lifetime(row), **common)
        else:
            entry = await ledger.debit(points=-points, **common)
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="LoyaltyAccount",
            record_id=account.pk,
            details={"adjusted": points},
            request=request,
        )
        return entry

    entry, _ = await _once(principal, "adjustPoints", None, {}, action, account)
    return entry


async def grant_goodwill(
    *, principal: Principal, complaint_id: int, customer_id: int, points: int, reason: str
) -> LedgerEntry:
    """Inside the resolving transaction: goodwill points for a complaint, once per complaint (the
    customer is enrolled if needed). The entry references the complaint."""
    errors = Collector()
    if not 1 <= points <= MAX_GOODWILL:
        errors.add(CoreErrorCode.INVALID_VALUE, f"1 to {MAX_GOODWILL:,} goodwill points.", "goodwill_points")
    errors.raise_if_any()
    now = clock.now()
    account, _ = await _open_account(customer_id, now, "enrolled with goodwill points")
    row = await programs.program()
    try:
        return await ledger.credit(
            account_id=account.pk,
            kind=EntryKind.BONUS,
            points=points,
            reason=reason,
            now=now,
            expires_after=programs.lifetime(row),
            reference=ledger.Reference(ReferenceType.COMPLAINT, complaint_id),
            principal=principal,
            dedupe_key=f"goodwill:complaint:{complaint_id}",
        )
    except IntegrityError as exc:
        raise DomainError(
            CoreErrorCode.DUPLICATE, "This complaint already gave goodwill points.", "goodwill_points"
        ) from exc

"""The points ledger: earning once per purchase, refunds, redemption that never overdraws, FIFO
expiry, tiers up at once and down at the monthly review, birthday and goodwill bonuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from guanxi.accounts.models import AppendOnlyError
from guanxi.core import clock
from guanxi.core.errors import DomainError
from guanxi.customers import services as customers
from guanxi.customers.models import Customer
from guanxi.loyalty import jobs, services, tiers, verify
from guanxi.loyalty import program as programs
from guanxi.loyalty.models import (
    EntryKind,
    LedgerEntry,
    LoyaltyAccount,
    LoyaltyLot,
    LoyaltyProgram,
    TierChange,
)
from tests.conftest import Staff

T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    clock.freeze(T0)
    yield
    clock.freeze(None)


def at(moment: datetime) -> None:
    clock.freeze(moment)


async def _customer(admin: Staff, name: str = "Li", **data) -> int:
    customer, _ = await customers.create_customer(principal=admin.principal, data={"name": name, **data})
    return customer.pk


async def _buy(admin: Staff, customer_id: int, amount: str, **data):
    purchase, replayed = await customers.record_purchase(
        principal=admin.principal,
        customer_id=customer_id,
        data={"amount": Decimal(amount), "currency": "CNY", "occurred_at": clock.now(), **data},
    )
    return purchase


async def _account(customer_id: int) -> LoyaltyAccount:
    return await LoyaltyAccount.get(customer_id=customer_id)


async def _ledger(account_id: int) -> list[tuple[str, int]]:
    return [(str(k), a) for k, a in await LedgerEntry.filter(account_id=account_id).order_by("id").values_list("kind", "amount")]


async def _consistent() -> None:
    checked, bad = await verify.verify()
    assert bad == [], bad


async def test_purchase_earns_once_and_refund_reverses(admin: Staff) -> None:
    customer = await _customer(admin)
    purchase = await _buy(admin, customer, "128.90", source="eshop", external_order_id="SO-1")
    account = await _account(customer)  # auto-enrolled on the first purchase
    assert account.balance == 128  # 1 point per yuan, rounded down
    again = await _buy(admin, customer, "128.90", source="eshop", external_order_id="SO-1")  # a duplicate
    assert again.pk == purchase.pk
    await customers.record_purchase(
        principal=admin.principal, customer_id=customer,
        data={"amount": Decimal("10"), "currency": "CNY", "occurred_at": clock.now()}, idempotency_key="k1",
    )
    await customers.record_purchase(
        principal=admin.principal, customer_id=customer,
        data={"amount": Decimal("10"), "currency": "CNY", "occurred_at": clock.now()}, idempotency_key="k1",
    )
    assert (await _account(customer)).balance == 138
    await customers.refund_purchase(principal=admin.principal, purchase_id=purchase.pk, reason="broken")
    assert (await _account(customer)).balance == 10
    assert await _ledger(account.pk) == [("EARN", 128), ("EARN", 10), ("REVERSAL", -128)]
    await _consistent()


async def test_refund_of_spent_points_records_the_shortfall(admin: Staff) -> None:
    customer = await _customer(admin)
    purchase = await _buy(admin, customer, "100")
    account = await _account(customer)
    await services.redeem_points(principal=admin.principal, account_id=account.pk, points=70, reason="till")
    await customers.refund_purchase(principal=admin.principal, purchase_id=purchase.pk, reason=None)
    account = await _account(customer)
    assert account.balance == 0
    reversal = await LedgerEntry.get(account_id=account.pk, kind=EntryKind.REVERSAL)
    assert (reversal.amount, reversal.shortfall) == (-30, 70)
    await _consistent()


async def test_redeeming_more_than_the_balance_writes_nothing(admin: Staff) -> None:
    customer = await _customer(admin)
    await _buy(admin, customer, "50")
    account = await _account(customer)
    with pytest.raises(DomainError) as refused:
        await services.redeem_points(principal=admin.principal, account_id=account.pk, points=51, reason=None)
    assert (str(refused.value.code), refused.value.field) == ("INSUFFICIENT_POINTS", "points")
    assert (await _account(customer)).balance == 50
    assert await _ledger(account.pk) == [("EARN", 50)]
    assert [lot.remaining for lot in await LoyaltyLot.filter(account_id=account.pk)] == [50]


async def test_redemption_and_expiry_take_the_oldest_points_first(admin: Staff) -> None:
    await LoyaltyProgram.filter(id=1).update(points_lifetime_months=1) if await LoyaltyProgram.exists() else None
    await programs.program()
    await LoyaltyProgram.filter(id=1).update(points_lifetime_months=1)  # 30 days
    customer = await _customer(admin)
    await _buy(admin, customer, "100")  # lot A, expires T0 + 30 d
    at(T0 + timedelta(days=10))
    await _buy(admin, customer, "40")  # lot B, expires T0 + 40 d
    account = await _account(customer)
    await services.redeem_points(principal=admin.principal, account_id=account.pk, points=120, reason=None)
    lots = await LoyaltyLot.filter(account_id=account.pk).order_by("id").values_list("points", "remaining")
    assert lots == [(100, 0), (40, 20)]  # A emptied first, then 20 of B
    at(T0 + timedelta(days=35))
    assert await jobs.expire_due() == jobs.Expired(0, 0)  # A is empty; B not due yet
    await _buy(admin, customer, "5")  # lot C
    at(T0 + timedelta(days=41))
    assert await jobs.expire_due() == jobs.Expired(1, 20)
    assert (await _account(customer)).balance == 5
    assert (await jobs.expire_due()).lots == 0  # once
    assert (await _ledger(account.pk))[-1] == ("EXPIRE", -20)
    await _consistent()


async def test_tiers_rise_at_once_and_fall_at_the_monthly_review(admin: Staff) -> None:
    customer = await _customer(admin)
    await _buy(admin, customer, "999")
    account = await _account(customer)
    names = {t.id: t.name for t in await programs.tiers()}
    assert names[account.tier_id] == "Bronze"
    await _buy(admin, customer, "1")  # 1,000 earned in 12 months: Silver at once
    account = await _account(customer)
    assert names[account.tier_id] == "Silver"
    await _buy(admin, customer, "100")  # Silver earns × 1.25
    assert (await LedgerEntry.filter(account_id=account.pk).order_by("-id").first()).amount == 125
    assert await tiers.monthly_review(T0) in (0, 1)  # this month's review (nothing falls)
    assert names[(await _account(customer)).tier_id] == "Silver"
    at(T0 + timedelta(days=400))  # a year without purchases
    assert await tiers.monthly_review(clock.now()) == 1
    assert await tiers.monthly_review(clock.now()) == 0  # once a month
    assert names[(await _account(customer)).tier_id] == "Bronze"
    history = await TierChange.filter(account_id=account.pk).order_by("id").values_list("from_tier", "to_tier")
    assert history == [(None, "Bronze"), ("Bronze", "Silver"), ("Silver", "Bronze")]


async def test_birthday_bonus_once_a_year(admin: Staff) -> None:
    customer = await _customer(admin, birthday=datetime(1990, 3, 21).date())
    other = await _customer(admin, "Other", birthday=datetime(1990, 7, 1).date())
    for c in (customer, other):
        await services.enroll(principal=admin.principal, customer_id=c)
    assert await jobs.birthday_bonuses() == 1
    assert await jobs.birthday_bonuses() == 0
    assert (await _account(customer)).balance == 100 and (await _account(other)).balance == 0
    at(T0.replace(year=2027))
    assert await jobs.birthday_bonuses() == 1
    await _consistent()


async def test_goodwill_points_reference_the_complaint_once(admin: Staff) -> None:
    customer = await _customer(admin)
    entry = await services.grant_goodwill(
        principal=admin.principal, complaint_id=7, customer_id=customer, points=200, reason="Sorry"
    )
    assert (str(entry.reference_type), entry.reference_id, entry.amount) == ("COMPLAINT", 7, 200)
    with pytest.raises(DomainError):
        await services.grant_goodwill(
            principal=admin.principal, complaint_id=7, customer_id=customer, points=200, reason="Again"
        )


async def test_ledger_entries_are_never_changed(admin: Staff) -> None:
    customer = await _customer(admin)
    await _buy(admin, customer, "10")
    entry = await LedgerEntry.first()
    with pytest.raises(AppendOnlyError):
        await LedgerEntry.filter(id=entry.pk).update(amount=1000)
    with pytest.raises(AppendOnlyError):
        entry.amount = 1000
        await entry.save()
    with pytest.raises(AppendOnlyError):
        await entry.delete()


async def test_verify_finds_a_tampered_balance(admin: Staff) -> None:
    customer = await _customer(admin)
    await _buy(admin, customer, "10")
    await LoyaltyAccount.filter(customer_id=customer).update(balance=11)
    checked, bad = await verify.verify()
    assert checked == 1 and [(m.balance, m.ledger, m.lots) for m in bad] == [(11, 10, 10)]
    assert await Customer.filter(id=customer).exists()


async def test_cli_verify_and_expire(admin: Staff) -> None:
    from tests.test_cli import run

    customer = await _customer(admin)
    await _buy(admin, customer, "10")
    assert "1 accounts checked, 0 mismatched" in run("loyalty", "verify").stdout
    await LoyaltyAccount.filter(customer_id=customer).update(balance=12)
    broken = run("loyalty", "verify", check=False)
    assert broken.returncode == 1 and "balance 12, ledger sum 10" in broken.stdout
    assert "expired 0 points" in run("loyalty", "expire").stdout


async def test_resolving_a_complaint_can_grant_goodwill_points(admin: Staff, agent: Staff) -> None:
    from guanxi.feedback import complaints
    from guanxi.feedback.models import Complaint, ComplaintEvent
    from guanxi.feedback.services import submit_feedback

    customer = await _customer(admin)
    await submit_feedback(
        principal=admin.principal, customer_id=customer,
        data={"kind": "COMPLAINT", "text": "The parcel arrived broken", "severity": "HIGH"},
    )
    complaint = await Complaint.get(customer_id=customer)
    for action in ("acknowledge", "start_work"):
        await complaints.transition(principal=admin.principal, complaint_id=complaint.pk, action=action)
    with pytest.raises(DomainError) as bad:
        await complaints.transition(
            principal=admin.principal, complaint_id=complaint.pk, action="resolve", resolution="Sent a new one",
            goodwill_points=0,
        )
    assert (str(bad.value.code), bad.value.field) == ("INVALID_VALUE", "goodwill_points")
    assert (await Complaint.get(id=complaint.pk)).status == "IN_PROGRESS"  # nothing half-written
    assert not await LoyaltyAccount.filter(customer_id=customer).exists()
    await complaints.transition(
        principal=admin.principal, complaint_id=complaint.pk, action="resolve", resolution="Sent a new one",
        goodwill_points=300,
    )
    account = await _account(customer)  # enrolled by the goodwill
    entry = await LedgerEntry.get(account_id=account.pk)
    assert (str(entry.kind), entry.amount, str(entry.reference_type), entry.reference_id) == (
        "BONUS", 300, "COMPLAINT", complaint.pk
    )
    history = await ComplaintEvent.filter(complaint_id=complaint.pk).order_by("-id").first()
    assert history.details["goodwill_points"] == 300

"""Segment evaluation in the database: refresh, incremental re-evaluation with history, preview."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from guanxi.core import clock
from guanxi.customers import services as customers
from guanxi.segments import services
from guanxi.segments.models import SegmentKind, SegmentMembership
from tests.conftest import Staff

BIG_SPENDERS_IN_GUANGDONG = {
    "all": [
        {"field": "PROVINCE", "op": "EQ", "value": "广东"},
        {"field": "SPEND_IN_LAST_DAYS", "op": "GT", "value": 5000, "days": 365},
    ]
}


async def _customer(admin: Staff, name: str, province: str | None) -> int:
    customer, _ = await customers.create_customer(
        principal=admin.principal, data={"name": name, "country": "CN", "province": province}
    )
    return customer.pk


async def _buy(admin: Staff, customer_id: int, amount: str, days_ago: int = 1) -> int:
    purchase, _ = await customers.record_purchase(
        principal=admin.principal,
        customer_id=customer_id,
        data={
            "amount": Decimal(amount),
            "currency": "CNY",
            "occurred_at": clock.now() - timedelta(days=days_ago),
        },
    )
    return purchase.pk


async def _members(segment_id: int) -> set[int]:
    return set(await services.current_members(segment_id).values_list("customer_id", flat=True))


async def test_dynamic_segment_follows_purchases_with_history(admin: Staff) -> None:
    # given customers in and out of Guangdong, some of whom spent enough this year
    rich = await _customer(admin, "Rich", "广东")
    await _buy(admin, rich, "6000.00")
    poor = await _customer(admin, "Poor", "广东")
    await _buy(admin, poor, "100.00")
    old = await _customer(admin, "Old money", "广东")
    await _buy(admin, old, "9000.00", days_ago=400)
    elsewhere = await _customer(admin, "Elsewhere", "浙江")
    await _buy(admin, elsewhere, "9000.00")

    # when the segment is created, it is evaluated at once
    segment = await services.create_segment(
        principal=admin.principal,
        data={"name": "Guangdong big spenders", "kind": SegmentKind.DYNAMIC, "rule": BIG_SPENDERS_IN_GUANGDONG},
    )
    assert await _members(segment.pk) == {rich}

    # a purchase moves the poor customer in ...
    await _buy(admin, poor, "5000.00")
    changes = await services.reevaluate_customers([poor])
    assert [(c.entered, c.left) for c in changes] == [(1, 0)]
    assert await _members(segment.pk) == {rich, poor}

    # ... and its refund moves them out again, the stay kept as history
    purchase = await _buy(admin, poor, "1.00")
    await customers.refund_purchase(principal=admin.principal, purchase_id=purchase, reason=None)
    big = (await customers.Purchase.filter(customer_id=poor, amount=Decimal("5000.00")).first())
    await customers.refund_purchase(principal=admin.principal, purchase_id=big.pk, reason="returned")
    await services.reevaluate_customers([poor])
    assert await _members(segment.pk) == {rich}
    stays = await SegmentMembership.filter(segment_id=segment.pk, customer_id=poor).values("entered_at", "exited_at")
    assert len(stays) == 1 and stays[0]["exited_at"] is not None

    # a full refresh agrees
    change = await services.refresh_segment(segment.pk)
    assert (change.entered, change.left) == (0, 0)

    # and the preview counts the same
    count, first = await services.preview(admin.principal, services.rules.validate(BIG_SPENDERS_IN_GUANGDONG))
    assert (count, first) == (1, [rich])

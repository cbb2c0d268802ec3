"""Dynamic adjustment: a change to a customer's data re-evaluates their segments through events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest

from guanxi.core import clock, events
from guanxi.customers import services as customers
from guanxi.feedback import services as feedback
from guanxi.interactions import services as interactions
from guanxi.segments import services
from guanxi.segments.dynamic import Reevaluator
from guanxi.segments.models import SegmentKind, SegmentMembership
from tests.conftest import Staff


@pytest.fixture
async def reevaluator(db) -> AsyncIterator[Reevaluator]:
    worker = Reevaluator(delay=0.01)
    worker.start()
    yield worker
    await worker.stop()


async def _segment(admin: Staff, rule: dict) -> int:
    segment = await services.create_segment(
        principal=admin.principal, data={"name": "S", "kind": SegmentKind.DYNAMIC, "rule": rule}
    )
    return segment.pk


async def _members(segment_id: int) -> set[int]:
    return set(await services.current_members(segment_id).values_list("customer_id", flat=True))


async def test_each_kind_of_change_moves_the_customer_in_or_out(admin: Staff, reevaluator: Reevaluator) -> None:
    customer, _ = await customers.create_customer(principal=admin.principal, data={"name": "Lin", "city": "深圳"})
    by_city = await _segment(admin, {"field": "CITY", "op": "EQ", "value": "广州"})
    buyers = await _segment(admin, {"field": "PURCHASE_COUNT", "op": "GTE", "value": 1})
    talked = await _segment(admin, {"field": "INTERACTIONS_IN_LAST_DAYS", "op": "GTE", "value": 1, "days": 30})
    unhappy = await _segment(admin, {"field": "COMPLAINTS_IN_LAST_DAYS", "op": "GTE", "value": 1, "days": 30})
    promoters = await _segment(admin, {"field": "LAST_NPS_SCORE", "op": "GTE", "value": 9})
    watched = {"city": by_city, "buyers": buyers, "talked": talked, "unhappy": unhappy, "promoters": promoters}

    async def where() -> set[str]:
        await reevaluator.drain()
        return {name for name, pk in watched.items() if customer.pk in await _members(pk)}

    assert await where() == set()
    await customers.update_customer(principal=admin.principal, customer_id=customer.pk, data={"city": "广州"})
    assert await where() == {"city"}
    await customers.record_purchase(
        principal=admin.principal,
        customer_id=customer.pk,
        data={"amount": Decimal("10"), "currency": "CNY", "occurred_at": clock.now() - timedelta(days=1)},
    )
    assert await where() == {"city", "buyers"}
    await interactions.log_contact(
        principal=admin.principal, customer_id=customer.pk, data={"channel": "PHONE", "direction": "INBOUND"}
    )
    assert await where() == {"city", "buyers", "talked"}
    await feedback.submit_feedback(
        principal=admin.principal,
        customer_id=customer.pk,
        data={"kind": "COMPLAINT", "text": "The parcel arrived broken", "severity": "HIGH"},
    )
    assert await where() == {"city", "buyers", "talked", "unhappy"}
    await feedback.submit_feedback(
        principal=admin.principal, customer_id=customer.pk, data={"kind": "SURVEY", "score": 10, "scale": "NPS"}
    )
    assert await where() == {"city", "buyers", "talked", "unhappy", "promoters"}
    await customers.update_customer(principal=admin.principal, customer_id=customer.pk, data={"city": "深圳"})
    assert await where() == {"buyers", "talked", "unhappy", "promoters"}
    stays = await SegmentMembership.filter(segment_id=by_city, customer_id=customer.pk).values_list(
        "exited_at", flat=True
    )
    assert len(stays) == 1 and stays[0] is not None  # history kept


async def test_membership_changes_are_published(admin: Staff, reevaluator: Reevaluator) -> None:
    segment_id = await _segment(admin, {"field": "CITY", "op": "EQ", "value": "广州"})
    customer, _ = await customers.create_customer(principal=admin.principal, data={"name": "Wu", "city": "广州"})
    await reevaluator.drain()
    received: list[dict] = []

    async def listen() -> None:
        async with events.broker().subscribe(services.TOPIC) as stream:
            async for event in stream:
                received.append(event)

    listener = asyncio.create_task(listen())
    await asyncio.sleep(0)  # subscribed
    await customers.update_customer(principal=admin.principal, customer_id=customer.pk, data={"city": "深圳"})
    await reevaluator.drain()
    await asyncio.sleep(0)
    listener.cancel()
    (event,) = received
    assert event["type"] == "segment.membership"
    assert (event["segment_id"], event["left"], event["left_ids"]) == (segment_id, 1, [customer.pk])


async def test_a_burst_of_changes_is_evaluated_in_batches(admin: Staff, reevaluator: Reevaluator) -> None:
    segment_id = await _segment(admin, {"field": "CITY", "op": "EQ", "value": "广州"})
    made = []
    for i in range(30):
        customer, _ = await customers.create_customer(principal=admin.principal, data={"name": f"C{i}", "city": "广州"})
        made.append(customer.pk)
    await reevaluator.drain()
    assert await _members(segment_id) == set(made)

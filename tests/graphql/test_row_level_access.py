"""Forged ids (IDOR) through every path: node, customer, nested edges, mutations, subscriptions."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

from guanxi.customers import services
from guanxi.customers.models import Customer, Purchase
from guanxi.graphql.core.ids import to_global_id
from tests.graphql.customers.test_customer_changed import _recv, live, subscribed  # noqa: F401 - fixture
from tests.worlds import World, world  # noqa: F401 - fixture

PURCHASE = "query($id: ID!) { node(id: $id) { ... on Purchase { amount customer { name } } } }"
REFUND = (
    "mutation($id: ID!) { refundPurchase(input: {id: $id}) { purchase { refunded } userErrors { code } } }"
)
PIN = "mutation($id: ID!) { pinLifecycleStage(input: {customerId: $id, stage: LOYAL}) { customer { id } userErrors { code } } }"
ARCHIVE = "mutation($id: ID!) { archiveCustomer(input: {id: $id}) { customer { id } userErrors { code } } }"
RECORD = """mutation($id: ID!) { recordPurchase(input: {customerId: $id, amount: "5", currency: "CNY"}) {
  purchase { id } userErrors { code } } }"""
SUBSCRIBE = "subscription($id: ID!) { customerChanged(id: $id) { name primaryPhone birthday birthMonth } }"


async def _north_purchase(w: World) -> Purchase:
    purchase, _ = await services.record_purchase(
        principal=w.by_role["ADMIN"].principal,
        customer_id=w.north.pk,
        data={"amount": Decimal("99"), "currency": "CNY"},
    )
    return purchase


async def test_a_purchase_of_an_unreachable_customer_is_null_through_node(gql, world):
    purchase = await _north_purchase(world)
    pid = to_global_id("Purchase", purchase.pk)
    assert (await gql.data(PURCHASE, {"id": pid}, as_=world.by_role["AGENT"]))["node"] is None
    assert (await gql.data(PURCHASE, {"id": pid}, as_=world.by_role["ADMIN"]))["node"] == {
        "amount": "99.00",
        "customer": {"name": "North"},
    }


async def test_mutations_on_unreachable_rows_are_forbidden_and_change_nothing(gql, world):
    agent = world.by_role["AGENT"]
    purchase = await _north_purchase(world)
    north = to_global_id("Customer", world.north.pk)
    for query, variables in (
        (REFUND, {"id": to_global_id("Purchase", purchase.pk)}),
        (PIN, {"id": north}),
        (ARCHIVE, {"id": north}),
        (RECORD, {"id": north}),
    ):
        body = await gql(query, variables, as_=agent)
        assert body["data"] is None, query
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], query
    after = await Customer.get(id=world.north.pk)
    assert (after.archived_at, after.lifecycle_stage_pinned) == (None, False)
    assert (await Purchase.get(id=purchase.pk)).refunded_at is None
    assert await Purchase.filter(customer_id=world.north.pk).count() == 1


async def test_nonexistent_ids_stay_not_found(gql, world):
    body = await gql(ARCHIVE, {"id": to_global_id("Customer", 987654)}, as_=world.by_role["AGENT"])
    assert body["data"]["archiveCustomer"]["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_subscription_to_an_unreachable_customer_ends_at_once(live, world):
    north = {"id": to_global_id("Customer", world.north.pk)}
    async with subscribed(live, world.by_role["AGENT"].token, SUBSCRIBE, north) as ws:
        assert await _recv(ws) == {"id": "1", "type": "complete"}


async def test_personal_data_is_masked_over_a_subscription(live, world):
    await services.update_customer(
        principal=world.by_role["ADMIN"].principal,
        customer_id=world.own.pk,
        data={"birthday": date(1990, 5, 17)},
    )
    analyst = world.by_role["ANALYST"]
    own = {"id": to_global_id("Customer", world.own.pk)}
    async with subscribed(live, analyst.token, SUBSCRIBE, own) as ws:
        await asyncio.sleep(0.2)
        await services.update_customer(
            principal=world.by_role["ADMIN"].principal, customer_id=world.own.pk, data={"name": "Own renamed"}
        )
        message = await _recv(ws)
    assert message["payload"]["data"]["customerChanged"] == {
        "name": "Own renamed",
        "primaryPhone": "138****5678",
        "birthday": None,
        "birthMonth": 5,
    }

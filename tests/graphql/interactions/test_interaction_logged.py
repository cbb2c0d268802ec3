"""interactionLogged over WebSocket: events for one customer or all visible ones, scoped per event."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import Counter

from guanxi.accounts.models import Role
from guanxi.core import events
from guanxi.graphql.core.ids import to_global_id
from guanxi.interactions import services
from guanxi.interactions.models import Interaction
from guanxi.interactions.services import TOPIC
from tests.conftest import make_staff
from tests.graphql.customers.test_customer_changed import _recv, live, subscribed  # noqa: F401 - fixture
from tests.worlds import World, world  # noqa: F401 - fixture

SUBSCRIPTION = """subscription($customerId: ID) { interactionLogged(customerId: $customerId) {
  subject direction customer { name } } }"""


async def _log(who, customer, subject):
    await services.log_contact(
        principal=who.principal,
        customer_id=customer.pk,
        data={"channel": "PHONE", "direction": "INBOUND", "subject": subject},
    )


async def test_one_customers_contacts_arrive_as_they_are_logged(live, world: World):
    agent, admin = world.by_role["AGENT"], world.by_role["ADMIN"]
    gid = to_global_id("Customer", world.own.pk)
    async with subscribed(live, agent.token, SUBSCRIPTION, {"customerId": gid}) as ws:
        await asyncio.sleep(0.2)
        await _log(admin, world.unowned, "someone else's")  # another customer: not for this subscription
        await _log(admin, world.own, "Asked for a quote")
        message = await _recv(ws)
        assert message["payload"]["data"]["interactionLogged"] == {
            "subject": "Asked for a quote",
            "direction": "INBOUND",
            "customer": {"name": "Own"},
        }


async def test_without_a_customer_only_visible_customers_contacts_arrive(live, world: World):
    agent, admin = world.by_role["AGENT"], world.by_role["ADMIN"]
    async with subscribed(live, agent.token, SUBSCRIPTION, {}) as ws:
        await asyncio.sleep(0.2)
        await _log(admin, world.north, "north")  # out of the agent's reach
        await _log(admin, world.own, "own")
        message = await _recv(ws)
        assert message["payload"]["data"]["interactionLogged"]["subject"] == "own"


async def test_a_customer_out_of_reach_ends_the_subscription_at_once(live, world: World):
    agent = world.by_role["AGENT"]
    gid = to_global_id("Customer", world.north.pk)
    async with subscribed(live, agent.token, SUBSCRIPTION, {"customerId": gid}) as ws:
        message = await _recv(ws)
        assert message == {"id": "1", "type": "complete"}


async def test_an_analyst_receives_contacts_of_every_customer(live, world: World):
    analyst = world.by_role["ANALYST"]
    gid = to_global_id("Customer", world.north.pk)
    async with subscribed(live, analyst.token, SUBSCRIPTION, {"customerId": gid}) as ws:
        await asyncio.sleep(0.2)
        await _log(world.by_role["ADMIN"], world.north, "seen by analysts")
        message = await _recv(ws)
        assert message["payload"]["data"]["interactionLogged"]["subject"] == "seen by analysts"


async def test_one_contact_costs_one_credential_query_and_one_read_per_reach(
    live, world: World, sql_statements
):
    # given an admin, an analyst (the same reach: every customer) and two sockets of the South agent
    agent = world.by_role["AGENT"]
    second = await make_staff(Role.AGENT, "South Agent")
    tokens = [world.by_role["ADMIN"].token, world.by_role["ANALYST"].token, agent.token, second.token]
    await _log(world.by_role["ADMIN"], world.own, "own")
    logged = await Interaction.filter(customer_id=world.own.pk).get()
    async with contextlib.AsyncExitStack() as stack:
        sockets = [await stack.enter_async_context(subscribed(live, t, SUBSCRIPTION, {})) for t in tokens]
        await asyncio.sleep(0.2)
        sql_statements.clear()
        # when the event of a contact with the agent's customer reaches them
        await events.publish(
            TOPIC, {"type": "interaction.logged", "id": logged.pk, "customer_id": world.own.pk}
        )
        received = [(await _recv(ws))["payload"]["data"]["interactionLogged"]["subject"] for ws in sockets]

    # then all four get it for one credential query, and one read of it and its customer per reach
    assert received == ["own"] * 4
    reads = Counter(m.group(1) for s in sql_statements if (m := re.match(r'SELECT .*? FROM "(\w+)"', s)))
    assert reads == {"auth_token": 1, "interaction": 2, "customer": 2}, sql_statements

"""The live complaint feed: complaintFiled and complaintUpdated, scoped and masked per subscriber,
and across two server processes through Redis."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
from collections import Counter

import httpx
import pytest
import websockets

from guanxi.accounts.models import Role
from guanxi.accounts.services import revoke_token
from guanxi.core import events
from guanxi.feedback import complaints, services
from guanxi.feedback.complaints import TOPIC
from guanxi.graphql.core.ids import to_global_id
from tests.conftest import make_staff
from tests.graphql.customers.test_customer_changed import _recv, live, subscribed  # noqa: F401 - fixture
from tests.servers import CLI, free_port, served
from tests.worlds import World, world  # noqa: F401 - fixture

FILED = """subscription($severities: [Severity!], $ownerId: ID) {
  complaintFiled(severities: $severities, ownerId: $ownerId) { subject severity customer { name primaryPhone } } }"""
UPDATED = "subscription($id: ID!) { complaintUpdated(id: $id) { status } }"


async def _file(world: World, customer, subject: str, severity: str = "HIGH"):
    feedback, _ = await services.submit_feedback(
        principal=world.by_role["ADMIN"].principal,
        customer_id=customer.pk,
        data={"kind": "COMPLAINT", "text": subject, "subject": subject, "severity": severity},
    )
    return feedback


async def test_each_subscriber_gets_the_complaints_it_may_see_masked_as_in_queries(live, world: World):
    agent, analyst = world.by_role["AGENT"], world.by_role["ANALYST"]
    async with (
        subscribed(live, agent.token, FILED, {}) as agent_ws,
        subscribed(live, analyst.token, FILED, {}) as analyst_ws,
    ):
        await asyncio.sleep(0.2)
        await _file(world, world.north, "north")  # out of the agent's reach
        await _file(world, world.own, "own")
        mine = (await _recv(agent_ws))["payload"]["data"]["complaintFiled"]
        assert mine == {
            "subject": "own",
            "severity": "HIGH",
            "customer": {"name": "Own", "primaryPhone": "138 0013 5678"},
        }
        seen = [(await _recv(analyst_ws))["payload"]["data"]["complaintFiled"] for _ in range(2)]
        assert [s["subject"] for s in seen] == ["north", "own"]
        assert seen[1]["customer"]["primaryPhone"] == "138****5678"  # the analyst sees it masked


async def test_severities_and_owner_narrow_the_feed(live, world: World):
    admin = world.by_role["ADMIN"]
    owner = to_global_id("User", world.north_agent.user.pk)
    async with subscribed(live, admin.token, FILED, {"severities": ["CRITICAL"], "ownerId": owner}) as ws:
        await asyncio.sleep(0.2)
        await _file(world, world.north, "north high", "HIGH")
        await _file(world, world.own, "own critical", "CRITICAL")
        await _file(world, world.north, "north critical", "CRITICAL")
        message = await _recv(ws)
        assert message["payload"]["data"]["complaintFiled"]["subject"] == "north critical"


async def test_complaint_updated_follows_one_complaint(live, world: World):
    admin, agent = world.by_role["ADMIN"], world.by_role["AGENT"]
    feedback = await _file(world, world.own, "own")
    complaint = await feedback.complaint
    async with subscribed(live, agent.token, UPDATED, {"id": to_global_id("Complaint", complaint.pk)}) as ws:
        await asyncio.sleep(0.2)
        await complaints.transition(
            principal=admin.principal, complaint_id=complaint.pk, action="acknowledge"
        )
        assert (await _recv(ws))["payload"]["data"]["complaintUpdated"] == {"status": "ACKNOWLEDGED"}
    north = await (await _file(world, world.north, "north")).complaint
    async with subscribed(live, agent.token, UPDATED, {"id": to_global_id("Complaint", north.pk)}) as ws:
        assert await _recv(ws) == {"id": "1", "type": "complete"}


async def test_the_legacy_graphql_ws_protocol_still_carries_the_feed(live, world: World):
    admin = world.by_role["ADMIN"]
    async with websockets.connect(f"ws://{live}/graphql", subprotocols=["graphql-ws"]) as ws:
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {admin.token}"}})
        )
        assert (await _recv(ws))["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "start", "payload": {"query": FILED, "variables": {}}}))
        await asyncio.sleep(0.2)
        await _file(world, world.own, "legacy")
        message = await _recv(ws)
        while message["type"] == "ka":
            message = await _recv(ws)
        assert message["type"] == "data"
        assert message["payload"]["data"]["complaintFiled"]["subject"] == "legacy"


@pytest.fixture
def two_servers(tmp_path):
    redis_url = os.environ.get("GUANXI_TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("Redis run skipped: set GUANXI_TEST_REDIS_URL=redis://127.0.0.1:6379/0")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUANXI_")}
    env.update(GUANXI_DATA_DIR=str(tmp_path), GUANXI_BROKER_URL=redis_url, GUANXI_LOG_LEVEL="WARNING")
    subprocess.run([*CLI, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    made = subprocess.run(
        [*CLI, "token", "create", "--role", "ADMIN", "--name", "Feed"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    token = made.stdout.strip().splitlines()[-1]
    with (
        served({**env, "GUANXI_PORT": str(free_port())}) as one,
        served({**env, "GUANXI_PORT": str(free_port())}) as two,
    ):
        yield one, two, token


async def test_a_complaint_filed_on_one_server_reaches_a_subscriber_of_the_other(two_servers):
    one, two, token = two_servers
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=one, headers=headers, timeout=30) as http:
        created = await http.post(
            "/graphql",
            json={"query": 'mutation { createCustomer(input: {name: "王芳"}) { customer { id } } }'},
        )
        customer_id = created.json()["data"]["createCustomer"]["customer"]["id"]
        async with subscribed(two.removeprefix("http://"), token, FILED, {}) as ws:
            await asyncio.sleep(0.5)
            filed = await http.post(
                "/graphql",
                json={
                    "query": 'mutation($c: ID!) { fileComplaint(input: {customerId: $c, text: "破损", severity: CRITICAL}) { userErrors { code } } }',
                    "variables": {"c": customer_id},
                },
            )
            assert filed.json()["data"]["fileComplaint"]["userErrors"] == []
            message = await _recv(ws)
            assert message["payload"]["data"]["complaintFiled"] == {
                "subject": "破损",
                "severity": "CRITICAL",
                "customer": {"name": "王芳", "primaryPhone": None},
            }


# --- one event, many subscribers: shared work per reach, each still sees only its own --------------

PLAIN = "subscription { complaintFiled { subject customer { name } } }"


async def test_subscribers_of_different_reaches_on_one_event_each_get_what_they_may_see(live, world: World):
    # given two admins, an analyst, the South agent and the North agent on the feed
    second_admin = await make_staff(Role.ADMIN, "Root Admin")  # a second socket of the same admin
    subscribers = {
        "admin": world.by_role["ADMIN"],
        "admin again": second_admin,
        "analyst": world.by_role["ANALYST"],
        "south agent": world.by_role["AGENT"],
        "north agent": world.north_agent,
    }
    async with contextlib.AsyncExitStack() as stack:
        sockets = {
            name: await stack.enter_async_context(subscribed(live, who.token, FILED, {}))
            for name, who in subscribers.items()
        }
        await asyncio.sleep(0.2)
        # when a complaint of the South agent's customer is filed, then one of the North agent's
        await _file(world, world.own, "own")
        await _file(world, world.north, "north")

        # then everyone who may see the first gets it, with personal data as their rights say
        firsts = {
            name: (await _recv(ws))["payload"]["data"]["complaintFiled"] for name, ws in sockets.items()
        }
        clear = {
            "subject": "own",
            "severity": "HIGH",
            "customer": {"name": "Own", "primaryPhone": "138 0013 5678"},
        }
        assert firsts == {
            "admin": clear,
            "admin again": clear,
            "analyst": {**clear, "customer": {"name": "Own", "primaryPhone": "138****5678"}},
            "south agent": clear,
            # and the North agent's first event is its own customer's: it never got the other one
            "north agent": {
                "subject": "north",
                "severity": "HIGH",
                "customer": {"name": "North", "primaryPhone": None},
            },
        }
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(sockets["south agent"].recv(), timeout=0.5)  # not North's


async def test_one_event_costs_one_credential_query_and_one_read_per_reach(
    live, world: World, sql_statements
):
    # given three sockets of one admin, three of one agent and one of an analyst (the admins' reach)
    admin, agent, analyst = world.by_role["ADMIN"], world.by_role["AGENT"], world.by_role["ANALYST"]
    tokens = [admin.token, agent.token, analyst.token]
    for role, name in ((Role.ADMIN, "Root Admin"), (Role.AGENT, "South Agent")):
        tokens += [(await make_staff(role, name)).token for _ in range(2)]
    complaint = await (await _file(world, world.own, "own")).complaint
    async with contextlib.AsyncExitStack() as stack:
        sockets = [await stack.enter_async_context(subscribed(live, t, PLAIN, {})) for t in tokens]
        await asyncio.sleep(0.2)
        sql_statements.clear()

        # when one complaint.filed event reaches the seven of them
        await events.publish(
            TOPIC, {"type": "complaint.filed", "id": complaint.pk, "customer_id": complaint.customer_id}
        )
        received = [(await _recv(ws))["payload"]["data"]["complaintFiled"] for ws in sockets]

    # then each got it, for one query on the credentials and, per reach (everyone / the agent's),
    # one read of the complaint and one of its customer
    assert received == [{"subject": "own", "customer": {"name": "Own"}}] * 7
    reads = Counter(m.group(1) for s in sql_statements if (m := re.match(r'SELECT .*? FROM "(\w+)"', s)))
    assert reads == {"auth_token": 1, "complaint": 2, "customer": 2}, sql_statements


async def test_a_revoked_session_stops_its_own_feed_and_no_other(live, world: World):
    # given two sockets of the same agent, each with its own token
    agent = world.by_role["AGENT"]
    other = await make_staff(Role.AGENT, "South Agent")
    async with (
        subscribed(live, agent.token, PLAIN, {}) as revoked_ws,
        subscribed(live, other.token, PLAIN, {}) as kept_ws,
    ):
        await asyncio.sleep(0.2)
        # when one token is revoked, then a complaint is filed
        await revoke_token(agent.token)
        await _file(world, world.own, "after the revocation")

        # then that socket's feed ends at once, and the other's carries on
        assert await _recv(revoked_ws) == {"id": "1", "type": "complete"}
        message = await _recv(kept_ws)
        assert message["payload"]["data"]["complaintFiled"]["subject"] == "after the revocation"

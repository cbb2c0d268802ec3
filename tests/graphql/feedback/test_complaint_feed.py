"""The live complaint feed: complaintFiled and complaintUpdated, scoped and masked per subscriber,
and across two server processes through Redis."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess

import httpx
import pytest
import websockets

from guanxi.feedback import complaints, services
from guanxi.graphql.core.ids import to_global_id
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

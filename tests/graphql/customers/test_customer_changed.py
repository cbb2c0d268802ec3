"""customerChanged over WebSocket: graphql-transport-ws and the legacy graphql-ws, signed in by token."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
import websockets

from guanxi.customers import services
from guanxi.graphql.core.ids import to_global_id

SUBSCRIPTION = "subscription($id: ID!) { customerChanged(id: $id) { name lifecycleStage purchases(first: 1) { totalCount } } }"
UPDATE = "mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { code } } }"


@pytest.fixture
async def live(db) -> AsyncIterator[str]:
    """The app served by uvicorn on this test's event loop (so it shares the test's database connections)."""
    from guanxi.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(migrate=False), port=port, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.01)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def _recv(ws) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout=5))


@contextlib.asynccontextmanager
async def subscribed(host: str, token: str, query: str, variables: dict) -> AsyncIterator[Any]:
    """A graphql-transport-ws socket signed in with `token`, subscribed as id "1"."""
    async with websockets.connect(f"ws://{host}/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        )
        assert (await _recv(ws))["type"] == "connection_ack"
        await ws.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}})
        )
        yield ws


async def _rename(host: str, who, customer_id: str, name: str) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"http://{host}/graphql",
            headers=who.headers,
            json={"query": UPDATE, "variables": {"input": {"id": customer_id, "name": name}}},
        )
        body = response.json()
        body.pop("extensions")  # the request's cost (tests/graphql/test_rate_limit.py)
        assert body == {"data": {"updateCustomer": {"userErrors": []}}}


async def test_graphql_transport_ws_with_bearer_token(live, admin):
    customer, _ = await services.create_customer(principal=admin.principal, data={"name": "王芳"})
    gid = to_global_id("Customer", customer.pk)
    async with subscribed(live, admin.token, SUBSCRIPTION, {"id": gid}) as ws:
        await asyncio.sleep(0.2)
        await _rename(live, admin, gid, "王芳芳")
        message = await _recv(ws)
        assert message == {
            "id": "1",
            "type": "next",
            "payload": {
                "data": {
                    "customerChanged": {
                        "name": "王芳芳",
                        "lifecycleStage": "PROSPECT",
                        "purchases": {"totalCount": 0},
                    }
                }
            },
        }


async def test_a_bad_token_closes_the_socket_with_4403(live, db):
    async with websockets.connect(f"ws://{live}/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer gx_forged"}})
        )
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await _recv(ws)
        assert closed.value.rcvd.code == 4403


async def test_anonymous_subscription_is_unauthenticated(live, admin):
    customer, _ = await services.create_customer(principal=admin.principal, data={"name": "王芳"})
    async with websockets.connect(f"ws://{live}/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert (await _recv(ws))["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {
                        "query": SUBSCRIPTION,
                        "variables": {"id": to_global_id("Customer", customer.pk)},
                    },
                }
            )
        )
        message = await _recv(ws)
        assert message["type"] == "error" or message["payload"].get("errors")
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_legacy_graphql_ws_protocol(live, admin):
    customer, _ = await services.create_customer(principal=admin.principal, data={"name": "Zhang Wei"})
    gid = to_global_id("Customer", customer.pk)
    async with websockets.connect(f"ws://{live}/graphql", subprotocols=["graphql-ws"]) as ws:
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {admin.token}"}})
        )
        assert (await _recv(ws))["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {"id": "7", "type": "start", "payload": {"query": SUBSCRIPTION, "variables": {"id": gid}}}
            )
        )
        await asyncio.sleep(0.2)
        await _rename(live, admin, gid, "Zhang Wei Ltd")
        message = await _recv(ws)
        while message["type"] == "ka":
            message = await _recv(ws)
        assert message["type"] == "data"
        assert message["payload"]["data"]["customerChanged"]["name"] == "Zhang Wei Ltd"


async def test_a_revoked_token_stops_events(live, admin):
    from guanxi.accounts.models import AuthToken

    customer, _ = await services.create_customer(principal=admin.principal, data={"name": "王芳"})
    gid = to_global_id("Customer", customer.pk)
    async with subscribed(live, admin.token, SUBSCRIPTION, {"id": gid}) as ws:
        await asyncio.sleep(0.2)
        await services.update_customer(
            principal=admin.principal, customer_id=customer.pk, data={"name": "王芳 1"}
        )
        assert (await _recv(ws))["type"] == "next"
        await AuthToken.filter(user_id=admin.user.pk).update(revoked_at=services.clock.now())
        await services.update_customer(
            principal=admin.principal, customer_id=customer.pk, data={"name": "王芳 2"}
        )
        assert await _recv(ws) == {"id": "1", "type": "complete"}

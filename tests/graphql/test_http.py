"""The endpoint over HTTP and WebSocket: CSRF (JSON bodies only, GET for queries), Secure cookies,
CORS, WebSocket origins, GraphiQL for signed-in callers, GraphQL over HTTP media type and statuses."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest
import uvicorn
import websockets
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from websockets.exceptions import InvalidStatus

from guanxi.customers.models import Customer
from guanxi.settings import reset_settings
from tests.conftest import PASSWORD

CREATE = 'mutation { createCustomer(input: {name: "CSRF"}) { customer { id } userErrors { code } } }'
LOGIN = f'mutation {{ login(input: {{email: "mei@example.com", password: "{PASSWORD}"}}) {{ viewer {{ name }} }} }}'
GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture
def cors_origins(monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("GUANXI_CORS_ORIGINS", "https://app.example, https://admin.example/")
    reset_settings()
    yield
    reset_settings()


@asynccontextmanager
async def client_for(app, base_url: str = "http://testserver", address: str = "127.0.0.1"):
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as c:
        yield c


def new_app():
    from guanxi.app import create_app

    return create_app(migrate=False)


# --- CSRF: only JSON bodies; GET only for queries ------------------------------------------


async def test_cookie_signed_in_mutations_need_a_json_body(client, gql, password_user):
    await gql(LOGIN)
    assert "guanxi_session" in client.cookies
    for kwargs in (
        {"data": {"query": CREATE}},  # an HTML form
        {"files": {"query": (None, CREATE)}},  # a multipart form
        {"content": json.dumps({"query": CREATE}), "headers": {"Content-Type": "text/plain"}},
        {"content": json.dumps({"query": CREATE}), "headers": {"Content-Type": ""}},
    ):
        response = await client.post("/graphql", **kwargs)
        assert response.status_code == 415, kwargs
        assert response.json() == {
            "errors": [
                {
                    "message": "Send operations as POST with Content-Type: application/json (or queries as GET).",
                    "extensions": {"code": "UNSUPPORTED_MEDIA_TYPE"},
                }
            ]
        }
    assert await Customer.all().count() == 0
    # the same cookie with a JSON body works
    created = await client.post("/graphql", json={"query": CREATE})
    assert created.json()["data"]["createCustomer"]["userErrors"] == []


async def test_get_runs_queries_but_never_mutations(client, admin):
    query = await client.get("/graphql", params={"query": "{ viewer { name } }"}, headers=admin.headers)
    assert query.status_code == 200 and query.json()["data"] == {"viewer": {"name": "Ada Admin"}}
    mutation = await client.get("/graphql", params={"query": CREATE}, headers=admin.headers)
    assert mutation.status_code == 405
    assert mutation.headers["allow"] == "POST"
    assert mutation.json() == {
        "errors": [
            {
                "message": "Only queries may be sent with GET; send mutations with POST.",
                "extensions": {"code": "METHOD_NOT_ALLOWED"},
            }
        ]
    }
    assert await Customer.all().count() == 0


# --- the session cookie is Secure over TLS ---------------------------------------------------


def _session_cookie(response: httpx.Response) -> str:
    return next(v for v in response.headers.get_list("set-cookie") if v.startswith("guanxi_session="))


async def test_the_session_cookie_is_secure_when_served_over_https(password_user):
    app = new_app()
    async with client_for(app, "https://testserver") as tls, client_for(app) as plain:
        assert "; secure" in _session_cookie(await tls.post("/graphql", json={"query": LOGIN})).lower()
        assert "secure" not in _session_cookie(await plain.post("/graphql", json={"query": LOGIN})).lower()


async def test_behind_a_trusted_proxy_x_forwarded_proto_makes_the_cookie_secure(password_user):
    # `guanxi serve` runs uvicorn with proxy_headers=True: it trusts X-Forwarded-* from FORWARDED_ALLOW_IPS.
    app = ProxyHeadersMiddleware(new_app(), trusted_hosts="127.0.0.1")
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    async with (
        client_for(app, address="127.0.0.1") as proxy,
        client_for(app, address="198.51.100.7") as other,
    ):
        via_proxy = await proxy.post("/graphql", json={"query": LOGIN}, headers=forwarded)
        assert "; secure" in _session_cookie(via_proxy).lower()
        spoofed = await other.post("/graphql", json={"query": LOGIN}, headers=forwarded)
        assert "secure" not in _session_cookie(spoofed).lower()


# --- CORS ---------------------------------------------------------------------------------

PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type,authorization",
}


async def test_cors_is_off_by_default(client, admin):
    preflight = await client.options("/graphql", headers={"Origin": "https://app.example", **PREFLIGHT})
    assert "access-control-allow-origin" not in preflight.headers
    response = await client.post(
        "/graphql",
        json={"query": "{ viewer { name } }"},
        headers={"Origin": "https://app.example", **admin.headers},
    )
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


async def test_cors_allows_the_listed_origins_only(db, admin, cors_origins):
    async with client_for(new_app()) as client:
        listed = await client.options("/graphql", headers={"Origin": "https://app.example", **PREFLIGHT})
        assert listed.status_code == 200
        assert listed.headers["access-control-allow-origin"] == "https://app.example"
        assert listed.headers["access-control-allow-credentials"] == "true"
        assert (
            await client.options("/graphql", headers={"Origin": "https://admin.example", **PREFLIGHT})
        ).status_code == 200
        other = await client.options("/graphql", headers={"Origin": "https://evil.example", **PREFLIGHT})
        assert other.status_code == 400 and "access-control-allow-origin" not in other.headers
        response = await client.post(
            "/graphql",
            json={"query": "{ viewer { name } }"},
            headers={"Origin": "https://app.example", **admin.headers},
        )
        assert response.headers["access-control-allow-origin"] == "https://app.example"
        assert "RateLimit-Remaining" in response.headers["access-control-expose-headers"]


def test_a_wildcard_cors_origin_is_refused(monkeypatch):
    monkeypatch.setenv("GUANXI_CORS_ORIGINS", "*")
    reset_settings()
    try:
        from guanxi.settings import get_settings

        with pytest.raises(ValueError, match="lists origins explicitly"):
            get_settings()
    finally:
        monkeypatch.delenv("GUANXI_CORS_ORIGINS")
        reset_settings()


# --- WebSocket origins --------------------------------------------------------------------


@asynccontextmanager
async def serving(app) -> AsyncIterator[str]:
    """`app` served by uvicorn on this test's event loop; yields host:port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, port=port, lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.01)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def _session(host: str) -> str:
    async with httpx.AsyncClient() as http:
        response = await http.post(f"http://{host}/graphql", json={"query": LOGIN})
        return response.cookies["guanxi_session"]


async def _viewer_over_ws(host: str, origin: str, session: str) -> dict:
    async with websockets.connect(
        f"ws://{host}/graphql",
        subprotocols=["graphql-transport-ws"],
        origin=origin,
        additional_headers={"Cookie": f"guanxi_session={session}"},
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "connection_ack"
        await ws.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": "{ viewer { name } }"}})
        )
        return json.loads(await asyncio.wait_for(ws.recv(), 5))


async def test_a_websocket_with_a_cookie_must_come_from_the_same_origin(password_user):
    async with serving(new_app()) as host:
        session = await _session(host)
        same = await _viewer_over_ws(host, f"http://{host}", session)
        assert same == {"id": "1", "type": "next", "payload": {"data": {"viewer": {"name": "李梅"}}}}
        with pytest.raises(InvalidStatus) as refused:
            await _viewer_over_ws(host, "https://evil.example", session)
        assert refused.value.response.status_code == 403


async def test_cors_origins_may_open_websockets_too(password_user, cors_origins):
    async with serving(new_app()) as host:
        session = await _session(host)
        listed = await _viewer_over_ws(host, "https://app.example", session)
        assert listed["payload"] == {"data": {"viewer": {"name": "李梅"}}}
        with pytest.raises(InvalidStatus):
            await _viewer_over_ws(host, "https://evil.example", session)


async def _first_errors(host: str, init: dict, query: str) -> list[dict]:
    async with websockets.connect(f"ws://{host}/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": init}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert message["type"] in ("next", "error"), message
        return message["payload"] if message["type"] == "error" else message["payload"]["errors"]


async def test_an_anonymous_subscription_does_not_start(db):
    query = 'subscription { customerChanged(id: "Q3VzdG9tZXI6MQ==") { name } }'
    async with serving(new_app()) as host:
        errors = await _first_errors(host, {}, query)
    assert [(e["message"], e["extensions"]["code"]) for e in errors] == [
        ("Sign in first.", "UNAUTHENTICATED")
    ]


async def test_a_subscription_over_the_cost_limit_does_not_start(admin):
    # customerChanged 1 + (2 + 100) + 100 * (1 + (2 + 10)) = 1403
    expensive = (
        'subscription { customerChanged(id: "Q3VzdG9tZXI6MQ==") { purchases(first: 100) '
        "{ edges { node { customer { purchases(first: 10) { totalCount } } } } } } }"
    )
    async with serving(new_app()) as host:
        errors = await _first_errors(host, {"authorization": f"Bearer {admin.token}"}, expensive)
    assert [e["extensions"] for e in errors] == [
        {"code": "COST_LIMIT_EXCEEDED", "cost": 1403, "maximumCost": 1000}
    ]


# --- GraphiQL -------------------------------------------------------------------------------


async def test_graphiql_is_for_signed_in_browsers(client, gql, password_user):
    anonymous = await client.get("/graphql", headers={"Accept": "text/html"})
    assert anonymous.status_code == 401 and 'href="/login"' in anonymous.text
    await gql(LOGIN)  # the session cookie
    signed_in = await client.get("/graphql", headers={"Accept": "text/html"})
    assert signed_in.status_code == 200 and "graphiql" in signed_in.text.lower()


# --- GraphQL over HTTP: application/graphql-response+json ------------------------------------


async def _post(client: httpx.AsyncClient, query: str, accept: str, headers: dict, **extra) -> httpx.Response:
    return await client.post(
        "/graphql", json={"query": query, **extra}, headers={"Accept": accept, **headers}
    )


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ viewer { ", None, "GRAPHQL_PARSE_FAILED"),
        ("{ viewer { nope } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($n: Int!) { customers(first: $n) { totalCount } }", {"n": "x"}, "BAD_USER_INPUT"),
        (
            "{ customers(first: 100) { edges { node { purchases(first: 10) { totalCount } } } } }",
            None,
            "COST_LIMIT_EXCEEDED",
        ),
    ],
)
async def test_request_errors_are_400_without_data(client, admin, query, variables, code):
    response = await _post(client, query, GRAPHQL_RESPONSE, admin.headers, variables=variables)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    body = response.json()
    assert "data" not in body
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    # plain application/json stays as it was: 200 with data null
    legacy = await _post(client, query, "application/json", admin.headers, variables=variables)
    assert legacy.status_code == 200 and legacy.headers["content-type"] == "application/json"
    assert legacy.json()["data"] is None


async def test_executed_operations_are_200_even_with_errors(client, admin, db):
    ok = await _post(client, "{ viewer { name } }", GRAPHQL_RESPONSE, admin.headers)
    assert ok.status_code == 200
    assert ok.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert ok.json()["data"] == {"viewer": {"name": "Ada Admin"}}
    field_error = await _post(
        client, "{ customers(first: 500) { totalCount } }", GRAPHQL_RESPONSE, admin.headers
    )
    assert field_error.status_code == 200
    assert field_error.json()["data"] is None
    assert field_error.json()["errors"][0]["path"] == ["customers"]
    anonymous = await _post(client, "{ viewer { name } }", GRAPHQL_RESPONSE, {})
    assert anonymous.status_code == 200
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/graphql-response+json, application/json", GRAPHQL_RESPONSE),
        ("application/json;q=0.9, application/graphql-response+json;q=0.8", GRAPHQL_RESPONSE),
        ("application/graphql-response+json;q=0, application/json", "application/json"),
        ("*/*", "application/json"),
        ("", "application/json"),
    ],
)
async def test_the_response_media_type_follows_accept(client, admin, accept, media):
    response = await _post(client, "{ viewer { name } }", accept, admin.headers)
    assert response.headers["content-type"].split(";")[0] == media


async def test_http_level_refusals_speak_the_accepted_media_type(client, admin):
    response = await client.post(
        "/graphql", content="[]", headers={"Accept": GRAPHQL_RESPONSE, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json()["errors"][0]["extensions"]["code"] == "BATCHING_NOT_SUPPORTED"
    broken = await client.post("/graphql", content="{", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    assert broken.json() == {
        "errors": [{"message": "Unable to parse request body as JSON", "extensions": {"code": "BAD_REQUEST"}}]
    }

"""`auditLog` (ADMIN only) and the events the API records: sign-ins and API key changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from starlette.requests import Request
from starlette.responses import Response

from guanxi.accounts import apikeys, audit
from guanxi.accounts.models import AuditAction, AuditEvent, Role
from guanxi.accounts.principal import Principal
from guanxi.core import clock
from guanxi.graphql.context import Context
from guanxi.graphql.core.ids import to_global_id
from tests.conftest import PASSWORD, Staff, make_staff

LOGIN = """mutation($input: LoginInput!) { login(input: $input) { viewer { name } userErrors { code } } }"""
LOGOUT = "mutation { logout { ok } }"
CREATE_KEY = """mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  apiKey { id } userErrors { code } } }"""
REVOKE_KEY = "mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { userErrors { code } } }"
AUDIT_LOG = """query($filter: AuditLogFilter, $first: Int, $after: String, $last: Int, $before: String) {
  auditLog(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id occurredAt actorKind actorId actorName action recordType recordId details
      ipAddress requestId } } } }"""
ACTIONS = (
    "query($filter: AuditLogFilter) { auditLog(filter: $filter, first: 100) { edges { node { action } } } }"
)
NODE = "query($id: ID!) { node(id: $id) { ... on AuditEvent { action } } }"


async def _post(client, query: str, variables: dict | None = None, headers: dict | None = None):
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    return response


async def _actions(gql, admin: Staff, filter: dict | None = None) -> list[str]:
    data = await gql.data(ACTIONS, {"filter": filter}, as_=admin)
    return [e["node"]["action"] for e in data["auditLog"]["edges"]]


# --- what the API records ------------------------------------------------------------------------


async def test_a_login_is_recorded_with_the_address_and_the_clients_request_id(client, password_user):
    response = await _post(
        client,
        LOGIN,
        {"input": {"email": "mei@example.com", "password": PASSWORD}},
        headers={"X-Request-ID": "login-7f3a"},
    )
    assert response.json()["data"]["login"]["userErrors"] == []
    assert response.headers["x-request-id"] == "login-7f3a"  # echoed, to correlate logs
    event = await AuditEvent.get(request_id="login-7f3a")
    assert (event.action, event.actor_name, event.record_id, event.ip_address) == (
        AuditAction.LOGIN,
        "李梅",
        password_user.pk,
        "127.0.0.1",
    )

    await _post(client, LOGOUT, headers={"X-Request-ID": "logout-1"})  # signed in by the cookie
    event = await AuditEvent.get(request_id="logout-1")
    assert (event.action, event.actor_id, event.details) == (
        AuditAction.LOGOUT,
        password_user.pk,
        {"session_revoked": True},
    )


async def test_a_failed_login_is_recorded_without_the_password(client, password_user):
    response = await _post(client, LOGIN, {"input": {"email": "mei@example.com", "password": "Guess-1234"}})
    assert response.json()["data"]["login"]["userErrors"] == [{"code": "INVALID_CREDENTIALS"}]
    request_id = response.headers["x-request-id"]  # none was sent: the server made one
    assert len(request_id) == 32
    event = await AuditEvent.get()
    assert (event.action, event.request_id, event.ip_address, event.record_id) == (
        AuditAction.LOGIN_FAILED,
        request_id,
        "127.0.0.1",
        password_user.pk,
    )
    assert event.details == {"email": "mei@example.com", "reason": "WRONG_PASSWORD"}
    assert "Guess-1234" not in str(event.details)


async def test_api_key_changes_are_recorded_with_the_admin_and_request(client, gql, admin):
    response = await _post(
        client,
        CREATE_KEY,
        {"input": {"name": "E-shop", "scopes": ["CUSTOMERS_READ"]}},
        headers={**admin.headers, "X-Request-ID": "key-create"},
    )
    key_id = response.json()["data"]["createApiKey"]["apiKey"]["id"]
    await _post(
        client, REVOKE_KEY, {"input": {"id": key_id}}, headers={**admin.headers, "X-Request-ID": "k2"}
    )

    data = await gql.data(AUDIT_LOG, {"filter": {"record": key_id}}, as_=admin)
    nodes = [e["node"] for e in data["auditLog"]["edges"]]
    assert [(n["action"], n["actorName"], n["actorId"], n["recordId"], n["requestId"]) for n in nodes] == [
        ("API_KEY_REVOKED", "Ada Admin", to_global_id("User", admin.user.pk), key_id, "k2"),
        ("API_KEY_CREATED", "Ada Admin", to_global_id("User", admin.user.pk), key_id, "key-create"),
    ]
    assert nodes[1]["details"] == {"name": "E-shop", "scopes": ["customers:read"]}
    assert nodes[1]["recordType"] == "ApiKey" and nodes[1]["ipAddress"] == "127.0.0.1"


async def test_the_context_flushes_the_pii_reads_of_its_request(db, agent, sql_statements):
    response = Response()
    request = Request(
        {
            "type": "http",
            "method": "POST",
            "path": "/graphql",
            "headers": [(b"x-request-id", b"page-of-customers")],
            "client": ("198.51.100.4", 50000),
        }
    )
    context = Context(request=request, response=response, principal=agent.principal)
    assert response.headers["x-request-id"] == "page-of-customers"
    for customer_id in (11, 12, 11):
        context.pii_reads.note(customer_id, "phones")
    sql_statements.clear()

    assert await context.flush_audit() == 2

    assert len(sql_statements) == 1
    rows = await AuditEvent.all().order_by("record_id")
    assert [(e.record_id, e.actor_name, e.ip_address, e.request_id) for e in rows] == [
        (11, "Alan Agent", "198.51.100.4", "page-of-customers"),
        (12, "Alan Agent", "198.51.100.4", "page-of-customers"),
    ]


# --- auditLog ------------------------------------------------------------------------------------


async def _history(admin: Staff, agent: Staff) -> datetime:
    """Five events a minute apart: admin LOGIN, agent UPDATE 5, agent PII_READ 5, admin ARCHIVE 6, key EXPORT."""
    start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    key, _ = await apikeys.create_api_key(principal=None, name="Exporter", scopes=["customers:read"])
    for minutes, principal, action, record in (
        (0, admin.principal, AuditAction.LOGIN, None),
        (1, agent.principal, AuditAction.UPDATE, 5),
        (2, agent.principal, AuditAction.PII_READ, 5),
        (3, admin.principal, AuditAction.ARCHIVE, 6),
        (4, Principal.for_api_key(key), AuditAction.EXPORT, 6),
    ):
        clock.freeze(start + timedelta(minutes=minutes))
        try:
            await audit.record(
                principal=principal,
                action=action,
                record_type="Customer" if record else None,
                record_id=record,
                details={"fields": ["name"]} if action == AuditAction.UPDATE else None,
            )
        finally:
            clock.freeze(None)
    return start


async def test_audit_log_lists_events_newest_first_with_every_field(gql, admin, agent):
    start = await _history(admin, agent)
    data = await gql.data(AUDIT_LOG, {"first": 2, "filter": {"actions": ["UPDATE", "EXPORT"]}}, as_=admin)
    log = data["auditLog"]
    assert log["totalCount"] == 2
    export, update = (e["node"] for e in log["edges"])
    key = await AuditEvent.get(action=AuditAction.EXPORT)
    assert export["actorKind"] == "API_KEY" and export["actorId"] == to_global_id("ApiKey", key.actor_id)
    assert update == {
        "id": update["id"],
        "occurredAt": (start + timedelta(minutes=1)).isoformat(),
        "actorKind": "USER",
        "actorId": to_global_id("User", agent.user.pk),
        "actorName": "Alan Agent",
        "action": "UPDATE",
        "recordType": "Customer",
        "recordId": to_global_id("Customer", 5),
        "details": {"fields": ["name"]},
        "ipAddress": None,
        "requestId": None,
    }
    # an event is a node an ADMIN can fetch again
    assert (await gql.data(NODE, {"id": update["id"]}, as_=admin))["node"] == {"action": "UPDATE"}


async def test_audit_log_filters(gql, admin, agent):
    start = await _history(admin, agent)
    customer_5 = to_global_id("Customer", 5)
    assert await _actions(gql, admin) == [
        "EXPORT",
        "ARCHIVE",
        "PII_READ",
        "UPDATE",
        "LOGIN",
        "API_KEY_CREATED",
    ]
    assert await _actions(gql, admin, {"actor": to_global_id("User", agent.user.pk)}) == [
        "PII_READ",
        "UPDATE",
    ]
    assert await _actions(gql, admin, {"actor": to_global_id("User", admin.user.pk)}) == ["ARCHIVE", "LOGIN"]
    key = await AuditEvent.get(action=AuditAction.EXPORT)
    assert await _actions(gql, admin, {"actor": to_global_id("ApiKey", key.actor_id)}) == ["EXPORT"]
    assert await _actions(gql, admin, {"actions": ["LOGIN", "ARCHIVE"]}) == ["ARCHIVE", "LOGIN"]
    assert await _actions(gql, admin, {"record": customer_5}) == ["PII_READ", "UPDATE"]
    assert await _actions(gql, admin, {"recordType": "Customer"}) == [
        "EXPORT",
        "ARCHIVE",
        "PII_READ",
        "UPDATE",
    ]
    assert await _actions(gql, admin, {"record": customer_5, "recordType": "ApiKey"}) == []
    window = {
        "since": (start + timedelta(minutes=1)).isoformat(),
        "until": (start + timedelta(minutes=3)).isoformat(),
    }
    assert await _actions(gql, admin, window) == ["PII_READ", "UPDATE"]
    beijing = timezone(timedelta(hours=8))  # the same window in another zone
    window = {k: datetime.fromisoformat(v).astimezone(beijing).isoformat() for k, v in window.items()}
    assert window["since"].endswith("+08:00")
    assert await _actions(gql, admin, window) == ["PII_READ", "UPDATE"]
    assert await _actions(gql, admin, {**window, "actions": ["UPDATE"], "record": customer_5}) == ["UPDATE"]
    assert await _actions(gql, admin, {"requestId": "nope"}) == []


async def test_a_bad_filter_id_is_a_client_error(gql, admin):
    for filter in ({"actor": to_global_id("Customer", 1)}, {"actor": "garbage"}, {"record": "garbage"}):
        body = await gql(AUDIT_LOG, {"filter": filter}, as_=admin)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", filter


async def test_audit_log_pages_forwards_and_backwards_with_cursors_that_survive_new_events(gql, admin):
    for i in range(7):
        await audit.record(
            principal=admin.principal, action=AuditAction.EXPORT, record_type="Customer", record_id=i
        )

    async def page(**args):
        log = (await gql.data(AUDIT_LOG, args, as_=admin))["auditLog"]
        return [e["node"]["recordId"] for e in log["edges"]], log["pageInfo"], log["totalCount"]

    def ids(*pks):
        return [to_global_id("Customer", pk) for pk in pks]

    first, info, total = await page(first=3)
    assert (first, total) == (ids(6, 5, 4), 7)
    assert info["hasNextPage"] is True and info["hasPreviousPage"] is False

    # new events arrive at the head; the next page continues where the first ended
    await audit.record(
        principal=admin.principal, action=AuditAction.EXPORT, record_type="Customer", record_id=99
    )
    second, info, total = await page(first=3, after=info["endCursor"])
    assert (second, total) == (ids(3, 2, 1), 8)
    assert info["hasNextPage"] is True and info["hasPreviousPage"] is True
    third, info, _ = await page(first=3, after=info["endCursor"])
    assert third == ids(0) and info["hasNextPage"] is False

    # backwards: the oldest two, then the two before (newer than) them
    last, info, _ = await page(last=2)
    assert last == ids(1, 0) and info["hasPreviousPage"] is True and info["hasNextPage"] is False
    previous, info, _ = await page(last=2, before=info["startCursor"])
    assert previous == ids(3, 2) and info["hasNextPage"] is True

    body = await gql(AUDIT_LOG, {"first": 101}, as_=admin)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await gql(AUDIT_LOG, {"after": "bm90IGEgY3Vyc29y"}, as_=admin)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_only_admins_read_the_audit_log(gql, admin, agent, analyst):
    await audit.record(principal=admin.principal, action=AuditAction.LOGIN)
    event = await AuditEvent.get()
    _, secret = await apikeys.create_api_key(
        principal=None,
        name="All scopes",
        scopes=[
            "customers:read",
            "customers:write",
            "purchases:write",
            "interactions:read",
            "interactions:write",
            "feedback:read",
            "feedback:write",
            "loyalty:read",
            "loyalty:write",
            "pii:read",
        ],
    )
    partner = Staff(user=admin.user, token=secret)
    manager = await make_staff(Role.MANAGER, "Mo Manager")
    for who in (manager, agent, analyst, partner):
        body = await gql(AUDIT_LOG, as_=who)
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
        assert (await gql.data(NODE, {"id": to_global_id("AuditEvent", event.pk)}, as_=who))["node"] is None
    assert (await gql.data(AUDIT_LOG, as_=admin))["auditLog"]["totalCount"] == 2

"""Budgets of cost points per caller (token buckets) and failed sign-ins, on a frozen clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
import pytest
from argon2 import PasswordHasher

from guanxi.accounts.models import AuthToken
from guanxi.core import buckets
from guanxi.customers.models import Customer
from guanxi.graphql.core import throttling
from guanxi.settings import reset_settings
from tests.conftest import PASSWORD, Staff

CREATE = 'mutation { createCustomer(input: {name: "A"}) { customer { id } userErrors { code } } }'  # 12
COUNT = "{ customers(first: 10) { totalCount } }"  # 12
LOGIN = "mutation($email: String!, $password: String!) { login(input: {email: $email, password: $password}) { viewer { name } userErrors { code } } }"  # 12
CREATE_KEY = (
    """mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }"""
)


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    now = [10_000.0]
    monkeypatch.setattr(buckets, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def budget(monkeypatch, clock) -> Iterator[Callable[[int], None]]:
    """Set GUANXI_RATE_LIMIT_PER_MINUTE for this test."""

    def set_budget(points: int) -> None:
        monkeypatch.setenv("GUANXI_RATE_LIMIT_PER_MINUTE", str(points))
        reset_settings()

    yield set_budget
    reset_settings()


@asynccontextmanager
async def clients(*addresses: str) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Clients at different addresses talking to one app (one set of buckets)."""
    from guanxi.app import create_app

    app = create_app(migrate=False)
    async with AsyncExitStack() as stack:
        yield [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app, client=(address, 50000)),
                    base_url="http://testserver",
                )
            )
            for address in addresses
        ]


def limits(response: httpx.Response) -> tuple[str | None, ...]:
    h = response.headers
    return (
        h.get("ratelimit-limit"),
        h.get("ratelimit-remaining"),
        h.get("ratelimit-reset"),
        h.get("retry-after"),
    )


async def post(
    client: httpx.AsyncClient, query: str, who: Staff | None = None, **variables: str
) -> httpx.Response:
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=who.headers if who else {}
    )


async def test_every_response_reports_its_cost_and_what_is_left(client, admin, clock):
    first = await post(client, COUNT, admin)
    assert first.status_code == 200
    assert first.json()["extensions"] == {
        "cost": {"requestedQueryCost": 12, "limit": 10_000, "remaining": 9_988, "resetSeconds": 1}
    }
    assert limits(first) == ("10000", "9988", "1", None)
    assert first.headers["ratelimit-policy"] == "10000;w=60"
    second = await post(client, COUNT, admin)
    assert limits(second) == ("10000", "9976", "1", None)


async def test_past_the_budget_a_request_is_refused_with_429_and_nothing_runs(client, admin, budget, clock):
    budget(30)
    for remaining in ("18", "6"):
        response = await post(client, CREATE, admin)
        assert response.json()["data"]["createCustomer"]["userErrors"] == []
        assert response.headers["ratelimit-remaining"] == remaining
    refused = await post(client, CREATE, admin)
    assert refused.status_code == 429
    assert refused.json() == {
        "data": None,
        "errors": [
            {
                "message": "Rate limit exceeded: this request costs 12 points and 6 of your 30 per minute "
                "are left. Retry in 12 s.",
                "extensions": {"code": "RATE_LIMITED", "retryAfterSeconds": 12},
            }
        ],
        "extensions": {"cost": {"requestedQueryCost": 12, "limit": 30, "remaining": 6, "resetSeconds": 48}},
    }
    assert limits(refused) == ("30", "6", "48", "12")  # 30 points a minute: one every 2 s
    assert await Customer.all().count() == 2
    clock[0] += 12
    again = await post(client, CREATE, admin)
    assert again.status_code == 200 and again.headers["ratelimit-remaining"] == "0"
    assert await Customer.all().count() == 3


async def test_an_exhausted_budget_refuses_before_the_document_is_parsed(client, admin, budget):
    budget(12)
    assert (await post(client, CREATE, admin)).headers["ratelimit-remaining"] == "0"
    refused = await post(client, "{ not graphql", admin)
    assert refused.status_code == 429
    assert [e["extensions"]["code"] for e in refused.json()["errors"]] == ["RATE_LIMITED"]
    assert "data" not in refused.json()
    assert limits(refused) == ("12", "0", "60", "5")  # 12 a minute: the next point in 5 s


async def test_requests_refused_before_execution_spend_one_point(client, admin, budget):
    budget(10)
    for query, code, remaining in (
        ("{ viewer {", "GRAPHQL_PARSE_FAILED", "9"),
        ("{ viewer { nope } }", "GRAPHQL_VALIDATION_FAILED", "8"),
        (
            "{ customers(first: 100) { edges { node { purchases(first: 10) { totalCount } } } } }",
            "COST_LIMIT_EXCEEDED",
            "7",
        ),
    ):
        response = await post(client, query, admin)
        assert response.status_code == 200
        assert [e["extensions"]["code"] for e in response.json()["errors"]] == [code]
        assert response.headers["ratelimit-remaining"] == remaining


async def test_a_request_dearer_than_the_whole_budget_is_refused_for_good(client, admin, budget):
    budget(20)
    body = (await post(client, "{ customers(first: 50) { totalCount } }", admin)).json()
    assert body["errors"][0]["extensions"] == {"code": "COST_LIMIT_EXCEEDED", "cost": 52, "maximumCost": 20}
    assert "at most 20 are allowed per minute for you" in body["errors"][0]["message"]


async def test_budgets_are_per_principal_and_an_api_key_may_have_its_own(client, admin, agent, clock):
    for _ in range(3):
        await post(client, COUNT, agent)
    assert (await post(client, COUNT, agent)).headers["ratelimit-remaining"] == "9952"
    assert (await post(client, COUNT, admin)).headers["ratelimit-remaining"] == "9988"
    created = await client.post(
        "/graphql",
        json={
            "query": CREATE_KEY,
            "variables": {"input": {"name": "Shop", "scopes": ["CUSTOMERS_READ"], "rateLimitPerMinute": 600}},
        },
        headers=admin.headers,
    )
    key = Staff(user=admin.user, token=created.json()["data"]["createApiKey"]["secret"])
    response = await post(client, COUNT, key)
    assert response.json()["data"] == {"customers": {"totalCount": 0}}
    assert limits(response) == ("600", "588", "2", None)


async def test_anonymous_callers_are_limited_per_address(db, budget):
    budget(24)
    async with clients("10.0.0.1", "10.0.0.2") as (here, there):
        for remaining in ("12", "0"):
            response = await post(here, LOGIN, email="nobody@example.com", password="wrong-password-1")
            assert response.headers["ratelimit-remaining"] == remaining
        refused = await post(here, LOGIN, email="nobody@example.com", password="wrong-password-1")
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        other = await post(there, LOGIN, email="nobody@example.com", password="wrong-password-1")
        assert other.status_code == 200 and other.headers["ratelimit-remaining"] == "12"


async def test_anonymous_requests_refused_for_want_of_sign_in_spend_a_point(client, db, budget):
    budget(10)
    response = await post(client, "{ viewer { name } }")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert response.headers["ratelimit-remaining"] == "9"


async def test_a_budget_of_zero_turns_rate_limiting_off(client, admin, budget):
    budget(0)
    response = await post(client, COUNT, admin)
    assert response.json()["extensions"] == {"cost": {"requestedQueryCost": 12}}
    assert limits(response) == (None, None, None, None)


# --- failed sign-ins ---------------------------------------------------------------------


@pytest.fixture
def password_checks(monkeypatch) -> list[str]:
    """Every argon2 verification (a password check), by the password tried."""
    checks: list[str] = []
    verify = PasswordHasher.verify

    def counting(self, hash: str, password: str) -> bool:
        checks.append(password)
        return verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return checks


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await post(client, LOGIN, email=email, password=password)


def login_codes(response: httpx.Response) -> list[str]:
    body = response.json()
    if body.get("errors"):
        return [e["extensions"]["code"] for e in body["errors"]]
    return [e["code"] for e in body["data"]["login"]["userErrors"]]


async def test_five_failures_lock_an_account_for_15_minutes_without_checking_passwords(
    client, password_user, clock, password_checks
):
    assert (throttling.LOGIN_FAILURES_PER_ACCOUNT, throttling.LOGIN_WINDOW_SECONDS) == (5, 900)
    for _ in range(5):
        assert login_codes(await login(client, "mei@example.com", "wrong-password-1")) == [
            "INVALID_CREDENTIALS"
        ]
    refused = await login(client, "MEI@example.com ", PASSWORD)  # the right password, the same account
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "900"
    assert refused.json()["data"] is None
    assert refused.json()["errors"] == [
        {
            "message": "Too many failed sign-ins. Try again in 900 s.",
            "locations": [{"line": 1, "column": 49}],
            "path": ["login"],
            "extensions": {"code": "RATE_LIMITED", "retryAfterSeconds": 900},
        }
    ]
    assert password_checks == ["wrong-password-1"] * 5  # the sixth was not checked
    assert await AuthToken.all().count() == 0 and "guanxi_session" not in client.cookies
    clock[0] += 900
    signed_in = await login(client, "mei@example.com", PASSWORD)
    assert signed_in.json()["data"]["login"] == {"viewer": {"name": "李梅"}, "userErrors": []}


async def test_a_successful_sign_in_clears_the_account_failures(client, password_user, clock, monkeypatch):
    monkeypatch.setattr(throttling, "LOGIN_FAILURES_PER_ACCOUNT", 2)
    await login(client, "mei@example.com", "wrong-password-1")
    assert login_codes(await login(client, "mei@example.com", PASSWORD)) == []
    for _ in range(2):
        assert login_codes(await login(client, "mei@example.com", "wrong-password-1")) == [
            "INVALID_CREDENTIALS"
        ]
    assert login_codes(await login(client, "mei@example.com", PASSWORD)) == ["RATE_LIMITED"]


async def test_failures_from_one_address_lock_the_address(password_user, clock, password_checks, monkeypatch):
    assert throttling.LOGIN_FAILURES_PER_ADDRESS == 20
    monkeypatch.setattr(throttling, "LOGIN_FAILURES_PER_ADDRESS", 3)  # argon2 is slow on purpose
    async with clients("10.0.0.1", "10.0.0.2") as (here, there):
        for i in range(3):
            assert login_codes(await login(here, f"guess{i}@example.com", "wrong-password-1")) == [
                "INVALID_CREDENTIALS"
            ]
        refused = await login(here, "mei@example.com", PASSWORD)
        assert refused.status_code == 429 and login_codes(refused) == ["RATE_LIMITED"]
        assert len(password_checks) == 3
        assert login_codes(await login(there, "mei@example.com", PASSWORD)) == []

"""Budgets of cost points per caller, and failed sign-ins, for the GraphQL endpoint.

Each caller (a principal's `key`, or `address:<client address>` when anonymous) has a token
bucket holding GUANXI_RATE_LIMIT_PER_MINUTE points (or the principal's `rate_limit_per_minute`),
refilled continuously over a minute; every request spends its static cost (`core/cost.py`),
requests refused before execution spend one point. The state is per app and in-process
(`core/buckets.py` says what that means for several instances).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from starlette.requests import HTTPConnection
from starlette.responses import Response

from graphql import GraphQLError
from guanxi.accounts.principal import Principal
from guanxi.core.buckets import WINDOW_SECONDS, Allowance, FailureWindows, TokenBuckets
from guanxi.core.errors import AuthError
from guanxi.graphql.core.limits import RATE_LIMITED, coded
from guanxi.graphql.core.persisted_queries import PersistedQueries
from guanxi.settings import get_settings

LOGIN_WINDOW_SECONDS = 15 * 60
LOGIN_FAILURES_PER_ACCOUNT = 5
LOGIN_FAILURES_PER_ADDRESS = 20


@dataclass
class Guards:
    """The endpoint's in-process protection state, one per /graphql view."""

    budgets: TokenBuckets = field(default_factory=TokenBuckets)
    login_failures: FailureWindows = field(default_factory=FailureWindows)
    persisted_queries: PersistedQueries = field(default_factory=PersistedQueries)


class Caller(Protocol):
    """What these functions need from the request context (graphql/context.py: Context)."""

    request: HTTPConnection
    response: Response | None
    principal: Principal | None
    guards: Guards
    spent: Allowance | None


def client_address(connection: HTTPConnection) -> str:
    """The peer address (behind a proxy: what uvicorn's --proxy-headers made of X-Forwarded-For)."""
    return connection.client.host if connection.client else "unknown"


def budget_key(caller: Caller) -> str:
    principal = caller.principal
    return principal.key if principal is not None else f"address:{client_address(caller.request)}"


def budget_limit(caller: Caller) -> int | None:
    """Points per minute for this caller; None: unlimited (the setting is 0)."""
    override = getattr(caller.principal, "rate_limit_per_minute", None)
    limit = override or get_settings().rate_limit_per_minute
    return limit if limit > 0 else None


def peek(caller: Caller) -> Allowance | None:
    limit = budget_limit(caller)
    return None if limit is None else caller.guards.budgets.peek(budget_key(caller), limit=limit)


def spend(caller: Caller, cost: int) -> Allowance | None:
    """Spend `cost` points (nothing when they are not there) and put RateLimit-* on the response."""
    limit = budget_limit(caller)
    if limit is None:
        return None
    allowance = caller.guards.budgets.spend(budget_key(caller), cost, limit=limit)
    caller.spent = allowance
    if caller.response is not None:
        caller.response.headers.update(rate_limit_headers(allowance, retry=False))
    return allowance


def rate_limit_headers(allowance: Allowance, *, retry: bool = True) -> dict[str, str]:
    headers = {
        "RateLimit-Limit": str(allowance.limit),
        "RateLimit-Remaining": str(allowance.remaining),
        "RateLimit-Reset": str(allowance.reset_seconds),
        "RateLimit-Policy": f"{allowance.limit};w={int(WINDOW_SECONDS)}",
    }
    if retry and not allowance.allowed:
        headers["Retry-After"] = str(allowance.retry_after)
    return headers


def refuse(caller: Caller, allowance: Allowance) -> GraphQLError:
    """RATE_LIMITED, with HTTP 429 and Retry-After on the response."""
    if caller.response is not None:
        caller.response.status_code = 429
        caller.response.headers.update(rate_limit_headers(allowance))
    return rate_limited(allowance)


def rate_limited(allowance: Allowance) -> GraphQLError:
    return coded(
        f"Rate limit exceeded: this request costs {allowance.cost} points and {allowance.remaining} of "
        f"your {allowance.limit} per minute are left. Retry in {allowance.retry_after} s.",
        RATE_LIMITED,
        retryAfterSeconds=allowance.retry_after,
    )


def cost_report(cost: int, allowance: Allowance | None) -> dict[str, int]:
    """`extensions.cost` of a response."""
    report = {"requestedQueryCost": cost}
    if allowance is not None:
        report |= {
            "limit": allowance.limit,
            "remaining": allowance.remaining,
            "resetSeconds": allowance.reset_seconds,
        }
    return report


class LoginAttempts:
    """Failed sign-ins per account (email) and per client address, within LOGIN_WINDOW_SECONDS."""

    def __init__(self, caller: Caller, email: str) -> None:
        self.caller = caller
        self.account = f"login:account:{email.strip().lower()}"
        self.address = f"login:address:{client_address(caller.request)}"

    def check(self) -> None:
        """Raise RATE_LIMITED (HTTP 429, Retry-After) while either has too many recent failures."""
        windows = self.caller.guards.login_failures
        waits = [
            windows.retry_after(key, limit=limit, window=LOGIN_WINDOW_SECONDS)
            for key, limit in (
                (self.account, LOGIN_FAILURES_PER_ACCOUNT),
                (self.address, LOGIN_FAILURES_PER_ADDRESS),
            )
        ]
        wait = max((w for w in waits if w is not None), default=None)
        if wait is None:
            return
        if self.caller.response is not None:
            self.caller.response.status_code = 429
            self.caller.response.headers["Retry-After"] = str(wait)
        error = AuthError(RATE_LIMITED, f"Too many failed sign-ins. Try again in {wait} s.")
        error.extensions["retryAfterSeconds"] = wait
        raise error

    def record(self, *, succeeded: bool) -> None:
        windows = self.caller.guards.login_failures
        if succeeded:
            windows.clear(self.account)
        else:
            windows.add(self.account)
            windows.add(self.address)


def login_attempts(caller: Caller, email: str) -> LoginAttempts:
    """Checked before the password is: raises RATE_LIMITED when this account or address must wait."""
    attempts = LoginAttempts(caller, email)
    attempts.check()
    return attempts

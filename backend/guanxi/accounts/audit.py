"""The audit log: who read or changed what, when and from where. Append-only.

Services call `record` after (or inside the transaction of) the change they audit. Reads of
personal data are collected per request (`PiiReads`) and written in one statement when the
request ends. There is no way here to change or delete an event, and the model refuses it too
(`AuditEvent.save` on a stored row, `AuditEvent.delete`, queryset `update` / `delete`).

`details` carries names, never personal values: the changed field names, the attempted email of
a failed login.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.queryset import QuerySet

from guanxi.accounts.models import AuditAction, AuditActorKind, AuditEvent
from guanxi.accounts.principal import Principal, PrincipalKind
from guanxi.core import clock

SYSTEM_NAME = "system"
ANONYMOUS_NAME = "anonymous"
REQUEST_ID_HEADER = "x-request-id"
# A client's request id is kept when it is short printable ASCII (no spaces, tabs or newlines,
# so it cannot forge lines of `guanxi audit`); otherwise the server makes one.
_REQUEST_ID = re.compile(r"^[\x21-\x7e]{1,128}$")


@dataclass(frozen=True)
class RequestInfo:
    """Where a request came from: the client's address and a request id for correlating logs."""

    ip: str | None = None
    request_id: str | None = None

    @classmethod
    def from_http(cls, headers: Mapping[str, str], client_host: str | None) -> RequestInfo:
        """From an HTTP request: its `X-Request-ID` if usable, else a fresh one.

        `client_host` is the ASGI client address. uvicorn (`proxy_headers=True`) already replaces
        it with the `X-Forwarded-For` address when the peer is a trusted proxy
        (`FORWARDED_ALLOW_IPS`), so forwarding headers are not read here: a client could forge them.
        """
        given = (headers.get(REQUEST_ID_HEADER) or "").strip()
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        return cls(ip=(client_host or None), request_id=request_id)


@dataclass(frozen=True)
class Actor:
    kind: AuditActorKind
    id: int | None
    name: str


def actor_of(principal: Principal | None, *, name: str | None = None) -> Actor:
    """The principal as an actor; None is the system (the shell, the scheduler), or `name`."""
    if principal is None:
        return Actor(AuditActorKind.SYSTEM, None, (name or SYSTEM_NAME)[:200])
    if principal.kind == PrincipalKind.API_KEY:
        return Actor(AuditActorKind.API_KEY, principal.api_key_id, principal.name[:200])
    return Actor(AuditActorKind.USER, principal.user_id, principal.name[:200])


ANONYMOUS = Actor(AuditActorKind.ANONYMOUS, None, ANONYMOUS_NAME)


def _event(
    actor: Actor,
    action: AuditAction,
    record_type: str | None,
    record_id: int | None,
    details: dict[str, Any] | None,
    request: RequestInfo | None,
    at: datetime,
) -> AuditEvent:
    return AuditEvent(
        occurred_at=at,
        actor_kind=actor.kind,
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        record_type=record_type,
        record_id=record_id,
        details=details or None,
        ip_address=request.ip if request is not None else None,
        request_id=request.request_id if request is not None else None,
    )


async def record(
    *,
    principal: Principal | None,
    action: AuditAction,
    record_type: str | None = None,
    record_id: int | None = None,
    details: dict[str, Any] | None = None,
    request: RequestInfo | None = None,
    actor: Actor | None = None,
) -> AuditEvent:
    """Append one event. `actor` overrides the principal (an anonymous caller, a named shell user).

    Inside a transaction the event commits or rolls back with the change it records.
    """
    who = actor if actor is not None else actor_of(principal)
    event = _event(who, action, record_type, record_id, details, request, clock.now())
    await event.save(force_create=True)
    return event


async def record_many(
    *,
    principal: Principal | None,
    action: AuditAction,
    record_type: str,
    records: Iterable[tuple[int, dict[str, Any] | None]],
    request: RequestInfo | None = None,
    actor: Actor | None = None,
) -> int:
    """Append one event per (record id, details) in one INSERT statement; returns how many."""
    who = actor if actor is not None else actor_of(principal)
    at = clock.now()
    events = [_event(who, action, record_type, rid, det, request, at) for rid, det in records]
    if events:
        await AuditEvent.bulk_create(events)
    return len(events)


class PiiReads:
    """The customers whose personal data one request showed in clear, to audit at its end.

    The GraphQL types call `note(customer_id, field)` where they unmask a value; the view calls
    `flush` once the response is ready: one PII_READ event per distinct customer (with the field
    names read), all in one statement, then the collector is empty again (a WebSocket context
    flushes after each event it sends).
    """

    RECORD_TYPE = "Customer"

    def __init__(self) -> None:
        self._fields: dict[int, set[str]] = {}

    def note(self, customer_id: int, field: str | None = None) -> None:
        names = self._fields.setdefault(customer_id, set())
        if field:
            names.add(field)

    def __len__(self) -> int:
        return len(self._fields)

    async def flush(self, principal: Principal | None, request: RequestInfo | None = None) -> int:
        """Write what was noted (nothing, and no statement, when nothing was); returns the count."""
        noted, self._fields = self._fields, {}
        return await record_many(
            principal=principal,
            action=AuditAction.PII_READ,
            record_type=self.RECORD_TYPE,
            records=[(cid, {"fields": sorted(f)} if f else None) for cid, f in sorted(noted.items())],
            request=request,
        )


def _utc(moment: datetime) -> datetime:
    """In UTC, as stored: SQLite compares times as text, so `10:02+02:00` must become `08:02+00:00`."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def events(
    *,
    actor_kind: AuditActorKind | None = None,
    actor_id: int | None = None,
    actor_name: str | None = None,
    actions: Iterable[AuditAction] | None = None,
    record_type: str | None = None,
    record_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    request_id: str | None = None,
) -> QuerySet[AuditEvent]:
    """Events matching every given filter, newest first (by insertion order).

    `actor_name` matches part of the name, ignoring case; no actions means any action. Times
    without a zone are UTC. `since` is inclusive, `until` exclusive.
    """
    queryset = AuditEvent.all()
    if actor_kind is not None:
        queryset = queryset.filter(actor_kind=actor_kind)
    if actor_id is not None:
        queryset = queryset.filter(actor_id=actor_id)
    if actor_name:
        queryset = queryset.filter(actor_name__icontains=actor_name)
    wanted = sorted(set(actions or ()))
    if wanted:
        queryset = queryset.filter(action__in=wanted)
    if record_type is not None:
        queryset = queryset.filter(record_type=record_type)
    if record_id is not None:
        queryset = queryset.filter(record_id=record_id)
    if since is not None:
        queryset = queryset.filter(occurred_at__gte=_utc(since))
    if until is not None:
        queryset = queryset.filter(occurred_at__lt=_utc(until))
    if request_id is not None:
        queryset = queryset.filter(request_id=request_id)
    return queryset.order_by("-id")

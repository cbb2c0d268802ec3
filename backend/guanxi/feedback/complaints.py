"""The complaint workflow (客户投诉): filing, the state machine, assignment, rating, and breach marking.

States: NEW → ACKNOWLEDGED → IN_PROGRESS → RESOLVED → CLOSED, and RESOLVED → REOPENED → IN_PROGRESS.
Every change is one conditional UPDATE (`WHERE status = <the state it was read in>`) followed by a
history row, in one transaction: an illegal or raced transition changes nothing and is reported as
INVALID_TRANSITION. Events go out after commit on the "complaints" topic.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from tortoise.expressions import Case, Q, When
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction, User
from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.core import clock, events
from guanxi.core.errors import CoreErrorCode, DomainError, forbidden
from guanxi.feedback.errors import FeedbackErrorCode
from guanxi.feedback.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintStatus,
    Feedback,
    Severity,
)
from guanxi.feedback.scoping import visible_complaints

TOPIC = "complaints"
"""Every event carries `type` (complaint.filed or complaint.updated), `id` and `customer_id`."""

S = ComplaintStatus
TRANSITIONS: dict[str, tuple[frozenset[ComplaintStatus], ComplaintStatus]] = {
    "acknowledge": (frozenset({S.NEW}), S.ACKNOWLEDGED),
    "start_work": (frozenset({S.ACKNOWLEDGED, S.REOPENED}), S.IN_PROGRESS),
    "resolve": (frozenset({S.IN_PROGRESS}), S.RESOLVED),
    "close": (frozenset({S.RESOLVED}), S.CLOSED),
    "reopen": (frozenset({S.RESOLVED}), S.REOPENED),
}
OPEN = frozenset({S.NEW, S.ACKNOWLEDGED, S.IN_PROGRESS, S.REOPENED})
_FORWARD = [("acknowledge", S.ACKNOWLEDGED), ("start_work", S.IN_PROGRESS), ("resolve", S.RESOLVED)]
PATH_TO: dict[ComplaintStatus, list[tuple[str, ComplaintStatus]]] = {
    S.NEW: [],
    S.ACKNOWLEDGED: _FORWARD[:1],
    S.IN_PROGRESS: _FORWARD[:2],
    S.RESOLVED: _FORWARD,
    S.CLOSED: [*_FORWARD, ("close", S.CLOSED)],
    S.REOPENED: [*_FORWARD, ("reopen", S.REOPENED)],
}
"""The actions that take a new complaint to each status (the demo seed and the tests walk them)."""
MAX_NOTE = 5_000
MAX_RESOLUTION = 10_000


def allowed_actions(status: ComplaintStatus) -> list[str]:
    """The transitions a complaint in `status` may take, in workflow order."""
    return [action for action, (sources, _) in TRANSITIONS.items() if ComplaintStatus(status) in sources]


async def get_complaint(principal: Principal, complaint_id: int, *, field: str = "id") -> Complaint:
    complaint = await visible_complaints(principal).get_or_none(id=complaint_id)
    if complaint is None:
        if await Complaint.filter(id=complaint_id).exists():
            raise forbidden("This complaint is not in your reach.")
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such complaint.", field)
    return complaint


def _clean_note(note: str | None, limit: int = MAX_NOTE, field_name: str = "note") -> str | None:
    note = (note or "").strip() or None
    if note is not None and len(note) > limit:
        raise DomainError(CoreErrorCode.TOO_LONG, f"At most {limit} characters.", field_name)
    return note


async def _event(
    principal: Principal, complaint_id: int, kind: ComplaintEventKind, **values: Any
) -> ComplaintEvent:
    return await ComplaintEvent.create(
        complaint_id=complaint_id,
        kind=kind,
        actor_user_id=principal.user_id,
        actor_api_key_id=principal.api_key_id,
        **values,
    )


async def _change(
    *,
    principal: Principal,
    complaint: Complaint,
    condition: Q,
    changes: dict[str, Any],
    refused: str,
    event: dict[str, Any],
    audited: dict[str, Any],
    request: RequestInfo | None,
    also: Callable[[], Awaitable[Any]] | None = None,
) -> Complaint:
    """One change of a complaint: a conditional UPDATE (INVALID_TRANSITION when `condition` no longer
    holds, nothing written), its history row and audit event in the same transaction, then the event.
    `also` runs in the same transaction after the UPDATE (goodwill points when resolving)."""
    async with in_transaction():
        changed = await Complaint.filter(Q(id=complaint.pk) & condition).update(
            **changes, updated_at=clock.now()
        )
        if not changed:
            raise DomainError(FeedbackErrorCode.INVALID_TRANSITION, refused, "id")
        if also is not None:
            await also()
        await _event(principal, complaint.pk, **event)
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Complaint",
            record_id=complaint.pk,
            details=audited,
            request=request,
        )
    await complaint.refresh_from_db()
    await _publish(complaint)
    return complaint


async def _publish(complaint: Complaint, kind: str = "complaint.updated") -> None:
    await events.publish(TOPIC, {"type": kind, "id": complaint.pk, "customer_id": complaint.customer_id})


async def open_complaint(
    *,
    principal: Principal,
    feedback: Feedback,
    subject: str,
    severity: Severity,
    assignee_id: int | None,
) -> Complaint:
    """The Complaint of a COMPLAINT feedback, in the caller's transaction (publish after commit)."""
    from guanxi.feedback import standards

    filed_at = clock.now()
    first_due, resolution_due = await standards.deadlines(severity, filed_at)
    complaint = await Complaint.create(
        feedback_id=feedback.pk,
        customer_id=feedback.customer_id,
        subject=subject,
        severity=Severity(severity),
        assignee_id=assignee_id,
        first_response_due_at=first_due,
        resolution_due_at=resolution_due,
    )
    await _event(principal, complaint.pk, ComplaintEventKind.FILED, to_status=S.NEW)
    if assignee_id is not None:
        await _event(
            principal, complaint.pk, ComplaintEventKind.ASSIGNED, details={"assignee_id": assignee_id}
        )
    return complaint


async def transition(
    *,
    principal: Principal,
    complaint_id: int,
    action: str,
    note: str | None = None,
    resolution: str | None = None,
    goodwill_points: int | None = None,
    request: RequestInfo | None = None,
) -> Complaint:
    """Move a complaint along the workflow; INVALID_TRANSITION (nothing changed) if `action` is not allowed.

    Resolving may grant goodwill points (客户挽回): a BONUS entry in the customer's loyalty ledger that
    references the complaint, in the same transaction (the customer is enrolled if needed).
    """
    sources, target = TRANSITIONS[action]
    note = _clean_note(note)
    if action == "resolve":
        resolution = _clean_note(resolution, MAX_RESOLUTION, "resolution")
        if resolution is None:
            raise DomainError(CoreErrorCode.REQUIRED, "Say how the complaint was resolved.", "resolution")
    if goodwill_points is not None and action != "resolve":
        raise DomainError(CoreErrorCode.INVALID_VALUE, "Goodwill points come with a resolution.", "goodwill_points")
    if goodwill_points is not None and not principal.can(Permission.LOYALTY_WRITE):
        raise forbidden("Granting goodwill points needs the loyalty:write permission.")
    complaint = await get_complaint(principal, complaint_id)
    current = ComplaintStatus(complaint.status)
    if current not in sources:
        raise DomainError(
            FeedbackErrorCode.INVALID_TRANSITION,
            f"A {current.value} complaint cannot be {_PAST[action]}; allowed: "
            + (", ".join(allowed_actions(current)) or "nothing (closed)")
            + ".",
            "id",
        )
    now = clock.now()
    changes: dict[str, Any] = {"status": target}
    if action == "acknowledge":
        changes["first_responded_at"] = now
    elif action == "resolve":
        changes.update(resolved_at=now, resolution=resolution)
    elif action == "close":
        changes["closed_at"] = now
    elif action == "reopen":
        changes.update(resolved_at=None, resolution_rating=None)
    details: dict[str, Any] = {"resolution": resolution} if resolution else {}
    also = None
    if goodwill_points is not None:
        details["goodwill_points"] = goodwill_points

        async def also() -> Any:
            from guanxi.loyalty.services import grant_goodwill

            return await grant_goodwill(
                principal=principal,
                complaint_id=complaint.pk,
                customer_id=complaint.customer_id,  # type: ignore[attr-defined]
                points=goodwill_points,
                reason=f"Goodwill for complaint {complaint.pk}: {resolution}"[:500],
            )

    return await _change(
        principal=principal,
        complaint=complaint,
        condition=Q(status=current),
        changes=changes,
        refused="The complaint changed meanwhile; reload it.",
        event={
            "kind": ComplaintEventKind.TRANSITION,
            "from_status": current,
            "to_status": target,
            "note": note,
            "details": details,
        },
        audited={"status": [current.value, target.value], **({"goodwill_points": goodwill_points} if also else {})},
        request=request,
        also=also,
    )


_PAST = {
    "acknowledge": "acknowledged",
    "start_work": "worked on",
    "resolve": "resolved",
    "close": "closed",
    "reopen": "reopened",
}


async def assign(
    *,
    principal: Principal,
    complaint_id: int,
    assignee_id: int | None,
    note: str | None = None,
    request: RequestInfo | None = None,
) -> Complaint:
    """Give the complaint to a staff member (None: unassign). Not once it is closed."""
    note = _clean_note(note)
    complaint = await get_complaint(principal, complaint_id)
    if assignee_id is not None and not await User.filter(id=assignee_id, is_active=True).exists():
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such active staff user.", "assignee_id")
    return await _change(
        principal=principal,
        complaint=complaint,
        condition=~Q(status=S.CLOSED),
        changes={"assignee_id": assignee_id},
        refused="A closed complaint stays as it is.",
        event={
            "kind": ComplaintEventKind.ASSIGNED,
            "note": note,
            "details": {"assignee_id": assignee_id, "previous_assignee_id": complaint.assignee_id},  # type: ignore[attr-defined]
        },
        audited={"assignee_id": assignee_id},
        request=request,
    )


async def rate_resolution(
    *,
    principal: Principal,
    complaint_id: int,
    score: int,
    note: str | None = None,
    request: RequestInfo | None = None,
) -> Complaint:
    """The customer's rating of how the complaint was resolved, 1 to 5, once it is resolved or closed."""
    note = _clean_note(note)
    if not 1 <= score <= 5:
        raise DomainError(FeedbackErrorCode.INVALID_SCORE, "A rating is from 1 to 5.", "score")
    complaint = await get_complaint(principal, complaint_id)
    return await _change(
        principal=principal,
        complaint=complaint,
        condition=Q(status__in=[S.RESOLVED, S.CLOSED]),
        changes={"resolution_rating": score},
        refused="Only a resolved or closed complaint is rated.",
        event={"kind": ComplaintEventKind.RATED, "note": note, "details": {"score": score}},
        audited={"resolution_rating": score},
        request=request,
    )


async def mark_breaches(now: datetime | None = None) -> list[int]:
    """The scheduler's job: mark complaints whose first response or resolution is overdue.

    Each breach is marked once (conditional UPDATE), with a BREACHED history row and an event.
    Returns the ids of the complaints marked now.
    """
    now = now or clock.now()
    marked: set[int] = set()
    checks = (
        (
            "first_response",
            Q(status=S.NEW, first_response_due_at__lt=now, first_response_breached_at__isnull=True),
        ),
        (
            "resolution",
            Q(status__in=list(OPEN), resolution_due_at__lt=now, resolution_breached_at__isnull=True),
        ),
    )
    for deadline, condition in checks:
        ids = await Complaint.filter(condition).order_by("id").values_list("id", flat=True)
        for complaint_id in ids:
            async with in_transaction():
                changed = await Complaint.filter(Q(id=complaint_id) & condition).update(
                    **{f"{deadline}_breached_at": now}
                )
                if changed:
                    await ComplaintEvent.create(
                        complaint_id=complaint_id,
                        kind=ComplaintEventKind.BREACHED,
                        details={"deadline": deadline},
                    )
                    marked.add(complaint_id)
    for complaint in await Complaint.filter(id__in=marked):
        await _publish(complaint)
    return sorted(marked)


@dataclass
class ComplaintFilter:
    statuses: list[ComplaintStatus] = field(default_factory=list)
    severities: list[Severity] = field(default_factory=list)
    assignee_id: int | None = None
    unassigned: bool | None = None
    breached: bool | None = None
    customer_id: int | None = None


class ComplaintOrder(StrEnum):
    """How a complaint list is ordered; every order ends with the id, so pages never overlap."""

    NEWEST = "NEWEST"  # filed last first
    OLDEST = "OLDEST"
    RESOLUTION_DUE = "RESOLUTION_DUE"  # open ones first, soonest (or most overdue) resolution deadline first
    FIRST_RESPONSE_DUE = "FIRST_RESPONSE_DUE"  # NEW ones first, soonest first-response deadline first
    SEVERITY = "SEVERITY"  # CRITICAL first, then HIGH, MEDIUM, LOW; newest first within each


_SEVERITY_RANK = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)
_DEADLINES = {
    ComplaintOrder.RESOLUTION_DUE: ("resolution_due_at", OPEN),
    ComplaintOrder.FIRST_RESPONSE_DUE: ("first_response_due_at", frozenset({S.NEW})),
}


def _ordered(
    qs: QuerySet[Complaint], order: ComplaintOrder, statuses: list[ComplaintStatus]
) -> QuerySet[Complaint]:
    """`qs` in `order`. Ranks are one-digit strings (CASE ... THEN '0'), which sort as their numbers."""
    if order == ComplaintOrder.OLDEST:
        return qs.order_by("created_at", "id")
    if order == ComplaintOrder.SEVERITY:
        rank = Case(*(When(severity=s, then=str(i)) for i, s in enumerate(_SEVERITY_RANK)), default="9")
        return qs.annotate(severity_rank=rank).order_by("severity_rank", "-created_at", "-id")
    if order in _DEADLINES:
        deadline, running = _DEADLINES[order]
        wanted = {ComplaintStatus(s) for s in statuses}
        if wanted and (wanted <= running or not wanted & running):
            # All on one side (a board column): the (status, deadline) index gives the order.
            return qs.order_by(deadline, "id")
        waiting = Case(When(status__in=list(running), then="0"), default="1")
        return qs.annotate(deadline_rank=waiting).order_by("deadline_rank", deadline, "id")
    return qs.order_by("-created_at", "-id")


def complaint_list(
    principal: Principal, f: ComplaintFilter, order: ComplaintOrder = ComplaintOrder.NEWEST
) -> QuerySet[Complaint]:
    """Visible complaints matching the filter, in `order`."""
    qs = visible_complaints(principal)
    if f.statuses:
        qs = qs.filter(status__in=[ComplaintStatus(s) for s in f.statuses])
    if f.severities:
        qs = qs.filter(severity__in=[Severity(s) for s in f.severities])
    if f.assignee_id is not None:
        qs = qs.filter(assignee_id=f.assignee_id)
    if f.unassigned is True:
        qs = qs.filter(assignee_id__isnull=True)
    if f.customer_id is not None:
        qs = qs.filter(customer_id=f.customer_id)
    breached = Q(first_response_breached_at__isnull=False) | Q(resolution_breached_at__isnull=False)
    if f.breached is True:
        qs = qs.filter(breached)
    elif f.breached is False:
        qs = qs.filter(first_response_breached_at__isnull=True, resolution_breached_at__isnull=True)
    return _ordered(qs, ComplaintOrder(order), f.statuses)


def history(principal: Principal, complaint_id: int) -> Any:
    """A visible complaint's history, oldest first."""
    from tortoise.expressions import Subquery

    return ComplaintEvent.filter(
        complaint_id=complaint_id,
        complaint_id__in=Subquery(visible_complaints(principal).filter(id=complaint_id).values("id")),
    ).order_by("id")

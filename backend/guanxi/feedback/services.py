"""Recording feedback (surveys, complaints, suggestions, praise, requests) and moving needs along.

`submit_feedback` computes sentiment on submit, files the Complaint of COMPLAINT feedback, and makes
an NPS promoter who is LOYAL an ADVOCATE (unless the stage is pinned). Each function owns its
transaction and publishes after commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction, User
from guanxi.accounts.principal import Principal
from guanxi.core import clock, events
from guanxi.core.errors import Collector, CoreErrorCode, DomainError, forbidden
from guanxi.core.idempotency import run_idempotent
from guanxi.customers import services as customer_services
from guanxi.customers.errors import CustomerErrorCode
from guanxi.customers.models import Customer, LifecycleStage, Purchase
from guanxi.feedback import complaints
from guanxi.feedback.errors import FeedbackErrorCode
from guanxi.feedback.models import Feedback, FeedbackKind, NeedStatus, Priority, ScoreScale, Severity
from guanxi.feedback.scoping import visible_feedback
from guanxi.feedback.sentiment import analyze
from guanxi.interactions.models import Channel, Interaction

TOPIC = "feedback"
"""Every event carries `type` (feedback.submitted or feedback.updated), `id` and `customer_id`."""
SCALES: dict[ScoreScale, tuple[int, int]] = {
    ScoreScale.NPS: (0, 10),
    ScoreScale.CSAT: (1, 5),
    ScoreScale.CES: (1, 7),
}
MAX_TEXT = 10_000
MAX_TOPICS = 20
NEXT_NEED: dict[NeedStatus, frozenset[NeedStatus]] = {
    NeedStatus.IDENTIFIED: frozenset({NeedStatus.ANALYZING, NeedStatus.DECLINED}),
    NeedStatus.ANALYZING: frozenset({NeedStatus.PLANNED, NeedStatus.DECLINED}),
    NeedStatus.PLANNED: frozenset({NeedStatus.FULFILLED, NeedStatus.DECLINED}),
    NeedStatus.FULFILLED: frozenset(),
    NeedStatus.DECLINED: frozenset(),
}
PROMOTER = 9  # NPS 9-10 promote, 7-8 are passive, 0-6 detract


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Validated column values of a feedback, all problems reported together."""
    errors = Collector()
    kind = FeedbackKind(data["kind"])
    text = (data.get("text") or "").strip() or None
    if text is not None and len(text) > MAX_TEXT:
        errors.add(CoreErrorCode.TOO_LONG, f"At most {MAX_TEXT} characters.", "text")
    score, scale = data.get("score"), data.get("scale")
    if score is not None and scale is None:
        errors.add(CoreErrorCode.REQUIRED, "Say which scale the score is on (NPS, CSAT or CES).", "scale")
    elif scale is not None and score is None:
        errors.add(CoreErrorCode.REQUIRED, "A scale needs its score.", "score")
    elif scale is not None:
        low, high = SCALES[ScoreScale(scale)]
        if not low <= score <= high:
            errors.add(FeedbackErrorCode.INVALID_SCORE, f"A {scale} score is from {low} to {high}.", "score")
    if kind == FeedbackKind.SURVEY and score is None and text is None:
        errors.add(CoreErrorCode.REQUIRED, "A survey response has a score or a text.", "score")
    if (
        kind in (FeedbackKind.COMPLAINT, FeedbackKind.SUGGESTION, FeedbackKind.PRAISE, FeedbackKind.REQUEST)
        and not text
    ):
        errors.add(CoreErrorCode.REQUIRED, "Say what the customer said.", "text")
    topics = [str(t).strip().lower() for t in data.get("topics") or [] if str(t).strip()]
    if len(topics) > MAX_TOPICS or any(len(t) > 50 for t in topics):
        errors.add(CoreErrorCode.INVALID_VALUE, f"At most {MAX_TOPICS} topics of 50 characters.", "topics")
    occurred_at = data.get("occurred_at") or clock.now()
    if occurred_at.tzinfo is None:
        errors.add(CoreErrorCode.INVALID_VALUE, "Give a time zone offset.", "occurred_at")
    elif occurred_at > clock.now() + customer_services.FUTURE_TOLERANCE:
        errors.add(CustomerErrorCode.FUTURE_DATE, "Feedback cannot come from the future.", "occurred_at")
    subject = (data.get("subject") or "").strip() or None
    if subject is not None and len(subject) > 200:
        errors.add(CoreErrorCode.TOO_LONG, "At most 200 characters.", "subject")
    errors.raise_if_any()
    values: dict[str, Any] = {
        "kind": kind,
        "channel": Channel(data["channel"]) if data.get("channel") else None,
        "text": text,
        "score": score,
        "scale": ScoreScale(scale) if scale else None,
        "topics": sorted(set(topics)),
        "occurred_at": occurred_at.astimezone(UTC) if occurred_at.tzinfo else occurred_at,
    }
    if kind == FeedbackKind.REQUEST:
        values["need_status"] = NeedStatus.IDENTIFIED
        values["priority"] = Priority(data.get("priority") or Priority.MEDIUM)
    if text is not None:
        sentiment = analyze(text)
        values["sentiment_score"] = round(sentiment.score, 4)
        values["sentiment_label"] = str(sentiment.label)
    return values


async def _check_links(customer_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """The interaction and purchase a feedback concerns must be the same customer's."""
    links: dict[str, Any] = {}
    for name, model in (("interaction_id", Interaction), ("purchase_id", Purchase)):
        pk = data.get(name)
        if pk is None:
            continue
        owner = await model.filter(id=pk).values_list("customer_id", flat=True)
        if not owner:
            raise DomainError(CoreErrorCode.NOT_FOUND, "No such record.", name)
        if owner[0] != customer_id:
            raise DomainError(FeedbackErrorCode.WRONG_CUSTOMER, "It belongs to another customer.", name)
        links[name] = pk
    return links


async def _promote_promoter(customer_id: int) -> bool:
    changed = await Customer.filter(
        id=customer_id, lifecycle_stage=LifecycleStage.LOYAL, lifecycle_stage_pinned=False
    ).update(lifecycle_stage=LifecycleStage.ADVOCATE, updated_at=clock.now())
    return bool(changed)


async def submit_feedback(
    *,
    principal: Principal,
    customer_id: int,
    data: dict[str, Any],
    idempotency_key: str | None = None,
    request: RequestInfo | None = None,
) -> tuple[Feedback, bool]:
    """Record one piece of feedback; the same idempotency key never records two. Returns (feedback, replayed).

    COMPLAINT feedback also files its Complaint (`subject`, `severity` default MEDIUM, `assignee_id`).
    """
    values = _clean(data)
    severity = Severity(data.get("severity") or Severity.MEDIUM)
    assignee_id = data.get("assignee_id")
    customer = await customer_services.get_customer(principal, customer_id, field="customer_id")
    if customer.archived_at is not None:
        raise DomainError(CustomerErrorCode.ARCHIVED, "This customer is archived.", "customer_id")
    links = await _check_links(customer.pk, data)
    if assignee_id is not None and not await User.filter(id=assignee_id, is_active=True).exists():
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such active staff user.", "assignee_id")
    outcome: dict[str, Any] = {"complaint": None, "promoted": False}

    async def action() -> Feedback:
        feedback = await Feedback.create(
            customer_id=customer.pk,
            submitted_by_user_id=principal.user_id,
            submitted_by_api_key_id=principal.api_key_id,
            **values,
            **links,
        )
        if feedback.kind == FeedbackKind.COMPLAINT:
            subject = (data.get("subject") or "").strip() or _subject_from(feedback.text or "")
            outcome["complaint"] = await complaints.open_complaint(
                principal=principal,
                feedback=feedback,
                subject=subject,
                severity=severity,
                assignee_id=assignee_id,
            )
        if feedback.scale == ScoreScale.NPS and (feedback.score or 0) >= PROMOTER:
            outcome["promoted"] = await _promote_promoter(customer.pk)
        await audit.record(
            principal=principal,
            action=AuditAction.CREATE,
            record_type="Feedback",
            record_id=feedback.pk,
            details={"customer_id": customer.pk, "kind": str(feedback.kind)},
            request=request,
        )
        return feedback

    async def transactional_action() -> Feedback:
        async with in_transaction():
            return await action()

    feedback, replayed = await run_idempotent(
        principal=principal.key,
        operation="submitFeedback",
        key=idempotency_key,
        payload={"customer_id": customer_id, **data},
        action=action if idempotency_key else transactional_action,
        load=lambda pk: visible_feedback(principal).get_or_none(id=pk),
    )
    if not replayed:
        await events.publish(
            TOPIC, {"type": "feedback.submitted", "id": feedback.pk, "customer_id": customer.pk}
        )
        if outcome["complaint"] is not None:
            await events.publish(
                complaints.TOPIC,
                {"type": "complaint.filed", "id": outcome["complaint"].pk, "customer_id": customer.pk},
            )
        if outcome["promoted"]:
            await events.publish(
                customer_services.TOPIC,
                {"type": "customer.updated", "id": customer.pk, "customer_id": customer.pk},
            )
    return feedback, replayed


def _subject_from(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "Complaint"
    return first if len(first) <= 60 else first[:59] + "…"


async def get_feedback(principal: Principal, feedback_id: int, *, field: str = "id") -> Feedback:
    feedback = await visible_feedback(principal).get_or_none(id=feedback_id)
    if feedback is None:
        if await Feedback.filter(id=feedback_id).exists():
            raise forbidden("This feedback is not in your reach.")
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such feedback.", field)
    return feedback


async def update_need_status(
    *,
    principal: Principal,
    feedback_id: int,
    status: NeedStatus | None = None,
    priority: Priority | None = None,
    request: RequestInfo | None = None,
) -> Feedback:
    """Move a need (REQUEST feedback) forward: IDENTIFIED → ANALYZING → PLANNED → FULFILLED, or DECLINED."""
    feedback = await get_feedback(principal, feedback_id)
    if feedback.kind != FeedbackKind.REQUEST:
        raise DomainError(FeedbackErrorCode.NOT_A_NEED, "Only a REQUEST is a need with a status.", "id")
    current = NeedStatus(feedback.need_status or NeedStatus.IDENTIFIED)
    changes: dict[str, Any] = {}
    if status is not None and NeedStatus(status) != current:
        if NeedStatus(status) not in NEXT_NEED[current]:
            allowed = ", ".join(sorted(NEXT_NEED[current])) or "nothing"
            raise DomainError(
                FeedbackErrorCode.INVALID_TRANSITION, f"A {current} need can move to: {allowed}.", "status"
            )
        changes["need_status"] = NeedStatus(status)
    if priority is not None:
        changes["priority"] = Priority(priority)
    if not changes:
        return feedback
    async with in_transaction():
        updated = await Feedback.filter(id=feedback.pk, need_status=current).update(
            **changes, updated_at=clock.now()
        )
        if not updated:
            raise DomainError(
                FeedbackErrorCode.INVALID_TRANSITION, "The need changed meanwhile; reload it.", "status"
            )
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Feedback",
            record_id=feedback.pk,
            details={k: str(v) for k, v in changes.items()},
            request=request,
        )
    await feedback.refresh_from_db()
    await events.publish(
        TOPIC, {"type": "feedback.updated", "id": feedback.pk, "customer_id": feedback.customer_id}
    )
    return feedback


@dataclass
class FeedbackFilter:
    customer_id: int | None = None
    kinds: list[FeedbackKind] = field(default_factory=list)
    scale: ScoreScale | None = None
    sentiment: str | None = None
    need_statuses: list[NeedStatus] = field(default_factory=list)
    channel: Channel | None = None
    occurred_after: datetime | None = None
    occurred_before: datetime | None = None


def feedback_list(principal: Principal, f: FeedbackFilter) -> Any:
    """Visible feedback matching the filter, newest first."""
    qs = visible_feedback(principal)
    if f.customer_id is not None:
        qs = qs.filter(customer_id=f.customer_id)
    if f.kinds:
        qs = qs.filter(kind__in=[FeedbackKind(k) for k in f.kinds])
    if f.scale is not None:
        qs = qs.filter(scale=ScoreScale(f.scale))
    if f.sentiment is not None:
        qs = qs.filter(sentiment_label=str(f.sentiment))
    if f.need_statuses:
        qs = qs.filter(need_status__in=[NeedStatus(s) for s in f.need_statuses])
    if f.channel is not None:
        qs = qs.filter(channel=Channel(f.channel))
    if f.occurred_after is not None:
        qs = qs.filter(occurred_at__gte=f.occurred_after.astimezone(UTC))
    if f.occurred_before is not None:
        qs = qs.filter(occurred_at__lt=f.occurred_before.astimezone(UTC))
    return qs.order_by("-occurred_at", "-id")

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import strawberry
import strawberry.scalars
from strawberry import relay
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core import clock
from guanxi.feedback import complaints as workflow
from guanxi.feedback import models as m
from guanxi.feedback import sentiment
from guanxi.graphql.accounts.types import User, user_or_none
from guanxi.graphql.customers.types import Customer, Purchase
from guanxi.graphql.interactions.types import Channel, Interaction

FeedbackKind = strawberry.enum(
    m.FeedbackKind,
    description="SURVEY (a survey answer), COMPLAINT (files a Complaint), SUGGESTION, PRAISE, REQUEST (a need "
    "with a status).",
)
ScoreScale = strawberry.enum(
    m.ScoreScale,
    description="NPS 0-10 (would recommend us: 9-10 promoters, 0-6 detractors), CSAT 1-5 (satisfied: 4-5), "
    "CES 1-7 (customer effort: how easy it was).",
)
NeedStatus = strawberry.enum(
    m.NeedStatus,
    description="Where a need stands: IDENTIFIED → ANALYZING → PLANNED → FULFILLED, or DECLINED.",
)
Priority = strawberry.enum(m.Priority, description="How much a need matters.")
ComplaintStatus = strawberry.enum(
    m.ComplaintStatus,
    description="NEW → ACKNOWLEDGED → IN_PROGRESS → RESOLVED → CLOSED; RESOLVED → REOPENED → IN_PROGRESS.",
)
Severity = strawberry.enum(m.Severity, description="How serious a complaint is; sets its service deadlines.")
ComplaintEventKind = strawberry.enum(
    m.ComplaintEventKind,
    description="FILED, TRANSITION (a status change), ASSIGNED, RATED (the customer rated the resolution), "
    "BREACHED (a deadline passed).",
)
SentimentLabel = strawberry.enum(sentiment.SentimentLabel, description="The tone of a feedback text.")


def _int_ids(node_ids: Iterable[str]) -> list[int]:
    return [int(i) if str(i).isdigit() else 0 for i in node_ids]


def _can(info: Info, permission: Permission) -> bool:
    principal = info.context.principal
    return principal is not None and principal.can(permission)


async def _staff(info: Info, user_id: int | None) -> User | None:
    """A staff user through the request's DataLoader (one query for all of a response's users)."""
    if user_id is None:
        return None
    return user_or_none(await info.context.loaders.user.load(user_id))


@strawberry.type(
    description="What a customer told us: a survey answer, a complaint, a suggestion, praise or a request."
)
class Feedback(relay.Node):
    id: relay.NodeID[int]
    kind: FeedbackKind = strawberry.field(description="What kind of feedback.")  # type: ignore[valid-type]
    channel: Channel | None = strawberry.field(description="Where it came in.")  # type: ignore[valid-type]
    text: str | None = strawberry.field(description="What the customer said, as given.")
    score: int | None = strawberry.field(description="The score, on `scale`.")
    scale: ScoreScale | None = strawberry.field(description="The scale of `score`.")  # type: ignore[valid-type]
    sentiment_score: float | None = strawberry.field(
        description="The tone of `text` from -1 (negative) to 1 (positive), computed on submit; null without text."
    )
    sentiment_label: SentimentLabel | None = strawberry.field(  # type: ignore[valid-type]
        description="NEGATIVE, NEUTRAL or POSITIVE, from `sentimentScore`."
    )
    topics: list[str] = strawberry.field(description="Topics it is about, lower case, e.g. `delivery`.")
    need_status: NeedStatus | None = strawberry.field(  # type: ignore[valid-type]
        description="For a REQUEST: where the need stands; null for other kinds."
    )
    priority: Priority | None = strawberry.field(description="For a REQUEST: how much it matters.")  # type: ignore[valid-type]
    occurred_at: datetime = strawberry.field(description="When the customer gave it.")
    created_at: datetime = strawberry.field(description="When it was recorded in Guanxi.")
    customer_id: strawberry.Private[int]
    interaction_id: strawberry.Private[int | None]
    purchase_id: strawberry.Private[int | None]
    submitted_by_user_id: strawberry.Private[int | None]
    submitted_by_api_key_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.Feedback) -> Feedback:
        return cls(
            id=row.pk,
            kind=row.kind,
            channel=row.channel,
            text=row.text,
            score=row.score,
            scale=row.scale,
            sentiment_score=row.sentiment_score,
            sentiment_label=sentiment.SentimentLabel(row.sentiment_label) if row.sentiment_label else None,
            topics=list(row.topics or []),
            need_status=row.need_status,
            priority=row.priority,
            occurred_at=row.occurred_at,
            created_at=row.created_at,
            customer_id=row.customer_id,  # type: ignore[attr-defined]
            interaction_id=row.interaction_id,  # type: ignore[attr-defined]
            purchase_id=row.purchase_id,  # type: ignore[attr-defined]
            submitted_by_user_id=row.submitted_by_user_id,  # type: ignore[attr-defined]
            submitted_by_api_key_id=row.submitted_by_api_key_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Feedback | None]:
        ids = _int_ids(node_ids)
        if not _can(info, Permission.FEEDBACK_READ):
            return [None for _ in ids]
        rows = await info.context.loaders.feedback.load_many(ids)
        return [cls.from_row(r) if r is not None else None for r in rows]

    @strawberry.field(description="The customer who gave it.")
    async def customer(self, info: Info) -> Customer | None:
        row: Any = await info.context.loaders.customer.load(self.customer_id)
        return Customer.from_row(row) if row is not None else None

    @strawberry.field(description="The contact it is about, if any.")
    async def interaction(self, info: Info) -> Interaction | None:
        if self.interaction_id is None or not _can(info, Permission.INTERACTIONS_READ):
            return None
        row: Any = await info.context.loaders.interaction.load(self.interaction_id)
        return Interaction.from_row(row) if row is not None else None

    @strawberry.field(description="The purchase it is about, if any.")
    async def purchase(self, info: Info) -> Purchase | None:
        if self.purchase_id is None:
            return None
        row: Any = await info.context.loaders.purchase.load(self.purchase_id)
        return Purchase.from_row(row) if row is not None else None

    @strawberry.field(description="The staff member who recorded it; null when a partner's system did.")
    async def submitted_by(self, info: Info) -> User | None:
        return await _staff(info, self.submitted_by_user_id)

    @strawberry.field(description="True when a partner's system recorded it through an API key.")
    def submitted_by_api_key(self) -> bool:
        return self.submitted_by_api_key_id is not None

    @strawberry.field(description="For COMPLAINT feedback: its complaint.")
    async def complaint(self, info: Info) -> Complaint | None:
        if self.kind != m.FeedbackKind.COMPLAINT:
            return None
        row: Any = await info.context.loaders.complaint_of_feedback.load(self.id)
        return Complaint.from_row(row) if row is not None else None


@strawberry.type(description="One step in a complaint's history.")
class ComplaintEvent:
    kind: ComplaintEventKind = strawberry.field(description="What happened.")  # type: ignore[valid-type]
    from_status: ComplaintStatus | None = strawberry.field(description="The status before, for a TRANSITION.")  # type: ignore[valid-type]
    to_status: ComplaintStatus | None = strawberry.field(
        description="The status after, for FILED and TRANSITION."
    )  # type: ignore[valid-type]
    note: str | None = strawberry.field(description="What the staff member wrote.")
    details: strawberry.scalars.JSON = strawberry.field(  # type: ignore[name-defined]
        description="More about it: the resolution, the assignee, the rating or which deadline passed."
    )
    at: datetime = strawberry.field(description="When.")
    by_api_key: bool = strawberry.field(description="True when a partner's system did it.")
    actor_user_id: strawberry.Private[int | None]
    assignee_id: strawberry.Private[int | None]
    previous_assignee_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.ComplaintEvent) -> ComplaintEvent:
        details = row.details or {}
        assigned = row.kind == m.ComplaintEventKind.ASSIGNED
        return cls(
            kind=row.kind,
            from_status=row.from_status,
            to_status=row.to_status,
            note=row.note,
            details=details,
            at=row.created_at,
            by_api_key=row.actor_api_key_id is not None,
            actor_user_id=row.actor_user_id,  # type: ignore[attr-defined]
            assignee_id=details.get("assignee_id") if assigned else None,
            previous_assignee_id=details.get("previous_assignee_id") if assigned else None,
        )

    @strawberry.field(description="Who did it; null for the scheduler or a partner's system.")
    async def by(self, info: Info) -> User | None:
        return await _staff(info, self.actor_user_id)

    @strawberry.field(
        description="For ASSIGNED: the staff member the complaint was given to; null when it was unassigned "
        "(and for other kinds)."
    )
    async def assignee(self, info: Info) -> User | None:
        return await _staff(info, self.assignee_id)

    @strawberry.field(
        description="For ASSIGNED: who handled the complaint before; null when nobody did (and for other kinds)."
    )
    async def previous_assignee(self, info: Info) -> User | None:
        return await _staff(info, self.previous_assignee_id)


@strawberry.type(
    description="A complaint and its handling, with deadlines from the service standard of its severity."
)
class Complaint(relay.Node):
    id: relay.NodeID[int]
    subject: str = strawberry.field(description="A short title.")
    severity: Severity = strawberry.field(description="How serious it is.")  # type: ignore[valid-type]
    status: ComplaintStatus = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]
    first_response_due_at: datetime = strawberry.field(description="When the first response is due.")
    resolution_due_at: datetime = strawberry.field(description="When the resolution is due.")
    first_responded_at: datetime | None = strawberry.field(description="When it was acknowledged.")
    resolved_at: datetime | None = strawberry.field(
        description="When it was resolved (null again once reopened)."
    )
    closed_at: datetime | None = strawberry.field(description="When it was closed.")
    first_response_breached_at: datetime | None = strawberry.field(
        description="When the scheduler found the first response overdue; null while on time."
    )
    resolution_breached_at: datetime | None = strawberry.field(
        description="When the scheduler found the resolution overdue; null while on time."
    )
    resolution: str | None = strawberry.field(description="How it was resolved.")
    resolution_rating: int | None = strawberry.field(
        description="The customer's rating of the resolution, 1-5."
    )
    created_at: datetime = strawberry.field(description="When it was filed.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    customer_id: strawberry.Private[int]
    feedback_id: strawberry.Private[int]
    assignee_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.Complaint) -> Complaint:
        return cls(
            id=row.pk,
            subject=row.subject,
            severity=row.severity,
            status=row.status,
            first_response_due_at=row.first_response_due_at,
            resolution_due_at=row.resolution_due_at,
            first_responded_at=row.first_responded_at,
            resolved_at=row.resolved_at,
            closed_at=row.closed_at,
            first_response_breached_at=row.first_response_breached_at,
            resolution_breached_at=row.resolution_breached_at,
            resolution=row.resolution,
            resolution_rating=row.resolution_rating,
            created_at=row.created_at,
            updated_at=row.updated_at,
            customer_id=row.customer_id,  # type: ignore[attr-defined]
            feedback_id=row.feedback_id,  # type: ignore[attr-defined]
            assignee_id=row.assignee_id,  # type: ignore[attr-defined]
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Complaint | None]:
        ids = _int_ids(node_ids)
        if not _can(info, Permission.FEEDBACK_READ):
            return [None for _ in ids]
        rows = await info.context.loaders.complaint.load_many(ids)
        return [cls.from_row(r) if r is not None else None for r in rows]

    @strawberry.field(description="True once either deadline was found breached.")
    def breached(self) -> bool:
        return self.first_response_breached_at is not None or self.resolution_breached_at is not None

    @strawberry.field(
        description="Seconds until the next open deadline (first response while NEW, then resolution); negative "
        "when overdue; null once resolved or closed."
    )
    def seconds_to_deadline(self) -> int | None:
        if self.status == m.ComplaintStatus.NEW:
            due = self.first_response_due_at
        elif self.status in workflow.OPEN:
            due = self.resolution_due_at
        else:
            return None
        return int((due - clock.now()).total_seconds())

    @strawberry.field(description="The workflow actions allowed now, e.g. `acknowledge`, `start_work`.")
    def allowed_actions(self) -> list[str]:
        return workflow.allowed_actions(self.status)

    @strawberry.field(description="The customer who complained.")
    async def customer(self, info: Info) -> Customer | None:
        row: Any = await info.context.loaders.customer.load(self.customer_id)
        return Customer.from_row(row) if row is not None else None

    @strawberry.field(description="The complaint's feedback: its text, channel, sentiment and links.")
    async def feedback(self, info: Info) -> Feedback | None:
        row: Any = await info.context.loaders.feedback.load(self.feedback_id)
        return Feedback.from_row(row) if row is not None else None

    @strawberry.field(description="The staff member handling it.")
    async def assignee(self, info: Info) -> User | None:
        return await _staff(info, self.assignee_id)

    @strawberry.field(description="Everything that happened to it, oldest first.")
    async def history(self, info: Info) -> list[ComplaintEvent]:
        rows = await info.context.loaders.complaint_events.load(self.id)
        return [ComplaintEvent.from_row(r) for r in rows]


@strawberry.type(description="How fast complaints of one severity are answered and resolved (客户服务标准).")
class ServiceStandard:
    severity: Severity = strawberry.field(description="The severity.")  # type: ignore[valid-type]
    first_response_minutes: int = strawberry.field(description="Minutes from filing to the first response.")
    resolution_minutes: int = strawberry.field(description="Minutes from filing to the resolution.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")

    @classmethod
    def from_row(cls, row: m.ServiceStandard) -> ServiceStandard:
        return cls(
            severity=row.severity,
            first_response_minutes=row.first_response_minutes,
            resolution_minutes=row.resolution_minutes,
            updated_at=row.updated_at,
        )


@strawberry.type(description="NPS, CSAT and CES of a set of survey answers.")
class ScoreSummary:
    nps: float | None = strawberry.field(
        description="Net Promoter Score: % promoters (9-10) − % detractors (0-6), -100 to 100; null without answers."
    )
    nps_answers: int = strawberry.field(description="NPS answers.")
    promoters: int = strawberry.field(description="NPS answers of 9 or 10.")
    passives: int = strawberry.field(description="NPS answers of 7 or 8.")
    detractors: int = strawberry.field(description="NPS answers of 0 to 6.")
    csat: float | None = strawberry.field(
        description="% of CSAT answers that are 4 or 5; null without answers."
    )
    csat_answers: int = strawberry.field(description="CSAT answers.")
    ces: float | None = strawberry.field(description="Average CES answer (1-7); null without answers.")
    ces_answers: int = strawberry.field(description="CES answers.")

    @classmethod
    def from_summary(cls, s: Any) -> ScoreSummary:
        return cls(
            nps=s.nps,
            nps_answers=s.nps_answers,
            promoters=s.promoters,
            passives=s.passives,
            detractors=s.detractors,
            csat=s.csat,
            csat_answers=s.csat_answers,
            ces=s.ces,
            ces_answers=s.ces_answers,
        )


@strawberry.type(description="The scores of one week or month.")
class FeedbackPeriod:
    start: date = strawberry.field(description="The first day (a Monday for weeks).")
    scores: ScoreSummary = strawberry.field(description="The scores of the answers given in it.")


@strawberry.type(description="How many pieces of feedback of one kind.")
class FeedbackKindCount:
    kind: FeedbackKind = strawberry.field(description="The kind.")  # type: ignore[valid-type]
    count: int = strawberry.field(description="How many.")


@strawberry.type(
    description="Feedback statistics over a time range (口碑: promoters and detractors included)."
)
class FeedbackStats:
    since: datetime = strawberry.field(description="Start of the range (included).")
    until: datetime = strawberry.field(description="End of the range (excluded).")
    scores: ScoreSummary = strawberry.field(description="The scores over the whole range.")
    trend: list[FeedbackPeriod] = strawberry.field(description="The scores per week or month, oldest first.")
    by_kind: list[FeedbackKindCount] = strawberry.field(description="Feedback received per kind.")
    promoter_ids: strawberry.Private[list[int]]
    detractor_ids: strawberry.Private[list[int]]

    @strawberry.field(
        description="Customers whose latest NPS answer in the range is 9-10, latest first (at most 20)."
    )
    async def promoters(self, info: Info) -> list[Customer]:
        rows = await info.context.loaders.customer.load_many(self.promoter_ids)
        return [Customer.from_row(r) for r in rows if r is not None]

    @strawberry.field(
        description="Customers whose latest NPS answer in the range is 0-6, latest first (at most 20)."
    )
    async def detractors(self, info: Info) -> list[Customer]:
        rows = await info.context.loaders.customer.load_many(self.detractor_ids)
        return [Customer.from_row(r) for r in rows if r is not None]

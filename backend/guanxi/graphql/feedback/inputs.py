from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from guanxi.graphql.feedback.types import (
    ComplaintStatus,
    FeedbackKind,
    NeedStatus,
    Priority,
    ScoreScale,
    SentimentLabel,
    Severity,
)
from guanxi.graphql.interactions.types import Channel


@strawberry.input(description="Feedback to record. COMPLAINT feedback also files a Complaint.")
class SubmitFeedbackInput:
    customer_id: strawberry.ID = strawberry.field(description="Who gave it.")
    kind: FeedbackKind = strawberry.field(description="What kind of feedback.")  # type: ignore[valid-type]
    channel: Channel | None = strawberry.field(default=None, description="Where it came in.")  # type: ignore[valid-type]
    text: str | None = strawberry.field(
        default=None, description="What the customer said; required except for a survey with a score."
    )
    score: int | None = strawberry.field(default=None, description="A score on `scale`.")
    scale: ScoreScale | None = strawberry.field(default=None, description="NPS 0-10, CSAT 1-5 or CES 1-7.")  # type: ignore[valid-type]
    interaction_id: strawberry.ID | None = strawberry.field(
        default=None, description="The contact it is about (the same customer's)."
    )
    purchase_id: strawberry.ID | None = strawberry.field(
        default=None, description="The purchase it is about (the same customer's)."
    )
    topics: list[str] | None = strawberry.field(
        default=None, description="Topics, e.g. `delivery`; at most 20."
    )
    priority: Priority | None = strawberry.field(default=None, description="For a REQUEST; default MEDIUM.")  # type: ignore[valid-type]
    occurred_at: datetime | None = strawberry.field(
        default=None, description="When it was given; default now."
    )
    subject: str | None = strawberry.field(
        default=None, description="For a COMPLAINT: its title; default the text's first line."
    )
    severity: Severity | None = strawberry.field(default=None, description="For a COMPLAINT; default MEDIUM.")  # type: ignore[valid-type]
    assignee_id: strawberry.ID | None = strawberry.field(
        default=None, description="For a COMPLAINT: who handles it."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retry-safety key: the same key never records two."
    )


@strawberry.input(description="A complaint to file.")
class FileComplaintInput:
    customer_id: strawberry.ID = strawberry.field(description="Who complains.")
    text: str = strawberry.field(description="What the customer said.")
    subject: str | None = strawberry.field(
        default=None, description="A short title; default the text's first line."
    )
    severity: Severity = strawberry.field(description="How serious it is; sets the deadlines.")  # type: ignore[valid-type]
    channel: Channel | None = strawberry.field(default=None, description="Where it came in.")  # type: ignore[valid-type]
    interaction_id: strawberry.ID | None = strawberry.field(
        default=None, description="The contact it is about."
    )
    purchase_id: strawberry.ID | None = strawberry.field(
        default=None, description="The purchase it is about."
    )
    assignee_id: strawberry.ID | None = strawberry.field(default=None, description="Who handles it.")
    occurred_at: datetime | None = strawberry.field(
        default=None, description="When it was made; default now."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retry-safety key: the same key never files two."
    )


@strawberry.input(description="A workflow step on a complaint, with an optional note for its history.")
class ComplaintStepInput:
    id: strawberry.ID = strawberry.field(description="The complaint.")
    note: str | None = strawberry.field(default=None, description="A note for the history.")


@strawberry.input(description="Resolve a complaint.")
class ResolveComplaintInput:
    id: strawberry.ID = strawberry.field(description="The complaint.")
    resolution: str = strawberry.field(description="How it was resolved, for the customer and the history.")
    note: str | None = strawberry.field(default=None, description="An internal note for the history.")
    goodwill_points: int | None = strawberry.field(
        default=None,
        description="Loyalty points to credit as an apology (1 to 100,000), referencing the complaint in the ledger.",
    )


@strawberry.input(description="Give a complaint to a staff member.")
class AssignComplaintInput:
    id: strawberry.ID = strawberry.field(description="The complaint.")
    assignee_id: strawberry.ID | None = strawberry.field(description="The staff user; null unassigns.")
    note: str | None = strawberry.field(default=None, description="A note for the history.")


@strawberry.input(description="The customer's rating of a complaint's resolution.")
class RateComplaintResolutionInput:
    id: strawberry.ID = strawberry.field(description="The complaint (resolved or closed).")
    score: int = strawberry.field(description="1 (very unhappy) to 5 (very happy).")
    note: str | None = strawberry.field(default=None, description="What the customer said.")


@strawberry.input(description="Move a need (REQUEST feedback) forward, or change its priority.")
class UpdateNeedStatusInput:
    id: strawberry.ID = strawberry.field(description="The REQUEST feedback.")
    status: NeedStatus | None = strawberry.field(default=None, description="The next status.")  # type: ignore[valid-type]
    priority: Priority | None = strawberry.field(default=None, description="The new priority.")  # type: ignore[valid-type]


@strawberry.input(
    description="Change the service standard of one severity; filed complaints keep their deadlines."
)
class UpdateServiceStandardInput:
    severity: Severity = strawberry.field(description="Which severity.")  # type: ignore[valid-type]
    first_response_minutes: int | None = strawberry.field(
        default=None, description="Minutes to the first response."
    )
    resolution_minutes: int | None = strawberry.field(default=None, description="Minutes to the resolution.")


@strawberry.input(description="Narrows a feedback list; all given conditions must hold.")
class FeedbackFilter:
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="From this customer.")
    kinds: list[FeedbackKind] | None = strawberry.field(default=None, description="Of these kinds.")  # type: ignore[valid-type]
    scale: ScoreScale | None = strawberry.field(default=None, description="With a score on this scale.")  # type: ignore[valid-type]
    sentiment: SentimentLabel | None = strawberry.field(default=None, description="With this tone.")  # type: ignore[valid-type]
    need_statuses: list[NeedStatus] | None = strawberry.field(
        default=None, description="Needs in these statuses."
    )  # type: ignore[valid-type]
    channel: Channel | None = strawberry.field(default=None, description="Came in on this channel.")  # type: ignore[valid-type]
    occurred_after: datetime | None = strawberry.field(
        default=None, description="Given at or after this time."
    )
    occurred_before: datetime | None = strawberry.field(default=None, description="Given before this time.")


@strawberry.input(description="Narrows a complaint list; all given conditions must hold.")
class ComplaintFilter:
    statuses: list[ComplaintStatus] | None = strawberry.field(default=None, description="In these statuses.")  # type: ignore[valid-type]
    severities: list[Severity] | None = strawberry.field(default=None, description="Of these severities.")  # type: ignore[valid-type]
    assignee_id: strawberry.ID | None = strawberry.field(
        default=None, description="Handled by this staff user."
    )
    unassigned: bool | None = strawberry.field(default=None, description="true: nobody handles them yet.")
    breached: bool | None = strawberry.field(
        default=None, description="true: a deadline was breached; false: none was."
    )
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="From this customer.")


@strawberry.enum(description="The order of a complaint list; ties are broken by id, so pages never overlap.")
class ComplaintOrder(Enum):
    NEWEST = strawberry.enum_value("NEWEST", description="Filed last first.")
    OLDEST = strawberry.enum_value("OLDEST", description="Filed first first.")
    RESOLUTION_DUE = strawberry.enum_value(
        "RESOLUTION_DUE",
        description="Most urgent first: open complaints before resolved and closed ones, each by resolution "
        "deadline, soonest (or most overdue) first.",
    )
    FIRST_RESPONSE_DUE = strawberry.enum_value(
        "FIRST_RESPONSE_DUE",
        description="Complaints awaiting a first response (NEW) first, each by first-response deadline, "
        "soonest (or most overdue) first.",
    )
    SEVERITY = strawberry.enum_value(
        "SEVERITY", description="CRITICAL, HIGH, MEDIUM, then LOW; filed last first within a severity."
    )

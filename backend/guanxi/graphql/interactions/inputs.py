from __future__ import annotations

from datetime import datetime

import strawberry

from guanxi.graphql.interactions.policy import PolicyMode
from guanxi.graphql.interactions.types import Channel, ConsentStatus, Direction, Outcome


@strawberry.input(description="Narrows an interaction list; all given conditions must hold.")
class InteractionFilter:
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="With this customer.")
    channels: list[Channel] | None = strawberry.field(default=None, description="On any of these channels.")  # type: ignore[valid-type]
    direction: Direction | None = strawberry.field(default=None, description="Only inbound or only outbound.")  # type: ignore[valid-type]
    logged_by_id: strawberry.ID | None = strawberry.field(
        default=None, description="Logged by this staff user."
    )
    occurred_after: datetime | None = strawberry.field(
        default=None, description="Happened at or after this time."
    )
    occurred_before: datetime | None = strawberry.field(
        default=None, description="Happened before this time."
    )
    follow_up_due_before: datetime | None = strawberry.field(
        default=None, description="With a follow-up due before this time (open or done)."
    )
    follow_up_open: bool | None = strawberry.field(
        default=None, description="true: a follow-up is planned and not done. false: none open."
    )


@strawberry.input(
    description="A contact with a customer to log. Outbound contacts on an opted-out channel are refused."
)
class LogContactInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer contacted.")
    channel: Channel = strawberry.field(description="How.")  # type: ignore[valid-type]
    direction: Direction = strawberry.field(description="Who reached out.")  # type: ignore[valid-type]
    subject: str | None = strawberry.field(default=None, description="A short title, at most 200 characters.")
    notes: str | None = strawberry.field(default=None, description="What was said or done.")
    outcome: Outcome | None = strawberry.field(default=None, description="How it ended.")  # type: ignore[valid-type]
    outcome_note: str | None = strawberry.field(default=None, description="More about the outcome.")
    duration_seconds: int | None = strawberry.field(default=None, description="How long, in seconds.")
    occurred_at: datetime | None = strawberry.field(
        default=None, description="When; default now; at most 5 minutes in the future."
    )
    follow_up_due_at: datetime | None = strawberry.field(
        default=None, description="When to follow up, if at all."
    )
    follow_up_note: str | None = strawberry.field(default=None, description="What the follow-up is about.")
    override: bool = strawberry.field(
        default=False,
        description="MANAGER or ADMIN only: log an outbound contact past a BLOCK cap; recorded on the "
        "interaction (`capOverridden`).",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retry-safety key: the same key never logs two contacts."
    )


@strawberry.input(description="Change a logged contact; only the fields given change.")
class UpdateInteractionInput:
    id: strawberry.ID = strawberry.field(description="The interaction.")
    channel: Channel | None = strawberry.field(default=strawberry.UNSET, description="How.")  # type: ignore[valid-type]
    direction: Direction | None = strawberry.field(default=strawberry.UNSET, description="Who reached out.")  # type: ignore[valid-type]
    subject: str | None = strawberry.field(default=strawberry.UNSET, description="A short title.")
    notes: str | None = strawberry.field(default=strawberry.UNSET, description="What was said or done.")
    outcome: Outcome | None = strawberry.field(default=strawberry.UNSET, description="How it ended.")  # type: ignore[valid-type]
    outcome_note: str | None = strawberry.field(
        default=strawberry.UNSET, description="More about the outcome."
    )
    duration_seconds: int | None = strawberry.field(
        default=strawberry.UNSET, description="How long, in seconds."
    )
    occurred_at: datetime | None = strawberry.field(default=strawberry.UNSET, description="When it happened.")
    follow_up_due_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="When to follow up; null removes the follow-up."
    )
    follow_up_note: str | None = strawberry.field(
        default=strawberry.UNSET, description="What the follow-up is about."
    )


@strawberry.input(description="Mark the follow-up of an interaction done.")
class CompleteFollowUpInput:
    id: strawberry.ID = strawberry.field(description="The interaction.")


@strawberry.input(
    description="Record a customer's consent on one channel; the previous one stays in the history."
)
class SetConsentInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer.")
    channel: Channel = strawberry.field(description="The channel.")  # type: ignore[valid-type]
    status: ConsentStatus = strawberry.field(description="Opted in, opted out, or unknown.")  # type: ignore[valid-type]
    source: str | None = strawberry.field(
        default=None, description="Where the customer said so, e.g. `phone call`; at most 100 characters."
    )
    note: str | None = strawberry.field(default=None, description="Free text, at most 500 characters.")


@strawberry.input(description="Change the contact-frequency policy; only the values given change.")
class UpdateContactPolicyInput:
    max_contacts: int | None = strawberry.field(
        default=None, description="Outbound contacts allowed per customer in the window, 1 to 1000."
    )
    window_days: int | None = strawberry.field(default=None, description="Window length in days, 1 to 365.")
    mode: PolicyMode | None = strawberry.field(default=None, description="WARN or BLOCK past the cap.")  # type: ignore[valid-type]


@strawberry.input(description="Set or clear the channel a customer prefers to be contacted on.")
class SetPreferredChannelInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer.")
    channel: Channel | None = strawberry.field(  # type: ignore[valid-type]
        description="The preferred channel; null clears it. Not one the customer opted out of."
    )

"""GraphQL types of care reminders (客户关怀)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.graphql.customers.types import Customer
from guanxi.graphql.interactions.types import Interaction
from guanxi.interactions import care

CareReason = strawberry.enum(
    care.CareReason,
    description="Why to get in touch: FOLLOW_UP_OVERDUE / FOLLOW_UP_DUE (a planned follow-up), BIRTHDAY (in "
    "the coming days), NO_RECENT_CONTACT (nobody contacted the customer for longer than the threshold).",
)


@strawberry.type(description="A reason to get in touch with a customer, with a link to them.")
class CareReminder:
    reason: CareReason = strawberry.field(description="Why.")  # type: ignore[valid-type]
    due_at: datetime = strawberry.field(
        description="When it is due: the follow-up time, the birthday (00:00 UTC), or when the gap in "
        "contact passed the threshold."
    )
    note: str | None = strawberry.field(description="The follow-up note, for follow-ups.")
    last_contact_at: datetime | None = strawberry.field(
        description="The last contact, for NO_RECENT_CONTACT; null when the customer was never contacted."
    )
    customer_id: strawberry.Private[int]
    interaction_id: strawberry.Private[int | None]

    @classmethod
    def from_reminder(cls, reminder: care.Reminder) -> CareReminder:
        return cls(
            reason=reminder.reason,
            due_at=reminder.due_at,
            note=reminder.note,
            last_contact_at=reminder.last_contact_at,
            customer_id=reminder.customer_id,
            interaction_id=reminder.interaction_id,
        )

    @strawberry.field(description="The customer to get in touch with.")
    async def customer(self, info: Info) -> Customer | None:
        row: Any = await info.context.loaders.customer.load(self.customer_id)
        return Customer.from_row(row) if row is not None else None

    @strawberry.field(description="The interaction whose follow-up is due; null for other reasons.")
    async def interaction(self, info: Info) -> Interaction | None:
        if self.interaction_id is None:
            return None
        row: Any = await info.context.loaders.interaction.load(self.interaction_id)
        return Interaction.from_row(row) if row is not None else None

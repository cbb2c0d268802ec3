"""GraphQL types of the contact-frequency policy and a customer's contact budget."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from guanxi.graphql.accounts.types import User, user_or_none
from guanxi.interactions import models as m
from guanxi.interactions import policy

PolicyMode = strawberry.enum(
    m.PolicyMode,
    description="What happens past the cap: WARN logs the contact and warns (FREQUENCY_CAP_EXCEEDED); BLOCK "
    "refuses it unless a MANAGER or ADMIN passes `override: true`.",
)


@strawberry.type(
    description="The contact-frequency policy (沟通频率控制): at most `maxContacts` outbound contacts per "
    "customer in any `windowDays` days."
)
class ContactPolicy:
    max_contacts: int = strawberry.field(description="Outbound contacts allowed per customer in the window.")
    window_days: int = strawberry.field(description="Length of the sliding window, in days.")
    mode: PolicyMode = strawberry.field(description="Warn or block past the cap.")  # type: ignore[valid-type]
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    updated_by_user_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.ContactPolicy) -> ContactPolicy:
        return cls(
            max_contacts=row.max_contacts,
            window_days=row.window_days,
            mode=row.mode,
            updated_at=row.updated_at,
            updated_by_user_id=row.updated_by_user_id,  # type: ignore[attr-defined]
        )

    @strawberry.field(description="Who changed it last; null for the defaults.")
    async def updated_by(self, info: Info) -> User | None:
        if self.updated_by_user_id is None:
            return None
        return user_or_none(await info.context.loaders.user.load(self.updated_by_user_id))


@strawberry.type(description="How much of the contact policy a customer's outbound contacts use right now.")
class ContactBudget:
    used: int = strawberry.field(description="Outbound contacts in the last `windowDays` days.")
    limit: int = strawberry.field(description="Outbound contacts the policy allows in that window.")
    window_days: int = strawberry.field(description="Length of the window, in days.")
    mode: PolicyMode = strawberry.field(description="What happens past the limit.")  # type: ignore[valid-type]
    next_available_at: datetime | None = strawberry.field(
        description="When the next outbound contact fits in the policy again; null when it fits now."
    )

    @classmethod
    def from_budget(cls, budget: policy.Budget) -> ContactBudget:
        return cls(
            used=budget.used,
            limit=budget.limit,
            window_days=budget.window_days,
            mode=budget.mode,
            next_available_at=budget.next_available_at,
        )

    @strawberry.field(description="True when `used` has reached `limit`.")
    def exhausted(self) -> bool:
        return self.used >= self.limit

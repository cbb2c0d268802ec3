from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core.errors import DomainError, DomainErrors
from guanxi.graphql.core.connections import Connection, paginate
from guanxi.graphql.core.errors import ClientError, to_user_errors
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.interactions.care import CareReminder
from guanxi.graphql.interactions.inputs import InteractionFilter
from guanxi.graphql.interactions.policy import ContactPolicy
from guanxi.graphql.interactions.types import Interaction
from guanxi.graphql.permissions import requires
from guanxi.interactions import care, policy, services


def _domain_filter(f: InteractionFilter | None) -> services.InteractionFilter:
    if f is None:
        return services.InteractionFilter()
    try:
        customer_id = decode_id(f.customer_id, "Customer", "filter.customerId") if f.customer_id else None
        logged_by_id = decode_id(f.logged_by_id, "User", "filter.loggedById") if f.logged_by_id else None
    except DomainError as exc:
        raise ClientError(f"{exc.field}: {exc.message}") from exc
    return services.InteractionFilter(
        customer_id=customer_id,
        channels=list(f.channels or []),
        direction=f.direction,
        logged_by_id=logged_by_id,
        occurred_after=f.occurred_after,
        occurred_before=f.occurred_before,
        follow_up_due_before=f.follow_up_due_before,
        follow_up_open=f.follow_up_open,
    )


@strawberry.type
class InteractionQueries:
    @strawberry.field(
        description="Contacts with the customers you may see, across customers, newest first.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def interactions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: InteractionFilter | None = None,
    ) -> Connection[Interaction]:
        queryset = services.interaction_list(info.context.principal, _domain_filter(filter))
        return await paginate(
            queryset, first=first, after=after, last=last, before=before, to_node=Interaction.from_row
        )

    @strawberry.field(
        description="The contact-frequency policy in force.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def contact_policy(self) -> ContactPolicy:
        return ContactPolicy.from_row(await policy.global_policy())

    @strawberry.field(
        description="Care reminders (客户关怀) for the customers you may see, most urgent first within each "
        "reason: follow-ups due before `dueBefore` (default: the end of today, UTC) or overdue, birthdays in "
        "the next `birthdayWithinDays` days (only for callers who may read personal data), and customers "
        "with no contact for `noContactDays` days. At most `first` per reason. AGENTs get their own "
        "customers' (another owner is FORBIDDEN); others may narrow to one owner with `ownerId`.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def care_reminders(
        self,
        info: Info,
        due_before: datetime | None = None,
        owner_id: strawberry.ID | None = None,
        birthday_within_days: int = 7,
        no_contact_days: int = 90,
        first: int = 50,
    ) -> list[CareReminder]:
        try:
            owner = decode_id(owner_id, "User", "ownerId") if owner_id else None
            reminders = await care.care_reminders(
                principal=info.context.principal,
                due_before=due_before,
                owner_id=owner,
                birthday_within_days=birthday_within_days,
                no_contact_days=no_contact_days,
                limit=first,
            )
        except (DomainError, DomainErrors) as exc:
            error = to_user_errors(exc, prefix="")[0]
            raise ClientError(f"{error.field}: {error.message}") from exc
        return [CareReminder.from_reminder(r) for r in reminders]

from __future__ import annotations

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core.errors import DomainError
from guanxi.graphql.core.connections import Connection, paginate
from guanxi.graphql.core.errors import ClientError
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.interactions.inputs import InteractionFilter
from guanxi.graphql.interactions.types import Interaction
from guanxi.graphql.permissions import requires
from guanxi.interactions import services


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

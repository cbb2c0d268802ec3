from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.core.events import Event
from guanxi.customers.scoping import visible_customers
from guanxi.graphql.core.fanout import live_rows
from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.interactions.types import Interaction
from guanxi.graphql.permissions import requires
from guanxi.interactions import models as m
from guanxi.interactions.scoping import visible_interactions
from guanxi.interactions.services import TOPIC


async def _visible_interaction(principal: Principal, interaction_id: int) -> m.Interaction | None:
    return await visible_interactions(principal).get_or_none(id=interaction_id)


@strawberry.type
class InteractionSubscriptions:
    @strawberry.subscription(
        description="Each contact logged with this customer (or, without `customerId`, with any customer you "
        "may see), as it is logged. Ends at once for a customer you may not see; each event is checked "
        "against your rights when it happens.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def interaction_logged(
        self, info: Info, customer_id: strawberry.ID | None = None
    ) -> AsyncGenerator[Interaction, None]:
        wanted: int | None = None
        if customer_id is not None:
            parsed = parse_global_id(customer_id)
            if parsed is None or parsed[0] != "Customer":
                return
            wanted = parsed[1]
            if not await visible_customers(info.context.principal).filter(id=wanted).exists():
                return

        def logged(event: Event) -> int | None:
            if event.get("type") != "interaction.logged":
                return None
            if wanted is not None and event.get("customer_id") != wanted:
                return None
            return event.get("id")

        rows = live_rows(info, TOPIC, row_id=logged, fetch=_visible_interaction, kind="Interaction")
        async with aclosing(rows):
            async for row in rows:
                yield Interaction.from_row(row)

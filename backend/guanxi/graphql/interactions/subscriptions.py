from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core import events
from guanxi.customers.scoping import visible_customers
from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.interactions.types import Interaction
from guanxi.graphql.loaders import Loaders
from guanxi.graphql.permissions import requires
from guanxi.interactions.scoping import visible_interactions
from guanxi.interactions.services import TOPIC


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
        principal = info.context.principal
        wanted: int | None = None
        if customer_id is not None:
            parsed = parse_global_id(customer_id)
            if parsed is None or parsed[0] != "Customer":
                return
            wanted = parsed[1]
            if not await visible_customers(principal).filter(id=wanted).exists():
                return
        async with events.broker().subscribe(TOPIC) as stream:
            async for event in stream:
                if event.get("type") != "interaction.logged":
                    continue
                if wanted is not None and event.get("customer_id") != wanted:
                    continue
                if not await info.context.still_signed_in():
                    return  # the token or session was revoked: no more events
                row = await visible_interactions(principal).get_or_none(id=event["id"])
                if row is None:
                    continue  # not (or no longer) in reach
                info.context.loaders = Loaders(principal)
                yield Interaction.from_row(row)
                await info.context.flush_audit()

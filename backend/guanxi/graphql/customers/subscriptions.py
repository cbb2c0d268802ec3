from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core import events
from guanxi.customers.scoping import visible_customers
from guanxi.customers.services import TOPIC
from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.customers.types import Customer
from guanxi.graphql.loaders import Loaders
from guanxi.graphql.permissions import requires


@strawberry.type
class CustomerSubscriptions:
    @strawberry.subscription(
        description="The customer each time it changes: profile edits, archive/restore, stage changes, "
        "purchases recorded or refunded. Ends at once for a customer you may not see.",
        permission_classes=[requires(Permission.CUSTOMERS_READ)],
    )
    async def customer_changed(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Customer, None]:
        parsed = parse_global_id(id)
        principal = info.context.principal
        if parsed is None or parsed[0] != "Customer":
            return
        customer_id = parsed[1]
        if not await visible_customers(principal).filter(id=customer_id).exists():
            return
        async with events.broker().subscribe(TOPIC) as stream:
            async for event in stream:
                if event.get("customer_id") != customer_id:
                    continue
                if not await info.context.still_signed_in():
                    return  # the token or session was revoked: no more events
                # The same scoping as queries, per event: rights may have changed since subscribing.
                row = await visible_customers(principal).get_or_none(id=customer_id)
                if row is None:
                    continue
                info.context.loaders = Loaders(principal)  # fresh data for nested fields of each event
                yield Customer.from_row(row)
                await info.context.flush_audit()  # personal data this event showed in clear

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.core.events import Event
from guanxi.customers import models as m
from guanxi.customers.scoping import visible_customers
from guanxi.customers.services import TOPIC
from guanxi.graphql.core.fanout import live_rows
from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.customers.types import Customer
from guanxi.graphql.permissions import requires


async def _visible_customer(principal: Principal, customer_id: int) -> m.Customer | None:
    return await visible_customers(principal).get_or_none(id=customer_id)


@strawberry.type
class CustomerSubscriptions:
    @strawberry.subscription(
        description="The customer each time it changes: profile edits, archive/restore, stage changes, "
        "purchases recorded or refunded. Ends at once for a customer you may not see.",
        permission_classes=[requires(Permission.CUSTOMERS_READ)],
    )
    async def customer_changed(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Customer, None]:
        parsed = parse_global_id(id)
        if parsed is None or parsed[0] != "Customer":
            return
        customer_id = parsed[1]
        if not await visible_customers(info.context.principal).filter(id=customer_id).exists():
            return

        def changed(event: Event) -> int | None:
            return customer_id if event.get("customer_id") == customer_id else None

        # Each event is read again through the scoping: rights may have changed since subscribing.
        rows = live_rows(info, TOPIC, row_id=changed, fetch=_visible_customer, kind="Customer")
        async with aclosing(rows):
            async for row in rows:
                yield Customer.from_row(row)

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core.errors import DomainError
from guanxi.customers import privacy
from guanxi.customers import queries as customer_queries
from guanxi.graphql.core.connections import Connection, paginate
from guanxi.graphql.core.errors import ClientError
from guanxi.graphql.core.ids import decode_id, parse_global_id
from guanxi.graphql.customers.inputs import CustomerFilter, CustomerOrder, CustomerOrderField, SortDirection
from guanxi.graphql.customers.types import Customer
from guanxi.graphql.permissions import requires


def _domain_filter(f: CustomerFilter | None) -> customer_queries.CustomerFilter:
    if f is None:
        return customer_queries.CustomerFilter()
    try:
        owner_ids = [decode_id(i, "User", "filter.ownerIds") for i in f.owner_ids] if f.owner_ids else None
    except DomainError as exc:
        raise ClientError(f"filter.ownerIds: {exc.message}") from exc
    return customer_queries.CustomerFilter(
        kinds=f.kinds,
        lifecycle_stages=f.lifecycle_stages,
        geography_classes=f.geography_classes,
        country=f.country,
        province=f.province,
        city=f.city,
        industries=f.industries,
        company_sizes=f.company_sizes,
        owner_ids=owner_ids,
        unowned=f.unowned,
        tags=f.tags or [],
        created_after=f.created_after,
        created_before=f.created_before,
        archived=f.archived,
    )


@strawberry.type
class CustomerQueries:
    @strawberry.field(
        description="Customers, newest first unless `orderBy` says otherwise. "
        "`search` matches the name, an exact email or a phone number (prefix).",
        permission_classes=[requires(Permission.CUSTOMERS_READ)],
    )
    async def customers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: CustomerFilter | None = None,
        order_by: CustomerOrder | None = None,
        search: str | None = None,
    ) -> Connection[Customer]:
        order = order_by or CustomerOrder(field=CustomerOrderField.CREATED_AT, direction=SortDirection.DESC)
        queryset = customer_queries.customer_list(
            info.context.principal,
            filter=_domain_filter(filter),
            search=search,
            order_by=order.field.value,
            descending=order.direction == SortDirection.DESC,
        )
        return await paginate(
            queryset, first=first, after=after, last=last, before=before, to_node=Customer.from_row
        )

    @strawberry.field(
        description="Everything held about a customer, as one JSON document (a data-subject access request). "
        "Needs pii:read; FORBIDDEN for a customer out of your reach.",
        permission_classes=[requires(Permission.CUSTOMERS_READ), requires(Permission.PII_READ)],
    )
    async def export_customer_data(self, info: Info, id: strawberry.ID) -> JSON:
        parsed = parse_global_id(id)
        if parsed is None or parsed[0] != "Customer":
            raise ClientError("Not a customer id.")
        try:
            return await privacy.export_customer_data(
                principal=info.context.principal, customer_id=parsed[1], request=info.context.request_info
            )
        except DomainError as exc:
            raise ClientError(exc.message, "NOT_FOUND") from exc

    @strawberry.field(
        description="One customer by id; null when it does not exist or is not visible to you.",
        permission_classes=[requires(Permission.CUSTOMERS_READ)],
    )
    async def customer(self, info: Info, id: strawberry.ID) -> Customer | None:
        parsed = parse_global_id(id)
        if parsed is None or parsed[0] != "Customer":
            return None
        row = await info.context.loaders.customer.load(parsed[1])
        return Customer.from_row(row) if row is not None else None

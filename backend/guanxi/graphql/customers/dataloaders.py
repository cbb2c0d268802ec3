"""Batched loads behind Customer and Purchase fields. Rows pass through the domain's scoping."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from guanxi.accounts.principal import Principal
from guanxi.customers.models import ContactPoint, CustomerTag, Purchase
from guanxi.customers.scoping import visible_customers, visible_purchases
from guanxi.graphql.core.dataloaders import by_id, counts_by, grouped, windowed_pages


def customer_loader(principal: Principal) -> DataLoader[int, Any]:
    return by_id(lambda: visible_customers(principal))


def purchase_loader(principal: Principal) -> DataLoader[int, Any]:
    return by_id(lambda: visible_purchases(principal))


def contact_points_loader() -> DataLoader[int, list[Any]]:
    async def fetch(ids: list[int]) -> Sequence[Any]:
        return await ContactPoint.filter(customer_id__in=ids).order_by("customer_id", "position", "id")

    return grouped(fetch, key=lambda r: r.customer_id)


def tags_loader() -> DataLoader[int, list[str]]:
    async def fetch(ids: list[int]) -> Sequence[Any]:
        return (
            await CustomerTag.filter(customer_id__in=ids)
            .order_by("customer_id", "tag")
            .values_list("customer_id", "tag")
        )

    async def load(keys: Sequence[int]) -> list[list[str]]:
        groups: dict[int, list[str]] = defaultdict(list)
        for customer_id, tag in await fetch(list(keys)):
            groups[customer_id].append(tag)
        return [groups.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def purchase_page_loader() -> DataLoader[tuple[int, int, int], list[Any]]:
    """Key (customer id, offset, limit): that slice of the customer's purchases, newest first.

    One windowed query per distinct (offset, limit) in the batch, whatever the number of customers.
    """
    return windowed_pages(Purchase, "customer_id")


def purchase_count_loader() -> DataLoader[int, int]:
    return counts_by(Purchase, "customer_id")

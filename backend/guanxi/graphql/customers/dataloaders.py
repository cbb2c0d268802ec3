"""Batched loads behind Customer and Purchase fields. Rows pass through the domain's scoping."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.functions import Count

from guanxi.accounts.principal import Principal
from guanxi.customers.models import ContactPoint, CustomerTag, Purchase
from guanxi.customers.scoping import visible_customers, visible_purchases
from guanxi.graphql.core.dataloaders import by_id, grouped


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

    async def load(keys: Sequence[tuple[int, int, int]]) -> list[list[Any]]:
        by_window: dict[tuple[int, int], list[int]] = defaultdict(list)
        for customer_id, offset, limit in keys:
            by_window[(offset, limit)].append(customer_id)
        pages: dict[tuple[int, int, int], list[Any]] = {}
        for (offset, limit), customer_ids in by_window.items():
            id_list = ",".join(str(int(i)) for i in sorted(set(customer_ids)))
            sql = (
                "SELECT * FROM (SELECT p.*, ROW_NUMBER() OVER (PARTITION BY p.customer_id "
                "ORDER BY p.occurred_at DESC, p.id DESC) AS rn FROM purchase p "
                f"WHERE p.customer_id IN ({id_list})) t "
                f"WHERE t.rn > {int(offset)} AND t.rn <= {int(offset) + int(limit)} "
                "ORDER BY t.customer_id, t.rn"
            )
            grouped_rows: dict[int, list[Any]] = defaultdict(list)
            for row in await Purchase.raw(sql):
                grouped_rows[row.customer_id].append(row)
            for customer_id in customer_ids:
                pages[(customer_id, offset, limit)] = grouped_rows.get(customer_id, [])
        return [pages[k] for k in keys]

    return DataLoader(load_fn=load)


def purchase_count_loader() -> DataLoader[int, int]:
    async def load(keys: Sequence[int]) -> list[int]:
        rows = (
            await Purchase.filter(customer_id__in=list(keys))
            .group_by("customer_id")
            .annotate(n=Count("id"))
            .values_list("customer_id", "n")
        )
        counts = dict(rows)
        return [counts.get(k, 0) for k in keys]

    return DataLoader(load_fn=load)

"""Batched loads behind Interaction and Customer.interactions/consents. Rows pass through the domain's scoping."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.functions import Count

from guanxi.accounts.principal import Principal
from guanxi.graphql.core.dataloaders import by_id
from guanxi.interactions import services
from guanxi.interactions.models import Interaction
from guanxi.interactions.scoping import visible_interactions


def interaction_loader(principal: Principal) -> DataLoader[int, Any]:
    return by_id(lambda: visible_interactions(principal))


def interaction_page_loader() -> DataLoader[tuple[int, int, int], list[Any]]:
    """Key (customer id, offset, limit): that slice of the customer's interactions, newest first.

    One windowed query per distinct (offset, limit) in the batch, whatever the number of customers.
    Callers pass only customers the principal may see.
    """

    async def load(keys: Sequence[tuple[int, int, int]]) -> list[list[Any]]:
        by_window: dict[tuple[int, int], list[int]] = defaultdict(list)
        for customer_id, offset, limit in keys:
            by_window[(offset, limit)].append(customer_id)
        pages: dict[tuple[int, int, int], list[Any]] = {}
        for (offset, limit), customer_ids in by_window.items():
            id_list = ",".join(str(int(i)) for i in sorted(set(customer_ids)))
            sql = (
                "SELECT * FROM (SELECT i.*, ROW_NUMBER() OVER (PARTITION BY i.customer_id "
                "ORDER BY i.occurred_at DESC, i.id DESC) AS rn FROM interaction i "
                f"WHERE i.customer_id IN ({id_list})) t "
                f"WHERE t.rn > {int(offset)} AND t.rn <= {int(offset) + int(limit)} "
                "ORDER BY t.customer_id, t.rn"
            )
            grouped_rows: dict[int, list[Any]] = defaultdict(list)
            for row in await Interaction.raw(sql):
                grouped_rows[row.customer_id].append(row)
            for customer_id in customer_ids:
                pages[(customer_id, offset, limit)] = grouped_rows.get(customer_id, [])
        return [pages[k] for k in keys]

    return DataLoader(load_fn=load)


def interaction_count_loader() -> DataLoader[int, int]:
    async def load(keys: Sequence[int]) -> list[int]:
        rows = (
            await Interaction.filter(customer_id__in=list(keys))
            .group_by("customer_id")
            .annotate(n=Count("id"))
            .values_list("customer_id", "n")
        )
        counts = dict(rows)
        return [counts.get(k, 0) for k in keys]

    return DataLoader(load_fn=load)


def consents_loader() -> DataLoader[int, dict[Any, Any]]:
    """Key customer id: its current consent record per channel."""

    async def load(keys: Sequence[int]) -> list[dict[Any, Any]]:
        current = await services.current_consents(keys)
        return [current.get(k, {}) for k in keys]

    return DataLoader(load_fn=load)

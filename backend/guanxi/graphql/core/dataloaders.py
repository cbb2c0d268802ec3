"""DataLoader helpers: one `filter(id__in=keys)` per batch, results in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.functions import Count
from tortoise.queryset import QuerySet

K = TypeVar("K", bound=Hashable)


def by_id(queryset: Callable[[], QuerySet[Any]]) -> DataLoader[int, Any]:
    """Rows by primary key (None where missing or not visible)."""

    async def load(keys: Sequence[int]) -> list[Any]:
        rows = {r.pk: r for r in await queryset().filter(id__in=list(keys))}
        return [rows.get(k) for k in keys]

    return DataLoader(load_fn=load)


def grouped(
    fetch: Callable[[list[int]], Awaitable[Sequence[Any]]], key: Callable[[Any], int]
) -> DataLoader[int, list[Any]]:
    """Lists of rows per parent id, fetched for a whole batch of parents at once."""

    async def load(keys: Sequence[int]) -> list[list[Any]]:
        groups: dict[int, list[Any]] = defaultdict(list)
        for row in await fetch(list(keys)):
            groups[key(row)].append(row)
        return [groups.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def windowed_pages(
    model: type[Any], parent: str, order: str = "occurred_at"
) -> DataLoader[tuple[int, int, int], list[Any]]:
    """Key (parent id, offset, limit): that slice of the parent's rows, newest first by `order`.

    One windowed query (`ROW_NUMBER() OVER (PARTITION BY parent ...)`) per distinct (offset, limit)
    in the batch, whatever the number of parents. Callers pass only parents the principal may see.
    """
    table = model._meta.db_table

    async def load(keys: Sequence[tuple[int, int, int]]) -> list[list[Any]]:
        by_window: dict[tuple[int, int], list[int]] = defaultdict(list)
        for parent_id, offset, limit in keys:
            by_window[(offset, limit)].append(parent_id)
        pages: dict[tuple[int, int, int], list[Any]] = {}
        for (offset, limit), parent_ids in by_window.items():
            id_list = ",".join(str(int(i)) for i in sorted(set(parent_ids)))
            sql = (
                f'SELECT * FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r."{parent}" '
                f'ORDER BY r."{order}" DESC, r."id" DESC) AS rn FROM "{table}" r '
                f'WHERE r."{parent}" IN ({id_list})) t '
                f"WHERE t.rn > {int(offset)} AND t.rn <= {int(offset) + int(limit)} "
                f'ORDER BY t."{parent}", t.rn'
            )
            grouped_rows: dict[int, list[Any]] = defaultdict(list)
            for row in await model.raw(sql):
                grouped_rows[getattr(row, parent)].append(row)
            for parent_id in parent_ids:
                pages[(parent_id, offset, limit)] = grouped_rows.get(parent_id, [])
        return [pages[k] for k in keys]

    return DataLoader(load_fn=load)


def counts_by(model: type[Any], parent: str) -> DataLoader[int, int]:
    """Key parent id: how many rows of `model` it has (one GROUP BY per batch)."""

    async def load(keys: Sequence[int]) -> list[int]:
        rows = (
            await model.filter(**{f"{parent}__in": list(keys)})
            .group_by(parent)
            .annotate(n=Count("id"))
            .values_list(parent, "n")
        )
        counts = dict(rows)
        return [counts.get(k, 0) for k in keys]

    return DataLoader(load_fn=load)

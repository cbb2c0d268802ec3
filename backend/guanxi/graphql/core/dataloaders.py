"""DataLoader helpers: one `filter(id__in=keys)` per batch, results in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
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

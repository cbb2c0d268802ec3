"""Batched loads behind Segment and Customer segment fields."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from guanxi.accounts.principal import Principal
from guanxi.segments import services, strategy
from guanxi.segments.models import Segment, SegmentMembership


def member_count_loader(principal: Principal) -> DataLoader[int, int]:
    async def load(keys: Sequence[int]) -> list[int]:
        counts = await services.member_counts(principal, list(keys))
        return [counts[k] for k in keys]

    return DataLoader(load_fn=load)


def customer_segments_loader() -> DataLoader[int, list[Any]]:
    """Key customer id: the segments the customer is in now, by name."""

    async def load(keys: Sequence[int]) -> list[list[Any]]:
        rows = await SegmentMembership.filter(customer_id__in=list(keys), exited_at=None).values_list(
            "customer_id", "segment_id"
        )
        segments = {s.pk: s for s in await Segment.filter(id__in={r[1] for r in rows})}
        groups: dict[int, list[Any]] = defaultdict(list)
        for customer_id, segment_id in rows:
            groups[customer_id].append(segments[segment_id])
        return [sorted(groups.get(k, []), key=lambda s: (s.name, s.pk)) for k in keys]

    return DataLoader(load_fn=load)


def effective_strategy_loader() -> DataLoader[int, Any]:
    async def load(keys: Sequence[int]) -> list[Any]:
        found = await strategy.effective_strategies(keys)
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)

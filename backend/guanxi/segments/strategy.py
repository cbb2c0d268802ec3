"""Which segment's service strategy applies to a customer (个性化服务策略).

A customer's effective strategy is that of the current segment with the highest service priority
(1 is the highest; ties go to the oldest segment). Segments without a priority set no strategy.
"""

from __future__ import annotations

from collections.abc import Iterable

from guanxi.segments.models import Segment, SegmentMembership


async def effective_strategies(customer_ids: Iterable[int]) -> dict[int, Segment]:
    """The segment whose strategy applies, per customer that has one: two queries for any number."""
    ids = sorted(set(customer_ids))
    if not ids:
        return {}
    segments = {
        s.pk: s for s in await Segment.filter(service_priority__not_isnull=True).order_by("service_priority", "id")
    }
    if not segments:
        return {}
    rank = {pk: i for i, pk in enumerate(segments)}
    rows = await SegmentMembership.filter(
        customer_id__in=ids, exited_at=None, segment_id__in=list(segments)
    ).values_list("customer_id", "segment_id")
    best: dict[int, int] = {}
    for customer_id, segment_id in rows:
        if customer_id not in best or rank[segment_id] < rank[best[customer_id]]:
            best[customer_id] = segment_id
    return {customer_id: segments[segment_id] for customer_id, segment_id in best.items()}

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core import events
from guanxi.customers.scoping import visible_customers
from guanxi.graphql.core.fanout import deliveries
from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.permissions import requires
from guanxi.graphql.segments.types import SegmentMembershipEvent
from guanxi.segments.services import TOPIC


@strawberry.type
class SegmentSubscriptions:
    @strawberry.subscription(
        description="Customers entering or leaving segments, as it happens (rule evaluations after data changes, "
        "refreshes, hand-picked changes). `segmentId` narrows it to one segment. Events whose customers you "
        "may not see are not sent; counts are the segment's own.",
        permission_classes=[requires(Permission.SEGMENTS_READ)],
    )
    async def segment_membership_changed(
        self, info: Info, segment_id: strawberry.ID | None = None
    ) -> AsyncGenerator[SegmentMembershipEvent, None]:
        context = info.context
        principal = context.require_principal()
        wanted: int | None = None
        if segment_id is not None:
            parsed = parse_global_id(segment_id)
            if parsed is None or parsed[0] != "Segment":
                return
            wanted = parsed[1]
        async with events.broker().subscribe(TOPIC) as stream:
            async for event in stream:
                if event.get("type") != "segment.membership":
                    continue
                if wanted is not None and event.get("segment_id") != wanted:
                    continue
                delivery = deliveries.of(event)
                if not await delivery.signed_in(context.credential):
                    return  # signed out or revoked: no more events
                ids = [*event["entered_ids"], *event["left_ids"]]

                async def visible_ids(ids: list[int] = ids) -> set[int]:
                    return set(await visible_customers(principal).filter(id__in=ids).values_list("id", flat=True))

                visible = await delivery.read(principal, ("SegmentMembership", event["segment_id"]), visible_ids)
                if not visible:
                    continue
                context.loaders = delivery.loaders(principal)
                yield SegmentMembershipEvent(
                    at=datetime.fromisoformat(event["at"]),
                    entered_count=event["entered"],
                    left_count=event["left"],
                    segment_id=event["segment_id"],
                    entered_ids=[i for i in event["entered_ids"] if i in visible],
                    left_ids=[i for i in event["left_ids"] if i in visible],
                )
                await context.flush_audit()

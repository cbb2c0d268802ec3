"""Customer.timeline: interactions and purchases (and later feedback, loyalty events) as one connection."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from guanxi.core.errors import DomainError
from guanxi.graphql.core.connections import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageInfo, memo
from guanxi.graphql.core.errors import ClientError
from guanxi.graphql.customers.types import Purchase
from guanxi.graphql.feedback.types import Feedback
from guanxi.graphql.interactions.types import Interaction
from guanxi.interactions import timeline

TimelineKind = strawberry.enum(
    timeline.TimelineKind,
    description="Kinds of events on a customer's timeline: FEEDBACK (surveys, complaints, ...), INTERACTION "
    "(a contact), PURCHASE.",
)

TimelineItem = Annotated[
    Feedback | Interaction | Purchase,
    strawberry.union("TimelineItem", description="Something that happened with a customer."),
]

_NODES: dict[timeline.TimelineKind, Callable[[Any], Any]] = {
    timeline.TimelineKind.FEEDBACK: Feedback.from_row,
    timeline.TimelineKind.INTERACTION: Interaction.from_row,
    timeline.TimelineKind.PURCHASE: Purchase.from_row,
}


@strawberry.type(description="One event on a customer's timeline, with its cursor.")
class TimelineEdge:
    cursor: str = strawberry.field(description="Pass as `after` to get the events older than this one.")
    kind: TimelineKind = strawberry.field(description="What kind of event the node is.")  # type: ignore[valid-type]
    occurred_at: datetime = strawberry.field(description="When it happened (the order of the timeline).")
    node: TimelineItem = strawberry.field(description="The event: a Feedback, an Interaction or a Purchase.")


@strawberry.type(description="A page of a customer's timeline, newest first.")
class TimelineConnection:
    edges: list[TimelineEdge] = strawberry.field(description="The events on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole timeline.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many events of the kinds asked for the whole timeline has.")
    async def total_count(self) -> int:
        return await self.count()


async def customer_timeline(
    info: Info,
    customer_id: int,
    *,
    first: int | None,
    after: str | None,
    kinds: list[timeline.TimelineKind] | None,
) -> TimelineConnection:
    first = DEFAULT_PAGE_SIZE if first is None else first
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise ClientError(f"`first` must be between 0 and {MAX_PAGE_SIZE}.")
    principal = info.context.principal
    try:
        entries, has_next = (
            await timeline.page(principal, customer_id, limit=first, after=after, kinds=kinds)
            if first
            else ([], False)
        )
    except DomainError as exc:
        raise ClientError(exc.message) from exc
    edges = [
        TimelineEdge(
            cursor=timeline.encode_position(e.position),
            kind=e.kind,
            occurred_at=e.position.occurred_at,
            node=_NODES[e.kind](e.row),
        )
        for e in entries
    ]
    return TimelineConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=memo(lambda: timeline.count(principal, customer_id, kinds)),
    )

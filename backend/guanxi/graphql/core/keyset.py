"""Relay connections over a growing list, newest first, paginated by id (keyset cursors).

The offset cursors of `connections.paginate` shift when rows are added at the head of a list:
paging through the audit log while staff keep working would show rows twice. Here a cursor names
a row's id, so a page after a cursor stays the same however many rows arrive meanwhile. The order
is the primary key, descending: the insertion order of an append-only table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from tortoise.queryset import QuerySet

from guanxi.graphql.core.connections import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Connection,
    Edge,
    PageInfo,
    decode_cursor,
    encode_cursor,
    memo,
)
from guanxi.graphql.core.errors import ClientError

_PREFIX = "id:"

NodeT = TypeVar("NodeT")


def encode_id_cursor(pk: int) -> str:
    return encode_cursor(pk, _PREFIX)


def decode_id_cursor(cursor: str) -> int:
    return decode_cursor(cursor, _PREFIX)


async def paginate_newest_first(
    queryset: QuerySet[Any],
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    to_node: Callable[[Any], NodeT],
) -> Connection[NodeT]:
    """One page of `queryset` (filtered, not yet ordered), newest (highest id) first.

    `after` pages towards older rows, `before` towards newer ones. `first` and `last` follow Relay:
    `first` keeps the newest rows of the window, then `last` the oldest of those.
    """
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
            raise ClientError(f"`{name}` must be between 0 and {MAX_PAGE_SIZE}.")
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    count = memo(queryset.count)
    window = queryset
    if after:
        window = window.filter(id__lt=decode_id_cursor(after))
    if before:
        window = window.filter(id__gt=decode_id_cursor(before))
    if first is not None:
        rows = list(await window.order_by("-id").limit(first + 1)) if first > 0 else []
        has_next = len(rows) > first or before is not None
        rows = rows[:first]
        has_previous = after is not None
        if last is not None and len(rows) > last:
            rows, has_previous = rows[len(rows) - last :], True
    else:
        assert last is not None
        rows = list(await window.order_by("id").limit(last + 1)) if last > 0 else []
        has_previous = len(rows) > last or after is not None
        rows = rows[:last][::-1]
        has_next = before is not None
    edges = [Edge(cursor=encode_id_cursor(r.pk), node=to_node(r)) for r in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )

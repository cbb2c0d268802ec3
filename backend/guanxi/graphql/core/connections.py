"""Relay cursor connections over querysets, paginated in SQL.

Cursors are opaque (base64 of an offset). `totalCount` costs a COUNT query only when asked.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry
from tortoise.queryset import QuerySet

from guanxi.graphql.core.errors import ClientError

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
_PREFIX = "cursor:"

NodeT = TypeVar("NodeT")


def encode_cursor(value: int, prefix: str = _PREFIX) -> str:
    """An opaque cursor: base64 of `<prefix><value>` (an offset here, a row id for keyset pages)."""
    return base64.b64encode(f"{prefix}{value}".encode()).decode()


def decode_cursor(cursor: str, prefix: str = _PREFIX) -> int:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if not text.startswith(prefix):
            raise ValueError
        value = int(text.removeprefix(prefix))
        if value < 0:
            raise ValueError
    except (ValueError, UnicodeDecodeError) as exc:
        raise ClientError(f"Invalid cursor {cursor!r}.") from exc
    return value


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items come before this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item on this page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item on this page.")


@strawberry.type(description="An item in a list, with its cursor.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(description="Pass as `after` or `before` to page from here.")
    node: NodeT = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list (Relay cursor connection).")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list has (all pages).")
    async def total_count(self) -> int:
        return await self.count()


def page_window(
    *, first: int | None, after: str | None, last: int | None, before: str | None
) -> tuple[int, int | None, int | None, int | None]:
    """Validate Relay arguments: (start, end-or-None, first, last)."""
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
            raise ClientError(f"`{name}` must be between 0 and {MAX_PAGE_SIZE}.")
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    start = decode_cursor(after) + 1 if after else 0
    end = decode_cursor(before) if before else None
    return start, end, first, last


def build_connection(
    rows: Sequence[Any],
    *,
    start: int,
    has_next: bool,
    to_node: Callable[[Any], NodeT],
    count: Callable[[], Awaitable[int]],
) -> Connection[NodeT]:
    edges = [Edge(cursor=encode_cursor(start + i), node=to_node(r)) for i, r in enumerate(rows)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )


def memo(fn: Callable[[], Awaitable[int]]) -> Callable[[], Awaitable[int]]:
    value: list[int] = []

    async def cached() -> int:
        if not value:
            value.append(await fn())
        return value[0]

    return cached


async def paginate(
    queryset: QuerySet[Any],
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    to_node: Callable[[Any], NodeT],
    count_queryset: QuerySet[Any] | None = None,
) -> Connection[NodeT]:
    """One page of an ordered queryset: LIMIT/OFFSET in SQL, one extra row to see what follows."""
    start, end, first, last = page_window(first=first, after=after, last=last, before=before)
    count = memo((count_queryset if count_queryset is not None else queryset).count)
    if last is not None:
        if end is None:
            end = await count()
        if first is not None:
            end = min(end, start + first)
        start = max(start, end - last)
        rows = list(await queryset.offset(start).limit(max(end - start, 0))) if end > start else []
        has_next = before is not None or end < await count()
        return build_connection(rows, start=start, has_next=has_next, to_node=to_node, count=count)
    assert first is not None
    limit = first if end is None else max(min(first, end - start), 0)
    rows = list(await queryset.offset(start).limit(limit + 1)) if limit > 0 else []
    # With `before`, the item at the cursor itself follows this page.
    has_next = len(rows) > limit or end is not None
    return build_connection(rows[:limit], start=start, has_next=has_next, to_node=to_node, count=count)


async def child_page(
    *,
    parent_id: int,
    page_loader: Any,
    count_loader: Any,
    queryset: Callable[[], QuerySet[Any]],
    to_node: Callable[[Any], NodeT],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    order: tuple[str, ...] = ("-occurred_at", "-id"),
) -> Connection[NodeT]:
    """A parent's child rows as a connection (e.g. Customer.purchases), newest first.

    Forward pages go through the windowed page loader, so a whole page of parents costs one query;
    backward paging (`last`/`before`) is rare and runs its own query on `queryset()` (already scoped
    and filtered to the parent).
    """
    if last is not None or before is not None:
        return await paginate(
            queryset().order_by(*order), first=first, after=after, last=last, before=before, to_node=to_node
        )
    start, _, first, _ = page_window(first=first, after=after, last=None, before=None)
    assert first is not None
    rows = await page_loader.load((parent_id, start, first + 1)) if first else []
    return build_connection(
        rows[:first],
        start=start,
        has_next=len(rows) > first,
        to_node=to_node,
        count=lambda: count_loader.load(parent_id),
    )

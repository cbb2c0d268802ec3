"""A customer's timeline: every kind of event about them merged newest first, paged by keyset.

Each kind is a `Source`: a scoped queryset of rows with an `occurred_at` and a rank that breaks
ties. A page asks each source for at most `limit + 1` rows after the cursor (using the
`(customer_id, occurred_at)` index each table has), merges them and keeps `limit`: the cost is
one bounded query per kind, whatever the length of the history. Feedback and loyalty events
join by adding a source to `SOURCES`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.core.errors import CoreErrorCode, DomainError
from guanxi.customers.scoping import visible_purchases
from guanxi.interactions.scoping import visible_interactions


class TimelineKind(StrEnum):
    FEEDBACK = "FEEDBACK"
    INTERACTION = "INTERACTION"
    PURCHASE = "PURCHASE"


@dataclass(frozen=True)
class Source:
    kind: TimelineKind
    rank: int  # order among events at the same instant (higher first); unique per source
    permission: Permission  # a principal without it does not see this kind
    rows: Callable[[Principal], QuerySet[Any]]


def _feedback(principal: Principal) -> QuerySet[Any]:
    from guanxi.feedback.scoping import visible_feedback  # the feedback domain builds on this one

    return visible_feedback(principal)


SOURCES: tuple[Source, ...] = (
    Source(TimelineKind.FEEDBACK, 3, Permission.FEEDBACK_READ, _feedback),
    Source(TimelineKind.INTERACTION, 2, Permission.INTERACTIONS_READ, visible_interactions),
    Source(TimelineKind.PURCHASE, 1, Permission.CUSTOMERS_READ, visible_purchases),
)


@dataclass(frozen=True)
class Position:
    """Where an entry sits: newest first by time, then rank, then id."""

    occurred_at: datetime
    rank: int
    id: int

    def key(self) -> tuple[datetime, int, int]:
        return (self.occurred_at, self.rank, self.id)


@dataclass(frozen=True)
class Entry:
    kind: TimelineKind
    row: Any
    position: Position


def encode_position(position: Position) -> str:
    text = f"tl:{position.occurred_at.astimezone(UTC).isoformat()}|{position.rank}|{position.id}"
    return base64.b64encode(text.encode()).decode()


def decode_position(cursor: str) -> Position:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if not text.startswith("tl:"):
            raise ValueError
        moment, rank, pk = text.removeprefix("tl:").split("|")
        occurred_at = datetime.fromisoformat(moment)
        if occurred_at.tzinfo is None:
            raise ValueError
        return Position(occurred_at, int(rank), int(pk))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DomainError(CoreErrorCode.INVALID_VALUE, f"Invalid cursor {cursor!r}.", "after") from exc


def _after(source: Source, cursor: Position) -> Q:
    """Rows of `source` that come after `cursor` in newest-first order."""
    if source.rank < cursor.rank:
        return Q(occurred_at__lte=cursor.occurred_at)
    if source.rank > cursor.rank:
        return Q(occurred_at__lt=cursor.occurred_at)
    # Bounded by time first, so the (customer_id, occurred_at) index serves it as a range and a deep page
    # costs what the first does (`occurred_at < t OR (occurred_at = t AND id < i)` alone made SQLite walk
    # every row newer than the cursor).
    return Q(occurred_at__lte=cursor.occurred_at) & (
        Q(occurred_at__lt=cursor.occurred_at) | Q(id__lt=cursor.id)
    )


def sources_for(principal: Principal, kinds: Sequence[TimelineKind] | None) -> list[Source]:
    wanted = set(kinds) if kinds else set(TimelineKind)
    return [s for s in SOURCES if s.kind in wanted and principal.can(s.permission)]


async def page(
    principal: Principal,
    customer_id: int,
    *,
    limit: int,
    after: str | None = None,
    kinds: Sequence[TimelineKind] | None = None,
) -> tuple[list[Entry], bool]:
    """Up to `limit` entries after the cursor, newest first, and whether more follow.

    The caller has checked that the principal may see the customer; each source scopes its rows too.
    """
    cursor = decode_position(after) if after else None
    entries: list[Entry] = []
    for source in sources_for(principal, kinds):
        qs = source.rows(principal).filter(customer_id=customer_id)
        if cursor is not None:
            qs = qs.filter(_after(source, cursor))
        for row in await qs.order_by("-occurred_at", "-id").limit(limit + 1):
            entries.append(Entry(source.kind, row, Position(row.occurred_at, source.rank, row.pk)))
    entries.sort(key=lambda e: e.position.key(), reverse=True)
    return entries[:limit], len(entries) > limit


async def count(principal: Principal, customer_id: int, kinds: Sequence[TimelineKind] | None = None) -> int:
    total = 0
    for source in sources_for(principal, kinds):
        total += await source.rows(principal).filter(customer_id=customer_id).count()
    return total

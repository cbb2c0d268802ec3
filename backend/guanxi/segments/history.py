"""Membership over time: size per day and who entered or left, from the stays in `segment_membership`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from tortoise.expressions import Subquery

from guanxi.accounts.principal import Principal
from guanxi.core import clock
from guanxi.core.errors import CoreErrorCode, DomainError
from guanxi.core.sql import Fragment, Sql
from guanxi.customers.scoping import customer_scope_sql, visible_customers
from guanxi.segments.models import SegmentMembership

MAX_DAYS = 366


class ChangeKind(StrEnum):
    ENTERED = "ENTERED"
    LEFT = "LEFT"


def changes(principal: Principal, segment_id: int, *, since: datetime, kind: ChangeKind) -> Any:
    """Stays of visible customers that began (ENTERED) or ended (LEFT) at or after `since`."""
    visible = Subquery(visible_customers(principal).values("id"))
    qs = SegmentMembership.filter(segment_id=segment_id, customer_id__in=visible)
    if kind == ChangeKind.ENTERED:
        return qs.filter(entered_at__gte=since)
    return qs.filter(exited_at__gte=since)


def _day(sql: Sql, column: str) -> str:
    if sql.postgres:
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    return f"substr({column}, 1, 10)"  # Tortoise keeps UTC times as text: the date comes first


async def size_history(
    principal: Principal, segment_id: int, *, since: date, until: date | None = None
) -> list[tuple[date, int]]:
    """Members (that the principal may see) at the end of each UTC day from `since` to `until`: three
    queries whatever the range — members before it, then entries and exits per day within it."""
    until = until or clock.now().astimezone(UTC).date()
    if until < since:
        raise DomainError(CoreErrorCode.INVALID_VALUE, "`from` comes before `to`.", "from")
    if (until - since).days + 1 > MAX_DAYS:
        raise DomainError(CoreErrorCode.INVALID_VALUE, f"At most {MAX_DAYS} days at once.", "from")
    start = datetime.combine(since, time(), UTC)
    end = datetime.combine(until + timedelta(days=1), time(), UTC)
    sql = Sql()
    scope = customer_scope_sql(principal)
    base = Fragment("FROM segment_membership s", ())
    if scope is not None:
        base = base + " JOIN customer c ON c.id = s.customer_id"
    base = base + Fragment(" WHERE s.segment_id = ?", (segment_id,))
    if scope is not None:
        base = base + " AND " + scope
    before = base + Fragment(
        " AND s.entered_at < ? AND (s.exited_at IS NULL OR s.exited_at >= ?)", (sql.time(start), sql.time(start))
    )
    rows = await sql.rows("SELECT COUNT(*) AS n " + before.sql, before.params)
    size = int(rows[0]["n"])
    deltas: dict[str, int] = {}
    for column, sign in (("s.entered_at", 1), ("s.exited_at", -1)):
        day = _day(sql, column)
        q = base + Fragment(f" AND {column} >= ? AND {column} < ?", (sql.time(start), sql.time(end)))
        for row in await sql.rows(f"SELECT {day} AS d, COUNT(*) AS n " + q.sql + f" GROUP BY {day}", q.params):
            deltas[row["d"]] = deltas.get(row["d"], 0) + sign * int(row["n"])
    points = []
    day = since
    while day <= until:
        size += deltas.get(day.isoformat(), 0)
        points.append((day, size))
        day += timedelta(days=1)
    return points

"""Raw SQL for the few set-based statements the ORM cannot express (segment rules, metrics).

Statements are written once with `?` placeholders and `Sql.render` turns them into the
connection's style (`$1, $2, ...` on PostgreSQL). Values go through `Sql.time`/`Sql.flag` so
they compare exactly like the ORM's own (Tortoise stores SQLite timestamps as `str(datetime)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient


@dataclass(frozen=True)
class Fragment:
    """SQL text with `?` placeholders and their values, in order."""

    sql: str
    params: tuple[Any, ...] = ()

    def __add__(self, other: Fragment | str) -> Fragment:
        if isinstance(other, str):
            return Fragment(self.sql + other, self.params)
        return Fragment(self.sql + other.sql, self.params + other.params)

    def __radd__(self, other: str) -> Fragment:
        return Fragment(other + self.sql, self.params)


def join(parts: list[Fragment], separator: str) -> Fragment:
    out = Fragment("")
    for i, part in enumerate(parts):
        out = out + (separator if i else "") + part
    return out


class Sql:
    """The dialect of one connection."""

    def __init__(self, conn: BaseDBAsyncClient | None = None) -> None:
        self.conn = conn or connections.get("default")
        self.postgres = self.conn.capabilities.dialect == "postgres"

    def render(self, sql: str) -> str:
        if not self.postgres:
            return sql
        parts = sql.split("?")
        out = [parts[0]]
        for i, part in enumerate(parts[1:], start=1):
            out.append(f"${i}{part}")
        return "".join(out)

    def time(self, value: datetime) -> Any:
        value = value.astimezone(UTC)
        return value if self.postgres else str(value)

    def flag(self, value: bool) -> Any:
        return value if self.postgres else int(value)

    def number(self, expr: str) -> str:
        """A decimal column as a number (SQLite keeps Tortoise decimals as text)."""
        return expr if self.postgres else f"CAST({expr} AS REAL)"

    async def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return await self.conn.execute_query_dict(self.render(sql), list(params))

    async def execute(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
        """Run a statement; returns the rows it changed."""
        if self.postgres:
            # Tortoise reads the row count of `INSERT 0 5` as 0 (the oid): read the status ourselves.
            async with self.conn.acquire_connection() as connection:
                self.conn.log.debug("%s: %s", sql, params)
                status = await connection.execute(self.render(sql), *params)
            last = status.rsplit(" ", 1)[-1]
            return int(last) if last.isdigit() else 0
        count, _ = await self.conn.execute_query(self.render(sql), list(params))
        return count

    def placeholders(self, n: int) -> str:
        return ", ".join("?" * n)

"""The migrations produce exactly the schema the models describe (tables, columns, indexes, keys).

SQLite rebuilds tables in some migration operations and loses their indexes (STACK-NOTES), so the
comparison includes every index, by its columns and uniqueness.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

from tortoise import connections
from tortoise.utils import get_schema_sql

from tests.conftest import _pg_admin, _with_db_name

IGNORED_TABLES = {"tortoise_migrations", "sqlite_sequence"}


def _sqlite_shape(conn: sqlite3.Connection) -> dict[str, Any]:
    shape: dict[str, Any] = {}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in sorted(set(tables) - IGNORED_TABLES):
        columns = sorted(
            (r[1], r[2].upper(), bool(r[3]), bool(r[5]))
            for r in conn.execute(f'PRAGMA table_info("{table}")')
        )
        indexes = sorted(
            (bool(r[2]), tuple(c[2] for c in conn.execute(f'PRAGMA index_info("{r[1]}")')))
            for r in conn.execute(f'PRAGMA index_list("{table}")')
        )
        fks = sorted((r[2], r[3], r[4], r[6]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")'))
        shape[table] = {"columns": columns, "indexes": indexes, "foreign_keys": fks}
    return shape


async def _pg_shape(url: str) -> dict[str, Any]:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        shape: dict[str, Any] = {}
        tables = [
            r["table_name"]
            for r in await conn.fetch(
                "SELECT table_name FROM information_schema.tables WHERE table_schema='public'"
            )
        ]
        for table in sorted(set(tables) - IGNORED_TABLES):
            columns = sorted(
                (r["column_name"], r["data_type"], r["is_nullable"] == "NO", r["column_default"] or "")
                for r in await conn.fetch(
                    "SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns "
                    "WHERE table_schema='public' AND table_name=$1",
                    table,
                )
            )
            indexes = sorted(
                (r["indisunique"], tuple(r["cols"]))
                for r in await conn.fetch(
                    "SELECT i.indisunique, array_agg(a.attname ORDER BY k.ord) AS cols FROM pg_index i "
                    "JOIN pg_class t ON t.oid = i.indrelid "
                    "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                    "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
                    "WHERE t.relname = $1 GROUP BY i.indexrelid, i.indisunique",
                    table,
                )
            )
            constraints = sorted(
                r["def"]
                for r in await conn.fetch(
                    "SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                    "WHERE t.relname = $1",
                    table,
                )
            )
            shape[table] = {"columns": columns, "indexes": indexes, "constraints": constraints}
        return shape
    finally:
        await conn.close()


async def test_migrations_match_the_models(db):
    ddl = get_schema_sql(connections.get("default"), safe=False)
    if db.backend == "sqlite":
        migrated = sqlite3.connect(db.url.removeprefix("sqlite://").split("?")[0])
        expected = sqlite3.connect(":memory:")
        expected.executescript(ddl)
        assert _sqlite_shape(migrated) == _sqlite_shape(expected)
        assert len(_sqlite_shape(migrated)) >= 7
    else:
        scratch = f"guanxi_models_{uuid.uuid4().hex[:8]}"
        await _pg_admin(db.url, f'CREATE DATABASE "{scratch}"')
        try:
            import asyncpg

            url = _with_db_name(db.url, scratch)
            conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
            try:
                await conn.execute(ddl)
            finally:
                await conn.close()
            assert await _pg_shape(db.url) == await _pg_shape(url)
        finally:
            await _pg_admin(db.url, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')

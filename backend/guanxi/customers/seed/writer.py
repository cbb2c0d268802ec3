"""Writing the drawn rows in batches, one transaction per batch."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from guanxi.accounts.models import User
from guanxi.core import clock
from guanxi.core.sql import Sql
from guanxi.customers.seed.data import STAFF
from guanxi.customers.seed.generator import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    OWNER_INDEX,
    PURCHASE_COLUMNS,
    TAG_COLUMNS,
    _Dialect,
    _Draft,
    _Generator,
)
from guanxi.customers.seed.params import BATCH_SIZE, SeedSummary
from guanxi.settings import get_settings
from guanxi.value import metrics

# --- writing --------------------------------------------------------------------------------


async def _ensure_staff() -> list[int]:
    """The demo staff users' ids, in STAFF order; missing ones are created (without passwords)."""
    ids = []
    for name, email, role, _ in STAFF:
        user = await User.get_or_none(email=email)
        if user is None:
            user = await User.create(email=email, name=name, role=role)
        ids.append(user.pk)
    return ids


async def _customer_ids(
    conn: BaseDBAsyncClient, dialect: _Dialect, drafts: list[_Draft], staff_ids: list[int]
) -> list[int]:
    """Insert the batch's customers and return their ids, in order."""
    rows = []
    for draft in drafts:
        row = draft.customer
        if row[OWNER_INDEX] is not None:
            row = [*row]
            row[OWNER_INDEX] = staff_ids[row[OWNER_INDEX]]
        rows.append(row)
    n = len(rows)
    if dialect.postgres:
        # Draw the ids from the table's sequence: concurrent inserts elsewhere cannot collide.
        reserved = await conn.execute_query_dict(
            "SELECT nextval(pg_get_serial_sequence('customer', 'id')) AS id FROM generate_series(1, $1)", [n]
        )
        ids = sorted(int(r["id"]) for r in reserved)
        await conn.execute_many(
            dialect.insert("customer", ("id", *CUSTOMER_COLUMNS)),
            [[i, *row] for i, row in zip(ids, rows, strict=True)],
        )
        return ids
    # SQLite: this transaction holds the write lock from its first insert, and AUTOINCREMENT gives
    # consecutive ids to consecutive inserts, so the batch's ids end at the new maximum.
    await conn.execute_many(dialect.insert("customer", CUSTOMER_COLUMNS), rows)
    last = int((await conn.execute_query_dict('SELECT MAX("id") AS id FROM "customer"'))[0]["id"])
    first = last - n + 1
    check = await conn.execute_query_dict(
        'SELECT COUNT(*) AS n FROM "customer" WHERE "id" BETWEEN ? AND ?', [first, last]
    )
    if int(check[0]["n"]) != n:
        raise RuntimeError("customer ids of a seed batch are not consecutive")
    return list(range(first, last + 1))


async def _write_batch(
    dialect: _Dialect, drafts: list[_Draft], staff_ids: list[int], order_tag: str
) -> tuple[int, int, int]:
    """Insert one batch in one transaction. Returns (contact points, tags, purchases) written."""
    async with in_transaction() as conn:
        ids = await _customer_ids(conn, dialect, drafts, staff_ids)
        contacts = [(cid, *c) for cid, d in zip(ids, drafts, strict=True) for c in d.contacts]
        tags = [(cid, t) for cid, d in zip(ids, drafts, strict=True) for t in d.tags]
        purchases = [
            (cid, *p[:7], f"{p[7][0]}{order_tag}-{cid}-{p[7][1]:03d}", *p[8:])
            for cid, d in zip(ids, drafts, strict=True)
            for p in d.purchases
        ]
        if contacts:
            await conn.execute_many(dialect.insert("contact_point", CONTACT_COLUMNS), contacts)
        if tags:
            await conn.execute_many(dialect.insert("customer_tag", TAG_COLUMNS), tags)
        if purchases:
            await conn.execute_many(dialect.insert("purchase", PURCHASE_COLUMNS), purchases)
            await metrics.refresh(ids, sql=Sql(conn))
    return len(contacts), len(tags), len(purchases)


async def seed_demo_data(
    *, customers: int, seed: int, progress: Callable[[int], None] | None = None
) -> SeedSummary:
    """Add `customers` demo customers (and their purchases) plus the demo staff users.

    Deterministic for a seed on a given day; adds to whatever the database holds.
    `progress(done)` is called after each committed batch.
    """
    if customers < 0:
        raise ValueError("customers must be zero or more")
    settings = get_settings()
    today = clock.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    staff_ids = await _ensure_staff()
    dialect = _Dialect(connections.get("default").capabilities.dialect)
    generator = _Generator(
        rng=random.Random(seed),
        today=today,
        customers=customers,
        dialect=dialect,
        home_country=settings.home_country,
        home_province=settings.home_province,
        loyal_purchase_days=settings.loyal_purchase_days,
    )
    order_tag = f"{seed & 0xFFFF:04X}"
    done = contact_count = tag_count = purchase_count = 0
    while done < customers:
        drafts = [generator.customer() for _ in range(min(BATCH_SIZE, customers - done))]
        c, t, p = await _write_batch(dialect, drafts, staff_ids, order_tag)
        contact_count, tag_count, purchase_count = contact_count + c, tag_count + t, purchase_count + p
        done += len(drafts)
        if progress is not None:
            progress(done)
    return SeedSummary(
        customers=done,
        purchases=purchase_count,
        staff_users=len(staff_ids),
        contact_points=contact_count,
        tags=tag_count,
    )

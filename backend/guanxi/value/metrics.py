"""Keep `customer_metrics` equal to what each customer's kept purchases add up to.

`refresh(customer_ids)` recomputes the rows of some customers with one statement, inside the
caller's transaction (record and refund a purchase call it); `rebuild_all()` recomputes every
row (after a bulk load, and in the migration that creates the table).
"""

from __future__ import annotations

from collections.abc import Iterable

from guanxi.core import clock
from guanxi.core.currency import minor_units
from guanxi.core.sql import Sql
from guanxi.settings import get_settings


def _upsert(sql: Sql, where: str) -> str:
    currency = get_settings().currency
    scale = 10 ** (minor_units(currency) or 0)
    amount = sql.number("p.amount")
    spend = f"ROUND(SUM(CASE WHEN p.currency = ? THEN {amount} ELSE 0 END) * {scale})"
    if sql.postgres:
        spend = f"CAST({spend} AS BIGINT)"
    return f"""
        INSERT INTO customer_metrics
            (customer_id, purchase_count, spend_count, total_spend_minor, first_purchase_at, last_purchase_at,
             updated_at)
        SELECT p.customer_id, COUNT(*), SUM(CASE WHEN p.currency = ? THEN 1 ELSE 0 END), {spend},
               MIN(p.occurred_at), MAX(p.occurred_at), ?
        FROM purchase p
        WHERE p.refunded_at IS NULL {where}
        GROUP BY p.customer_id
        ON CONFLICT (customer_id) DO UPDATE SET
            purchase_count = excluded.purchase_count, spend_count = excluded.spend_count,
            total_spend_minor = excluded.total_spend_minor, first_purchase_at = excluded.first_purchase_at,
            last_purchase_at = excluded.last_purchase_at, updated_at = excluded.updated_at
    """


async def refresh(customer_ids: Iterable[int], *, sql: Sql | None = None) -> None:
    """Recompute these customers' metrics (a customer with no kept purchase gets zeros)."""
    ids = sorted(set(customer_ids))
    if not ids:
        return
    sql = sql or Sql()
    currency = get_settings().currency
    now = sql.time(clock.now())
    marks = sql.placeholders(len(ids))
    # Customers whose every purchase is refunded have no row in the aggregate: zero them first.
    await sql.execute(
        f"UPDATE customer_metrics SET purchase_count = 0, spend_count = 0, total_spend_minor = 0, "
        f"first_purchase_at = NULL, last_purchase_at = NULL, updated_at = ? WHERE customer_id IN ({marks})",
        [now, *ids],
    )
    await sql.execute(
        _upsert(sql, f"AND p.customer_id IN ({marks})"), [currency, currency, now, *ids]
    )


async def rebuild_all(*, sql: Sql | None = None) -> None:
    """Recompute every customer's metrics in the database."""
    sql = sql or Sql()
    currency = get_settings().currency
    now = sql.time(clock.now())
    await sql.execute("DELETE FROM customer_metrics")
    await sql.execute(_upsert(sql, ""), [currency, currency, now])

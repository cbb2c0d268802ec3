"""`guanxi loyalty verify`: every account's stored balance equals its ledger's sum and its lots' rest."""

from __future__ import annotations

from dataclasses import dataclass

from guanxi.core.sql import Sql


@dataclass(frozen=True)
class Mismatch:
    account_id: int
    balance: int
    ledger: int
    lots: int


async def verify() -> tuple[int, list[Mismatch]]:
    """(accounts checked, mismatches), in three aggregate queries whatever the size."""
    sql = Sql()
    balances = {int(r["id"]): int(r["balance"]) for r in await sql.rows("SELECT id, balance FROM loyalty_account")}
    ledger = {
        int(r["account_id"]): int(r["total"])
        for r in await sql.rows(
            "SELECT account_id, SUM(amount) AS total FROM loyalty_ledger_entry GROUP BY account_id"
        )
    }
    lots = {
        int(r["account_id"]): int(r["total"])
        for r in await sql.rows("SELECT account_id, SUM(remaining) AS total FROM loyalty_lot GROUP BY account_id")
    }
    bad = [
        Mismatch(i, b, ledger.get(i, 0), lots.get(i, 0))
        for i, b in sorted(balances.items())
        if not (b == ledger.get(i, 0) == lots.get(i, 0)) or b < 0
    ]
    return len(balances), bad

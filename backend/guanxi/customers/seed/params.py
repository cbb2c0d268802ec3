"""Parameters of the demo data (shares, sizes) and its summary."""

from __future__ import annotations

from dataclasses import dataclass

BATCH_SIZE = 2_000
DAY = 86_400
HISTORY_DAYS = 730
MAX_PURCHASES = 300

# BG/NBD-style parameters (rates per day), tuned for about 5 purchases per customer overall.
PURCHASE_RATE_SHAPE, PURCHASE_RATE_SCALE = 0.9, 1 / 25
DROPOUT_A, DROPOUT_B = 1.2, 10.0
PROSPECT_SHARE = 0.22  # plus the customers whose first purchase would fall after today
REFUND_SHARE = 0.02


@dataclass(frozen=True)
class SeedSummary:
    customers: int
    purchases: int
    staff_users: int
    contact_points: int = 0
    tags: int = 0

    def __str__(self) -> str:
        return f"{self.customers:,} customers, {self.purchases:,} purchases, {self.staff_users:,} staff users"

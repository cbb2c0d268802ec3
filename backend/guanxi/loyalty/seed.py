"""Demo loyalty data: the demo customers' purchases earned points as they happened (so tiers, expiry
and the monthly figures have history), some points were redeemed, and a rewards catalogue exists.

Deterministic for a seed on a given day. Purchases written by the bulk seeder bypass recordPurchase,
so their points are posted here, each at the purchase's own time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from guanxi.core import clock
from guanxi.customers.models import Purchase
from guanxi.loyalty import jobs, ledger, tiers
from guanxi.loyalty import program as programs
from guanxi.loyalty.models import (
    EntryKind,
    LedgerEntry,
    LoyaltyAccount,
    LoyaltyTier,
    ReferenceType,
    Reward,
    TierChange,
)
from guanxi.settings import get_settings

DEFAULT_LIMIT = 1_000
REWARDS = (
    ("保温杯 Thermos mug", "A branded 500 ml thermos.", 300, 50, None),
    ("50 元代金券 ¥50 voucher", "Off the next order over ¥200.", 500, None, None),
    ("免费送货上门 Free home delivery", "One free delivery, any size.", 800, None, None),
    ("VIP 品鉴会 VIP tasting evening", "Two seats at the spring tasting.", 2_000, 20, "Gold"),
    ("年度礼盒 Annual gift box", "Sent before the Spring Festival.", 6_000, 10, "Platinum"),
)


@dataclass(frozen=True)
class SeededLoyalty:
    accounts: int
    entries: int
    rewards: int

    def __str__(self) -> str:
        return f"{self.accounts} loyalty accounts ({self.entries} ledger entries), {self.rewards} rewards"


async def seed_demo_loyalty(*, seed: int, limit: int = DEFAULT_LIMIT) -> SeededLoyalty:
    """Once: skipped when loyalty accounts exist."""
    if await LoyaltyAccount.exists():
        return SeededLoyalty(0, 0, 0)
    rng = random.Random(seed)
    row = await programs.program()
    tier_list = await programs.tiers()
    lowest = tier_list[0]
    now = clock.now()
    currency = get_settings().currency
    purchases = (
        await Purchase.filter(refunded_at=None, currency=currency)
        .order_by("-customer_id", "occurred_at", "id")
        .values_list("id", "customer_id", "amount", "occurred_at", "external_order_id")
    )
    by_customer: dict[int, list[tuple]] = {}
    for p in purchases:
        if p[1] in by_customer or len(by_customer) < limit:
            by_customer.setdefault(p[1], []).append(p)
    for customer_id, bought in by_customer.items():
        # Each customer's story in time order (so the ledger, read by id, reads by date too): the points
        # of each purchase, and now and then some spent at the till a few days later.
        story: list[tuple[datetime, int, tuple | None]] = [(p[3], 0, p) for p in bought]
        story.sort(key=lambda e: (e[0], e[1]))
        async with in_transaction():
            first = bought[0][3]
            account = await LoyaltyAccount.create(
                customer_id=customer_id, tier_id=lowest.id, tier_since=first, created_at=first, updated_at=first
            )
            await TierChange.create(
                account_id=account.pk, from_tier=None, to_tier=lowest.name, reason="enrolled on first purchase",
                changed_at=first,
            )
            while story:
                when, _, purchase = story.pop(0)
                account = await LoyaltyAccount.get(id=account.pk)
                if purchase is None:
                    if account.balance >= 100:
                        spend = rng.randrange(100, min(account.balance, 3_000) + 1, 50)
                        await ledger.debit(
                            account_id=account.pk, kind=EntryKind.REDEEM, points=spend,
                            reason="Points used at the till", now=when,
                        )
                    continue
                purchase_id, _, amount, occurred_at, order = purchase
                tier = next((t for t in tier_list if t.id == account.tier_id), lowest)
                points = programs.points_for(Decimal(amount), row, tier.multiplier)
                if points <= 0:
                    continue
                await ledger.credit(
                    account_id=account.pk,
                    kind=EntryKind.EARN,
                    points=points,
                    reason=f"Purchase {order or purchase_id}",
                    now=occurred_at,
                    expires_after=programs.lifetime(row),
                    reference=ledger.Reference(ReferenceType.PURCHASE, purchase_id),
                    dedupe_key=f"earn:purchase:{purchase_id}",
                )
                await tiers.upgrade_if_earned(account.pk, occurred_at, f"reached with purchase {purchase_id}")
                if account.balance + points >= 200 and rng.random() < 0.25:
                    later = min(occurred_at + timedelta(days=rng.randrange(1, 20)), now)
                    story.append((later, 1, None))
                    story.sort(key=lambda e: (e[0], e[1]))
    gold = {t.name: t.id for t in await LoyaltyTier.all()}
    for name, description, cost, stock, tier in REWARDS:
        await Reward.create(
            name=name, description=description, points_cost=cost, stock=stock, min_tier_id=gold.get(tier) if tier else None
        )
    await jobs.expire_due(now)  # points older than the program's lifetime
    return SeededLoyalty(len(by_customer), await LedgerEntry.all().count(), len(REWARDS))

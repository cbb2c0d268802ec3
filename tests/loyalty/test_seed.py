"""Demo loyalty data: consistent ledgers with history (earnings at purchase times, redemptions, expiry)."""

from __future__ import annotations

from datetime import UTC, datetime

from guanxi.core import clock
from guanxi.customers.seed import seed_demo_data
from guanxi.loyalty import verify
from guanxi.loyalty.models import EntryKind, LedgerEntry, LoyaltyAccount, Reward
from guanxi.loyalty.seed import seed_demo_loyalty


async def test_demo_loyalty_is_consistent_and_has_history(db):
    clock.freeze(datetime(2026, 11, 24, 12, tzinfo=UTC))
    try:
        await seed_demo_data(customers=200, seed=4)
        summary = await seed_demo_loyalty(seed=4)
        assert summary.accounts == await LoyaltyAccount.all().count() > 50
        assert (await seed_demo_loyalty(seed=4)).accounts == 0  # once
        checked, bad = await verify.verify()
        assert checked == summary.accounts and bad == []
        kinds = set(await LedgerEntry.all().values_list("kind", flat=True))
        assert {EntryKind.EARN, EntryKind.REDEEM} <= {EntryKind(k) for k in kinds}
        assert await Reward.all().count() == 5
        assert await LoyaltyAccount.filter(tier__threshold__gt=0).exists()  # some reached a higher tier
    finally:
        clock.freeze(None)

"""Demo segments: created once, members matching their rules now, with weekly history behind them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from guanxi.accounts.models import Role
from guanxi.accounts.principal import Principal
from guanxi.accounts.services import create_user
from guanxi.core import clock
from guanxi.customers.seed import seed_demo_data
from guanxi.feedback.seed import seed_demo_feedback
from guanxi.segments import history, services
from guanxi.segments.models import Segment, SegmentKind
from guanxi.segments.seed import WEEKS, seed_demo_segments


async def test_demo_segments_match_their_rules_and_have_history(db):
    clock.freeze(datetime(2026, 11, 24, 12, tzinfo=UTC))
    try:
        admin = await create_user(email="a@example.com", name="A", role=Role.ADMIN, password="Long-enough-77")
        await seed_demo_data(customers=300, seed=3)
        await seed_demo_feedback(seed=3)
        summary = await seed_demo_segments()
        assert summary.segments == 5
        assert (await seed_demo_segments()).segments == 0  # only once
        for segment in await Segment.filter(kind=SegmentKind.DYNAMIC):
            change = await services.refresh_segment(segment.pk)
            assert (change.entered, change.left) == (0, 0), segment.name  # members are what the rule says now
        spenders = await Segment.get(name__startswith="广东高消费")
        assert spenders.service_priority == 1
        today = clock.now().date()
        points = await history.size_history(
            Principal.for_user(admin), spenders.pk, since=today - timedelta(weeks=WEEKS), until=today
        )
        sizes = [size for _, size in points]
        assert sizes[0] > 0 and sizes[-1] == await services.current_members(spenders.pk).count()
        assert len(set(sizes)) > 1  # the rolling year moved people in and out over the quarter
    finally:
        clock.freeze(None)

"""Demo segments for the demo data, with a quarter of weekly history, so the segments list, its
sparklines and a segment's size chart have something to show on first start.

History is made by evaluating each dynamic rule as of each past week (windowed conditions such as
"spent over 5,000 in the last 365 days" look back from that day), then as of now. Attribute and
all-time purchase conditions use today's data for every past week: demo history, not an audit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from guanxi.accounts.models import Role, User
from guanxi.core import clock
from guanxi.customers.models import Customer, CustomerKind
from guanxi.interactions.models import Channel
from guanxi.segments import rules, services
from guanxi.segments.models import Segment, SegmentKind, SegmentMembership

WEEKS = 13

DEMO: tuple[dict[str, Any], ...] = (
    {
        "name": "广东高消费客户 Guangdong big spenders",
        "description": "Spent over 5,000 in Guangdong in the last year: VIP service, 5 % off, WeChat first.",
        "rule": {
            "all": [
                {"field": "PROVINCE", "op": "EQ", "value": "广东"},
                {"field": "SPEND_IN_LAST_DAYS", "op": "GT", "value": 5000, "days": 365},
            ]
        },
        "strategy": {
            "service_priority": 1,
            "service_level": "VIP 专线 / VIP hotline",
            "discount_percent": "5",
            "preferred_channel": Channel.WECHAT,
            "contact_cap_max": 2,
            "contact_cap_window_days": 7,
        },
    },
    {
        "name": "沉睡客户 Lapsed buyers",
        "description": "Bought before, but not in the last 180 days: win-back candidates.",
        "rule": {
            "all": [
                {"field": "PURCHASE_COUNT", "op": "GTE", "value": 1},
                {"field": "PURCHASES_IN_LAST_DAYS", "op": "EQ", "value": 0, "days": 180},
            ]
        },
        "strategy": {"service_priority": 3, "service_level": "Win-back call within a week", "contact_cap_max": 1,
                     "contact_cap_window_days": 14},
    },
    {
        "name": "推荐者 Promoters",
        "description": "Their latest NPS answer is 9 or 10.",
        "rule": {"field": "LAST_NPS_SCORE", "op": "GTE", "value": 9},
    },
    {
        "name": "近期投诉 Complained this month",
        "description": "Filed a complaint in the last 30 days: handle with care.",
        "rule": {"field": "COMPLAINTS_IN_LAST_DAYS", "op": "GTE", "value": 1, "days": 30},
        "strategy": {"service_priority": 2, "service_level": "Senior agent, callback within 4 h"},
    },
)


@dataclass(frozen=True)
class SeededSegments:
    segments: int
    memberships: int

    def __str__(self) -> str:
        return f"{self.segments} segments ({self.memberships} membership stays)"


async def seed_demo_segments() -> SeededSegments:
    """Add the demo segments (once: skipped when segments exist)."""
    if await Segment.exists():
        return SeededSegments(0, 0)
    owner = await User.filter(role=Role.ADMIN).order_by("id").first()
    now = clock.now()
    for spec in DEMO:
        segment = await Segment.create(
            name=spec["name"],
            description=spec["description"],
            kind=SegmentKind.DYNAMIC,
            rule=rules.stored(rules.validate(spec["rule"])),
            refresh_interval_minutes=60,
            owner_id=owner.pk if owner else None,
            created_at=now - timedelta(weeks=WEEKS),
            **spec.get("strategy", {}),
        )
        for week in range(WEEKS, 0, -1):
            await services.evaluate_as_of(segment, now - timedelta(weeks=week))
        await services.refresh_segment(segment.pk)
    accounts = await Customer.filter(kind=CustomerKind.COMPANY, archived_at=None).order_by("id").limit(12)
    static = await Segment.create(
        name="重点客户 Key accounts",
        description="Companies the sales team looks after in person.",
        kind=SegmentKind.STATIC,
        owner_id=owner.pk if owner else None,
    )
    await SegmentMembership.bulk_create(
        [SegmentMembership(segment_id=static.pk, customer_id=c.pk, entered_at=now - timedelta(days=30)) for c in accounts]
    )
    return SeededSegments(len(DEMO) + 1, await SegmentMembership.all().count())

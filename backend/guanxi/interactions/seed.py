"""Demo contacts for the demo customers: a few months of calls, messages and visits, open follow-ups
(some overdue, some due today), consent changes and preferred channels, so the timeline, the contact
budget and "My day" have something to show on first start.

Deterministic for a given seed and day. Only the newest `limit` customers get contacts: a demo needs
a few thousand, and the 100,000-customer seed stays as fast as before.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from tortoise.transactions import in_transaction

from guanxi.core import clock
from guanxi.customers.models import Customer
from guanxi.interactions.models import (
    Channel,
    ConsentRecord,
    ConsentStatus,
    ContactState,
    Direction,
    Interaction,
    Outcome,
)

DEFAULT_LIMIT = 2_000
_CHANNELS = [
    (Channel.PHONE, 30),
    (Channel.WECHAT, 25),
    (Channel.EMAIL, 12),
    (Channel.SMS, 8),
    (Channel.VISIT, 8),
    (Channel.LIVE_CHAT, 8),
    (Channel.MEETING, 5),
    (Channel.SOCIAL, 3),
    (Channel.OTHER, 1),
]
_INBOUND = [
    "咨询新品价格",
    "询问发货时间",
    "Asked about delivery",
    "问会员积分怎么用",
    "Warranty question",
    "想预约到店",
]
_OUTBOUND = [
    "回访购买体验",
    "Follow-up on quote",
    "新品推荐",
    "生日问候",
    "Renewal reminder",
    "售后满意度回访",
]
_FOLLOW_UPS = ["发送报价单", "Send the catalogue", "确认到店时间", "Call back about the refund", "寄样品"]


@dataclass
class ContactSeedSummary:
    interactions: int
    consent_records: int
    follow_ups_open: int

    def __str__(self) -> str:
        return f"{self.interactions:,} contacts, {self.follow_ups_open:,} open follow-ups"


async def seed_demo_contacts(*, seed: int = 1, limit: int = DEFAULT_LIMIT) -> ContactSeedSummary:
    rng = random.Random(seed * 7919)
    now = clock.now().replace(microsecond=0)
    customers = (
        await Customer.filter(archived_at__isnull=True)
        .order_by("-id")
        .limit(limit)
        .values_list("id", "owner_id", "created_at")
    )
    channels, weights = zip(*_CHANNELS, strict=True)
    interactions: list[Interaction] = []
    consents: list[ConsentRecord] = []
    states: list[ContactState] = []
    open_follow_ups = 0
    for customer_id, owner_id, created_at in customers:
        last = None
        age_days = max(1, min(180, (now - created_at).days))
        # Young customers have had fewer contacts: about one a week at most, within the default policy.
        for _ in range(min(rng.choice([0, 1, 1, 2, 2, 3, 4, 6]), 1 + age_days // 7)):
            occurred = now - timedelta(days=rng.uniform(0, age_days), minutes=rng.randint(0, 600))
            inbound = rng.random() < 0.4
            follow_up = None
            done = None
            if (now - occurred).days < 14 and rng.random() < 0.35:
                follow_up = (now + timedelta(days=rng.uniform(-5, 5))).replace(second=0)
                if follow_up < now and rng.random() < 0.6:
                    done = follow_up + timedelta(hours=rng.randint(1, 20))
                else:
                    open_follow_ups += 1
            interactions.append(
                Interaction(
                    customer_id=customer_id,
                    channel=rng.choices(channels, weights)[0],
                    direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
                    subject=rng.choice(_INBOUND if inbound else _OUTBOUND),
                    outcome=rng.choice(list(Outcome)) if not inbound else Outcome.RESOLVED,
                    duration_seconds=rng.randint(30, 1200),
                    occurred_at=occurred,
                    logged_by_user_id=owner_id,
                    follow_up_due_at=follow_up,
                    follow_up_note=rng.choice(_FOLLOW_UPS) if follow_up else None,
                    follow_up_completed_at=done,
                )
            )
            last = max(last, occurred) if last else occurred
        preferred = rng.choices(channels, weights)[0] if rng.random() < 0.3 else None
        if rng.random() < 0.12:
            channel = rng.choice([Channel.SMS, Channel.EMAIL, Channel.PHONE])
            consents.append(
                ConsentRecord(
                    customer_id=customer_id, channel=channel, status=ConsentStatus.OPTED_IN, source="注册表单"
                )
            )
            consents.append(
                ConsentRecord(
                    customer_id=customer_id,
                    channel=channel,
                    status=ConsentStatus.OPTED_OUT,
                    source=rng.choice(["unsubscribe link", "电话告知", "门店"]),
                )
            )
            if preferred == channel:
                preferred = None
        if last is not None or preferred is not None:
            states.append(
                ContactState(customer_id=customer_id, last_contact_at=last, preferred_channel=preferred)
            )
    async with in_transaction():
        await Interaction.bulk_create(interactions, batch_size=1000)
        await ConsentRecord.bulk_create(consents, batch_size=1000)
        await ContactState.bulk_create(states, batch_size=1000, ignore_conflicts=True)
    return ContactSeedSummary(
        interactions=len(interactions), consent_records=len(consents), follow_ups_open=open_follow_ups
    )

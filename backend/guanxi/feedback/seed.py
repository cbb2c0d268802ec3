"""Demo feedback for the demo customers: half a year of NPS and CSAT answers, suggestions, praise,
requests (needs), and complaints at every stage of their workflow, some past their deadlines, so the
board, the statistics and the timelines have something to show on first start.

Deterministic for a given seed and day; only the newest `limit` customers get feedback.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from tortoise.transactions import in_transaction

from guanxi.core import clock
from guanxi.customers.models import Customer
from guanxi.feedback import standards
from guanxi.feedback.complaints import PATH_TO
from guanxi.feedback.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintStatus,
    Feedback,
    FeedbackKind,
    NeedStatus,
    Priority,
    ScoreScale,
    Severity,
)
from guanxi.feedback.sentiment import analyze
from guanxi.interactions.models import Channel

DEFAULT_LIMIT = 2_000
_TEXTS = {
    FeedbackKind.PRAISE: [
        "客服小王态度非常好，解决得很快",
        "The staff were very helpful, thank you!",
        "物流很快，包装也很好",
    ],
    FeedbackKind.SUGGESTION: [
        "希望周末也能送货",
        "Please add WeChat Pay at the store",
        "建议会员积分可以抵扣运费",
    ],
    FeedbackKind.REQUEST: ["需要开增值税发票", "Can you stock the larger size?", "希望提供上门安装服务"],
    FeedbackKind.COMPLAINT: [
        "快递太慢了，等了一个星期还没到",
        "The product arrived damaged and nobody answered my email",
        "客服态度很差，问题一直没解决",
        "Charged twice for the same order",
        "退款申请提交两周了还没有处理",
    ],
}
_SUBJECTS = ["配送延迟", "Damaged on arrival", "客服态度", "Double charge", "退款未处理"]


@dataclass
class FeedbackSeedSummary:
    feedback: int
    complaints: int

    def __str__(self) -> str:
        return f"{self.feedback:,} feedback, {self.complaints:,} complaints"


async def seed_demo_feedback(*, seed: int = 1, limit: int = DEFAULT_LIMIT) -> FeedbackSeedSummary:
    rng = random.Random(seed * 104729)
    now = clock.now().replace(microsecond=0)
    customers = (
        await Customer.filter(archived_at__isnull=True)
        .order_by("-id")
        .limit(limit)
        .values_list("id", "owner_id", "created_at")
    )
    rows: list[Feedback] = []
    complaints_to_file: list[tuple[Feedback, int | None]] = []
    for customer_id, owner_id, created_at in customers:
        age_days = max(1, min(180, (now - created_at).days))
        if rng.random() < 0.35:
            score = rng.choices(range(11), weights=[2, 1, 1, 2, 2, 3, 4, 8, 12, 16, 14])[0]
            rows.append(
                _row(rng, customer_id, FeedbackKind.SURVEY, now, age_days, score=score, scale=ScoreScale.NPS)
            )
        if rng.random() < 0.2:
            score = rng.choices(range(1, 6), weights=[1, 1, 3, 6, 6])[0]
            rows.append(
                _row(rng, customer_id, FeedbackKind.SURVEY, now, age_days, score=score, scale=ScoreScale.CSAT)
            )
        if rng.random() < 0.12:
            kind = rng.choice([FeedbackKind.PRAISE, FeedbackKind.SUGGESTION, FeedbackKind.REQUEST])
            rows.append(_row(rng, customer_id, kind, now, age_days))
        if rng.random() < 0.03:
            complaints_to_file.append(
                (_row(rng, customer_id, FeedbackKind.COMPLAINT, now, min(age_days, 12)), owner_id)
            )
    rules = await standards.standards()
    async with in_transaction():
        await Feedback.bulk_create(rows, batch_size=1000)
        for feedback, owner_id in complaints_to_file:
            await feedback.save()
            await _complaint(rng, feedback, owner_id, rules, now)
    return FeedbackSeedSummary(
        feedback=len(rows) + len(complaints_to_file), complaints=len(complaints_to_file)
    )


def _row(rng, customer_id, kind, now, age_days, *, score=None, scale=None) -> Feedback:  # type: ignore[no-untyped-def]
    text = rng.choice(_TEXTS[kind]) if kind in _TEXTS else None
    sentiment = analyze(text) if text else None
    return Feedback(
        customer_id=customer_id,
        kind=kind,
        channel=rng.choice([Channel.WECHAT, Channel.PHONE, Channel.EMAIL, Channel.LIVE_CHAT]),
        text=text,
        score=score,
        scale=scale,
        sentiment_score=round(sentiment.score, 4) if sentiment else None,
        sentiment_label=str(sentiment.label) if sentiment else None,
        need_status=rng.choice(list(NeedStatus)) if kind == FeedbackKind.REQUEST else None,
        priority=rng.choice(list(Priority)) if kind == FeedbackKind.REQUEST else None,
        occurred_at=now - timedelta(days=rng.uniform(0, age_days), minutes=rng.randint(0, 600)),
    )


async def _complaint(rng, feedback: Feedback, owner_id, rules, now) -> None:  # type: ignore[no-untyped-def]
    severity = rng.choices(list(Severity), weights=[3, 4, 3, 1])[0]
    rule = rules[severity]
    filed = feedback.occurred_at
    status = rng.choices(list(PATH_TO), weights=[3, 2, 3, 2, 3, 1])[0]
    complaint = await Complaint.create(
        feedback_id=feedback.pk,
        customer_id=feedback.customer_id,  # type: ignore[attr-defined]
        subject=rng.choice(_SUBJECTS),
        severity=severity,
        status=status,
        assignee_id=owner_id,
        first_response_due_at=filed + timedelta(minutes=rule.first_response_minutes),
        resolution_due_at=filed + timedelta(minutes=rule.resolution_minutes),
    )
    await ComplaintEvent.create(
        complaint_id=complaint.pk, kind=ComplaintEventKind.FILED, to_status=ComplaintStatus.NEW
    )
    at, previous = filed, ComplaintStatus.NEW
    updates: dict = {}
    for action, target in PATH_TO[status]:
        at = min(now, at + timedelta(hours=rng.uniform(0.3, 20)))
        await ComplaintEvent.create(
            complaint_id=complaint.pk,
            kind=ComplaintEventKind.TRANSITION,
            from_status=previous,
            to_status=target,
        )
        if action == "acknowledge":
            updates["first_responded_at"] = at
        elif action == "resolve":
            updates.update(resolved_at=at, resolution="已退款并致歉 / Refunded and apologised")
        elif action == "close":
            updates["closed_at"] = at
        previous = target
    if updates:
        await Complaint.filter(id=complaint.pk).update(**updates)

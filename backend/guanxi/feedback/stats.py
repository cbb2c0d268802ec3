"""Feedback statistics: NPS, CSAT and CES over a time range, with a weekly or monthly trend, and the
customers who promote or detract (口碑).

NPS = % promoters (9-10) − % detractors (0-6) of NPS answers; CSAT = % of CSAT answers that are 4 or 5;
CES = the average CES answer (1-7). The scored answers of the range are read as three small columns
(scale, score, time: no model instances) and folded into weeks or months here, the same on SQLite and
PostgreSQL; the counts per kind are one GROUP BY. Past a few hundred thousand answers per range a daily
rollup table would be the next step.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from tortoise.expressions import Subquery
from tortoise.functions import Count

from guanxi.accounts.principal import Principal
from guanxi.core.errors import CoreErrorCode, DomainError
from guanxi.feedback.models import FeedbackKind, ScoreScale
from guanxi.feedback.scoping import visible_feedback
from guanxi.interactions.models import Channel
from guanxi.segments.models import SegmentMembership

MAX_RANGE_DAYS = 3 * 366
PROMOTER, DETRACTOR = 9, 6


class Period(StrEnum):
    WEEK = "WEEK"
    MONTH = "MONTH"


@dataclass
class Summary:
    nps_answers: int = 0
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    csat_answers: int = 0
    csat_satisfied: int = 0
    ces_answers: int = 0
    ces_total: int = 0

    def add(self, scale: ScoreScale, score: int, n: int) -> None:
        if scale == ScoreScale.NPS:
            self.nps_answers += n
            if score >= PROMOTER:
                self.promoters += n
            elif score <= DETRACTOR:
                self.detractors += n
            else:
                self.passives += n
        elif scale == ScoreScale.CSAT:
            self.csat_answers += n
            if score >= 4:
                self.csat_satisfied += n
        elif scale == ScoreScale.CES:
            self.ces_answers += n
            self.ces_total += score * n

    @property
    def nps(self) -> float | None:
        if not self.nps_answers:
            return None
        return round(100 * (self.promoters - self.detractors) / self.nps_answers, 1)

    @property
    def csat(self) -> float | None:
        return round(100 * self.csat_satisfied / self.csat_answers, 1) if self.csat_answers else None

    @property
    def ces(self) -> float | None:
        return round(self.ces_total / self.ces_answers, 2) if self.ces_answers else None


@dataclass
class Stats:
    since: datetime
    until: datetime
    total: Summary
    trend: list[tuple[date, Summary]]
    by_kind: dict[FeedbackKind, int] = field(default_factory=dict)


def period_start(day: date, period: Period) -> date:
    if period == Period.WEEK:
        return day - timedelta(days=day.weekday())  # Monday
    return day.replace(day=1)


def _periods(since: date, until: date, period: Period) -> list[date]:
    starts, current = [], period_start(since, period)
    while current <= until:
        starts.append(current)
        if period == Period.WEEK:
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts


async def feedback_stats(
    *,
    principal: Principal,
    since: datetime,
    until: datetime,
    period: Period = Period.MONTH,
    channel: Channel | None = None,
    segment_id: int | None = None,
) -> Stats:
    """`segment_id`: only feedback of the segment's current members."""
    if since.tzinfo is None or until.tzinfo is None:
        raise DomainError(CoreErrorCode.INVALID_VALUE, "Give a time zone offset.", "from")
    if until <= since or (until - since).days > MAX_RANGE_DAYS:
        raise DomainError(
            CoreErrorCode.INVALID_VALUE,
            f"`to` comes after `from`, at most {MAX_RANGE_DAYS} days later.",
            "to",
        )
    since, until = since.astimezone(UTC), until.astimezone(UTC)
    qs = visible_feedback(principal).filter(occurred_at__gte=since, occurred_at__lt=until)
    if channel is not None:
        qs = qs.filter(channel=Channel(channel))
    qs = _in_segment(qs, segment_id)
    total = Summary()
    by_period: dict[date, Summary] = defaultdict(Summary)
    scored = await qs.filter(scale__isnull=False).values_list("scale", "score", "occurred_at")
    for scale, score, occurred_at in scored:
        total.add(ScoreScale(scale), score, 1)
        by_period[period_start(occurred_at.astimezone(UTC).date(), period)].add(ScoreScale(scale), score, 1)
    kinds = await qs.annotate(n=Count("id")).group_by("kind").values_list("kind", "n")
    trend = [
        (start, by_period.get(start, Summary())) for start in _periods(since.date(), until.date(), period)
    ]
    return Stats(
        since=since,
        until=until,
        total=total,
        trend=trend,
        by_kind={FeedbackKind(k): n for k, n in kinds},
    )


def _in_segment(qs: Any, segment_id: int | None) -> Any:
    if segment_id is None:
        return qs
    members = SegmentMembership.filter(segment_id=segment_id, exited_at=None).values("customer_id")
    return qs.filter(customer_id__in=Subquery(members))


async def nps_customers(
    *,
    principal: Principal,
    since: datetime,
    until: datetime,
    promoters: bool,
    limit: int,
    segment_id: int | None = None,
) -> list[int]:
    """Customers whose latest NPS answer in the range promotes (9-10) or detracts (0-6), latest first."""
    rows = (
        await _in_segment(visible_feedback(principal), segment_id)
        .filter(
            scale=ScoreScale.NPS,
            occurred_at__gte=since.astimezone(UTC),
            occurred_at__lt=until.astimezone(UTC),
        )
        .order_by("-occurred_at", "-id")
        .values_list("customer_id", "score")
    )
    seen: set[int] = set()
    found: list[int] = []
    for customer_id, score in rows:
        if customer_id in seen:
            continue
        seen.add(customer_id)
        if (score >= PROMOTER) if promoters else (score <= DETRACTOR):
            found.append(customer_id)
            if len(found) >= limit:
                break
    return found

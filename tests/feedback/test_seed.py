"""Demo feedback: deterministic, scores on their scales, complaints whose history matches their status."""

from __future__ import annotations

from datetime import UTC, datetime

from guanxi.core import clock
from guanxi.customers.seed import seed_demo_data
from guanxi.feedback.models import Complaint, ComplaintEvent, Feedback, ScoreScale
from guanxi.feedback.seed import seed_demo_feedback
from guanxi.feedback.services import SCALES


async def test_demo_feedback_is_consistent_and_deterministic(db):
    clock.freeze(datetime(2026, 11, 24, 12, tzinfo=UTC))
    try:
        await seed_demo_data(customers=300, seed=2)
        summary = await seed_demo_feedback(seed=2)
        assert summary.feedback == await Feedback.all().count() > 0
        assert summary.complaints == await Complaint.all().count() > 0
        for scale, score in await Feedback.filter(scale__isnull=False).values_list("scale", "score"):
            low, high = SCALES[ScoreScale(scale)]
            assert low <= score <= high
        for complaint in await Complaint.all():
            events = await ComplaintEvent.filter(complaint_id=complaint.pk).order_by("id")
            assert events[0].kind == "FILED"
            assert events[-1].to_status == complaint.status
            assert (complaint.first_responded_at is not None) == (len(events) > 1)
        first = await Feedback.all().order_by("id").values_list("kind", "score", "text")
        await Complaint.all().delete()
        await Feedback.all().delete()
        await seed_demo_feedback(seed=2)
        assert await Feedback.all().order_by("id").values_list("kind", "score", "text") == first
    finally:
        clock.freeze(None)

"""Recording feedback: scales, sentiment on submit, links, idempotency, needs, NPS promoters."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from guanxi.core.errors import DomainError, DomainErrors
from guanxi.customers import services as customer_services
from guanxi.customers.models import Customer, LifecycleStage
from guanxi.feedback import services
from guanxi.feedback.models import Complaint, Feedback, NeedStatus
from guanxi.interactions import services as interactions


def problems(excinfo) -> list[tuple[str, str | None]]:
    error = excinfo.value
    return [(e.code, e.field) for e in getattr(error, "errors", [error])]


async def _customer(admin, name="王芳"):
    customer, _ = await customer_services.create_customer(principal=admin.principal, data={"name": name})
    return customer


async def _submit(admin, customer, **data):
    feedback, _ = await services.submit_feedback(
        principal=admin.principal, customer_id=customer.pk, data=data
    )
    return feedback


@pytest.mark.parametrize(
    "scale, good, bad",
    [("NPS", [0, 10], [-1, 11]), ("CSAT", [1, 5], [0, 6]), ("CES", [1, 7], [0, 8])],
)
async def test_scores_stay_on_their_scale(admin, scale, good, bad):
    customer = await _customer(admin)
    for score in good:
        assert (await _submit(admin, customer, kind="SURVEY", scale=scale, score=score)).score == score
    for score in bad:
        with pytest.raises((DomainError, DomainErrors)) as refused:
            await _submit(admin, customer, kind="SURVEY", scale=scale, score=score)
        assert problems(refused) == [("INVALID_SCORE", "score")]
    with pytest.raises((DomainError, DomainErrors)) as no_scale:
        await _submit(admin, customer, kind="SURVEY", score=5)
    assert [f for _, f in problems(no_scale)] == ["scale"]
    assert await Feedback.all().count() == len(good)


async def test_sentiment_is_computed_on_submit(admin):
    customer = await _customer(admin)
    angry = await _submit(admin, customer, kind="COMPLAINT", text="客服态度太差了，非常失望")
    happy = await _submit(
        admin, customer, kind="PRAISE", text="The delivery was fast and the staff were very helpful"
    )
    assert angry.sentiment_label == "NEGATIVE" and angry.sentiment_score < 0
    assert happy.sentiment_label == "POSITIVE" and happy.sentiment_score > 0
    silent = await _submit(admin, customer, kind="SURVEY", scale="CSAT", score=4)
    assert silent.sentiment_label is None


async def test_a_complaint_feedback_files_its_complaint_with_a_subject(admin):
    customer = await _customer(admin)
    feedback = await _submit(
        admin, customer, kind="COMPLAINT", text="Parcel arrived broken\nand late", severity="HIGH"
    )
    complaint = await Complaint.get(feedback_id=feedback.pk)
    assert (complaint.subject, complaint.severity, complaint.status) == (
        "Parcel arrived broken",
        "HIGH",
        "NEW",
    )


async def test_links_must_be_the_same_customers(admin):
    mine, other = await _customer(admin, "Mine"), await _customer(admin, "Other")
    contact, _ = await interactions.log_contact(
        principal=admin.principal, customer_id=other.pk, data={"channel": "PHONE", "direction": "INBOUND"}
    )
    purchase, _ = await customer_services.record_purchase(
        principal=admin.principal, customer_id=mine.pk, data={"amount": Decimal("10"), "currency": "CNY"}
    )
    with pytest.raises(DomainError) as wrong:
        await _submit(admin, mine, kind="PRAISE", text="nice", interaction_id=contact.pk)
    assert (wrong.value.code, wrong.value.field) == ("WRONG_CUSTOMER", "interaction_id")
    linked = await _submit(admin, mine, kind="PRAISE", text="nice", purchase_id=purchase.pk)
    assert linked.purchase_id == purchase.pk  # type: ignore[attr-defined]


async def test_the_same_key_never_records_two(admin):
    customer = await _customer(admin)
    data = {"kind": "SUGGESTION", "text": "Open on Sundays"}
    first, replayed = await services.submit_feedback(
        principal=admin.principal, customer_id=customer.pk, data=data, idempotency_key="k1"
    )
    again, replayed_again = await services.submit_feedback(
        principal=admin.principal, customer_id=customer.pk, data=data, idempotency_key="k1"
    )
    assert (first.pk, replayed, replayed_again) == (again.pk, False, True)
    assert await Feedback.all().count() == 1


async def test_needs_move_forward_only(admin):
    customer = await _customer(admin)
    need = await _submit(admin, customer, kind="REQUEST", text="需要开发票", priority="HIGH")
    assert (need.need_status, need.priority) == (NeedStatus.IDENTIFIED, "HIGH")
    for status in ("ANALYZING", "PLANNED", "FULFILLED"):
        need = await services.update_need_status(
            principal=admin.principal, feedback_id=need.pk, status=status
        )
        assert need.need_status == status
    with pytest.raises(DomainError) as done:
        await services.update_need_status(principal=admin.principal, feedback_id=need.pk, status="ANALYZING")
    assert done.value.code == "INVALID_TRANSITION"
    other = await _submit(admin, customer, kind="REQUEST", text="Gift wrapping")
    with pytest.raises(DomainError) as skipped:
        await services.update_need_status(principal=admin.principal, feedback_id=other.pk, status="FULFILLED")
    assert skipped.value.code == "INVALID_TRANSITION"
    praise = await _submit(admin, customer, kind="PRAISE", text="great")
    with pytest.raises(DomainError) as not_need:
        await services.update_need_status(
            principal=admin.principal, feedback_id=praise.pk, status="ANALYZING"
        )
    assert not_need.value.code == "NOT_A_NEED"


@pytest.mark.parametrize(
    "stage, pinned, score, after",
    [
        (LifecycleStage.LOYAL, False, 9, LifecycleStage.ADVOCATE),
        (LifecycleStage.LOYAL, False, 10, LifecycleStage.ADVOCATE),
        (LifecycleStage.LOYAL, False, 8, LifecycleStage.LOYAL),  # passive
        (LifecycleStage.LOYAL, True, 10, LifecycleStage.LOYAL),  # pinned
        (LifecycleStage.PURCHASER, False, 10, LifecycleStage.PURCHASER),  # not loyal yet
    ],
)
async def test_a_loyal_nps_promoter_becomes_an_advocate(admin, stage, pinned, score, after):
    customer = await _customer(admin)
    await Customer.filter(id=customer.pk).update(lifecycle_stage=stage, lifecycle_stage_pinned=pinned)
    await _submit(admin, customer, kind="SURVEY", scale="NPS", score=score)
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == after


async def test_feedback_from_the_future_is_refused(admin):
    customer = await _customer(admin)
    with pytest.raises((DomainError, DomainErrors)) as refused:
        await _submit(admin, customer, kind="PRAISE", text="ok", occurred_at=datetime(2100, 1, 1, tzinfo=UTC))
    assert [c for c, _ in problems(refused)] == ["FUTURE_DATE"]

"""The complaint workflow: every legal and illegal transition, history, deadlines and breaches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from guanxi.accounts.models import AuditEvent, Role
from guanxi.core import clock
from guanxi.core.errors import DomainError
from guanxi.customers import services as customer_services
from guanxi.feedback import complaints, services, standards
from guanxi.feedback.complaints import TRANSITIONS
from guanxi.feedback.models import Complaint, ComplaintEvent, ComplaintStatus, Severity
from tests.conftest import make_staff

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
S = ComplaintStatus
# The path that reaches each status from NEW.
PATH = {
    S.NEW: [],
    S.ACKNOWLEDGED: ["acknowledge"],
    S.IN_PROGRESS: ["acknowledge", "start_work"],
    S.RESOLVED: ["acknowledge", "start_work", "resolve"],
    S.CLOSED: ["acknowledge", "start_work", "resolve", "close"],
    S.REOPENED: ["acknowledge", "start_work", "resolve", "reopen"],
}
LEGAL = {
    (S.NEW, "acknowledge"): S.ACKNOWLEDGED,
    (S.ACKNOWLEDGED, "start_work"): S.IN_PROGRESS,
    (S.IN_PROGRESS, "resolve"): S.RESOLVED,
    (S.RESOLVED, "close"): S.CLOSED,
    (S.RESOLVED, "reopen"): S.REOPENED,
    (S.REOPENED, "start_work"): S.IN_PROGRESS,
}


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield
    clock.freeze(None)


async def _file(admin, severity=Severity.MEDIUM, **data):
    customer, _ = await customer_services.create_customer(principal=admin.principal, data={"name": "王芳"})
    feedback, _ = await services.submit_feedback(
        principal=admin.principal,
        customer_id=customer.pk,
        data={"kind": "COMPLAINT", "text": "快递太慢了，包装也破了", "severity": severity, **data},
    )
    return await Complaint.get(feedback_id=feedback.pk)


async def _walk(admin, complaint, actions):
    for action in actions:
        await complaints.transition(
            principal=admin.principal, complaint_id=complaint.pk, action=action, resolution="Refunded"
        )


@pytest.mark.parametrize("status", list(ComplaintStatus))
@pytest.mark.parametrize("action", list(TRANSITIONS))
async def test_every_transition_from_every_status(admin, status, action):
    complaint = await _file(admin)
    await _walk(admin, complaint, PATH[status])
    events_before = await ComplaintEvent.filter(complaint_id=complaint.pk).count()
    if (status, action) in LEGAL:
        moved = await complaints.transition(
            principal=admin.principal,
            complaint_id=complaint.pk,
            action=action,
            note="done",
            resolution="Refunded",
        )
        assert moved.status == LEGAL[(status, action)]
        last = await ComplaintEvent.filter(complaint_id=complaint.pk).order_by("-id").first()
        assert (last.kind, last.from_status, last.to_status, last.note) == (
            "TRANSITION",
            status,
            moved.status,
            "done",
        )
    else:
        with pytest.raises(DomainError) as refused:
            await complaints.transition(
                principal=admin.principal, complaint_id=complaint.pk, action=action, resolution="Refunded"
            )
        assert refused.value.code == "INVALID_TRANSITION"
        assert (await Complaint.get(id=complaint.pk)).status == status  # nothing changed
        assert await ComplaintEvent.filter(complaint_id=complaint.pk).count() == events_before


async def test_the_history_records_who_did_what_and_when(admin):
    complaint = await _file(admin)
    agent = await make_staff(Role.AGENT)
    await complaints.assign(
        principal=admin.principal, complaint_id=complaint.pk, assignee_id=agent.user.pk, note="yours"
    )
    await _walk(admin, complaint, ["acknowledge", "start_work", "resolve"])
    await complaints.rate_resolution(principal=admin.principal, complaint_id=complaint.pk, score=4)
    rows = await ComplaintEvent.filter(complaint_id=complaint.pk).order_by("id")
    assert [(r.kind, r.to_status) for r in rows] == [
        ("FILED", S.NEW),
        ("ASSIGNED", None),
        ("TRANSITION", S.ACKNOWLEDGED),
        ("TRANSITION", S.IN_PROGRESS),
        ("TRANSITION", S.RESOLVED),
        ("RATED", None),
    ]
    assert all(r.actor_user_id == admin.user.pk for r in rows)  # type: ignore[attr-defined]
    assert rows[1].details == {"assignee_id": agent.user.pk, "previous_assignee_id": None}
    assert rows[4].details == {"resolution": "Refunded"}
    assert rows[5].details == {"score": 4}
    stored = await Complaint.get(id=complaint.pk)
    assert (stored.first_responded_at, stored.resolved_at, stored.resolution, stored.resolution_rating) == (
        NOW,
        NOW,
        "Refunded",
        4,
    )
    assert await AuditEvent.filter(record_type="Complaint", record_id=complaint.pk).count() == 5


async def test_resolving_needs_a_resolution_and_rating_needs_a_resolved_complaint(admin):
    complaint = await _file(admin)
    await _walk(admin, complaint, ["acknowledge", "start_work"])
    with pytest.raises(DomainError) as missing:
        await complaints.transition(
            principal=admin.principal, complaint_id=complaint.pk, action="resolve", resolution=" "
        )
    assert (missing.value.code, missing.value.field) == ("REQUIRED", "resolution")
    with pytest.raises(DomainError) as early:
        await complaints.rate_resolution(principal=admin.principal, complaint_id=complaint.pk, score=5)
    assert early.value.code == "INVALID_TRANSITION"
    await _walk(admin, complaint, ["resolve"])
    with pytest.raises(DomainError) as bad:
        await complaints.rate_resolution(principal=admin.principal, complaint_id=complaint.pk, score=6)
    assert bad.value.code == "INVALID_SCORE"


@pytest.mark.parametrize(
    "severity, first, resolution",
    [
        (Severity.CRITICAL, timedelta(hours=1), timedelta(hours=8)),
        (Severity.HIGH, timedelta(hours=4), timedelta(hours=24)),
        (Severity.MEDIUM, timedelta(hours=8), timedelta(hours=72)),
        (Severity.LOW, timedelta(hours=24), timedelta(hours=168)),
    ],
)
async def test_deadlines_follow_the_default_service_standards(admin, severity, first, resolution):
    complaint = await _file(admin, severity)
    assert (complaint.first_response_due_at, complaint.resolution_due_at) == (NOW + first, NOW + resolution)


async def test_an_edited_standard_applies_to_complaints_filed_after(admin):
    before = await _file(admin, Severity.HIGH)
    await standards.update_standard(
        principal=admin.principal, severity=Severity.HIGH, first_response_minutes=30
    )
    after = await _file(admin, Severity.HIGH)
    assert before.first_response_due_at == NOW + timedelta(hours=4)
    assert after.first_response_due_at == NOW + timedelta(minutes=30)
    assert after.resolution_due_at == NOW + timedelta(hours=24)
    assert (await standards.standards())[Severity.HIGH].updated_at == NOW  # when it changed, by the clock
    with pytest.raises(Exception) as bad:
        await standards.update_standard(
            principal=admin.principal,
            severity=Severity.LOW,
            first_response_minutes=600,
            resolution_minutes=60,
        )
    assert [e.field for e in getattr(bad.value, "errors", [bad.value])] == ["first_response_minutes"]


async def test_the_scheduler_marks_each_breach_once(admin):
    critical = await _file(admin, Severity.CRITICAL)  # first response due at +1 h, resolution at +8 h
    answered = await _file(admin, Severity.CRITICAL)
    await _walk(admin, answered, ["acknowledge"])
    assert await complaints.mark_breaches(NOW + timedelta(minutes=59)) == []
    assert await complaints.mark_breaches(NOW + timedelta(hours=2)) == [critical.pk]
    assert await complaints.mark_breaches(NOW + timedelta(hours=3)) == []  # marked once
    marked = await Complaint.get(id=critical.pk)
    assert marked.first_response_breached_at == NOW + timedelta(hours=2)
    assert marked.resolution_breached_at is None
    assert sorted(await complaints.mark_breaches(NOW + timedelta(hours=9))) == sorted(
        [critical.pk, answered.pk]
    )
    breaches = (
        await ComplaintEvent.filter(kind="BREACHED").order_by("id").values_list("complaint_id", "details")
    )
    assert breaches == [
        (critical.pk, {"deadline": "first_response"}),
        (critical.pk, {"deadline": "resolution"}),
        (answered.pk, {"deadline": "resolution"}),
    ]


async def test_resolved_complaints_are_never_breached(admin):
    complaint = await _file(admin, Severity.CRITICAL)
    await _walk(admin, complaint, ["acknowledge", "start_work", "resolve"])
    assert await complaints.mark_breaches(NOW + timedelta(days=30)) == []

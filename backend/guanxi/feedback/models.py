"""Feedback (surveys, complaints, suggestions, praise, requests) and the complaint workflow."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from guanxi.core.models import TimestampedModel
from guanxi.interactions.models import Channel


class FeedbackKind(StrEnum):
    SURVEY = "SURVEY"
    COMPLAINT = "COMPLAINT"
    SUGGESTION = "SUGGESTION"
    PRAISE = "PRAISE"
    REQUEST = "REQUEST"


class ScoreScale(StrEnum):
    NPS = "NPS"  # 0-10: would you recommend us
    CSAT = "CSAT"  # 1-5: how satisfied
    CES = "CES"  # 1-7: how easy was it


class NeedStatus(StrEnum):
    IDENTIFIED = "IDENTIFIED"
    ANALYZING = "ANALYZING"
    PLANNED = "PLANNED"
    FULFILLED = "FULFILLED"
    DECLINED = "DECLINED"


class Priority(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


class ComplaintStatus(StrEnum):
    NEW = "NEW"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    IN_PROGRESS = "IN_PROGRESS"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"
    REOPENED = "REOPENED"


class Severity(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class ComplaintEventKind(StrEnum):
    FILED = "FILED"
    TRANSITION = "TRANSITION"
    ASSIGNED = "ASSIGNED"
    RATED = "RATED"
    BREACHED = "BREACHED"


class Feedback(TimestampedModel):
    """What a customer told us: a survey answer, a complaint, a suggestion, praise or a request (a need)."""

    customer = fields.ForeignKeyField(
        "models.Customer", related_name="feedback", on_delete=fields.RESTRICT, db_index=True
    )
    kind = fields.CharEnumField(FeedbackKind, max_length=16)
    channel = fields.CharEnumField(Channel, max_length=16, null=True)
    text = fields.TextField(null=True)
    score = fields.SmallIntField(null=True)
    scale = fields.CharEnumField(ScoreScale, max_length=8, null=True)
    interaction = fields.ForeignKeyField(
        "models.Interaction", related_name="feedback", null=True, on_delete=fields.SET_NULL
    )
    purchase = fields.ForeignKeyField(
        "models.Purchase", related_name="feedback", null=True, on_delete=fields.SET_NULL
    )
    sentiment_score = fields.FloatField(null=True)
    sentiment_label = fields.CharField(max_length=8, null=True)
    topics = fields.JSONField(default=list)
    need_status = fields.CharEnumField(NeedStatus, max_length=16, null=True)
    priority = fields.CharEnumField(Priority, max_length=8, null=True)
    occurred_at = fields.DatetimeField()
    submitted_by_user = fields.ForeignKeyField(
        "models.User", related_name="feedback", null=True, on_delete=fields.SET_NULL
    )
    submitted_by_api_key_id = fields.BigIntField(null=True)

    class Meta:
        table = "feedback"
        indexes = (("customer_id", "occurred_at"), ("kind", "occurred_at"), ("scale", "occurred_at"))


class ServiceStandard(Model):
    """How fast a complaint of one severity gets its first response and its resolution (客户服务标准)."""

    id = fields.IntField(primary_key=True)
    severity = fields.CharEnumField(Severity, max_length=8, unique=True)
    first_response_minutes = fields.IntField()
    resolution_minutes = fields.IntField()
    updated_at = fields.DatetimeField(auto_now=True)
    updated_by_user = fields.ForeignKeyField(
        "models.User", related_name="service_standards", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "service_standard"


class Complaint(TimestampedModel):
    """A complaint and its handling: NEW, ACKNOWLEDGED, IN_PROGRESS, RESOLVED, CLOSED (or REOPENED)."""

    feedback = fields.OneToOneField("models.Feedback", related_name="complaint", on_delete=fields.RESTRICT)
    customer = fields.ForeignKeyField(
        "models.Customer", related_name="complaints", on_delete=fields.RESTRICT, db_index=True
    )
    subject = fields.CharField(max_length=200)
    severity = fields.CharEnumField(Severity, max_length=8)
    status = fields.CharEnumField(ComplaintStatus, max_length=16, default=ComplaintStatus.NEW)
    assignee = fields.ForeignKeyField(
        "models.User", related_name="assigned_complaints", null=True, on_delete=fields.SET_NULL
    )
    first_response_due_at = fields.DatetimeField()
    resolution_due_at = fields.DatetimeField()
    first_responded_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    first_response_breached_at = fields.DatetimeField(null=True)  # marked by the scheduler
    resolution_breached_at = fields.DatetimeField(null=True)
    resolution = fields.TextField(null=True)
    resolution_rating = fields.SmallIntField(null=True)

    class Meta:
        table = "complaint"
        indexes = (
            ("status", "created_at"),
            ("severity", "status"),
            ("assignee_id", "status"),
            ("status", "first_response_due_at"),
            ("status", "resolution_due_at"),
        )


class ComplaintEvent(Model):
    """One step in a complaint's history: who did what, when, with an optional note."""

    id = fields.BigIntField(primary_key=True)
    complaint = fields.ForeignKeyField(
        "models.Complaint", related_name="events", on_delete=fields.CASCADE, db_index=True
    )
    kind = fields.CharEnumField(ComplaintEventKind, max_length=16)
    from_status = fields.CharEnumField(ComplaintStatus, max_length=16, null=True)
    to_status = fields.CharEnumField(ComplaintStatus, max_length=16, null=True)
    note = fields.TextField(null=True)
    details = fields.JSONField(default=dict)
    actor_user = fields.ForeignKeyField(
        "models.User", related_name="complaint_events", null=True, on_delete=fields.SET_NULL
    )
    actor_api_key_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "complaint_event"

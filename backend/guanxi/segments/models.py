"""Segments, their materialised membership with history, and their service strategy."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from guanxi.core.models import TimestampedModel
from guanxi.interactions.models import Channel


class SegmentKind(StrEnum):
    STATIC = "STATIC"  # members are added and removed by hand
    DYNAMIC = "DYNAMIC"  # members are the live customers the rule matches


class Segment(TimestampedModel):
    """A named group of customers, with an optional service strategy (个性化服务策略)."""

    name = fields.CharField(max_length=200)
    description = fields.TextField(null=True)
    kind = fields.CharEnumField(SegmentKind, max_length=8)
    rule = fields.JSONField(null=True)  # {"version": 1, "rule": {...}} for DYNAMIC segments
    refresh_interval_minutes = fields.IntField(null=True)  # scheduled full refresh; None: events only
    refreshed_at = fields.DatetimeField(null=True)  # last full evaluation of the rule
    owner = fields.ForeignKeyField(
        "models.User", related_name="segments", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    # Strategy: applies to members; the member's highest-priority segment wins (1 is the highest).
    service_priority = fields.SmallIntField(null=True)
    service_level = fields.CharField(max_length=200, null=True)
    discount_percent = fields.DecimalField(max_digits=5, decimal_places=2, null=True)
    preferred_channel = fields.CharEnumField(Channel, max_length=16, null=True)
    contact_cap_max = fields.IntField(null=True)  # outbound contacts per window, overriding the global policy
    contact_cap_window_days = fields.IntField(null=True)

    class Meta:
        table = "segment"
        indexes = (("kind", "refreshed_at"), ("service_priority",))


class SegmentMembership(Model):
    """One stay of a customer in a segment: open while `exited_at` is NULL. Rows are never deleted
    while the segment exists, so size over time and who entered or left can be answered."""

    id = fields.BigIntField(primary_key=True)
    segment = fields.ForeignKeyField("models.Segment", related_name="memberships", on_delete=fields.CASCADE)
    customer = fields.ForeignKeyField(
        "models.Customer", related_name="segment_memberships", on_delete=fields.CASCADE
    )
    entered_at = fields.DatetimeField()
    exited_at = fields.DatetimeField(null=True)

    class Meta:
        table = "segment_membership"
        indexes = (
            ("segment_id", "exited_at", "customer_id"),  # current members, and who left since
            ("segment_id", "entered_at"),  # who entered since; size history
            ("customer_id", "exited_at"),  # a customer's segments
        )

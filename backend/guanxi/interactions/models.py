"""Contacts with customers on every channel, and the customers' consent per channel."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from guanxi.core.models import TimestampedModel


class Channel(StrEnum):
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    SMS = "SMS"
    WECHAT = "WECHAT"
    SOCIAL = "SOCIAL"
    LIVE_CHAT = "LIVE_CHAT"
    VISIT = "VISIT"
    MEETING = "MEETING"
    OTHER = "OTHER"


class Direction(StrEnum):
    INBOUND = "INBOUND"
    OUTBOUND = "OUTBOUND"


class Outcome(StrEnum):
    REACHED = "REACHED"
    NO_ANSWER = "NO_ANSWER"
    LEFT_MESSAGE = "LEFT_MESSAGE"
    INTERESTED = "INTERESTED"
    NOT_INTERESTED = "NOT_INTERESTED"
    RESOLVED = "RESOLVED"
    OTHER = "OTHER"


class PolicyMode(StrEnum):
    WARN = "WARN"
    BLOCK = "BLOCK"


class ConsentStatus(StrEnum):
    OPTED_IN = "OPTED_IN"
    OPTED_OUT = "OPTED_OUT"
    UNKNOWN = "UNKNOWN"


class Interaction(TimestampedModel):
    """One contact with a customer: a call, a message, a visit or a meeting, either way."""

    customer = fields.ForeignKeyField(
        "models.Customer", related_name="interactions", on_delete=fields.RESTRICT, db_index=True
    )
    channel = fields.CharEnumField(Channel, max_length=16)
    direction = fields.CharEnumField(Direction, max_length=8)
    subject = fields.CharField(max_length=200, null=True)
    notes = fields.TextField(null=True)
    outcome = fields.CharEnumField(Outcome, max_length=16, null=True)
    outcome_note = fields.CharField(max_length=500, null=True)
    duration_seconds = fields.IntField(null=True)
    occurred_at = fields.DatetimeField()
    logged_by_user = fields.ForeignKeyField(
        "models.User", related_name="interactions", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    logged_by_api_key_id = fields.BigIntField(null=True)
    follow_up_due_at = fields.DatetimeField(null=True)
    follow_up_note = fields.CharField(max_length=500, null=True)
    follow_up_completed_at = fields.DatetimeField(null=True)
    over_cap = fields.BooleanField(default=False)  # logged past the contact-frequency cap (WARN, or override)
    cap_overridden = fields.BooleanField(default=False)  # a MANAGER or ADMIN logged it past a BLOCK cap

    class Meta:
        table = "interaction"
        indexes = (
            ("customer_id", "occurred_at"),
            ("occurred_at",),
            ("follow_up_completed_at", "follow_up_due_at"),
        )


class ConsentRecord(Model):
    """A customer's consent to be contacted on one channel, one row per change (the newest is current)."""

    id = fields.BigIntField(primary_key=True)
    customer = fields.ForeignKeyField(
        "models.Customer", related_name="consent_records", on_delete=fields.CASCADE, db_index=True
    )
    channel = fields.CharEnumField(Channel, max_length=16)
    status = fields.CharEnumField(ConsentStatus, max_length=16)
    source = fields.CharField(max_length=100, null=True)
    note = fields.CharField(max_length=500, null=True)
    set_by_user = fields.ForeignKeyField(
        "models.User", related_name="consent_records", null=True, on_delete=fields.SET_NULL
    )
    set_by_api_key_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "consent_record"
        indexes = (("customer_id", "channel", "created_at"),)


class ContactPolicy(Model):
    """The contact-frequency policy: at most max_contacts outbound contacts per customer per window_days.

    One row (id 1), created with the defaults on first use and edited by ADMIN.
    """

    id = fields.IntField(primary_key=True)
    max_contacts = fields.IntField(default=3)
    window_days = fields.IntField(default=7)
    mode = fields.CharEnumField(PolicyMode, max_length=8, default=PolicyMode.WARN)
    updated_at = fields.DatetimeField(auto_now=True)
    updated_by_user = fields.ForeignKeyField(
        "models.User", related_name="contact_policies", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "contact_policy"


class ContactState(Model):
    """Per customer: the preferred channel and the last contact.

    Its row is also the lock that makes counting outbound contacts against the cap exact:
    logging a contact writes it first, so two contacts with one customer take turns.
    """

    id = fields.BigIntField(primary_key=True)
    customer = fields.OneToOneField("models.Customer", related_name="contact_state", on_delete=fields.CASCADE)
    preferred_channel = fields.CharEnumField(Channel, max_length=16, null=True)
    last_contact_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "contact_state"
        indexes = (("last_contact_at",),)

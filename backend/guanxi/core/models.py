"""Base models shared by the domains."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class TimestampedModel(Model):
    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True


class IdempotencyRecord(Model):
    """The first result of a mutation sent with an idempotency key.

    Unique on (principal, operation, key): a concurrent retry with the same key loses the
    insert race and returns the winner's result.
    """

    id = fields.BigIntField(primary_key=True)
    principal = fields.CharField(max_length=64)
    operation = fields.CharField(max_length=64)
    key = fields.CharField(max_length=128)
    request_hash = fields.CharField(max_length=64)
    result_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_record"
        unique_together = (("principal", "operation", "key"),)
        indexes = (("created_at",),)

"""Staff users, their credentials (session cookies, bearer tokens, API keys) and the audit log."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.manager import Manager
from tortoise.models import MODEL, Model
from tortoise.queryset import BulkUpdateQuery, DeleteQuery, QuerySet, UpdateQuery

from guanxi.core.models import TimestampedModel


class Role(StrEnum):
    ADMIN = "ADMIN"
    MANAGER = "MANAGER"
    AGENT = "AGENT"
    ANALYST = "ANALYST"


class TokenKind(StrEnum):
    SESSION = "SESSION"  # web app cookie
    BEARER = "BEARER"  # mobile clients and scripts


class Team(TimestampedModel):
    """A group of staff: managers see their team's customers, agents their team's unowned ones."""

    name = fields.CharField(max_length=100, unique=True)

    class Meta:
        table = "team"


class User(TimestampedModel):
    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    role = fields.CharEnumField(Role, max_length=16)
    team = fields.ForeignKeyField(
        "models.Team", related_name="members", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    password_hash = fields.CharField(max_length=255, null=True)
    is_active = fields.BooleanField(default=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_user"
        indexes = (("name",),)


class AuthToken(Model):
    """A credential: only a keyed hash of its secret is stored."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tokens", on_delete=fields.CASCADE, db_index=True
    )
    kind = fields.CharEnumField(TokenKind, max_length=16)
    name = fields.CharField(max_length=200, default="")
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "auth_token"


class ApiKey(TimestampedModel):
    """A partner's key: scopes instead of a role. Only a keyed hash of the secret is stored."""

    name = fields.CharField(max_length=200)
    prefix = fields.CharField(max_length=16)  # the secret's first characters, to recognise it in lists
    secret_hash = fields.CharField(max_length=64, unique=True)
    scopes = fields.JSONField(default=list)
    created_by = fields.ForeignKeyField(
        "models.User", related_name="api_keys", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)
    rate_limit_per_minute = fields.IntField(null=True)

    class Meta:
        table = "api_key"


class AuditActorKind(StrEnum):
    USER = "USER"  # a signed-in staff user
    API_KEY = "API_KEY"  # a partner's key
    SYSTEM = "SYSTEM"  # the shell (`guanxi ...`), the scheduler
    ANONYMOUS = "ANONYMOUS"  # a caller not signed in, e.g. a failed login


class AuditAction(StrEnum):
    LOGIN = "LOGIN"
    LOGIN_FAILED = "LOGIN_FAILED"
    LOGOUT = "LOGOUT"
    PII_READ = "PII_READ"
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    ARCHIVE = "ARCHIVE"
    RESTORE = "RESTORE"
    ERASE = "ERASE"
    EXPORT = "EXPORT"
    API_KEY_CREATED = "API_KEY_CREATED"
    API_KEY_REVOKED = "API_KEY_REVOKED"
    KEYS_ROTATED = "KEYS_ROTATED"


class AppendOnlyError(Exception):
    """An attempt to change or remove a row of an append-only table (audit log, points ledger)."""


class AppendOnlyQuerySet(QuerySet[MODEL]):
    """Reads and inserts only: the queryset ways of changing or removing rows raise."""

    def update(self, **kwargs: Any) -> UpdateQuery:
        raise AppendOnlyError("Rows of an append-only table cannot be changed.")

    def delete(self) -> DeleteQuery:
        raise AppendOnlyError("Rows of an append-only table cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> BulkUpdateQuery[MODEL]:
        raise AppendOnlyError("Rows of an append-only table cannot be changed.")

    def select_for_update(self, *args: Any, **kwargs: Any) -> QuerySet[MODEL]:
        raise AppendOnlyError("Rows of an append-only table are never locked for update.")


class AppendOnlyManager(Manager):
    def get_queryset(self) -> QuerySet[Any]:
        return AppendOnlyQuerySet(self._model)


class AuditEvent(Model):
    """Who did what to which record, when and from where. Append-only (guanxi.accounts.audit).

    Actor names are copied so the log survives renames and deletions. `details` holds names
    (changed fields, the attempted email of a failed login), never personal values.
    """

    id = fields.BigIntField(primary_key=True)
    occurred_at = fields.DatetimeField(db_index=True)
    actor_kind = fields.CharEnumField(AuditActorKind, max_length=16)
    actor_id = fields.BigIntField(null=True)  # staff user id or API key id
    actor_name = fields.CharField(max_length=200)
    action = fields.CharEnumField(AuditAction, max_length=32)
    record_type = fields.CharField(max_length=64, null=True)  # the GraphQL type name, e.g. Customer
    record_id = fields.BigIntField(null=True)
    details = fields.JSONField(null=True)
    ip_address = fields.CharField(max_length=45, null=True)
    request_id = fields.CharField(max_length=128, null=True)

    class Meta:
        table = "audit_event"
        manager = AppendOnlyManager()
        # The log is read newest first (by id) under one filter at a time.
        indexes = (
            ("actor_kind", "actor_id", "id"),
            ("action", "id"),
            ("record_type", "record_id", "id"),
            ("request_id",),
        )

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db or self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise AppendOnlyError("Audit events cannot be deleted.")

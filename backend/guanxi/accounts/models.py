"""Staff users and their credentials (session cookies and bearer tokens)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

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

"""Who is calling: a signed-in staff user, or a partner's API key."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from guanxi.accounts.models import ApiKey, Role, User
from guanxi.accounts.permissions import ROLE_PERMISSIONS, Permission


class PrincipalKind(StrEnum):
    USER = "USER"
    API_KEY = "API_KEY"


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind
    key: str  # stable id for idempotency records, rate limits and audit: "user:12", "apikey:3"
    name: str
    permissions: frozenset[Permission]
    user: User | None = None
    role: Role | None = None
    team_id: int | None = None
    token_id: int | None = None
    api_key_id: int | None = None
    rate_limit_per_minute: int | None = None

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @classmethod
    def for_user(cls, user: User, token_id: int | None = None) -> Principal:
        role = Role(user.role)
        return cls(
            kind=PrincipalKind.USER,
            key=f"user:{user.pk}",
            name=user.name,
            permissions=ROLE_PERMISSIONS[role],
            user=user,
            role=role,
            team_id=user.team_id,
            token_id=token_id,
        )

    @classmethod
    def for_api_key(cls, key: ApiKey) -> Principal:
        scopes = frozenset(Permission(s) for s in key.scopes if s in Permission._value2member_map_)
        return cls(
            kind=PrincipalKind.API_KEY,
            key=f"apikey:{key.pk}",
            name=key.name,
            permissions=scopes,
            api_key_id=key.pk,
            rate_limit_per_minute=key.rate_limit_per_minute,
        )

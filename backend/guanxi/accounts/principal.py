"""Who is calling: a signed-in staff user (later also a partner's API key)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from guanxi.accounts.models import Role, User
from guanxi.accounts.permissions import ROLE_PERMISSIONS, Permission


class PrincipalKind(StrEnum):
    USER = "USER"
    API_KEY = "API_KEY"


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind
    key: str  # stable id used for idempotency records and audit: "user:12"
    name: str
    permissions: frozenset[Permission]
    user: User | None = None
    role: Role | None = None
    token_id: int | None = None

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

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
            token_id=token_id,
        )

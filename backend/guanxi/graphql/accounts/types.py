from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from guanxi.accounts.models import ApiKey as ApiKeyRow
from guanxi.accounts.models import Role as RoleEnum
from guanxi.accounts.models import User as UserRow
from guanxi.accounts.permissions import API_KEY_SCOPES, Permission
from guanxi.accounts.principal import Principal
from guanxi.accounts.principal import PrincipalKind as PrincipalKindEnum
from guanxi.accounts.scoping import visible_users
from guanxi.core import clock

Role = strawberry.enum(RoleEnum, description="What a staff user may do, broadly.")
PrincipalKind = strawberry.enum(PrincipalKindEnum, description="Who is calling the API.")


@strawberry.type(description="A member of staff who signs in to Guanxi.")
class User(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Display name.")
    email: str = strawberry.field(description="Sign-in email address.")
    role: Role = strawberry.field(description="What this user may do.")  # type: ignore[valid-type]
    is_active: bool = strawberry.field(description="False once the account is disabled.")

    @classmethod
    def from_row(cls, row: UserRow) -> User:
        return cls(
            id=row.pk, name=row.name, email=row.email, role=RoleEnum(row.role), is_active=row.is_active
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[User | None]:
        principal: Principal | None = info.context.principal
        ids = [int(i) if str(i).isdigit() else 0 for i in node_ids]
        if principal is None or not principal.can(Permission.USERS_READ):
            return [None for _ in ids]
        rows = {u.pk: u for u in await visible_users(principal).filter(id__in=ids)}
        return [cls.from_row(rows[i]) if i in rows else None for i in ids]


@strawberry.type(description="The caller: a signed-in staff user, or a partner's API key.")
class Viewer:
    kind: PrincipalKind = strawberry.field(description="A staff user or an API key.")  # type: ignore[valid-type]
    name: str = strawberry.field(description="The user's or key's name.")
    user: User | None = strawberry.field(description="The staff user; null for API keys.")
    role: Role | None = strawberry.field(description="The user's role; null for API keys.")  # type: ignore[valid-type]
    permissions: list[str] = strawberry.field(
        description="What the caller may do, e.g. `customers:write`; the web app hides what is not here."
    )

    @classmethod
    def from_principal(cls, principal: Principal) -> Viewer:
        return cls(
            kind=principal.kind,
            name=principal.name,
            user=User.from_row(principal.user) if principal.user is not None else None,
            role=principal.role,
            permissions=sorted(p.value for p in principal.permissions),
        )


def user_or_none(row: Any) -> User | None:
    return User.from_row(row) if row is not None else None


ApiScope = strawberry.enum(
    Enum("ApiScope", {p.name: p.value for p in API_KEY_SCOPES}),  # type: ignore[misc]
    description="What a partner's API key may do; `PII_READ` unmasks personal data.",
)


@strawberry.type(description="A partner's API key. The secret itself is shown once, when the key is created.")
class ApiKey(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Who or what uses the key, e.g. `E-shop`.")
    prefix: str = strawberry.field(description="The secret's first characters, to recognise it.")
    scopes: list[ApiScope] = strawberry.field(description="What the key may do.")  # type: ignore[valid-type]
    created_at: datetime = strawberry.field(description="When it was created.")
    expires_at: datetime | None = strawberry.field(description="When it stops working; null: never.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked, if revoked.")
    last_used_at: datetime | None = strawberry.field(description="Last use, to within five minutes.")
    rate_limit_per_minute: int | None = strawberry.field(
        description="Cost points per minute for this key; null: the server's default."
    )

    @classmethod
    def from_row(cls, row: ApiKeyRow) -> ApiKey:
        return cls(
            id=row.pk,
            name=row.name,
            prefix=row.prefix,
            scopes=[ApiScope(s) for s in row.scopes if s in _SCOPE_VALUES],
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
            last_used_at=row.last_used_at,
            rate_limit_per_minute=row.rate_limit_per_minute,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ApiKey | None]:
        principal: Principal | None = info.context.principal
        ids = [int(i) if str(i).isdigit() else 0 for i in node_ids]
        if principal is None or not principal.can(Permission.API_KEYS_MANAGE):
            return [None for _ in ids]
        rows = {k.pk: k for k in await ApiKeyRow.filter(id__in=ids)}
        return [cls.from_row(rows[i]) if i in rows else None for i in ids]

    @strawberry.field(description="True while the key works: neither revoked nor expired.")
    def active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > clock.now())


_SCOPE_VALUES = {p.value for p in API_KEY_SCOPES}

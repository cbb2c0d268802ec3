from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from guanxi.accounts.models import Role as RoleEnum
from guanxi.accounts.models import User as UserRow
from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.accounts.principal import PrincipalKind as PrincipalKindEnum

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
        rows = await info.context.loaders.user.load_many(ids)
        return [cls.from_row(r) if r is not None else None for r in rows]


@strawberry.type(description="The caller: a signed-in staff user (or, later, a partner's API key).")
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

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from guanxi.accounts.models import ApiKey as ApiKeyRow
from guanxi.accounts.models import AuditAction as AuditActionEnum
from guanxi.accounts.models import AuditActorKind as AuditActorKindEnum
from guanxi.accounts.models import AuditEvent as AuditEventRow
from guanxi.accounts.models import Role as RoleEnum
from guanxi.accounts.models import User as UserRow
from guanxi.accounts.permissions import API_KEY_SCOPES, Permission
from guanxi.accounts.principal import Principal
from guanxi.accounts.principal import PrincipalKind as PrincipalKindEnum
from guanxi.accounts.scoping import visible_users
from guanxi.core import clock
from guanxi.graphql.core.ids import to_global_id

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


AuditActorKind = strawberry.enum(
    AuditActorKindEnum,
    description="Who acted: a staff USER, a partner's API_KEY, the SYSTEM (shell commands, scheduled "
    "jobs) or an ANONYMOUS caller (a failed login).",
)
AuditAction = strawberry.enum(
    AuditActionEnum,
    description="What happened: LOGIN, LOGIN_FAILED, LOGOUT; PII_READ (personal data shown in clear); "
    "CREATE, UPDATE, ARCHIVE, RESTORE, ERASE, EXPORT of a record; API_KEY_CREATED, API_KEY_REVOKED; "
    "KEYS_ROTATED (encryption keys).",
)

_ACTOR_TYPES = {AuditActorKindEnum.USER: "User", AuditActorKindEnum.API_KEY: "ApiKey"}


@strawberry.type(description="One entry of the audit log: who did what to which record, when and from where.")
class AuditEvent(relay.Node):
    id: relay.NodeID[int]
    occurred_at: datetime = strawberry.field(description="When it happened.")
    actor_kind: AuditActorKind = strawberry.field(description="What kind of caller acted.")  # type: ignore[valid-type]
    actor_id: strawberry.ID | None = strawberry.field(
        description="Global id of the acting staff user or API key; null for SYSTEM and ANONYMOUS."
    )
    actor_name: str = strawberry.field(
        description="The actor's name at the time (kept when the user or key is renamed or removed)."
    )
    action: AuditAction = strawberry.field(description="What happened.")  # type: ignore[valid-type]
    record_type: str | None = strawberry.field(
        description="Type of the record concerned, a GraphQL type name such as `Customer` or `ApiKey`."
    )
    record_id: strawberry.ID | None = strawberry.field(
        description="Global id of the record concerned (it may since have been erased); null when none."
    )
    details: JSON | None = strawberry.field(
        description="A few facts about the event, e.g. the names of the changed or read fields; "
        "never personal values."
    )
    ip_address: str | None = strawberry.field(
        description="The client's address (behind a trusted proxy, the forwarded one); null outside HTTP."
    )
    request_id: str | None = strawberry.field(
        description="The request's id: its `X-Request-ID` header, or one the server made (returned in "
        "the same response header)."
    )

    @classmethod
    def from_row(cls, row: AuditEventRow) -> AuditEvent:
        actor_type = _ACTOR_TYPES.get(AuditActorKindEnum(row.actor_kind))
        return cls(
            id=row.pk,
            occurred_at=row.occurred_at,
            actor_kind=AuditActorKindEnum(row.actor_kind),
            actor_id=strawberry.ID(to_global_id(actor_type, row.actor_id))
            if actor_type and row.actor_id is not None
            else None,
            actor_name=row.actor_name,
            action=AuditActionEnum(row.action),
            record_type=row.record_type,
            record_id=strawberry.ID(to_global_id(row.record_type, row.record_id))
            if row.record_type and row.record_id is not None
            else None,
            details=row.details,
            ip_address=row.ip_address,
            request_id=row.request_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[AuditEvent | None]:
        principal: Principal | None = info.context.principal
        ids = [int(i) if str(i).isdigit() else 0 for i in node_ids]
        if principal is None or not principal.can(Permission.AUDIT_READ):
            return [None for _ in ids]
        rows = {e.pk: e for e in await AuditEventRow.filter(id__in=ids)}
        return [cls.from_row(rows[i]) if i in rows else None for i in ids]

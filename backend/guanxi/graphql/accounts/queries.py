from __future__ import annotations

import strawberry
from strawberry.types import Info
from tortoise.queryset import QuerySet

from guanxi.accounts import audit
from guanxi.accounts.models import ApiKey as ApiKeyRow
from guanxi.accounts.models import AuditActorKind
from guanxi.accounts.models import AuditEvent as AuditEventRow
from guanxi.accounts.permissions import Permission
from guanxi.accounts.scoping import visible_users
from guanxi.graphql.accounts.inputs import AuditLogFilter
from guanxi.graphql.accounts.types import ApiKey, AuditEvent, User, Viewer
from guanxi.graphql.core.connections import Connection, paginate
from guanxi.graphql.core.errors import ClientError
from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.core.keyset import paginate_newest_first
from guanxi.graphql.permissions import IsAuthenticated, requires

_ACTOR_KINDS = {"User": AuditActorKind.USER, "ApiKey": AuditActorKind.API_KEY}


def _audit_events(f: AuditLogFilter | None) -> QuerySet[AuditEventRow]:
    if f is None:
        return audit.events()
    actor_kind = actor_id = record_type = record_id = None
    if f.actor is not None:
        parsed = parse_global_id(f.actor)
        if parsed is None or parsed[0] not in _ACTOR_KINDS:
            raise ClientError("filter.actor: give the id of a staff user or an API key.")
        actor_kind, actor_id = _ACTOR_KINDS[parsed[0]], parsed[1]
    if f.record is not None:
        parsed = parse_global_id(f.record)
        if parsed is None:
            raise ClientError("filter.record: not a valid id.")
        record_type, record_id = parsed
    if f.record_type is not None:
        if record_type is not None and record_type != f.record_type:
            return audit.events().filter(id__in=[])  # a record of one type is never of another
        record_type = f.record_type
    return audit.events(
        actor_kind=actor_kind,
        actor_id=actor_id,
        actions=f.actions,
        record_type=record_type,
        record_id=record_id,
        since=f.since,
        until=f.until,
        request_id=f.request_id,
    )


@strawberry.type
class AccountQueries:
    @strawberry.field(description="Who is calling.", permission_classes=[IsAuthenticated])
    def viewer(self, info: Info) -> Viewer:
        return Viewer.from_principal(info.context.principal)

    @strawberry.field(
        description="Active staff users by name, e.g. to pick a customer's owner.",
        permission_classes=[requires(Permission.USERS_READ)],
    )
    async def users(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        search: str | None = None,
    ) -> Connection[User]:
        queryset = visible_users(info.context.principal).filter(is_active=True)
        if search and search.strip():
            queryset = queryset.filter(name__icontains=search.strip())
        return await paginate(
            queryset.order_by("name", "id"),
            first=first,
            after=after,
            last=last,
            before=before,
            to_node=User.from_row,
        )

    @strawberry.field(
        description="Partners' API keys, newest first (revoked ones too when `includeRevoked`).",
        permission_classes=[requires(Permission.API_KEYS_MANAGE)],
    )
    async def api_keys(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        include_revoked: bool = False,
    ) -> Connection[ApiKey]:
        queryset = ApiKeyRow.all() if include_revoked else ApiKeyRow.filter(revoked_at=None)
        return await paginate(
            queryset.order_by("-created_at", "-id"),
            first=first,
            after=after,
            last=last,
            before=before,
            to_node=ApiKey.from_row,
        )

    @strawberry.field(
        description="The audit log, newest first: sign-ins, reads of personal data, changes to records "
        "and to API keys (ADMIN). Cursors stay valid while new events arrive.",
        permission_classes=[requires(Permission.AUDIT_READ)],
    )
    async def audit_log(
        self,
        info: Info,
        filter: AuditLogFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[AuditEvent]:
        return await paginate_newest_first(
            _audit_events(filter),
            first=first,
            after=after,
            last=last,
            before=before,
            to_node=AuditEvent.from_row,
        )

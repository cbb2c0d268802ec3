from __future__ import annotations

import strawberry
from strawberry.types import Info

from guanxi.accounts.models import ApiKey as ApiKeyRow
from guanxi.accounts.permissions import Permission
from guanxi.accounts.scoping import visible_users
from guanxi.graphql.accounts.types import ApiKey, User, Viewer
from guanxi.graphql.core.connections import Connection, paginate
from guanxi.graphql.permissions import IsAuthenticated, requires


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

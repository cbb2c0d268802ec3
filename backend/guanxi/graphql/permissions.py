"""Permissions declared on fields: `permission_classes=[requires(Permission.CUSTOMERS_READ)]`."""

from __future__ import annotations

from functools import cache
from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core.errors import forbidden, unauthenticated


class IsAuthenticated(BasePermission):
    message = "Sign in first."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if info.context.principal is None:
            raise unauthenticated()
        return True


@cache
def requires(permission: Permission) -> type[BasePermission]:
    """A permission class granting access to principals holding `permission`."""

    def has_permission(self: BasePermission, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        if principal is None:
            raise unauthenticated()
        if not principal.can(permission):
            raise forbidden(f"This needs the {permission.value} permission.")
        return True

    name = "Requires" + "".join(p.title() for p in permission.name.split("_"))
    return type(name, (BasePermission,), {"has_permission": has_permission, "message": "Forbidden."})

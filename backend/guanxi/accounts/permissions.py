"""What each role may do. GraphQL fields declare one of these; nothing checks roles ad hoc."""

from __future__ import annotations

from enum import StrEnum

from guanxi.accounts.models import Role


class Permission(StrEnum):
    CUSTOMERS_READ = "customers:read"
    CUSTOMERS_WRITE = "customers:write"
    PURCHASES_WRITE = "purchases:write"
    USERS_READ = "users:read"
    USERS_MANAGE = "users:manage"


_ALL = frozenset(Permission)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _ALL,
    Role.MANAGER: frozenset(
        {
            Permission.CUSTOMERS_READ,
            Permission.CUSTOMERS_WRITE,
            Permission.PURCHASES_WRITE,
            Permission.USERS_READ,
        }
    ),
    Role.AGENT: frozenset(
        {
            Permission.CUSTOMERS_READ,
            Permission.CUSTOMERS_WRITE,
            Permission.PURCHASES_WRITE,
            Permission.USERS_READ,
        }
    ),
    Role.ANALYST: frozenset({Permission.CUSTOMERS_READ, Permission.USERS_READ}),
}

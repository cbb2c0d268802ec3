"""Which staff users a principal may see (to list them, or to make one a customer's owner)."""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from guanxi.accounts.models import Role, User
from guanxi.accounts.principal import Principal, PrincipalKind


def visible_users(principal: Principal) -> QuerySet[User]:
    """ADMIN, ANALYST and API keys: all staff; MANAGER and AGENT: their team (and themselves)."""
    if principal.kind == PrincipalKind.API_KEY or principal.role in (Role.ADMIN, Role.ANALYST):
        return User.all()
    if principal.team_id is None:
        return User.filter(id=principal.user_id)
    return User.filter(Q(team_id=principal.team_id) | Q(id=principal.user_id))

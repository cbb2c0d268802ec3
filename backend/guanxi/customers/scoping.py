"""Which customers a principal may see: the one query-scoping function of this domain.

Every list, node lookup, nested edge, subscription event and mutation goes through
`visible_customers`:

- ADMIN and ANALYST (and partners' API keys, limited by their scopes instead): every customer;
- MANAGER: customers of their team — owned by a member of the team, or assigned to the team;
- AGENT: customers they own, and their team's customers that nobody owns yet.

A staff user without a team sees only what they own.
"""

from __future__ import annotations

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from guanxi.accounts.models import Role, User
from guanxi.accounts.principal import Principal, PrincipalKind
from guanxi.customers.models import Customer, Purchase


def customer_scope(principal: Principal) -> Q | None:
    """The condition on customers for this principal; None when it sees them all."""
    if principal.kind == PrincipalKind.API_KEY or principal.role in (Role.ADMIN, Role.ANALYST):
        return None
    own = Q(owner_id=principal.user_id)
    if principal.team_id is None:
        return own
    if principal.role == Role.MANAGER:
        members = Subquery(User.filter(team_id=principal.team_id).values("id"))
        return Q(team_id=principal.team_id) | Q(owner_id__in=members)
    return own | Q(owner_id__isnull=True, team_id=principal.team_id)


def visible_customers(principal: Principal) -> QuerySet[Customer]:
    scope = customer_scope(principal)
    return Customer.all() if scope is None else Customer.filter(scope)


def visible_purchases(principal: Principal) -> QuerySet[Purchase]:
    """Purchases of visible customers."""
    if customer_scope(principal) is None:
        return Purchase.all()
    return Purchase.filter(customer_id__in=Subquery(visible_customers(principal).values("id")))

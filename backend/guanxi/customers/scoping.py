"""Which customers a principal may see: the one query-scoping function of this domain.

Every list, node lookup, nested edge, subscription event and mutation goes through
`visible_customers`:

- ADMIN and ANALYST (and partners' API keys, limited by their scopes instead): every customer;
- MANAGER: customers of their team — owned by a member of the team, or assigned to the team;
- AGENT: customers they own, and their team's customers that nobody owns yet.

A staff user without a team sees only what they own. The rules are a value, `reach_of(principal)`:
principals with equal reaches see the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from guanxi.accounts.models import Role, User
from guanxi.accounts.principal import Principal, PrincipalKind
from guanxi.core.sql import Fragment
from guanxi.customers.models import Customer, Purchase


class ReachKind(StrEnum):
    ALL = "ALL"  # every customer
    OWN = "OWN"  # those the user owns (a user without a team)
    TEAM = "TEAM"  # a manager's: the team's, and those owned by its members
    AGENT = "AGENT"  # an agent's: owned, and the team's that nobody owns


@dataclass(frozen=True)
class Reach:
    """Which customers a principal may see, as a value.

    `customer_scope` is built from the reach alone, so principals with equal reaches see exactly the
    same customers, and the same rows of every domain scoped through `visible_customers`: live feeds
    share one lookup per reach and event (graphql/core/fanout.py). Rights that do not change which rows
    are seen (pii:read masks fields) are not part of it.
    """

    kind: ReachKind
    user_id: int | None = None
    team_id: int | None = None

    def condition(self) -> Q | None:
        """The condition on customers; None for all of them."""
        if self.kind == ReachKind.ALL:
            return None
        own = Q(owner_id=self.user_id)
        if self.kind == ReachKind.OWN:
            return own
        if self.kind == ReachKind.TEAM:
            members = Subquery(User.filter(team_id=self.team_id).values("id"))
            return Q(team_id=self.team_id) | Q(owner_id__in=members)
        return own | Q(owner_id__isnull=True, team_id=self.team_id)

    def sql(self, alias: str = "c") -> Fragment | None:
        """`condition()` as SQL over the customer table aliased `alias`, for set-based statements
        (segment rules); tests/customers/test_scoping_sql.py checks both select the same rows."""
        if self.kind == ReachKind.ALL:
            return None
        if self.kind == ReachKind.OWN:
            return Fragment(f"({alias}.owner_id = ?)", (self.user_id,))
        if self.kind == ReachKind.TEAM:
            return Fragment(
                f"({alias}.team_id = ? OR {alias}.owner_id IN (SELECT id FROM staff_user WHERE team_id = ?))",
                (self.team_id, self.team_id),
            )
        return Fragment(
            f"({alias}.owner_id = ? OR ({alias}.owner_id IS NULL AND {alias}.team_id = ?))",
            (self.user_id, self.team_id),
        )


def reach_of(principal: Principal) -> Reach:
    """The principal's reach: all that `visible_customers` depends on."""
    if principal.kind == PrincipalKind.API_KEY or principal.role in (Role.ADMIN, Role.ANALYST):
        return Reach(ReachKind.ALL)
    if principal.team_id is None:
        return Reach(ReachKind.OWN, user_id=principal.user_id)
    if principal.role == Role.MANAGER:
        return Reach(ReachKind.TEAM, team_id=principal.team_id)
    return Reach(ReachKind.AGENT, user_id=principal.user_id, team_id=principal.team_id)


def customer_scope(principal: Principal) -> Q | None:
    """The condition on customers for this principal; None when it sees them all."""
    return reach_of(principal).condition()


def customer_scope_sql(principal: Principal, alias: str = "c") -> Fragment | None:
    """`customer_scope` as SQL; None when the principal sees every customer."""
    return reach_of(principal).sql(alias)


def visible_customers(principal: Principal) -> QuerySet[Customer]:
    scope = customer_scope(principal)
    return Customer.all() if scope is None else Customer.filter(scope)


def visible_purchases(principal: Principal) -> QuerySet[Purchase]:
    """Purchases of visible customers."""
    if customer_scope(principal) is None:
        return Purchase.all()
    return Purchase.filter(customer_id__in=Subquery(visible_customers(principal).values("id")))

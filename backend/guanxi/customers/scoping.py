"""Which customers a principal may see: the one query-scoping function of this domain.

Every list, node lookup, nested edge, event and export goes through `visible_customers`.
In the foundation every signed-in role sees every customer; the security issue narrows
this function (agents: their own and their team's unowned customers), and everything that
goes through it inherits the rule.
"""

from __future__ import annotations

from tortoise.queryset import QuerySet

from guanxi.accounts.principal import Principal
from guanxi.customers.models import Customer, Purchase


def visible_customers(principal: Principal) -> QuerySet[Customer]:
    return Customer.all()


def visible_purchases(principal: Principal) -> QuerySet[Purchase]:
    return Purchase.all()

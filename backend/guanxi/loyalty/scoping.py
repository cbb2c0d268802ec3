"""Which loyalty accounts a principal may see: those of the customers it may see."""

from __future__ import annotations

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from guanxi.accounts.principal import Principal
from guanxi.customers.scoping import customer_scope, visible_customers
from guanxi.loyalty.models import LoyaltyAccount


def visible_accounts(principal: Principal) -> QuerySet[LoyaltyAccount]:
    if customer_scope(principal) is None:
        return LoyaltyAccount.all()
    return LoyaltyAccount.filter(customer_id__in=Subquery(visible_customers(principal).values("id")))

"""Which interactions and consent records a principal may see: those of the customers it may see.

Every list, node lookup, nested edge and mutation of this domain goes through these functions,
which lean on `customers.scoping.visible_customers`.
"""

from __future__ import annotations

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from guanxi.accounts.principal import Principal
from guanxi.customers.scoping import customer_scope, visible_customers
from guanxi.interactions.models import ConsentRecord, Interaction


def visible_interactions(principal: Principal) -> QuerySet[Interaction]:
    """Interactions of visible customers."""
    if customer_scope(principal) is None:
        return Interaction.all()
    return Interaction.filter(customer_id__in=Subquery(visible_customers(principal).values("id")))


def visible_consent_records(principal: Principal) -> QuerySet[ConsentRecord]:
    """Consent records of visible customers."""
    if customer_scope(principal) is None:
        return ConsentRecord.all()
    return ConsentRecord.filter(customer_id__in=Subquery(visible_customers(principal).values("id")))

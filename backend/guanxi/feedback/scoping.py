"""Which feedback and complaints a principal may see: those of the customers it may see.

Every list, node lookup, nested edge, mutation and subscription event of this domain goes through
these functions, which lean on `customers.scoping.visible_customers`.
"""

from __future__ import annotations

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from guanxi.accounts.principal import Principal
from guanxi.customers.scoping import customer_scope, visible_customers
from guanxi.feedback.models import Complaint, Feedback


def visible_feedback(principal: Principal) -> QuerySet[Feedback]:
    if customer_scope(principal) is None:
        return Feedback.all()
    return Feedback.filter(customer_id__in=Subquery(visible_customers(principal).values("id")))


def visible_complaints(principal: Principal) -> QuerySet[Complaint]:
    if customer_scope(principal) is None:
        return Complaint.all()
    return Complaint.filter(customer_id__in=Subquery(visible_customers(principal).values("id")))

"""Customer lists as querysets: filters, search and order, all evaluated in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from guanxi.accounts.principal import Principal
from guanxi.core import crypto
from guanxi.customers.models import (
    CompanySize,
    ContactKind,
    ContactPoint,
    Customer,
    CustomerKind,
    CustomerTag,
    GeographyClass,
    LifecycleStage,
)
from guanxi.customers.rules import normalize_email, normalize_phone
from guanxi.customers.scoping import visible_customers

ORDER_FIELDS = {"NAME": "name", "CREATED_AT": "created_at", "UPDATED_AT": "updated_at"}


@dataclass
class CustomerFilter:
    kinds: list[CustomerKind] | None = None
    lifecycle_stages: list[LifecycleStage] | None = None
    geography_classes: list[GeographyClass] | None = None
    country: str | None = None
    province: str | None = None
    city: str | None = None
    industries: list[str] | None = None
    company_sizes: list[CompanySize] | None = None
    owner_ids: list[int] | None = None
    unowned: bool | None = None
    tags: list[str] = field(default_factory=list)
    created_after: datetime | None = None
    created_before: datetime | None = None
    archived: bool | None = False


def _search(text: str) -> Q:
    """Name contains the text, or an email address or phone number equals it.

    Contact points are stored encrypted: they are found by the keyed hash of their normalised
    form, so only a whole address or number matches, never a fragment.
    """
    text = text.strip()
    clauses = Q(name__icontains=text)
    for kind, normalized in (
        (ContactKind.EMAIL, normalize_email(text)),
        (ContactKind.PHONE, normalize_phone(text)),
    ):
        if normalized:
            hashed = crypto.lookup_hash(kind, normalized)
            clauses |= Q(
                id__in=Subquery(ContactPoint.filter(kind=kind, lookup_hash=hashed).values("customer_id"))
            )
    return clauses


def customer_list(
    principal: Principal,
    *,
    filter: CustomerFilter | None = None,
    search: str | None = None,
    order_by: str = "CREATED_AT",
    descending: bool = True,
) -> QuerySet[Customer]:
    f = filter or CustomerFilter()
    qs = visible_customers(principal)
    if f.archived is not None:
        qs = qs.filter(archived_at__isnull=not f.archived)
    if f.kinds:
        qs = qs.filter(kind__in=f.kinds)
    if f.lifecycle_stages:
        qs = qs.filter(lifecycle_stage__in=f.lifecycle_stages)
    if f.geography_classes:
        qs = qs.filter(geography_class__in=f.geography_classes)
    if f.country:
        qs = qs.filter(country=f.country.strip().upper())
    if f.province:
        qs = qs.filter(province=f.province.strip())
    if f.city:
        qs = qs.filter(city=f.city.strip())
    if f.industries:
        qs = qs.filter(industry__in=f.industries)
    if f.company_sizes:
        qs = qs.filter(company_size__in=f.company_sizes)
    if f.owner_ids is not None and f.unowned:
        qs = qs.filter(Q(owner_id__in=f.owner_ids) | Q(owner_id__isnull=True))
    elif f.owner_ids is not None:
        qs = qs.filter(owner_id__in=f.owner_ids)
    elif f.unowned:
        qs = qs.filter(owner_id__isnull=True)
    for tag in dict.fromkeys(t.strip() for t in f.tags if t.strip()):
        qs = qs.filter(id__in=Subquery(CustomerTag.filter(tag=tag).values("customer_id")))
    # In UTC: SQLite compares the stored text, so `+08:00` bounds would match the wrong rows.
    if f.created_after:
        qs = qs.filter(created_at__gte=f.created_after.astimezone(UTC))
    if f.created_before:
        qs = qs.filter(created_at__lt=f.created_before.astimezone(UTC))
    if search and search.strip():
        qs = qs.filter(_search(search))
    column = ORDER_FIELDS[order_by]
    prefix = "-" if descending else ""
    return qs.order_by(f"{prefix}{column}", f"{prefix}id")

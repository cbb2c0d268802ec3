"""Data-subject rights: everything held about a customer as one document, and erasure.

Erasure anonymises the personal fields everywhere and keeps what aggregates need (purchases,
lifecycle stage, country and geography class). The keyed hashes of the erased phones and emails
are kept, so a later import of the same person is refused unless an ADMIN overrides it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction, Team, User
from guanxi.accounts.principal import Principal
from guanxi.core import clock, events
from guanxi.core.errors import CoreErrorCode, DomainError
from guanxi.customers import pii
from guanxi.customers.errors import CustomerErrorCode
from guanxi.customers.models import ContactPoint, Customer, CustomerTag, ErasedIdentity, Purchase
from guanxi.customers.services import TOPIC, get_customer


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def export_customer_data(
    *, principal: Principal, customer_id: int, request: RequestInfo | None = None
) -> dict[str, Any]:
    """Everything Guanxi holds about the customer, decrypted, as one JSON-ready document."""
    customer = await get_customer(principal, customer_id)
    await audit.record(
        principal=principal,
        action=AuditAction.EXPORT,
        record_type="Customer",
        record_id=customer.pk,
        request=request,
    )
    points = await ContactPoint.filter(customer_id=customer.pk).order_by("kind", "position")
    owner = await User.get_or_none(id=customer.owner_id) if customer.owner_id else None
    team = await Team.get_or_none(id=customer.team_id) if customer.team_id else None
    purchases = await Purchase.filter(customer_id=customer.pk).order_by("occurred_at", "id")
    return {
        "format": "guanxi.customer-data/1",
        "exportedAt": clock.now().isoformat(),
        "customer": {
            "id": customer.pk,
            "kind": customer.kind,
            "name": customer.name,
            "wechatId": pii.wechat_id(customer.wechat_id),
            "address": pii.address(customer.address),
            "birthday": _iso(pii.birthday(customer.birthday_encrypted)),
            "gender": customer.gender,
            "occupation": customer.occupation,
            "incomeBand": customer.income_band,
            "industry": customer.industry,
            "companySize": customer.company_size,
            "country": customer.country,
            "province": customer.province,
            "city": customer.city,
            "geographyClass": customer.geography_class,
            "acquisitionChannel": customer.acquisition_channel,
            "acquisitionCampaign": customer.acquisition_campaign,
            "owner": owner.name if owner else None,
            "team": team.name if team else None,
            "customAttributes": customer.custom_attributes,
            "lifecycleStage": customer.lifecycle_stage,
            "lifecycleStagePinned": customer.lifecycle_stage_pinned,
            "externalReference": customer.external_reference,
            "createdAt": _iso(customer.created_at),
            "updatedAt": _iso(customer.updated_at),
            "archivedAt": _iso(customer.archived_at),
            "erasedAt": _iso(customer.erased_at),
        },
        "emails": [_point(p) for p in points if p.kind == "EMAIL"],
        "phones": [_point(p) for p in points if p.kind == "PHONE"],
        "tags": sorted(await CustomerTag.filter(customer_id=customer.pk).values_list("tag", flat=True)),
        "purchases": [
            {
                "id": p.pk,
                "amount": str(Decimal(p.amount).normalize()),
                "currency": p.currency,
                "occurredAt": _iso(p.occurred_at),
                "channel": p.channel,
                "source": p.source or None,
                "externalOrderId": p.external_order_id,
                "items": p.items,
                "refundedAt": _iso(p.refunded_at),
            }
            for p in purchases
        ],
    }


def _point(p: ContactPoint) -> dict[str, Any]:
    return {"value": pii.contact_value(p.value), "primary": p.is_primary, "label": p.label}


async def erase_customer(
    *, principal: Principal, customer_id: int, reason: str, request: RequestInfo | None = None
) -> Customer:
    """Anonymise every personal field of the customer; purchases and aggregates stay."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            CoreErrorCode.REQUIRED, "Say why the customer is erased (e.g. the request's reference).", "reason"
        )
    if len(reason) > 500:
        raise DomainError(CoreErrorCode.TOO_LONG, "At most 500 characters.", "reason")
    customer = await get_customer(principal, customer_id)
    if customer.erased_at is not None:
        raise DomainError(CustomerErrorCode.ERASED, "This customer is already erased.", "id")
    now = clock.now()
    async with in_transaction():
        points = await ContactPoint.filter(customer_id=customer.pk)
        if points:
            await ErasedIdentity.bulk_create(
                [
                    ErasedIdentity(kind=p.kind, lookup_hash=p.lookup_hash, customer_id=customer.pk)
                    for p in points
                ]
            )
        await ContactPoint.filter(customer_id=customer.pk).delete()
        await CustomerTag.filter(customer_id=customer.pk).delete()
        await Purchase.filter(customer_id=customer.pk).update(items=None)  # line items may name people
        await Customer.filter(id=customer.pk).update(
            name=f"Erased customer {customer.pk}",
            wechat_id=None,
            address=None,
            birthday_encrypted=None,
            birth_month=None,
            birth_year=None,
            gender=None,
            occupation=None,
            income_band=None,
            province=None,
            city=None,
            acquisition_campaign=None,
            custom_attributes={},
            external_reference=None,
            archived_at=customer.archived_at or now,
            erased_at=now,
            updated_at=now,
        )
        await audit.record(
            principal=principal,
            action=AuditAction.ERASE,
            record_type="Customer",
            record_id=customer.pk,
            details={"reason": reason},
            request=request,
        )
    await customer.refresh_from_db()
    await events.publish(TOPIC, {"type": "customer.erased", "id": customer.pk, "customer_id": customer.pk})
    return customer


async def erased_contact_points(points: dict[str, list[dict[str, Any]]]) -> list[tuple[str, int]]:
    """(path, index) of the given validated contact points that belong to an erased customer."""
    hits: list[tuple[str, int]] = []
    for path, kind in (("emails", "EMAIL"), ("phones", "PHONE")):
        rows = points.get(path) or []
        if not rows:
            continue
        hashes = {pii.crypto.lookup_hash(kind, r["normalized"]): i for i, r in enumerate(rows)}
        found = await ErasedIdentity.filter(kind=kind, lookup_hash__in=list(hashes)).values_list(
            "lookup_hash", flat=True
        )
        hits += [(path, hashes[h]) for h in set(found)]
    return sorted(hits)

"""Creating, changing and archiving customers; recording and refunding purchases.

Each function owns its transaction and publishes its event after commit.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction, Role
from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.core import clock, events
from guanxi.core.currency import minor_units
from guanxi.core.errors import Collector, CoreErrorCode, DomainError, DomainErrors, forbidden
from guanxi.core.idempotency import run_idempotent
from guanxi.customers import pii
from guanxi.customers.errors import CustomerErrorCode
from guanxi.customers.models import (
    ContactKind,
    ContactPoint,
    Customer,
    CustomerTag,
    LifecycleStage,
    Purchase,
    PurchaseChannel,
)
from guanxi.customers.rules import derived_stage, geography_class
from guanxi.customers.scoping import visible_customers, visible_purchases
from guanxi.customers.validation import clean_customer
from guanxi.loyalty import services as loyalty
from guanxi.settings import get_settings
from guanxi.value import metrics

TOPIC = "customers"
"""Every event on this topic carries `type`, `id` (of the changed row) and `customer_id`."""
FUTURE_TOLERANCE = timedelta(minutes=5)


def _geography(country: str | None, province: str | None) -> Any:
    s = get_settings()
    return geography_class(
        country=country,
        province=province,
        home_country=s.home_country,
        home_province=s.home_province,
    )


async def get_customer(principal: Principal, customer_id: int, *, field: str = "id") -> Customer:
    """The customer, if this principal may see it.

    A customer that exists but is out of the principal's reach is FORBIDDEN (a top-level error),
    one that does not exist is a NOT_FOUND userError.
    """
    customer = await visible_customers(principal).get_or_none(id=customer_id)
    if customer is None:
        if await Customer.filter(id=customer_id).exists():
            raise forbidden("This customer is not in your reach.")
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such customer.", field)
    return customer


async def _refuse_erased_identities(principal: Principal, values: dict[str, Any], override: bool) -> None:
    """A phone or email of an erased customer comes back only when an ADMIN says so."""
    from guanxi.customers.privacy import erased_contact_points

    hits = await erased_contact_points(values)
    if not hits:
        return
    if override:
        if not principal.can(Permission.CUSTOMERS_ERASE):
            raise forbidden("Only an ADMIN may bring back the contact details of an erased customer.")
        return
    raise DomainErrors(
        DomainError(
            CustomerErrorCode.ERASED_IDENTITY,
            "This belongs to a customer erased on request; an ADMIN may override with overrideErasure.",
            f"{path}.{i}.value",
        )
        for path, i in hits
    )


async def _check_external_reference(value: str | None, exclude_id: int | None) -> None:
    if value is None:
        return
    query = Customer.filter(external_reference=value)
    if exclude_id is not None:
        query = query.exclude(id=exclude_id)
    if await query.exists():
        raise DomainError(
            CoreErrorCode.DUPLICATE,
            "Another customer has this external reference.",
            "external_reference",
        )


async def _replace_contact_points(customer_id: int, kind: ContactKind, rows: list[dict[str, Any]]) -> None:
    await ContactPoint.filter(customer_id=customer_id, kind=kind).delete()
    if rows:
        await ContactPoint.bulk_create(
            [
                ContactPoint(customer_id=customer_id, kind=kind, **pii.contact_point_row(kind, row))
                for row in rows
            ]
        )


async def _replace_tags(customer_id: int, tags: list[str]) -> None:
    await CustomerTag.filter(customer_id=customer_id).delete()
    if tags:
        await CustomerTag.bulk_create([CustomerTag(customer_id=customer_id, tag=t) for t in tags])


async def create_customer(
    *,
    principal: Principal,
    data: dict[str, Any],
    idempotency_key: str | None = None,
    request: RequestInfo | None = None,
) -> tuple[Customer, bool]:
    """Create a customer. Returns (customer, replayed) — replayed for a repeated idempotency key."""
    if data.get("owner_id") is None and principal.role == Role.AGENT:
        data = {**data, "owner_id": principal.user_id}  # an agent's new customer is theirs
    override = bool(data.pop("override_erasure", False)) if "override_erasure" in data else False
    values = await clean_customer(principal, data, creating=True)
    await _refuse_erased_identities(principal, values, override)
    if "team_id" not in values:
        values["team_id"] = principal.team_id  # a new unowned customer belongs to its creator's team
    await _check_external_reference(values.get("external_reference"), None)

    async def action() -> Customer:
        emails = values.pop("emails", [])
        phones = values.pop("phones", [])
        tags = values.pop("tags", [])
        values["geography_class"] = _geography(values.get("country"), values.get("province"))
        try:
            customer = await Customer.create(**pii.encrypt_customer_values(values))
        except IntegrityError as exc:  # external reference taken by a concurrent request
            raise DomainError(
                CoreErrorCode.DUPLICATE,
                "Another customer has this external reference.",
                "external_reference",
            ) from exc
        await _replace_contact_points(customer.pk, ContactKind.EMAIL, emails)
        await _replace_contact_points(customer.pk, ContactKind.PHONE, phones)
        await _replace_tags(customer.pk, tags)
        await audit.record(
            principal=principal,
            action=AuditAction.CREATE,
            record_type="Customer",
            record_id=customer.pk,
            details={"fields": sorted(k for k, v in data.items() if v not in (None, [], {}))},
            request=request,
        )
        return customer

    async def transactional_action() -> Customer:
        async with in_transaction():
            return await action()

    customer, replayed = await run_idempotent(
        principal=principal.key,
        operation="createCustomer",
        key=idempotency_key,
        payload=data,
        action=action if idempotency_key else transactional_action,
        load=lambda pk: visible_customers(principal).get_or_none(id=pk),
    )
    if not replayed:
        await events.publish(
            TOPIC, {"type": "customer.created", "id": customer.pk, "customer_id": customer.pk}
        )
    return customer, replayed


async def update_customer(
    *, principal: Principal, customer_id: int, data: dict[str, Any], request: RequestInfo | None = None
) -> Customer:
    customer = await get_customer(principal, customer_id)
    if customer.archived_at is not None:
        raise DomainError(CustomerErrorCode.ARCHIVED, "Restore this customer before editing.", "id")
    override = bool(data.pop("override_erasure", False)) if "override_erasure" in data else False
    values = await clean_customer(principal, data, creating=False)
    await _refuse_erased_identities(principal, values, override)
    if "external_reference" in values:
        await _check_external_reference(values["external_reference"], customer.pk)
    async with in_transaction():
        emails = values.pop("emails", None)
        phones = values.pop("phones", None)
        tags = values.pop("tags", None)
        for key, value in pii.encrypt_customer_values(values).items():
            setattr(customer, key, value)
        if "country" in values or "province" in values:
            customer.geography_class = _geography(customer.country, customer.province)
        try:
            await customer.save()
        except IntegrityError as exc:
            raise DomainError(
                CoreErrorCode.DUPLICATE,
                "Another customer has this external reference.",
                "external_reference",
            ) from exc
        if emails is not None:
            await _replace_contact_points(customer.pk, ContactKind.EMAIL, emails)
        if phones is not None:
            await _replace_contact_points(customer.pk, ContactKind.PHONE, phones)
        if tags is not None:
            await _replace_tags(customer.pk, tags)
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Customer",
            record_id=customer.pk,
            details={"fields": sorted(data)},
            request=request,
        )
    await events.publish(TOPIC, {"type": "customer.updated", "id": customer.pk, "customer_id": customer.pk})
    return customer


async def set_archived(
    *, principal: Principal, customer_id: int, archived: bool, request: RequestInfo | None = None
) -> Customer:
    """Archive (soft-delete) or restore. Repeating either is harmless."""
    customer = await get_customer(principal, customer_id)
    now = clock.now()
    async with in_transaction():
        changed = await Customer.filter(id=customer.pk, archived_at__isnull=archived).update(
            archived_at=now if archived else None, updated_at=now
        )
        if changed:
            await audit.record(
                principal=principal,
                action=AuditAction.ARCHIVE if archived else AuditAction.RESTORE,
                record_type="Customer",
                record_id=customer.pk,
                request=request,
            )
    if changed:
        await customer.refresh_from_db()
        kind = "customer.archived" if archived else "customer.restored"
        await events.publish(TOPIC, {"type": kind, "id": customer.pk, "customer_id": customer.pk})
    return customer


async def refresh_lifecycle_stage(customer_id: int) -> None:
    """Derive the stage from kept purchases, unless staff pinned it. Call inside the write's transaction."""
    customer = await Customer.get(id=customer_id)
    if customer.lifecycle_stage_pinned:
        return
    occurred = await Purchase.filter(customer_id=customer_id, refunded_at=None).values_list(
        "occurred_at", flat=True
    )
    days = len({ts.astimezone(clock.now().tzinfo).date() for ts in occurred})
    stage = derived_stage(
        current=LifecycleStage(customer.lifecycle_stage),
        purchase_days=days,
        loyal_purchase_days=get_settings().loyal_purchase_days,
    )
    if stage != customer.lifecycle_stage:
        await Customer.filter(id=customer_id, lifecycle_stage_pinned=False).update(
            lifecycle_stage=stage, updated_at=clock.now()
        )


async def pin_lifecycle_stage(
    *,
    principal: Principal,
    customer_id: int,
    stage: LifecycleStage | None,
    request: RequestInfo | None = None,
) -> Customer:
    customer = await get_customer(principal, customer_id, field="customer_id")
    async with in_transaction():
        if stage is None:
            await Customer.filter(id=customer.pk).update(lifecycle_stage_pinned=False, updated_at=clock.now())
            await refresh_lifecycle_stage(customer.pk)
        else:
            await Customer.filter(id=customer.pk).update(
                lifecycle_stage=stage, lifecycle_stage_pinned=True, updated_at=clock.now()
            )
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Customer",
            record_id=customer.pk,
            details={"fields": ["lifecycle_stage"]},
            request=request,
        )
    await customer.refresh_from_db()
    await events.publish(TOPIC, {"type": "customer.updated", "id": customer.pk, "customer_id": customer.pk})
    return customer


def _clean_purchase(data: dict[str, Any]) -> dict[str, Any]:
    errors = Collector()
    out: dict[str, Any] = {}
    currency = str(data.get("currency") or "").strip().upper()
    units = minor_units(currency)
    if units is None:
        errors.add(CustomerErrorCode.UNKNOWN_CURRENCY, "Use an ISO 4217 code such as CNY.", "currency")
    try:
        amount = Decimal(str(data.get("amount")))
        if not amount.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.add(CoreErrorCode.INVALID_VALUE, "Not a number.", "amount")
        amount = None
    if amount is not None:
        if amount < 0:
            errors.add(CustomerErrorCode.NEGATIVE_AMOUNT, "An amount cannot be negative.", "amount")
        elif amount >= Decimal(10) ** 14:
            errors.add(CoreErrorCode.INVALID_VALUE, "This amount is too large.", "amount")
        elif units is not None and -amount.as_tuple().exponent > units:
            errors.add(
                CustomerErrorCode.TOO_MANY_DECIMALS,
                f"{currency} amounts have at most {units} decimal places.",
                "amount",
            )
    occurred_at = data.get("occurred_at") or clock.now()
    if occurred_at.tzinfo is None:
        errors.add(CoreErrorCode.INVALID_VALUE, "Give a time zone offset.", "occurred_at")
    elif occurred_at > clock.now() + FUTURE_TOLERANCE:
        errors.add(CustomerErrorCode.FUTURE_DATE, "A purchase cannot be in the future.", "occurred_at")
    source = str(data.get("source") or "").strip()
    external_order_id = str(data.get("external_order_id") or "").strip() or None
    if len(source) > 100:
        errors.add(CoreErrorCode.TOO_LONG, "At most 100 characters.", "source")
    if external_order_id and len(external_order_id) > 200:
        errors.add(CoreErrorCode.TOO_LONG, "At most 200 characters.", "external_order_id")
    items = data.get("items")
    if items is not None and not isinstance(items, (list, dict)):
        errors.add(CoreErrorCode.INVALID_VALUE, "Items are a JSON list or object.", "items")
    errors.raise_if_any()
    channel = data.get("channel")
    out.update(
        amount=amount,
        currency=currency,
        occurred_at=occurred_at,
        channel=PurchaseChannel(channel) if channel else None,
        source=source,
        external_order_id=external_order_id,
        items=items,
    )
    return out


def _same_order(existing: Purchase, customer_id: int, values: dict[str, Any]) -> bool:
    return (
        existing.customer_id == customer_id
        and Decimal(existing.amount) == values["amount"]
        and existing.currency == values["currency"]
    )


async def _existing_order(customer_id: int, values: dict[str, Any]) -> Purchase | None:
    if values["external_order_id"] is None:
        return None
    existing = await Purchase.get_or_none(
        source=values["source"], external_order_id=values["external_order_id"]
    )
    if existing is not None and not _same_order(existing, customer_id, values):
        raise DomainError(
            CustomerErrorCode.EXTERNAL_ORDER_CONFLICT,
            "This source already recorded this order id for another customer or amount.",
            "external_order_id",
        )
    return existing


async def record_purchase(
    *,
    principal: Principal,
    customer_id: int,
    data: dict[str, Any],
    idempotency_key: str | None = None,
    request: RequestInfo | None = None,
) -> tuple[Purchase, bool]:
    """Record a purchase once per (source, external order id) and per idempotency key.

    Returns (purchase, replayed).
    """
    values = _clean_purchase(data)
    customer = await get_customer(principal, customer_id, field="customer_id")
    if customer.archived_at is not None:
        raise DomainError(CustomerErrorCode.ARCHIVED, "This customer is archived.", "customer_id")
    existing = await _existing_order(customer.pk, values)
    if existing is not None:
        return existing, True

    async def action() -> Purchase:
        purchase = await Purchase.create(customer_id=customer.pk, **values)
        await audit.record(
            principal=principal,
            action=AuditAction.CREATE,
            record_type="Purchase",
            record_id=purchase.pk,
            details={"customer_id": customer.pk},
            request=request,
        )
        await refresh_lifecycle_stage(customer.pk)
        await metrics.refresh([customer.pk])
        await loyalty.earn_for_purchase(purchase, principal=principal)  # once per purchase (dedupe key)
        return purchase

    async def transactional_action() -> Purchase:
        async with in_transaction():
            return await action()

    try:
        purchase, replayed = await run_idempotent(
            principal=principal.key,
            operation="recordPurchase",
            key=idempotency_key,
            payload={"customer_id": customer_id, **data},
            action=action if idempotency_key else transactional_action,
            load=lambda pk: visible_purchases(principal).get_or_none(id=pk),
        )
    except IntegrityError:
        # The same external order id was recorded concurrently: that one stands.
        existing = await _existing_order(customer.pk, values)
        if existing is None:
            raise
        return existing, True
    if not replayed:
        await events.publish(
            TOPIC, {"type": "purchase.recorded", "id": purchase.pk, "customer_id": customer.pk}
        )
    return purchase, replayed


async def refund_purchase(
    *, principal: Principal, purchase_id: int, reason: str | None, request: RequestInfo | None = None
) -> Purchase:
    purchase = await visible_purchases(principal).get_or_none(id=purchase_id)
    if purchase is None:
        if await Purchase.filter(id=purchase_id).exists():
            raise forbidden("This purchase is not in your reach.")
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such purchase.", "id")
    if reason and len(reason) > 500:
        raise DomainError(CoreErrorCode.TOO_LONG, "At most 500 characters.", "reason")
    async with in_transaction():
        changed = await Purchase.filter(id=purchase.pk, refunded_at=None).update(
            refunded_at=clock.now(), refund_reason=reason, updated_at=clock.now()
        )
        if not changed:
            raise DomainError(CustomerErrorCode.ALREADY_REFUNDED, "Already refunded.", "id")
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Purchase",
            record_id=purchase.pk,
            details={"fields": ["refunded_at", "refund_reason"]},
            request=request,
        )
        await refresh_lifecycle_stage(purchase.customer_id)
        await metrics.refresh([purchase.customer_id])
        await loyalty.reverse_for_refund(purchase, principal=principal)
    await purchase.refresh_from_db()
    await events.publish(
        TOPIC, {"type": "purchase.refunded", "id": purchase.pk, "customer_id": purchase.customer_id}
    )
    return purchase

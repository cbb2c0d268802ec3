"""Customers' consent per channel, with its history, and their preferred channel."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction
from guanxi.accounts.principal import Principal
from guanxi.core import clock, events
from guanxi.core.errors import Collector, CoreErrorCode, DomainError
from guanxi.customers import services as customer_services
from guanxi.interactions import policy
from guanxi.interactions.errors import InteractionErrorCode
from guanxi.interactions.models import Channel, ConsentRecord, ConsentStatus, ContactState, Direction
from guanxi.interactions.scoping import visible_consent_records


async def current_consent(customer_id: int, channel: Channel) -> ConsentRecord | None:
    """The newest consent record of this customer on this channel, if any."""
    return await ConsentRecord.filter(customer_id=customer_id, channel=channel).order_by("-id").first()


async def refuse_withdrawn(customer_id: int, channel: Channel, direction: Direction) -> None:
    """An outbound contact on a channel the customer opted out of is refused. Inbound always passes."""
    if direction != Direction.OUTBOUND:
        return
    consent = await current_consent(customer_id, channel)
    if consent is not None and consent.status == ConsentStatus.OPTED_OUT:
        raise DomainError(
            InteractionErrorCode.CONSENT_WITHDRAWN,
            "The customer opted out of contacts on this channel.",
            "channel",
        )


async def set_consent(
    *,
    principal: Principal,
    customer_id: int,
    channel: Channel,
    status: ConsentStatus,
    source: str | None = None,
    note: str | None = None,
    request: RequestInfo | None = None,
) -> ConsentRecord:
    """Record the customer's consent on a channel: a new history row, which becomes the current one."""
    errors = Collector()
    source = (source or "").strip() or None
    note = (note or "").strip() or None
    if source and len(source) > 100:
        errors.add(CoreErrorCode.TOO_LONG, "At most 100 characters.", "source")
    if note and len(note) > 500:
        errors.add(CoreErrorCode.TOO_LONG, "At most 500 characters.", "note")
    errors.raise_if_any()
    customer = await customer_services.get_customer(principal, customer_id, field="customer_id")
    async with in_transaction():
        record = await ConsentRecord.create(
            customer_id=customer.pk,
            channel=Channel(channel),
            status=ConsentStatus(status),
            source=source,
            note=note,
            set_by_user_id=principal.user_id,
            set_by_api_key_id=principal.api_key_id,
        )
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Customer",
            record_id=customer.pk,
            details={"consent": {"channel": str(channel), "status": str(status)}},
            request=request,
        )
    await events.publish(
        customer_services.TOPIC, {"type": "customer.updated", "id": customer.pk, "customer_id": customer.pk}
    )
    return record


async def current_consents(customer_ids: Iterable[int]) -> dict[int, dict[Channel, ConsentRecord]]:
    """The current consent record per channel of each customer (channels never set are left out)."""
    ids = list(customer_ids)
    out: dict[int, dict[Channel, ConsentRecord]] = {i: {} for i in ids}
    if not ids:
        return out
    for row in await ConsentRecord.filter(customer_id__in=ids).order_by("customer_id", "channel", "-id"):
        out[row.customer_id].setdefault(Channel(row.channel), row)
    return out


async def set_preferred_channel(
    *,
    principal: Principal,
    customer_id: int,
    channel: Channel | None,
    request: RequestInfo | None = None,
) -> ContactState:
    """The channel the customer prefers (None: no preference). Not one the customer opted out of."""
    customer = await customer_services.get_customer(principal, customer_id, field="customer_id")
    async with in_transaction():
        state = await policy.lock_contact_state(customer.pk)
        if channel is not None:
            current = await current_consent(customer.pk, Channel(channel))
            if current is not None and current.status == ConsentStatus.OPTED_OUT:
                raise DomainError(
                    InteractionErrorCode.CONSENT_WITHDRAWN,
                    "The customer opted out of contacts on this channel.",
                    "channel",
                )
        state.preferred_channel = Channel(channel) if channel is not None else None
        await ContactState.filter(id=state.pk).update(
            preferred_channel=state.preferred_channel, updated_at=clock.now()
        )
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Customer",
            record_id=customer.pk,
            details={"preferred_channel": str(channel) if channel is not None else None},
            request=request,
        )
    await events.publish(
        customer_services.TOPIC, {"type": "customer.updated", "id": customer.pk, "customer_id": customer.pk}
    )
    return state


async def contact_states(customer_ids: Iterable[int]) -> dict[int, ContactState]:
    """Each customer's contact state (preferred channel, last contact); customers without one are left out."""
    ids = list(customer_ids)
    if not ids:
        return {}
    return {row.customer_id: row for row in await ContactState.filter(customer_id__in=ids)}


def consent_history(principal: Principal, customer_id: int, channel: Channel | None = None) -> Any:
    """Consent records of a visible customer, newest first."""
    qs = visible_consent_records(principal).filter(customer_id=customer_id)
    if channel is not None:
        qs = qs.filter(channel=Channel(channel))
    return qs.order_by("-id")

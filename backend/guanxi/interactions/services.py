"""Logging contacts with customers, changing them, completing follow-ups, and recording consent.

Each function owns its transaction and publishes its event after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction
from guanxi.accounts.principal import Principal
from guanxi.core import clock, events
from guanxi.core.errors import Collector, CoreErrorCode, DomainError, forbidden
from guanxi.core.idempotency import run_idempotent
from guanxi.customers import services as customer_services
from guanxi.customers.errors import CustomerErrorCode
from guanxi.customers.models import Customer, LifecycleStage
from guanxi.interactions.errors import InteractionErrorCode
from guanxi.interactions.models import (
    Channel,
    ConsentRecord,
    ConsentStatus,
    Direction,
    Interaction,
    Outcome,
)
from guanxi.interactions.scoping import visible_consent_records, visible_interactions

TOPIC = "interactions"
"""Every event on this topic carries `type`, `id` (of the interaction) and `customer_id`."""
FUTURE_TOLERANCE = customer_services.FUTURE_TOLERANCE
MAX_NOTES = 10_000
MAX_DURATION_SECONDS = 7 * 24 * 3600

_TEXT_LIMITS = {"subject": 200, "notes": MAX_NOTES, "outcome_note": 500, "follow_up_note": 500}


def _utc(moment: datetime) -> datetime:
    """In UTC, as stored: SQLite compares times as text (docs/architecture.md)."""
    return moment.astimezone(UTC)


def _clean_interaction(data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Validated column values for the keys present in `data` (all of them when creating)."""
    errors = Collector()
    out: dict[str, Any] = {}
    for name, limit in _TEXT_LIMITS.items():
        if name in data:
            value = data[name]
            value = str(value).strip() or None if value is not None else None
            if value is not None and len(value) > limit:
                errors.add(CoreErrorCode.TOO_LONG, f"At most {limit} characters.", name)
            out[name] = value
    for name, enum in (("channel", Channel), ("direction", Direction)):
        if name in data:
            if data[name] is None:
                errors.add(CoreErrorCode.REQUIRED, "Required.", name)
            else:
                out[name] = enum(data[name])
    if "outcome" in data:
        out["outcome"] = Outcome(data["outcome"]) if data["outcome"] is not None else None
    if "duration_seconds" in data:
        duration = data["duration_seconds"]
        if duration is not None and not 0 <= duration <= MAX_DURATION_SECONDS:
            errors.add(
                CoreErrorCode.INVALID_VALUE,
                f"A duration is between 0 and {MAX_DURATION_SECONDS} seconds.",
                "duration_seconds",
            )
        out["duration_seconds"] = duration
    if creating or "occurred_at" in data:
        occurred_at = data.get("occurred_at") or clock.now()
        if occurred_at.tzinfo is None:
            errors.add(CoreErrorCode.INVALID_VALUE, "Give a time zone offset.", "occurred_at")
        elif occurred_at > clock.now() + FUTURE_TOLERANCE:
            errors.add(CustomerErrorCode.FUTURE_DATE, "A contact cannot be in the future.", "occurred_at")
        else:
            out["occurred_at"] = _utc(occurred_at)
    if "follow_up_due_at" in data:
        due = data["follow_up_due_at"]
        if due is not None and due.tzinfo is None:
            errors.add(CoreErrorCode.INVALID_VALUE, "Give a time zone offset.", "follow_up_due_at")
        out["follow_up_due_at"] = _utc(due) if due is not None and due.tzinfo is not None else None
    errors.raise_if_any()
    return out


async def current_consent(customer_id: int, channel: Channel) -> ConsentRecord | None:
    """The newest consent record of this customer on this channel, if any."""
    return await ConsentRecord.filter(customer_id=customer_id, channel=channel).order_by("-id").first()


async def _refuse_withdrawn_consent(customer_id: int, channel: Channel, direction: Direction) -> None:
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


async def _promote_on_enquiry(customer_id: int) -> bool:
    """A first inbound contact moves a PROSPECT to POTENTIAL_BUYER, unless the stage is pinned.

    One conditional UPDATE, in the caller's transaction. True when the stage changed.
    """
    changed = await Customer.filter(
        id=customer_id, lifecycle_stage=LifecycleStage.PROSPECT, lifecycle_stage_pinned=False
    ).update(lifecycle_stage=LifecycleStage.POTENTIAL_BUYER, updated_at=clock.now())
    return bool(changed)


async def get_interaction(principal: Principal, interaction_id: int, *, field: str = "id") -> Interaction:
    """The interaction, if this principal may see it (FORBIDDEN when out of reach, NOT_FOUND if none)."""
    interaction = await visible_interactions(principal).get_or_none(id=interaction_id)
    if interaction is None:
        if await Interaction.filter(id=interaction_id).exists():
            raise forbidden("This interaction is not in your reach.")
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such interaction.", field)
    return interaction


async def log_contact(
    *,
    principal: Principal,
    customer_id: int,
    data: dict[str, Any],
    idempotency_key: str | None = None,
    request: RequestInfo | None = None,
) -> tuple[Interaction, bool]:
    """Log one contact with a customer; the same idempotency key never logs two.

    Returns (interaction, replayed).
    """
    values = _clean_interaction(data, creating=True)
    customer = await customer_services.get_customer(principal, customer_id, field="customer_id")
    if customer.archived_at is not None:
        raise DomainError(CustomerErrorCode.ARCHIVED, "This customer is archived.", "customer_id")
    promoted = False

    async def action() -> Interaction:
        nonlocal promoted
        await _refuse_withdrawn_consent(customer.pk, values["channel"], values["direction"])
        interaction = await Interaction.create(
            customer_id=customer.pk,
            logged_by_user_id=principal.user_id,
            logged_by_api_key_id=principal.api_key_id,
            **values,
        )
        await audit.record(
            principal=principal,
            action=AuditAction.CREATE,
            record_type="Interaction",
            record_id=interaction.pk,
            details={"customer_id": customer.pk},
            request=request,
        )
        if values["direction"] == Direction.INBOUND:
            promoted = await _promote_on_enquiry(customer.pk)
        return interaction

    async def transactional_action() -> Interaction:
        async with in_transaction():
            return await action()

    interaction, replayed = await run_idempotent(
        principal=principal.key,
        operation="logContact",
        key=idempotency_key,
        payload={"customer_id": customer_id, **data},
        action=action if idempotency_key else transactional_action,
        load=lambda pk: visible_interactions(principal).get_or_none(id=pk),
    )
    if not replayed:
        await events.publish(
            TOPIC, {"type": "interaction.logged", "id": interaction.pk, "customer_id": customer.pk}
        )
        if promoted:
            await events.publish(
                customer_services.TOPIC,
                {"type": "customer.updated", "id": customer.pk, "customer_id": customer.pk},
            )
    return interaction, replayed


async def update_interaction(
    *,
    principal: Principal,
    interaction_id: int,
    data: dict[str, Any],
    request: RequestInfo | None = None,
) -> Interaction:
    """Change the fields given in `data`; the customer of an interaction never changes."""
    interaction = await get_interaction(principal, interaction_id)
    values = _clean_interaction(data, creating=False)
    async with in_transaction():
        channel = values.get("channel", interaction.channel)
        direction = values.get("direction", interaction.direction)
        if "channel" in values or "direction" in values:
            await _refuse_withdrawn_consent(interaction.customer_id, Channel(channel), Direction(direction))
        for key, value in values.items():
            setattr(interaction, key, value)
        if values:
            await interaction.save()
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="Interaction",
            record_id=interaction.pk,
            details={"fields": sorted(values)},
            request=request,
        )
    await events.publish(
        TOPIC,
        {"type": "interaction.updated", "id": interaction.pk, "customer_id": interaction.customer_id},
    )
    return interaction


async def complete_follow_up(
    *, principal: Principal, interaction_id: int, request: RequestInfo | None = None
) -> Interaction:
    """Mark the follow-up of an interaction done. Repeating it is harmless."""
    interaction = await get_interaction(principal, interaction_id)
    if interaction.follow_up_due_at is None:
        raise DomainError(InteractionErrorCode.NO_FOLLOW_UP, "This interaction has no follow-up.", "id")
    now = clock.now()
    async with in_transaction():
        changed = await Interaction.filter(id=interaction.pk, follow_up_completed_at=None).update(
            follow_up_completed_at=now, updated_at=now
        )
        if changed:
            await audit.record(
                principal=principal,
                action=AuditAction.UPDATE,
                record_type="Interaction",
                record_id=interaction.pk,
                details={"fields": ["follow_up_completed_at"]},
                request=request,
            )
    if changed:
        await interaction.refresh_from_db()
        await events.publish(
            TOPIC,
            {"type": "interaction.updated", "id": interaction.pk, "customer_id": interaction.customer_id},
        )
    return interaction


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


@dataclass
class InteractionFilter:
    customer_id: int | None = None
    channels: list[Channel] = field(default_factory=list)
    direction: Direction | None = None
    logged_by_id: int | None = None
    occurred_after: datetime | None = None
    occurred_before: datetime | None = None
    follow_up_due_before: datetime | None = None
    follow_up_open: bool | None = None


def interaction_list(principal: Principal, f: InteractionFilter) -> Any:
    """Visible interactions matching the filter, newest first."""
    qs = visible_interactions(principal)
    if f.customer_id is not None:
        qs = qs.filter(customer_id=f.customer_id)
    if f.channels:
        qs = qs.filter(channel__in=[Channel(c) for c in f.channels])
    if f.direction is not None:
        qs = qs.filter(direction=Direction(f.direction))
    if f.logged_by_id is not None:
        qs = qs.filter(logged_by_user_id=f.logged_by_id)
    if f.occurred_after is not None:
        qs = qs.filter(occurred_at__gte=_utc(f.occurred_after))
    if f.occurred_before is not None:
        qs = qs.filter(occurred_at__lt=_utc(f.occurred_before))
    if f.follow_up_due_before is not None:
        qs = qs.filter(follow_up_due_at__lt=_utc(f.follow_up_due_before))
    if f.follow_up_open is True:
        qs = qs.filter(follow_up_due_at__isnull=False, follow_up_completed_at__isnull=True)
    elif f.follow_up_open is False:
        qs = qs.filter(Q(follow_up_due_at__isnull=True) | Q(follow_up_completed_at__isnull=False))
    return qs.order_by("-occurred_at", "-id")


def consent_history(principal: Principal, customer_id: int, channel: Channel | None = None) -> Any:
    """Consent records of a visible customer, newest first."""
    qs = visible_consent_records(principal).filter(customer_id=customer_id)
    if channel is not None:
        qs = qs.filter(channel=Channel(channel))
    return qs.order_by("-id")

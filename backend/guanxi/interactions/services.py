"""Logging contacts with customers, changing them, completing follow-ups, and recording consent.

Each function owns its transaction and publishes its event after commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction
from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.core import clock, events
from guanxi.core.errors import Collector, CoreErrorCode, DomainError, forbidden
from guanxi.core.idempotency import run_idempotent
from guanxi.customers import services as customer_services
from guanxi.customers.errors import CustomerErrorCode
from guanxi.customers.models import Customer, LifecycleStage
from guanxi.interactions import consent, policy
from guanxi.interactions.errors import InteractionErrorCode, InteractionWarningCode
from guanxi.interactions.models import (
    Channel,
    ContactState,
    Direction,
    Interaction,
    Outcome,
    PolicyMode,
)
from guanxi.interactions.scoping import visible_interactions

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


async def _check_frequency_cap(
    customer_id: int, occurred_at: datetime, direction: Direction, *, override: bool
) -> tuple[bool, bool]:
    """Whether this contact goes past the customer's cap: (over_cap, cap_overridden).

    Call it holding the customer's contact lock, so the count cannot change before the insert.
    Past a BLOCK cap without an override it raises FREQUENCY_CAP_EXCEEDED. A contact older than the
    window does not use today's budget and is not counted against it.
    """
    if direction != Direction.OUTBOUND:
        return False, False
    rule = await policy.policy_for(customer_id)
    now = clock.now()
    if occurred_at <= now - rule.window:
        return False, False
    used = await Interaction.filter(
        customer_id=customer_id, direction=Direction.OUTBOUND, occurred_at__gt=now - rule.window
    ).count()
    if used < rule.max_contacts:
        return False, False
    if rule.mode == PolicyMode.WARN:
        return True, False
    if override:
        return True, True
    raise DomainError(
        InteractionErrorCode.FREQUENCY_CAP_EXCEEDED,
        f"This customer has had {used} outbound contacts in the last {rule.window_days} days; "
        f"the policy allows {rule.max_contacts}. A manager may override.",
        "customer_id",
    )


async def _note_last_contact(state: ContactState, occurred_at: datetime) -> None:
    if state.last_contact_at is None or occurred_at > state.last_contact_at:
        await ContactState.filter(id=state.pk).update(last_contact_at=occurred_at, updated_at=clock.now())


def warnings_for(interaction: Interaction) -> list[DomainError]:
    """What the caller should know about a logged contact (the same on a replay with the same key)."""
    if interaction.over_cap and not interaction.cap_overridden:
        return [
            DomainError(
                InteractionWarningCode.FREQUENCY_CAP_EXCEEDED,
                "Logged, but this customer has now had more outbound contacts than the contact policy "
                "allows in its window.",
                "customer_id",
            )
        ]
    return []


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
    override: bool = False,
    idempotency_key: str | None = None,
    request: RequestInfo | None = None,
) -> tuple[Interaction, bool]:
    """Log one contact with a customer; the same idempotency key never logs two.

    The customer's contact lock is taken first, so consent and the frequency cap are checked
    against what is committed, and two contacts at the edge of a BLOCK cap cannot both pass.
    Returns (interaction, replayed).
    """
    if override and not principal.can(Permission.CONTACT_CAP_OVERRIDE):
        raise forbidden("Only a manager or an administrator may override the contact-frequency cap.")
    values = _clean_interaction(data, creating=True)
    customer = await customer_services.get_customer(principal, customer_id, field="customer_id")
    if customer.archived_at is not None:
        raise DomainError(CustomerErrorCode.ARCHIVED, "This customer is archived.", "customer_id")
    promoted = False

    async def action() -> Interaction:
        nonlocal promoted
        state = await policy.lock_contact_state(customer.pk)
        await consent.refuse_withdrawn(customer.pk, values["channel"], values["direction"])
        over_cap, overridden = await _check_frequency_cap(
            customer.pk, values["occurred_at"], values["direction"], override=override
        )
        interaction = await Interaction.create(
            customer_id=customer.pk,
            logged_by_user_id=principal.user_id,
            logged_by_api_key_id=principal.api_key_id,
            over_cap=over_cap,
            cap_overridden=overridden,
            **values,
        )
        await _note_last_contact(state, interaction.occurred_at)
        await audit.record(
            principal=principal,
            action=AuditAction.CREATE,
            record_type="Interaction",
            record_id=interaction.pk,
            details={"customer_id": customer.pk, **({"cap_overridden": True} if overridden else {})},
            request=request,
        )
        if (
            values["direction"] == Direction.INBOUND
            and customer.lifecycle_stage == LifecycleStage.PROSPECT
            and not customer.lifecycle_stage_pinned
        ):
            promoted = await _promote_on_enquiry(customer.pk)  # conditional: a concurrent change wins
        return interaction

    async def transactional_action() -> Interaction:
        async with in_transaction():
            return await action()

    interaction, replayed = await run_idempotent(
        principal=principal.key,
        operation="logContact",
        key=idempotency_key,
        payload={"customer_id": customer_id, "override": override, **data},
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
        await policy.lock_contact_state(interaction.customer_id)  # the write first (SQLite), and in turn
        channel = values.get("channel", interaction.channel)
        direction = values.get("direction", interaction.direction)
        if "channel" in values or "direction" in values:
            await consent.refuse_withdrawn(interaction.customer_id, Channel(channel), Direction(direction))
        for key, value in values.items():
            setattr(interaction, key, value)
        if values:
            await interaction.save()
        if "occurred_at" in values:
            last = (
                await Interaction.filter(customer_id=interaction.customer_id).order_by("-occurred_at").first()
            )
            await ContactState.filter(customer_id=interaction.customer_id).update(
                last_contact_at=last.occurred_at if last else None, updated_at=clock.now()
            )
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

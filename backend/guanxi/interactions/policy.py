"""Contact-frequency control (沟通频率控制): how many outbound contacts a customer accepts.

`policies_for` is the one answer to "which policy applies to this customer": today the
global policy stored in `contact_policy`; a segment's strategy may override it per customer
later without any caller changing. Counting is done inside the transaction that logs the
contact, after `lock_contact_state` has taken the customer's row lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction
from guanxi.accounts.principal import Principal
from guanxi.core import clock
from guanxi.core.errors import Collector, CoreErrorCode
from guanxi.interactions.models import ContactPolicy, ContactState, Direction, Interaction, PolicyMode

POLICY_ID = 1
MAX_CONTACTS_LIMIT = 1000
MAX_WINDOW_DAYS = 365


@dataclass(frozen=True)
class Policy:
    max_contacts: int
    window_days: int
    mode: PolicyMode
    source: str = "default"  # where it comes from: "default", or "segment:<id>" for a segment's strategy

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)


@dataclass(frozen=True)
class Budget:
    """How much of its policy a customer's outbound contacts use right now."""

    used: int
    limit: int
    window_days: int
    mode: PolicyMode
    next_available_at: datetime | None  # None: another outbound contact fits now

    @property
    def exhausted(self) -> bool:
        return self.used >= self.limit


async def global_policy() -> ContactPolicy:
    """The stored policy, created with the defaults (3 per 7 days, WARN) the first time it is read."""
    row = await ContactPolicy.get_or_none(id=POLICY_ID)
    if row is None:
        await ContactPolicy.bulk_create([ContactPolicy(id=POLICY_ID)], ignore_conflicts=True)
        row = await ContactPolicy.get(id=POLICY_ID)
    return row


async def policies_for(customer_ids: Iterable[int]) -> dict[int, Policy]:
    """The policy that applies to each of these customers: the cap of their effective segment strategy
    when it sets one (segments/strategy.py), else the global policy; the mode is always the global one."""
    from guanxi.segments.strategy import effective_strategies

    ids = list(customer_ids)
    row = await global_policy()
    mode = PolicyMode(row.mode)
    default = Policy(max_contacts=row.max_contacts, window_days=row.window_days, mode=mode)
    strategies = await effective_strategies(ids)
    out: dict[int, Policy] = {}
    for customer_id in ids:
        segment = strategies.get(customer_id)
        if segment is not None and segment.contact_cap_max is not None and segment.contact_cap_window_days:
            out[customer_id] = Policy(
                max_contacts=segment.contact_cap_max,
                window_days=segment.contact_cap_window_days,
                mode=mode,
                source=f"segment:{segment.pk}",
            )
        else:
            out[customer_id] = default
    return out


async def policy_for(customer_id: int) -> Policy:
    return (await policies_for([customer_id]))[customer_id]


def _budget(policy: Policy, times: list[datetime], now: datetime) -> Budget:
    """`times`: the customer's outbound contacts in the longest window asked for, oldest first."""
    start = now - policy.window
    inside = [t for t in times if t > start]
    used = len(inside)
    next_available = None
    if used >= policy.max_contacts:
        # Room opens when enough of the oldest contacts have left the window.
        next_available = inside[used - policy.max_contacts] + policy.window
    return Budget(
        used=used,
        limit=policy.max_contacts,
        window_days=policy.window_days,
        mode=policy.mode,
        next_available_at=next_available,
    )


async def budgets(customer_ids: Iterable[int], *, now: datetime | None = None) -> dict[int, Budget]:
    """The contact budget of each customer: one query for the policies, one for the contacts."""
    ids = list(customer_ids)
    if not ids:
        return {}
    now = now or clock.now()
    policies = await policies_for(ids)
    longest = max(p.window for p in policies.values())
    rows = (
        await Interaction.filter(
            customer_id__in=ids, direction=Direction.OUTBOUND, occurred_at__gt=now - longest
        )
        .order_by("occurred_at")
        .values_list("customer_id", "occurred_at")
    )
    times: dict[int, list[datetime]] = {i: [] for i in ids}
    for customer_id, occurred_at in rows:
        times[customer_id].append(occurred_at)
    return {i: _budget(policies[i], times[i], now) for i in ids}


async def lock_contact_state(customer_id: int) -> ContactState:
    """Take the customer's contact lock for the rest of the caller's transaction.

    The first statement writes (SQLite then holds the database's write lock, as a write
    transaction must start with its write); on PostgreSQL the row lock serialises contacts with
    the same customer only.
    """
    await ContactState.bulk_create([ContactState(customer_id=customer_id)], ignore_conflicts=True)
    return await ContactState.filter(customer_id=customer_id).select_for_update().get()


async def update_policy(
    *,
    principal: Principal,
    max_contacts: int | None = None,
    window_days: int | None = None,
    mode: PolicyMode | None = None,
    request: RequestInfo | None = None,
) -> ContactPolicy:
    """Change the global policy (ADMIN); only the values given change."""
    errors = Collector()
    if max_contacts is not None and not 1 <= max_contacts <= MAX_CONTACTS_LIMIT:
        errors.add(CoreErrorCode.INVALID_VALUE, f"Between 1 and {MAX_CONTACTS_LIMIT}.", "max_contacts")
    if window_days is not None and not 1 <= window_days <= MAX_WINDOW_DAYS:
        errors.add(CoreErrorCode.INVALID_VALUE, f"Between 1 and {MAX_WINDOW_DAYS} days.", "window_days")
    errors.raise_if_any()
    await global_policy()
    async with in_transaction():
        row = await ContactPolicy.filter(id=POLICY_ID).select_for_update().get()
        before = {"max_contacts": row.max_contacts, "window_days": row.window_days, "mode": str(row.mode)}
        if max_contacts is not None:
            row.max_contacts = max_contacts
        if window_days is not None:
            row.window_days = window_days
        if mode is not None:
            row.mode = PolicyMode(mode)
        row.updated_by_user_id = principal.user_id  # type: ignore[attr-defined]
        await row.save()
        after = {"max_contacts": row.max_contacts, "window_days": row.window_days, "mode": str(row.mode)}
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="ContactPolicy",
            record_id=row.pk,
            details={"before": before, "after": after},
            request=request,
        )
    return row

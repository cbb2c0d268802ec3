"""Care reminders (客户关怀): who to get in touch with, and why.

Three reasons, each a bounded query inside the principal's customer scope: follow-ups due or
overdue, birthdays coming up (only for principals who may read personal data in clear: the date
is theirs), and customers nobody has contacted for a long time. AGENTs get their own customers'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from tortoise.expressions import Q, Subquery

from guanxi.accounts.models import Role
from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal, PrincipalKind
from guanxi.core import clock
from guanxi.core.errors import Collector, CoreErrorCode, forbidden
from guanxi.customers import pii
from guanxi.customers.scoping import visible_customers
from guanxi.interactions.models import ContactState
from guanxi.interactions.scoping import visible_interactions

MAX_BIRTHDAY_DAYS = 62
MAX_NO_CONTACT_DAYS = 3650
MAX_REMINDERS = 200


class CareReason(StrEnum):
    FOLLOW_UP_OVERDUE = "FOLLOW_UP_OVERDUE"
    FOLLOW_UP_DUE = "FOLLOW_UP_DUE"
    BIRTHDAY = "BIRTHDAY"
    NO_RECENT_CONTACT = "NO_RECENT_CONTACT"


@dataclass(frozen=True)
class Reminder:
    reason: CareReason
    customer_id: int
    due_at: (
        datetime  # when it became (or becomes) due: the follow-up time, the birthday, the contact gap's end
    )
    interaction_id: int | None = None  # the interaction whose follow-up is due
    note: str | None = None  # the follow-up note
    last_contact_at: datetime | None = None


def next_birthday(birthday: date, today: date) -> date:
    """The next time `birthday` comes round on or after `today` (29 February: the 28th in other years)."""
    for year in (today.year, today.year + 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:
            day = date(year, 2, 28)
        if day >= today:
            return day
    raise AssertionError("unreachable")


def _customers(principal: Principal, owner_id: int | None):  # type: ignore[no-untyped-def]
    qs = visible_customers(principal).filter(archived_at__isnull=True, erased_at__isnull=True)
    return qs.filter(owner_id=owner_id) if owner_id is not None else qs


async def _follow_ups(
    principal: Principal, customer_ids: Subquery, due_before: datetime, now: datetime, limit: int
):
    rows = (
        await visible_interactions(principal)
        .filter(
            customer_id__in=customer_ids,
            follow_up_due_at__lt=due_before,
            follow_up_completed_at__isnull=True,
        )
        .order_by("follow_up_due_at", "id")
        .limit(limit)
        .values_list("id", "customer_id", "follow_up_due_at", "follow_up_note")
    )
    return [
        Reminder(
            reason=CareReason.FOLLOW_UP_OVERDUE if due < now else CareReason.FOLLOW_UP_DUE,
            customer_id=customer_id,
            due_at=due,
            interaction_id=pk,
            note=note,
        )
        for pk, customer_id, due, note in rows
    ]


async def _birthdays(principal: Principal, owner_id: int | None, today: date, days: int, limit: int):
    """Birthdays from today to `days` ahead. Only the months concerned are decrypted."""
    last = today + timedelta(days=days)
    months = sorted({(today + timedelta(days=d)).month for d in range(days + 1)})
    rows = (
        await _customers(principal, owner_id)
        .filter(birth_month__in=months, birthday_encrypted__isnull=False)
        .values_list("id", "birthday_encrypted")
    )
    found = []
    for customer_id, stored in rows:
        birthday = pii.birthday(stored)
        if birthday is None:
            continue
        day = next_birthday(birthday, today)
        if day <= last:
            found.append(
                Reminder(
                    reason=CareReason.BIRTHDAY,
                    customer_id=customer_id,
                    due_at=datetime.combine(day, time(), tzinfo=UTC),
                )
            )
    found.sort(key=lambda r: (r.due_at, r.customer_id))
    return found[:limit]


async def _no_contact(principal: Principal, owner_id: int | None, now: datetime, days: int, limit: int):
    """Customers with no contact for `days`: those contacted long ago, then those never contacted."""
    threshold = now - timedelta(days=days)
    in_scope = Subquery(_customers(principal, owner_id).values("id"))
    stale = (
        await ContactState.filter(customer_id__in=in_scope, last_contact_at__lt=threshold)
        .order_by("last_contact_at", "customer_id")
        .limit(limit)
        .values_list("customer_id", "last_contact_at")
    )
    found = [
        Reminder(
            reason=CareReason.NO_RECENT_CONTACT,
            customer_id=customer_id,
            due_at=last + timedelta(days=days),
            last_contact_at=last,
        )
        for customer_id, last in stale
    ]
    contacted = ContactState.filter(last_contact_at__isnull=False).values("customer_id")
    never = (
        await _customers(principal, owner_id)
        .filter(created_at__lt=threshold)
        .filter(~Q(id__in=Subquery(contacted)))
        .order_by("created_at", "id")
        .limit(limit)
        .values_list("id", "created_at")
    )
    found += [
        Reminder(
            reason=CareReason.NO_RECENT_CONTACT,
            customer_id=customer_id,
            due_at=created + timedelta(days=days),
        )
        for customer_id, created in never
    ]
    found.sort(key=lambda r: (r.due_at, r.customer_id))
    return found[:limit]


async def care_reminders(
    *,
    principal: Principal,
    due_before: datetime | None = None,
    owner_id: int | None = None,
    birthday_within_days: int = 7,
    no_contact_days: int = 90,
    limit: int = 50,
) -> list[Reminder]:
    """Reminders for the customers this principal may see, most urgent first, at most `limit` per reason.

    `due_before` (default: the end of today, UTC) bounds follow-ups. An AGENT gets the customers they
    own; asking for someone else's is FORBIDDEN.
    """
    errors = Collector()
    if not 0 <= birthday_within_days <= MAX_BIRTHDAY_DAYS:
        errors.add(CoreErrorCode.INVALID_VALUE, f"Between 0 and {MAX_BIRTHDAY_DAYS}.", "birthday_within_days")
    if not 1 <= no_contact_days <= MAX_NO_CONTACT_DAYS:
        errors.add(CoreErrorCode.INVALID_VALUE, f"Between 1 and {MAX_NO_CONTACT_DAYS}.", "no_contact_days")
    if not 1 <= limit <= MAX_REMINDERS:
        errors.add(CoreErrorCode.INVALID_VALUE, f"Between 1 and {MAX_REMINDERS}.", "first")
    if due_before is not None and due_before.tzinfo is None:
        errors.add(CoreErrorCode.INVALID_VALUE, "Give a time zone offset.", "due_before")
    errors.raise_if_any()
    if principal.kind == PrincipalKind.USER and principal.role == Role.AGENT:
        if owner_id is not None and owner_id != principal.user_id:
            raise forbidden("Agents see their own care reminders.")
        owner_id = principal.user_id
    now = clock.now()
    today = now.date()
    if due_before is None:
        due_before = datetime.combine(today + timedelta(days=1), time(), tzinfo=UTC)
    customer_ids = Subquery(_customers(principal, owner_id).values("id"))
    reminders = await _follow_ups(principal, customer_ids, due_before.astimezone(UTC), now, limit)
    if birthday_within_days and principal.can(Permission.PII_READ):
        reminders += await _birthdays(principal, owner_id, today, birthday_within_days, limit)
    reminders += await _no_contact(principal, owner_id, now, no_contact_days, limit)
    order = list(CareReason)
    reminders.sort(key=lambda r: (order.index(r.reason), r.due_at, r.customer_id))
    return reminders

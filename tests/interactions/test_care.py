"""Care reminders: follow-ups due and overdue, birthdays coming up, customers left without contact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from guanxi.core import clock
from guanxi.core.errors import AuthError
from guanxi.customers import services as customer_services
from guanxi.customers.models import Customer
from guanxi.interactions import care, services
from guanxi.interactions.care import CareReason, next_birthday
from tests.worlds import World, world  # noqa: F401 - fixture

NOW = datetime(2026, 12, 28, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield
    clock.freeze(None)


async def _customer(who, name, *, age_days=365, **data):
    customer, _ = await customer_services.create_customer(
        principal=who.principal, data={"name": name, **data}
    )
    await Customer.filter(id=customer.pk).update(created_at=NOW - timedelta(days=age_days))
    return customer


async def _contact(who, customer, *, ago, follow_up=None, note=None):
    interaction, _ = await services.log_contact(
        principal=who.principal,
        customer_id=customer.pk,
        data={
            "channel": "PHONE",
            "direction": "OUTBOUND",
            "occurred_at": NOW - ago,
            "follow_up_due_at": follow_up,
            "follow_up_note": note,
        },
    )
    return interaction


def _by_reason(reminders) -> dict[CareReason, list[tuple[int, datetime]]]:
    out: dict[CareReason, list[tuple[int, datetime]]] = {}
    for r in reminders:
        out.setdefault(r.reason, []).append((r.customer_id, r.due_at))
    return out


def test_next_birthday_wraps_the_year_and_handles_29_february():
    assert next_birthday(date(1990, 12, 30), date(2026, 12, 28)) == date(2026, 12, 30)
    assert next_birthday(date(1990, 1, 2), date(2026, 12, 28)) == date(2027, 1, 2)
    assert next_birthday(date(1992, 2, 29), date(2026, 2, 1)) == date(2026, 2, 28)
    assert next_birthday(date(1992, 2, 29), date(2028, 2, 1)) == date(2028, 2, 29)


async def test_follow_ups_due_and_overdue_and_done_ones_left_out(admin):
    a = await _customer(admin, "A")
    overdue = await _contact(admin, a, ago=timedelta(days=3), follow_up=NOW - timedelta(days=1), note="quote")
    due_today = await _contact(admin, a, ago=timedelta(days=1), follow_up=NOW + timedelta(hours=5))
    await _contact(admin, a, ago=timedelta(days=1), follow_up=NOW + timedelta(days=3))  # not yet
    done = await _contact(admin, a, ago=timedelta(days=2), follow_up=NOW - timedelta(hours=1))
    await services.complete_follow_up(principal=admin.principal, interaction_id=done.pk)
    reminders = await care.care_reminders(principal=admin.principal, no_contact_days=30)
    follow_ups = [r for r in reminders if r.interaction_id is not None]
    assert [(r.reason, r.interaction_id, r.note) for r in follow_ups] == [
        (CareReason.FOLLOW_UP_OVERDUE, overdue.pk, "quote"),
        (CareReason.FOLLOW_UP_DUE, due_today.pk, None),
    ]
    later = await care.care_reminders(principal=admin.principal, due_before=NOW + timedelta(days=4))
    assert len([r for r in later if r.interaction_id is not None]) == 3


async def test_birthdays_in_the_coming_days_across_the_new_year(admin, analyst):
    soon = await _customer(admin, "Soon", birthday=date(1990, 12, 30))
    new_year = await _customer(admin, "New year", birthday=date(1985, 1, 3))
    await _customer(admin, "Later", birthday=date(1985, 1, 9))
    await _customer(admin, "Gone", birthday=date(1985, 12, 27))
    for c in (soon, new_year):
        await _contact(admin, c, ago=timedelta(days=1))
    found = _by_reason(await care.care_reminders(principal=admin.principal, birthday_within_days=7))
    assert found[CareReason.BIRTHDAY] == [
        (soon.pk, datetime(2026, 12, 30, tzinfo=UTC)),
        (new_year.pk, datetime(2027, 1, 3, tzinfo=UTC)),
    ]
    # Who may not read personal data in clear does not learn birthdays from reminders either.
    assert CareReason.BIRTHDAY not in _by_reason(await care.care_reminders(principal=analyst.principal))


async def test_customers_without_contact_for_longer_than_the_threshold(admin):
    stale = await _customer(admin, "Stale")
    await _contact(admin, stale, ago=timedelta(days=120))
    recent = await _customer(admin, "Recent")
    await _contact(admin, recent, ago=timedelta(days=10))
    never = await _customer(admin, "Never", age_days=200)
    await _customer(admin, "New", age_days=5)  # too new to be neglected
    archived = await _customer(admin, "Archived", age_days=400)
    await Customer.filter(id=archived.pk).update(archived_at=NOW)
    found = _by_reason(await care.care_reminders(principal=admin.principal, no_contact_days=90))
    assert found[CareReason.NO_RECENT_CONTACT] == [  # longest overdue first
        (never.pk, NOW - timedelta(days=200) + timedelta(days=90)),
        (stale.pk, NOW - timedelta(days=120) + timedelta(days=90)),
    ]


async def test_agents_get_their_own_customers_and_no_one_elses(world: World):
    agent, manager = world.by_role["AGENT"], world.by_role["MANAGER"]
    admin = world.by_role["ADMIN"]
    for c in (world.own, world.unowned, world.north):
        await Customer.filter(id=c.pk).update(created_at=NOW - timedelta(days=365))
    ids = {r.customer_id for r in await care.care_reminders(principal=agent.principal)}
    assert ids == {world.own.pk}
    with pytest.raises(AuthError):
        await care.care_reminders(principal=agent.principal, owner_id=world.north_agent.user.pk)
    every = {r.customer_id for r in await care.care_reminders(principal=admin.principal)}
    assert every == {world.own.pk, world.unowned.pk, world.north.pk}
    narrowed = await care.care_reminders(principal=admin.principal, owner_id=world.north_agent.user.pk)
    assert {r.customer_id for r in narrowed} == {world.north.pk}
    # A manager sees the team's: the North customer stays out of reach.
    assert world.north.pk not in {
        r.customer_id for r in await care.care_reminders(principal=manager.principal)
    }


async def test_bad_arguments_are_reported_together(admin):
    with pytest.raises(Exception) as bad:
        await care.care_reminders(
            principal=admin.principal, birthday_within_days=100, no_contact_days=0, limit=0
        )
    assert sorted(e.field for e in bad.value.errors) == ["birthday_within_days", "first", "no_contact_days"]

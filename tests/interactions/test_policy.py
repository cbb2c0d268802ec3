"""Contact-frequency control: the policy, WARN and BLOCK, overrides, the budget, and exact counting."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from guanxi.accounts.models import AuditEvent, Role
from guanxi.core import clock
from guanxi.core.errors import AuthError, DomainError
from guanxi.core.models import IdempotencyRecord
from guanxi.customers import services as customer_services
from guanxi.interactions import policy, services
from guanxi.interactions.models import ContactState, Interaction, PolicyMode
from tests.conftest import make_staff

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield
    clock.freeze(None)


async def _customer(admin, name="王芳"):
    customer, _ = await customer_services.create_customer(principal=admin.principal, data={"name": name})
    return customer


async def _log(who, customer, direction="OUTBOUND", *, ago=timedelta(0), override=False, key=None):
    interaction, _ = await services.log_contact(
        principal=who.principal,
        customer_id=customer.pk,
        data={"channel": "PHONE", "direction": direction, "occurred_at": NOW - ago},
        override=override,
        idempotency_key=key,
    )
    return interaction


async def _set_policy(admin, **values):
    await policy.update_policy(principal=admin.principal, **values)


async def test_the_default_policy_is_three_per_seven_days_warn(db):
    row = await policy.global_policy()
    assert (row.max_contacts, row.window_days, row.mode) == (3, 7, PolicyMode.WARN)


async def test_warn_mode_saves_past_the_cap_and_warns(admin):
    customer = await _customer(admin)
    for days in (6, 3, 1):
        assert not (await _log(admin, customer, ago=timedelta(days=days))).over_cap
    await _log(admin, customer, "INBOUND")  # inbound contacts do not use the budget
    fourth = await _log(admin, customer)
    assert fourth.over_cap and not fourth.cap_overridden
    assert [w.code for w in services.warnings_for(fourth)] == ["FREQUENCY_CAP_EXCEEDED"]
    assert await Interaction.filter(customer_id=customer.pk).count() == 5


async def test_contacts_older_than_the_window_do_not_count(admin):
    customer = await _customer(admin)
    for days in (8, 9, 10, 7):  # exactly 7 days ago has left a 7-day window
        await _log(admin, customer, ago=timedelta(days=days))
    assert not (await _log(admin, customer)).over_cap


async def test_block_mode_refuses_past_the_cap_and_writes_nothing(admin):
    await _set_policy(admin, max_contacts=2, mode=PolicyMode.BLOCK)
    customer = await _customer(admin)
    await _log(admin, customer, ago=timedelta(days=2))
    await _log(admin, customer, ago=timedelta(days=1))
    audits = await AuditEvent.all().count()
    with pytest.raises(DomainError) as refused:
        await _log(admin, customer, key="retry-1")
    assert refused.value.code == "FREQUENCY_CAP_EXCEEDED"
    assert refused.value.field == "customer_id"
    assert await Interaction.filter(customer_id=customer.pk).count() == 2
    assert await AuditEvent.all().count() == audits
    assert not await IdempotencyRecord.filter(key="retry-1").exists()
    # An inbound contact is always logged, and a backdated one outside the window too.
    await _log(admin, customer, "INBOUND")
    await _log(admin, customer, ago=timedelta(days=30))


async def test_only_a_manager_or_admin_may_override_and_the_override_is_recorded(admin):
    await _set_policy(admin, max_contacts=1, mode=PolicyMode.BLOCK)
    agent = await make_staff(Role.AGENT)
    manager = await make_staff(Role.MANAGER)
    customer, _ = await customer_services.create_customer(
        principal=admin.principal, data={"name": "王芳", "owner_id": manager.user.pk}
    )
    await _log(admin, customer)
    with pytest.raises(AuthError) as denied:
        await _log(agent, customer, override=True)
    assert denied.value.code == "FORBIDDEN" and "override" in str(denied.value)
    overridden = await _log(manager, customer, override=True)
    assert overridden.over_cap and overridden.cap_overridden
    assert services.warnings_for(overridden) == []
    event = await AuditEvent.get(record_type="Interaction", record_id=overridden.pk)
    assert event.details["cap_overridden"] is True


async def test_an_override_below_the_cap_is_not_recorded_as_one(admin):
    await _set_policy(admin, max_contacts=2, mode=PolicyMode.BLOCK)
    customer = await _customer(admin)
    first = await _log(admin, customer, override=True)
    assert not first.over_cap and not first.cap_overridden


@pytest.mark.parametrize("attempts", [2, 8])
async def test_block_at_the_edge_lets_exactly_the_cap_through_under_concurrency(admin, attempts):
    await _set_policy(admin, max_contacts=3, mode=PolicyMode.BLOCK)
    customer = await _customer(admin)
    await _log(admin, customer, ago=timedelta(days=1))
    await _log(admin, customer, ago=timedelta(hours=1))  # one contact left in the budget
    results = await asyncio.gather(*(_log(admin, customer) for _ in range(attempts)), return_exceptions=True)
    passed = [r for r in results if isinstance(r, Interaction)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(passed) == 1, results
    assert len(refused) == attempts - 1
    assert {r.code for r in refused} == {"FREQUENCY_CAP_EXCEEDED"}
    assert await Interaction.filter(customer_id=customer.pk, direction="OUTBOUND").count() == 3


async def test_the_budget_counts_the_window_and_knows_when_room_opens(admin):
    await _set_policy(admin, max_contacts=2, window_days=7)
    a, b, c = await _customer(admin, "A"), await _customer(admin, "B"), await _customer(admin, "C")
    await _log(admin, a, ago=timedelta(days=5))
    await _log(admin, a, ago=timedelta(days=2))
    await _log(admin, a, ago=timedelta(days=1))  # over the cap (WARN)
    await _log(admin, a, "INBOUND")
    await _log(admin, b, ago=timedelta(days=3))
    found = await policy.budgets([a.pk, b.pk, c.pk])
    # Three outbound in the window, two allowed: room opens when the two oldest have left it.
    assert (found[a.pk].used, found[a.pk].limit, found[a.pk].window_days) == (3, 2, 7)
    assert found[a.pk].next_available_at == NOW - timedelta(days=2) + timedelta(days=7)
    assert found[a.pk].exhausted
    assert (found[b.pk].used, found[b.pk].next_available_at) == (1, None)
    assert (found[c.pk].used, found[c.pk].next_available_at) == (0, None)


async def test_the_policy_applies_to_every_customer_through_one_function(admin):
    await _set_policy(admin, max_contacts=5, window_days=30, mode=PolicyMode.BLOCK)
    a, b = await _customer(admin, "A"), await _customer(admin, "B")
    found = await policy.policies_for([a.pk, b.pk])
    assert found[a.pk] == found[b.pk] == policy.Policy(5, 30, PolicyMode.BLOCK)
    assert await policy.policy_for(a.pk) == found[a.pk]


async def test_update_policy_validates_and_is_audited(admin):
    with pytest.raises(Exception) as bad:
        await policy.update_policy(principal=admin.principal, max_contacts=0, window_days=400)
    assert sorted(e.field for e in bad.value.errors) == ["max_contacts", "window_days"]
    row = await policy.update_policy(principal=admin.principal, window_days=14)
    assert (row.max_contacts, row.window_days, row.mode) == (3, 14, PolicyMode.WARN)
    event = await AuditEvent.get(record_type="ContactPolicy")
    assert event.details["before"]["window_days"] == 7 and event.details["after"]["window_days"] == 14


async def test_last_contact_follows_the_newest_contact_either_way(admin):
    customer = await _customer(admin)
    older = await _log(admin, customer, "INBOUND", ago=timedelta(days=3))
    await _log(admin, customer, ago=timedelta(days=5))  # backdated: the last contact stays 3 days ago
    state = await ContactState.get(customer_id=customer.pk)
    assert state.last_contact_at == NOW - timedelta(days=3)
    await services.update_interaction(
        principal=admin.principal, interaction_id=older.pk, data={"occurred_at": NOW - timedelta(days=10)}
    )
    state = await ContactState.get(customer_id=customer.pk)
    assert state.last_contact_at == NOW - timedelta(days=5)

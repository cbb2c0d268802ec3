from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from guanxi.accounts.models import AuditEvent
from guanxi.core import clock
from guanxi.core.errors import AuthError, DomainError
from guanxi.core.models import IdempotencyRecord
from guanxi.customers import services as customer_services
from guanxi.customers.models import Customer, LifecycleStage
from guanxi.interactions import consent, services
from guanxi.interactions.models import Channel, ConsentRecord, ConsentStatus, Interaction
from tests.worlds import World, world  # noqa: F401 - fixture


async def _customer(admin, **data):
    customer, _ = await customer_services.create_customer(
        principal=admin.principal, data={"name": "王芳", **data}
    )
    return customer


async def _log(who, customer, **data):
    interaction, _ = await services.log_contact(
        principal=who.principal,
        customer_id=customer.pk,
        data={"channel": "PHONE", "direction": "OUTBOUND", **data},
    )
    return interaction


async def test_log_contact_stores_it_with_who_logged_it_and_an_audit_event(admin):
    customer = await _customer(admin)
    interaction = await _log(
        admin, customer, subject="  Delivery  ", notes="Asked about delivery", duration_seconds=90
    )
    assert interaction.subject == "Delivery"
    assert interaction.logged_by_user_id == admin.user.pk
    assert interaction.logged_by_api_key_id is None
    assert abs(interaction.occurred_at - clock.now()) < timedelta(seconds=5)
    event = await AuditEvent.get(record_type="Interaction", record_id=interaction.pk)
    assert event.action == "CREATE"


async def test_occurred_at_may_not_be_in_the_future_and_problems_are_reported_together(admin):
    customer = await _customer(admin)
    with pytest.raises(Exception) as exc:
        await _log(
            admin,
            customer,
            occurred_at=clock.now() + timedelta(minutes=6),
            duration_seconds=-1,
        )
    errors = getattr(exc.value, "errors", [exc.value])
    assert sorted((str(e.code), e.field) for e in errors) == [
        ("FUTURE_DATE", "occurred_at"),
        ("INVALID_VALUE", "duration_seconds"),
    ]
    # within the 5 minutes of tolerance is fine
    await _log(admin, customer, occurred_at=clock.now() + timedelta(minutes=4))
    assert await Interaction.all().count() == 1


async def test_outbound_contact_on_an_opted_out_channel_writes_nothing(admin):
    customer = await _customer(admin)
    await consent.set_consent(
        principal=admin.principal,
        customer_id=customer.pk,
        channel=Channel.SMS,
        status=ConsentStatus.OPTED_OUT,
    )
    with pytest.raises(DomainError) as exc:
        await _log(admin, customer, channel="SMS", direction="OUTBOUND")
    assert (exc.value.code, exc.value.field) == ("CONSENT_WITHDRAWN", "channel")
    with pytest.raises(DomainError):
        await services.log_contact(
            principal=admin.principal,
            customer_id=customer.pk,
            data={"channel": "SMS", "direction": "OUTBOUND"},
            idempotency_key="k-1",
        )
    assert await Interaction.all().count() == 0
    assert await IdempotencyRecord.all().count() == 0
    assert await AuditEvent.filter(record_type="Interaction").count() == 0
    # other channels and inbound contacts are fine
    await _log(admin, customer, channel="PHONE", direction="OUTBOUND")
    await _log(admin, customer, channel="SMS", direction="INBOUND")
    assert await Interaction.all().count() == 2


async def test_consent_keeps_its_history_and_the_newest_is_current(admin):
    customer = await _customer(admin)
    for status in (ConsentStatus.OPTED_OUT, ConsentStatus.OPTED_IN):
        await consent.set_consent(
            principal=admin.principal,
            customer_id=customer.pk,
            channel=Channel.EMAIL,
            status=status,
            source="phone call",
        )
    assert await ConsentRecord.filter(customer_id=customer.pk).count() == 2
    current = await consent.current_consents([customer.pk])
    assert current[customer.pk][Channel.EMAIL].status == ConsentStatus.OPTED_IN
    await _log(admin, customer, channel="EMAIL", direction="OUTBOUND")


async def test_first_inbound_contact_moves_a_prospect_to_potential_buyer(admin):
    customer = await _customer(admin)
    await _log(admin, customer, direction="OUTBOUND")
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == LifecycleStage.PROSPECT
    await _log(admin, customer, direction="INBOUND")
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == LifecycleStage.POTENTIAL_BUYER


async def test_inbound_contact_leaves_a_pinned_stage_alone(admin):
    customer = await _customer(admin)
    await customer_services.pin_lifecycle_stage(
        principal=admin.principal, customer_id=customer.pk, stage=LifecycleStage.PROSPECT
    )
    await _log(admin, customer, direction="INBOUND")
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == LifecycleStage.PROSPECT


async def test_idempotent_retry_returns_the_first_interaction(admin):
    customer = await _customer(admin)
    data = {"channel": "WECHAT", "direction": "INBOUND", "notes": "hi"}
    first, replayed_first = await services.log_contact(
        principal=admin.principal, customer_id=customer.pk, data=dict(data), idempotency_key="retry-1"
    )
    again, replayed = await services.log_contact(
        principal=admin.principal, customer_id=customer.pk, data=dict(data), idempotency_key="retry-1"
    )
    assert (replayed_first, replayed, again.pk) == (False, True, first.pk)
    assert await Interaction.all().count() == 1


async def test_complete_follow_up_and_its_errors(admin):
    customer = await _customer(admin)
    due = datetime(2030, 1, 2, 8, 0, tzinfo=UTC)
    with_follow_up = await _log(admin, customer, follow_up_due_at=due, follow_up_note="send catalogue")
    without = await _log(admin, customer)
    done = await services.complete_follow_up(principal=admin.principal, interaction_id=with_follow_up.pk)
    assert done.follow_up_completed_at is not None
    again = await services.complete_follow_up(principal=admin.principal, interaction_id=with_follow_up.pk)
    assert again.follow_up_completed_at == done.follow_up_completed_at
    with pytest.raises(DomainError) as exc:
        await services.complete_follow_up(principal=admin.principal, interaction_id=without.pk)
    assert exc.value.code == "NO_FOLLOW_UP"


async def test_update_interaction_changes_only_given_fields(admin):
    customer = await _customer(admin)
    interaction = await _log(admin, customer, subject="Call", notes="first")
    updated = await services.update_interaction(
        principal=admin.principal,
        interaction_id=interaction.pk,
        data={"notes": "second", "outcome": "REACHED"},
    )
    assert (updated.subject, updated.notes, updated.outcome) == ("Call", "second", "REACHED")


async def test_an_agent_reaches_only_interactions_of_customers_in_reach(world: World):
    agent = world.by_role["AGENT"]
    await _log(world.by_role["ADMIN"], world.north)
    own = await _log(agent, world.own)
    with pytest.raises(AuthError):
        await _log(agent, world.north)
    listed = await services.interaction_list(agent.principal, services.InteractionFilter())
    assert [i.pk for i in listed] == [own.pk]
    assert await Interaction.filter(customer_id=world.north.pk).count() == 1

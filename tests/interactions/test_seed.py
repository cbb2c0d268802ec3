"""Demo contacts: deterministic, consistent with the contact state, opted-out channels never preferred."""

from __future__ import annotations

from datetime import UTC, datetime

from guanxi.core import clock
from guanxi.customers.seed import seed_demo_data
from guanxi.interactions import consent
from guanxi.interactions.models import ConsentStatus, ContactState, Interaction
from guanxi.interactions.seed import seed_demo_contacts


async def _draw() -> list[tuple]:
    return (
        await Interaction.all().order_by("id").values_list("channel", "direction", "subject", "occurred_at")
    )


async def test_demo_contacts_are_deterministic_and_consistent(db):
    clock.freeze(datetime(2026, 11, 24, 12, tzinfo=UTC))
    try:
        await seed_demo_data(customers=60, seed=5)
        summary = await seed_demo_contacts(seed=5)
        assert summary.interactions == await Interaction.all().count() > 0
        assert (
            summary.follow_ups_open
            == await Interaction.filter(
                follow_up_due_at__isnull=False, follow_up_completed_at__isnull=True
            ).count()
        )
        first = await _draw()
        for state in await ContactState.all():
            newest = await Interaction.filter(customer_id=state.customer_id).order_by("-occurred_at").first()
            assert state.last_contact_at == (newest.occurred_at if newest else None)
            if state.preferred_channel is not None:
                current = (await consent.current_consents([state.customer_id]))[state.customer_id]
                record = current.get(state.preferred_channel)
                assert record is None or record.status != ConsentStatus.OPTED_OUT
        await Interaction.all().delete()
        await seed_demo_contacts(seed=5)
        assert [row[:3] for row in await _draw()] == [row[:3] for row in first]
    finally:
        clock.freeze(None)

"""Fields of Customer that belong to this domain (interactions, consents, contact budget, preferred channel)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from strawberry.types import Info

from guanxi.graphql.core.connections import Connection, child_page
from guanxi.graphql.interactions.policy import ContactBudget
from guanxi.graphql.interactions.types import Consent, Interaction
from guanxi.interactions import consent
from guanxi.interactions import models as m
from guanxi.interactions.scoping import visible_interactions


async def customer_interactions(info: Info, customer_id: int, **page: Any) -> Connection[Interaction]:
    loaders = info.context.loaders
    return await child_page(
        parent_id=customer_id,
        page_loader=loaders.interaction_page,
        count_loader=loaders.interaction_count,
        queryset=lambda: visible_interactions(info.context.principal).filter(customer_id=customer_id),
        to_node=Interaction.from_row,
        **page,
    )


async def customer_consents(info: Info, customer_id: int) -> list[Consent]:
    current = await info.context.loaders.consents.load(customer_id)
    return [
        Consent.from_row(current[channel]) if channel in current else Consent.unknown(channel)
        for channel in m.Channel
    ]


async def customer_consent_history(info: Info, customer_id: int, channel: m.Channel | None) -> list[Consent]:
    rows = await consent.consent_history(info.context.principal, customer_id, channel)
    return [Consent.from_row(r) for r in rows]


async def customer_contact_budget(info: Info, customer_id: int) -> ContactBudget:
    return ContactBudget.from_budget(await info.context.loaders.contact_budget.load(customer_id))


async def customer_preferred_channel(info: Info, customer_id: int) -> m.Channel | None:
    state = await info.context.loaders.contact_state.load(customer_id)
    return m.Channel(state.preferred_channel) if state is not None and state.preferred_channel else None


async def customer_last_contact_at(info: Info, customer_id: int) -> datetime | None:
    state = await info.context.loaders.contact_state.load(customer_id)
    return state.last_contact_at if state is not None else None

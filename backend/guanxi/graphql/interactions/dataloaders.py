"""Batched loads behind Interaction and Customer.interactions/consents. Rows pass through the domain's scoping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from guanxi.accounts.principal import Principal
from guanxi.graphql.core.dataloaders import by_id, counts_by, windowed_pages
from guanxi.interactions import consent, policy
from guanxi.interactions.models import Interaction
from guanxi.interactions.scoping import visible_interactions


def interaction_loader(principal: Principal) -> DataLoader[int, Any]:
    return by_id(lambda: visible_interactions(principal))


def interaction_page_loader() -> DataLoader[tuple[int, int, int], list[Any]]:
    """Key (customer id, offset, limit): that slice of the customer's interactions, newest first.

    One windowed query per distinct (offset, limit) in the batch, whatever the number of customers.
    Callers pass only customers the principal may see.
    """
    return windowed_pages(Interaction, "customer_id")


def interaction_count_loader() -> DataLoader[int, int]:
    return counts_by(Interaction, "customer_id")


def consents_loader() -> DataLoader[int, dict[Any, Any]]:
    """Key customer id: its current consent record per channel."""

    async def load(keys: Sequence[int]) -> list[dict[Any, Any]]:
        current = await consent.current_consents(keys)
        return [current.get(k, {}) for k in keys]

    return DataLoader(load_fn=load)


def contact_budget_loader() -> DataLoader[int, Any]:
    """Key customer id: its contact budget now (two queries for a whole page of customers)."""

    async def load(keys: Sequence[int]) -> list[Any]:
        found = await policy.budgets(keys)
        return [found[k] for k in keys]

    return DataLoader(load_fn=load)


def contact_state_loader() -> DataLoader[int, Any]:
    """Key customer id: its contact state (preferred channel, last contact), or None."""

    async def load(keys: Sequence[int]) -> list[Any]:
        found = await consent.contact_states(keys)
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)

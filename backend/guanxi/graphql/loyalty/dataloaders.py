"""Batched loads behind loyalty fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from guanxi.accounts.principal import Principal
from guanxi.core import clock
from guanxi.loyalty import tiers
from guanxi.loyalty.scoping import visible_accounts


def account_of_customer_loader(principal: Principal) -> DataLoader[int, Any]:
    async def load(keys: Sequence[int]) -> list[Any]:
        rows = {a.customer_id: a for a in await visible_accounts(principal).filter(customer_id__in=list(keys))}
        return [rows.get(k) for k in keys]

    return DataLoader(load_fn=load)


def points_earned_12m_loader() -> DataLoader[int, int]:
    async def load(keys: Sequence[int]) -> list[int]:
        found = await tiers.earned_12m(list(keys), clock.now())
        return [found[k] for k in keys]

    return DataLoader(load_fn=load)

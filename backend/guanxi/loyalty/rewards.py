"""The rewards catalogue: what points buy (MANAGER and ADMIN keep it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction
from guanxi.accounts.principal import Principal
from guanxi.core import clock
from guanxi.core.errors import Collector, CoreErrorCode, DomainError
from guanxi.loyalty.models import LoyaltyTier, Reward

MAX_COST = 10_000_000
MAX_STOCK = 10_000_000


async def get_reward(reward_id: int, field: str = "id") -> Reward:
    reward = await Reward.get_or_none(id=reward_id)
    if reward is None:
        raise DomainError(CoreErrorCode.NOT_FOUND, "No such reward.", field)
    return reward


def available(now: datetime | None = None) -> Any:
    """Rewards that can be redeemed now (stock aside)."""
    from tortoise.expressions import Q

    now = now or clock.now()
    return Reward.filter(archived_at=None).filter(
        Q(active_from=None) | Q(active_from__lte=now), Q(active_until=None) | Q(active_until__gt=now)
    )


async def _clean(data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = Collector()
    out: dict[str, Any] = {}
    if "name" in data or creating:
        name = (data.get("name") or "").strip()
        if not name:
            errors.add(CoreErrorCode.REQUIRED, "Required.", "name")
        elif len(name) > 200:
            errors.add(CoreErrorCode.TOO_LONG, "At most 200 characters.", "name")
        out["name"] = name
    if "description" in data:
        text = (data.get("description") or "").strip()
        if len(text) > 2000:
            errors.add(CoreErrorCode.TOO_LONG, "At most 2,000 characters.", "description")
        out["description"] = text or None
    if "points_cost" in data or creating:
        cost = data.get("points_cost")
        if cost is None or not 1 <= cost <= MAX_COST:
            errors.add(CoreErrorCode.INVALID_VALUE, f"1 to {MAX_COST:,} points.", "points_cost")
        out["points_cost"] = cost
    if "stock" in data:
        stock = data.get("stock")
        if stock is not None and not 0 <= stock <= MAX_STOCK:
            errors.add(CoreErrorCode.INVALID_VALUE, f"0 to {MAX_STOCK:,}, or none for unlimited.", "stock")
        out["stock"] = stock
    for name in ("active_from", "active_until"):
        if name in data:
            value = data.get(name)
            if value is not None and value.tzinfo is None:
                errors.add(CoreErrorCode.INVALID_VALUE, "Give a time zone offset.", name)
            out[name] = value
    if out.get("active_from") and out.get("active_until") and out["active_until"] <= out["active_from"]:
        errors.add(CoreErrorCode.INVALID_VALUE, "The window ends after it starts.", "active_until")
    if "min_tier_id" in data:
        tier_id = data.get("min_tier_id")
        if tier_id is not None and not await LoyaltyTier.filter(id=tier_id).exists():
            errors.add(CoreErrorCode.NOT_FOUND, "No such tier.", "min_tier_id")
        out["min_tier_id"] = tier_id
    errors.raise_if_any()
    return out


async def create_reward(*, principal: Principal, data: dict[str, Any], request: RequestInfo | None = None) -> Reward:
    values = await _clean(data, creating=True)
    async with in_transaction():
        reward = await Reward.create(**values)
        await audit.record(
            principal=principal,
            action=AuditAction.CREATE,
            record_type="Reward",
            record_id=reward.pk,
            details={"name": reward.name},
            request=request,
        )
    return reward


async def update_reward(
    *, principal: Principal, reward_id: int, data: dict[str, Any], request: RequestInfo | None = None
) -> Reward:
    reward = await get_reward(reward_id)
    values = await _clean(data, creating=False)
    if "archived" in data:
        values["archived_at"] = (reward.archived_at or clock.now()) if data["archived"] else None
    if values:
        async with in_transaction():
            await Reward.filter(id=reward.pk).update(**values, updated_at=clock.now())
            await audit.record(
                principal=principal,
                action=AuditAction.UPDATE,
                record_type="Reward",
                record_id=reward.pk,
                details={"fields": sorted(values)},
                request=request,
            )
        await reward.refresh_from_db()
    return reward

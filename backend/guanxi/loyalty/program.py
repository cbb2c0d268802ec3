"""The loyalty program's settings and tiers: stored in the database, edited by ADMIN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction
from guanxi.accounts.principal import Principal
from guanxi.core import clock
from guanxi.core.errors import Collector, CoreErrorCode
from guanxi.loyalty.models import LoyaltyProgram, LoyaltyTier, Rounding

PROGRAM_ID = 1
DEFAULT_TIERS = (
    ("Bronze", 0, "0", "1", None),
    ("Silver", 1_000, "2", "1.25", "Priority queue"),
    ("Gold", 5_000, "5", "1.5", "Dedicated account manager"),
    ("Platinum", 20_000, "10", "2", "VIP hotline, 24/7"),
)
MAX_TIERS = 10


@dataclass(frozen=True)
class Tier:
    id: int
    name: str
    threshold: int
    discount_percent: Decimal
    multiplier: Decimal
    service_level: str | None


async def program() -> LoyaltyProgram:
    """The stored program, created with the defaults (and the default tiers) the first time it is read."""
    row = await LoyaltyProgram.get_or_none(id=PROGRAM_ID)
    if row is None:
        await LoyaltyProgram.bulk_create([LoyaltyProgram(id=PROGRAM_ID)], ignore_conflicts=True)
        if not await LoyaltyTier.exists():
            await LoyaltyTier.bulk_create(
                [
                    LoyaltyTier(
                        name=name,
                        threshold=threshold,
                        discount_percent=Decimal(discount),
                        multiplier=Decimal(multiplier),
                        service_level=level,
                    )
                    for name, threshold, discount, multiplier, level in DEFAULT_TIERS
                ],
                ignore_conflicts=True,
            )
        row = await LoyaltyProgram.get(id=PROGRAM_ID)
    return row


async def tiers() -> list[Tier]:
    """Tiers from the lowest threshold up."""
    await program()
    return [
        Tier(t.id, t.name, t.threshold, t.discount_percent, t.multiplier, t.service_level)
        for t in await LoyaltyTier.all().order_by("threshold", "id")
    ]


def tier_for(tier_list: list[Tier], earned_12m: int) -> Tier | None:
    """The highest tier whose threshold the points earned in 12 months reach."""
    reached = [t for t in tier_list if earned_12m >= t.threshold]
    return reached[-1] if reached else None


def points_for(amount: Decimal, row: LoyaltyProgram, multiplier: Decimal) -> int:
    raw = Decimal(amount) * Decimal(row.earn_rate) * Decimal(multiplier)
    mode = {Rounding.FLOOR: ROUND_FLOOR, Rounding.ROUND: ROUND_HALF_UP, Rounding.CEIL: ROUND_CEILING}[
        Rounding(row.rounding)
    ]
    return int(raw.quantize(Decimal(1), rounding=mode))


def lifetime(row: LoyaltyProgram) -> timedelta:
    """Points expire this long after they are earned (a month counted as 30 days)."""
    return timedelta(days=30 * row.points_lifetime_months)


async def update_program(
    *, principal: Principal, data: dict[str, Any], request: RequestInfo | None = None
) -> LoyaltyProgram:
    """Change settings (keys present in `data`) and, when `tiers` is given, replace the tiers."""
    row = await program()
    errors = Collector()
    changes: dict[str, Any] = {}
    if data.get("earn_rate") is not None:
        rate = Decimal(str(data["earn_rate"]))
        if not Decimal(0) < rate <= Decimal(1000):
            errors.add(CoreErrorCode.INVALID_VALUE, "Points per currency unit: more than 0, at most 1,000.", "earn_rate")
        changes["earn_rate"] = rate
    if data.get("rounding") is not None:
        changes["rounding"] = Rounding(data["rounding"])
    if data.get("auto_enrol") is not None:
        changes["auto_enrol"] = bool(data["auto_enrol"])
    if data.get("points_lifetime_months") is not None:
        months = data["points_lifetime_months"]
        if not 1 <= months <= 120:
            errors.add(CoreErrorCode.INVALID_VALUE, "1 to 120 months.", "points_lifetime_months")
        changes["points_lifetime_months"] = months
    if data.get("birthday_bonus") is not None:
        bonus = data["birthday_bonus"]
        if not 0 <= bonus <= 1_000_000:
            errors.add(CoreErrorCode.INVALID_VALUE, "0 to 1,000,000 points.", "birthday_bonus")
        changes["birthday_bonus"] = bonus
    new_tiers = data.get("tiers")
    if new_tiers is not None:
        _check_tiers(new_tiers, errors)
    errors.raise_if_any()
    before = {k: str(getattr(row, k)) for k in changes}
    async with in_transaction():
        if changes:
            await LoyaltyProgram.filter(id=PROGRAM_ID).update(
                **changes, updated_by_user_id=principal.user_id, updated_at=clock.now()
            )
        if new_tiers is not None:
            await _replace_tiers(new_tiers)
            if not changes:
                await LoyaltyProgram.filter(id=PROGRAM_ID).update(
                    updated_by_user_id=principal.user_id, updated_at=clock.now()
                )
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="LoyaltyProgram",
            record_id=PROGRAM_ID,
            details={
                "before": before,
                "after": {k: str(v) for k, v in changes.items()},
                "tiers": [t["name"] for t in new_tiers] if new_tiers is not None else None,
            },
            request=request,
        )
    return await program()


def _check_tiers(new_tiers: list[dict[str, Any]], errors: Collector) -> None:
    if not 1 <= len(new_tiers) <= MAX_TIERS:
        errors.add(CoreErrorCode.INVALID_VALUE, f"1 to {MAX_TIERS} tiers.", "tiers")
        return
    names: set[str] = set()
    last = -1
    for i, tier in enumerate(new_tiers):
        name = (tier.get("name") or "").strip()
        if not name or len(name) > 50:
            errors.add(CoreErrorCode.INVALID_VALUE, "A name of 1-50 characters.", f"tiers.{i}.name")
        elif name.casefold() in names:
            errors.add(CoreErrorCode.DUPLICATE, "Tier names differ.", f"tiers.{i}.name")
        names.add(name.casefold())
        threshold = tier.get("threshold")
        if threshold is None or threshold < 0:
            errors.add(CoreErrorCode.INVALID_VALUE, "A threshold of 0 points or more.", f"tiers.{i}.threshold")
        else:
            if i == 0 and threshold != 0:
                errors.add(CoreErrorCode.INVALID_VALUE, "The first tier starts at 0 points.", f"tiers.{i}.threshold")
            elif threshold <= last:
                errors.add(CoreErrorCode.INVALID_VALUE, "Thresholds rise from tier to tier.", f"tiers.{i}.threshold")
            last = max(last, threshold)
        discount = Decimal(str(tier.get("discount_percent") or 0))
        if not Decimal(0) <= discount <= Decimal(100):
            errors.add(CoreErrorCode.INVALID_VALUE, "0 to 100 %.", f"tiers.{i}.discount_percent")
        multiplier = Decimal(str(tier.get("multiplier") or 1))
        if not Decimal("0.1") <= multiplier <= Decimal(10):
            errors.add(CoreErrorCode.INVALID_VALUE, "A multiplier from 0.1 to 10.", f"tiers.{i}.multiplier")


async def _replace_tiers(new_tiers: list[dict[str, Any]]) -> None:
    """Tiers keep their id when their name stays, so accounts keep pointing at them."""
    existing = {t.name: t for t in await LoyaltyTier.all()}
    keep = set()
    for tier in new_tiers:
        name = tier["name"].strip()
        values = {
            "threshold": tier["threshold"],
            "discount_percent": Decimal(str(tier.get("discount_percent") or 0)),
            "multiplier": Decimal(str(tier.get("multiplier") or 1)),
            "service_level": (tier.get("service_level") or "").strip() or None,
        }
        if name in existing:
            await LoyaltyTier.filter(id=existing[name].pk).update(**values)
            keep.add(existing[name].pk)
        else:
            keep.add((await LoyaltyTier.create(name=name, **values)).pk)
    await LoyaltyTier.exclude(id__in=keep).delete()

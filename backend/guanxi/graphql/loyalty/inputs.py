"""Inputs of loyalty mutations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from guanxi.graphql.loyalty.types import Rounding


@strawberry.input(description="Enrol a customer in the loyalty program.")
class EnrollLoyaltyInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer.")


@strawberry.input(description="Spend points, e.g. as a discount at the till.")
class RedeemPointsInput:
    account_id: strawberry.ID = strawberry.field(description="The loyalty account.")
    points: int = strawberry.field(description="How many (at least 1).")
    reason: str | None = strawberry.field(default=None, description="What for (up to 500 characters).")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key redeem once and return the first result."
    )


@strawberry.input(description="Spend points on a reward from the catalogue.")
class RedeemRewardInput:
    account_id: strawberry.ID = strawberry.field(description="The loyalty account.")
    reward_id: strawberry.ID = strawberry.field(description="The reward.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key redeem once and return the first result."
    )


@strawberry.input(description="A staff correction of points (MANAGER and ADMIN), with a reason.")
class AdjustPointsInput:
    account_id: strawberry.ID = strawberry.field(description="The loyalty account.")
    points: int = strawberry.field(description="Points to add (positive) or take (negative); not zero.")
    reason: str = strawberry.field(description="Why (required, up to 500 characters).")


@strawberry.input(description="A tier of the program.")
class LoyaltyTierInput:
    name: str = strawberry.field(description="Name, 1-50 characters; an existing tier keeps its members by name.")
    threshold: int = strawberry.field(description="Points earned in 12 months that reach it; the first tier is 0.")
    discount_percent: Decimal = strawberry.field(default=Decimal(0), description="Member discount, 0-100 %.")
    multiplier: Decimal = strawberry.field(default=Decimal(1), description="Points multiplier, 0.1-10.")
    service_level: str | None = strawberry.field(default=None, description="Service level text.")


@strawberry.input(description="Changes to the loyalty program (ADMIN); fields left out stay as they are.")
class UpdateLoyaltyProgramInput:
    earn_rate: Decimal | None = strawberry.field(default=None, description="Points per currency unit.")
    rounding: Rounding | None = strawberry.field(default=None, description="How to round.")  # type: ignore[valid-type]
    auto_enrol: bool | None = strawberry.field(default=None, description="Enrol on the first purchase.")
    points_lifetime_months: int | None = strawberry.field(default=None, description="Months before points expire.")
    birthday_bonus: int | None = strawberry.field(default=None, description="Yearly birthday points.")
    tiers: list[LoyaltyTierInput] | None = strawberry.field(
        default=None, description="All tiers, lowest first (replaces the current list)."
    )


@strawberry.input(description="A reward for the catalogue.")
class CreateRewardInput:
    name: str = strawberry.field(description="Name.")
    points_cost: int = strawberry.field(description="Points it costs.")
    description: str | None = strawberry.field(default=None, description="What the member gets.")
    stock: int | None = strawberry.field(default=None, description="How many there are; null: unlimited.")
    active_from: datetime | None = strawberry.field(default=None, description="Redeemable from.")
    active_until: datetime | None = strawberry.field(default=None, description="Redeemable until (excluded).")
    min_tier_id: strawberry.ID | None = strawberry.field(default=None, description="The lowest tier that may redeem it.")


@strawberry.input(description="Changes to a reward; fields left out stay as they are.")
class UpdateRewardInput:
    id: strawberry.ID = strawberry.field(description="The reward.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Name.")
    points_cost: int | None = strawberry.field(default=strawberry.UNSET, description="Points it costs.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="Description.")
    stock: int | None = strawberry.field(default=strawberry.UNSET, description="Stock; null: unlimited.")
    active_from: datetime | None = strawberry.field(default=strawberry.UNSET, description="Redeemable from.")
    active_until: datetime | None = strawberry.field(default=strawberry.UNSET, description="Redeemable until.")
    min_tier_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description="Lowest tier.")
    archived: bool | None = strawberry.field(default=strawberry.UNSET, description="Withdraw (true) or offer again.")

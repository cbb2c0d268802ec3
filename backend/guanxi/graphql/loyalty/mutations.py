from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.graphql.core.errors import mutation_payload, payload_type
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.core.inputs import input_dict
from guanxi.graphql.loyalty.inputs import (
    AdjustPointsInput,
    CreateRewardInput,
    EnrollLoyaltyInput,
    RedeemPointsInput,
    RedeemRewardInput,
    UpdateLoyaltyProgramInput,
    UpdateRewardInput,
)
from guanxi.graphql.loyalty.types import LedgerEntry, LoyaltyAccount, LoyaltyProgram, Reward, program_type
from guanxi.graphql.permissions import requires
from guanxi.loyalty import program as programs
from guanxi.loyalty import rewards, services
from guanxi.loyalty.models import LoyaltyAccount as AccountRow

WRITE = [requires(Permission.LOYALTY_WRITE)]

EnrollLoyaltyPayload = payload_type(
    "EnrollLoyaltyPayload", "Result of enrollLoyalty.", {"loyalty_account": (LoyaltyAccount, "The account.")}
)
_POINTS_FIELDS = {
    "entry": (LedgerEntry, "The ledger entry written (the first one, on a retry with the same key)."),
    "loyalty_account": (LoyaltyAccount, "The account after it."),
}
RedeemPointsPayload = payload_type("RedeemPointsPayload", "Result of redeemPoints.", _POINTS_FIELDS)
RedeemRewardPayload = payload_type("RedeemRewardPayload", "Result of redeemReward.", _POINTS_FIELDS)
AdjustPointsPayload = payload_type("AdjustPointsPayload", "Result of adjustPoints.", _POINTS_FIELDS)
UpdateLoyaltyProgramPayload = payload_type(
    "UpdateLoyaltyProgramPayload", "Result of updateLoyaltyProgram.", {"program": (LoyaltyProgram, "The program.")}
)
CreateRewardPayload = payload_type("CreateRewardPayload", "Result of createReward.", {"reward": (Reward, "The reward.")})
UpdateRewardPayload = payload_type("UpdateRewardPayload", "Result of updateReward.", {"reward": (Reward, "The reward.")})


async def _points_result(entry: Any) -> dict[str, Any]:
    account = await AccountRow.get(id=entry.account_id)
    return {"entry": LedgerEntry.from_row(entry), "loyalty_account": LoyaltyAccount.from_row(account)}


def _tier_id(value: strawberry.ID | None) -> int | None:
    return decode_id(value, "LoyaltyTier", "min_tier_id") if value is not None else None


@strawberry.type
class LoyaltyMutations:
    @strawberry.mutation(description="Enrol a customer (again: the same account).", permission_classes=WRITE)
    async def enroll_loyalty(self, info: Info, input: EnrollLoyaltyInput) -> EnrollLoyaltyPayload:
        async def work() -> dict[str, Any]:
            account = await services.enroll(
                principal=info.context.principal,
                customer_id=decode_id(input.customer_id, "Customer", "customer_id"),
                request=info.context.request_info,
            )
            return {"loyalty_account": LoyaltyAccount.from_row(account)}

        return await mutation_payload(EnrollLoyaltyPayload, work)

    @strawberry.mutation(
        description="Spend points. More than the balance is refused with INSUFFICIENT_POINTS and writes nothing, "
        "however many redemptions run at once. Idempotent on idempotencyKey.",
        permission_classes=WRITE,
    )
    async def redeem_points(self, info: Info, input: RedeemPointsInput) -> RedeemPointsPayload:
        async def work() -> dict[str, Any]:
            entry, _ = await services.redeem_points(
                principal=info.context.principal,
                account_id=decode_id(input.account_id, "LoyaltyAccount", "account_id"),
                points=input.points,
                reason=input.reason,
                idempotency_key=input.idempotency_key,
                request=info.context.request_info,
            )
            return await _points_result(entry)

        return await mutation_payload(RedeemPointsPayload, work)

    @strawberry.mutation(
        description="Spend points on a reward: the points and one of its stock go together, or neither "
        "(INSUFFICIENT_POINTS, OUT_OF_STOCK, TIER_TOO_LOW, REWARD_UNAVAILABLE). Idempotent on idempotencyKey.",
        permission_classes=WRITE,
    )
    async def redeem_reward(self, info: Info, input: RedeemRewardInput) -> RedeemRewardPayload:
        async def work() -> dict[str, Any]:
            entry, _ = await services.redeem_reward(
                principal=info.context.principal,
                account_id=decode_id(input.account_id, "LoyaltyAccount", "account_id"),
                reward_id=decode_id(input.reward_id, "Reward", "reward_id"),
                idempotency_key=input.idempotency_key,
                request=info.context.request_info,
            )
            return await _points_result(entry)

        return await mutation_payload(RedeemRewardPayload, work)

    @strawberry.mutation(
        description="Correct a balance (MANAGER and ADMIN), with a reason; a new ADJUST entry, never an edit.",
        permission_classes=[requires(Permission.LOYALTY_ADJUST)],
    )
    async def adjust_points(self, info: Info, input: AdjustPointsInput) -> AdjustPointsPayload:
        async def work() -> dict[str, Any]:
            entry = await services.adjust_points(
                principal=info.context.principal,
                account_id=decode_id(input.account_id, "LoyaltyAccount", "account_id"),
                points=input.points,
                reason=input.reason,
                request=info.context.request_info,
            )
            return await _points_result(entry)

        return await mutation_payload(AdjustPointsPayload, work)

    @strawberry.mutation(
        description="Change the loyalty program (ADMIN): earn rate, rounding, auto-enrolment, points lifetime, "
        "birthday bonus, tiers.",
        permission_classes=[requires(Permission.LOYALTY_PROGRAM_MANAGE)],
    )
    async def update_loyalty_program(
        self, info: Info, input: UpdateLoyaltyProgramInput
    ) -> UpdateLoyaltyProgramPayload:
        async def work() -> dict[str, Any]:
            await programs.update_program(
                principal=info.context.principal, data=input_dict(input), request=info.context.request_info
            )
            return {"program": await program_type()}

        return await mutation_payload(UpdateLoyaltyProgramPayload, work)

    @strawberry.mutation(
        description="Add a reward to the catalogue (MANAGER and ADMIN).",
        permission_classes=[requires(Permission.REWARDS_MANAGE)],
    )
    async def create_reward(self, info: Info, input: CreateRewardInput) -> CreateRewardPayload:
        async def work() -> dict[str, Any]:
            data = input_dict(input, exclude=("min_tier_id",))
            data["min_tier_id"] = _tier_id(input.min_tier_id)
            reward = await rewards.create_reward(
                principal=info.context.principal, data=data, request=info.context.request_info
            )
            return {"reward": Reward.from_row(reward)}

        return await mutation_payload(CreateRewardPayload, work)

    @strawberry.mutation(
        description="Change or withdraw a reward (MANAGER and ADMIN).",
        permission_classes=[requires(Permission.REWARDS_MANAGE)],
    )
    async def update_reward(self, info: Info, input: UpdateRewardInput) -> UpdateRewardPayload:
        async def work() -> dict[str, Any]:
            data = input_dict(input, exclude=("id", "min_tier_id"))
            if input.min_tier_id is not strawberry.UNSET:
                data["min_tier_id"] = _tier_id(input.min_tier_id)
            reward = await rewards.update_reward(
                principal=info.context.principal,
                reward_id=decode_id(input.id, "Reward", "id"),
                data=data,
                request=info.context.request_info,
            )
            return {"reward": Reward.from_row(reward)}

        return await mutation_payload(UpdateRewardPayload, work)

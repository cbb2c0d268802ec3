from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core import clock
from guanxi.graphql.core.connections import Connection, paginate
from guanxi.graphql.loyalty.types import (
    LoyaltyMonth,
    LoyaltyProgram,
    LoyaltyStats,
    Reward,
    TierCount,
    program_type,
)
from guanxi.graphql.permissions import requires
from guanxi.loyalty import rewards, stats
from guanxi.loyalty.models import Reward as RewardRow

READ = [requires(Permission.LOYALTY_READ)]


@strawberry.type
class LoyaltyQueries:
    @strawberry.field(description="The loyalty program and its tiers.", permission_classes=READ)
    async def loyalty_program(self) -> LoyaltyProgram:
        return await program_type()

    @strawberry.field(
        description="The rewards catalogue, cheapest first: those redeemable now, or every reward "
        "(archived and out of window too) with `all: true`.",
        permission_classes=READ,
    )
    async def rewards(
        self,
        info: Info,
        all: Annotated[bool, strawberry.argument(description="Include withdrawn and out-of-window rewards.")] = False,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Reward]:
        qs: Any = RewardRow.all() if all else rewards.available()
        return await paginate(
            qs.order_by("points_cost", "id"), first=first, after=after, last=last, before=before, to_node=Reward.from_row
        )

    @strawberry.field(
        description="Members by tier, points liability, and points earned, redeemed and expired per month "
        "(default: the last 12 months), over the accounts you may see.",
        permission_classes=READ,
    )
    async def loyalty_stats(
        self,
        info: Info,
        from_: Annotated[datetime | None, strawberry.argument(name="from", description="Start (included).")] = None,
        to: Annotated[datetime | None, strawberry.argument(description="End (excluded); default now.")] = None,
    ) -> LoyaltyStats:
        until = to or clock.now()
        since = from_ or (until - timedelta(days=365))
        result = await stats.loyalty_stats(info.context.principal, since=since, until=until)
        return LoyaltyStats(
            members=result.members,
            members_by_tier=[TierCount(tier=name, members=n) for name, n in result.members_by_tier],
            points_liability=result.liability,
            months=[LoyaltyMonth(month=mo.start, earned=mo.earned, redeemed=mo.redeemed, expired=mo.expired)
                    for mo in result.months],
        )

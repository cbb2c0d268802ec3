from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.core.events import Event
from guanxi.feedback import models as m
from guanxi.feedback.complaints import TOPIC
from guanxi.feedback.scoping import visible_complaints
from guanxi.graphql.core.fanout import live_rows
from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.feedback.types import Complaint, Severity
from guanxi.graphql.permissions import requires

READ = [requires(Permission.FEEDBACK_READ)]


async def _visible_complaint(principal: Principal, complaint_id: int) -> m.Complaint | None:
    return await visible_complaints(principal).get_or_none(id=complaint_id)


def _filed(event: Event) -> int | None:
    return event.get("id") if event.get("type") == "complaint.filed" else None


@strawberry.type
class FeedbackSubscriptions:
    @strawberry.subscription(
        description="The live complaint feed: each complaint filed for a customer you may see, as it is filed. "
        "`severities` and `ownerId` (the customer's owner) narrow it. Personal data is masked as in queries.",
        permission_classes=READ,
    )
    async def complaint_filed(
        self,
        info: Info,
        severities: list[Severity] | None = None,  # type: ignore[valid-type]
        owner_id: strawberry.ID | None = None,
    ) -> AsyncGenerator[Complaint, None]:
        owner: int | None = None
        if owner_id is not None:
            parsed = parse_global_id(owner_id)
            if parsed is None or parsed[0] != "User":
                return
            owner = parsed[1]
        wanted = {str(s.value if hasattr(s, "value") else s) for s in severities or []}
        rows = live_rows(info, TOPIC, row_id=_filed, fetch=_visible_complaint, kind="Complaint")
        async with aclosing(rows):
            async for row in rows:
                if wanted and str(row.severity) not in wanted:
                    continue
                if owner is not None:
                    customer = await info.context.loaders.customer.load(row.customer_id)  # type: ignore[attr-defined]
                    if customer is None or customer.owner_id != owner:
                        continue
                yield Complaint.from_row(row)

    @strawberry.subscription(
        description="One complaint each time it changes (transitions, assignment, rating, breaches). Ends at once "
        "for a complaint you may not see.",
        permission_classes=READ,
    )
    async def complaint_updated(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Complaint, None]:
        parsed = parse_global_id(id)
        if parsed is None or parsed[0] != "Complaint":
            return
        complaint_id = parsed[1]
        if not await visible_complaints(info.context.principal).filter(id=complaint_id).exists():
            return

        def updated(event: Event) -> int | None:
            if event.get("type") != "complaint.updated" or event.get("id") != complaint_id:
                return None
            return complaint_id

        rows = live_rows(info, TOPIC, row_id=updated, fetch=_visible_complaint, kind="Complaint")
        async with aclosing(rows):
            async for row in rows:
                yield Complaint.from_row(row)

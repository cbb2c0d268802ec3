from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core import events
from guanxi.feedback.complaints import TOPIC
from guanxi.feedback.scoping import visible_complaints
from guanxi.graphql.core.ids import parse_global_id
from guanxi.graphql.feedback.types import Complaint, Severity
from guanxi.graphql.loaders import Loaders
from guanxi.graphql.permissions import requires

READ = [requires(Permission.FEEDBACK_READ)]


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
        principal = info.context.principal
        owner: int | None = None
        if owner_id is not None:
            parsed = parse_global_id(owner_id)
            if parsed is None or parsed[0] != "User":
                return
            owner = parsed[1]
        wanted = {str(s.value if hasattr(s, "value") else s) for s in severities or []}
        async with events.broker().subscribe(TOPIC) as stream:
            async for event in stream:
                if event.get("type") != "complaint.filed":
                    continue
                if not await info.context.still_signed_in():
                    return
                qs = visible_complaints(principal).filter(id=event["id"])
                if owner is not None:
                    qs = qs.filter(customer__owner_id=owner)
                row = await qs.first()
                if row is None or (wanted and str(row.severity) not in wanted):
                    continue
                info.context.loaders = Loaders(principal)
                yield Complaint.from_row(row)
                await info.context.flush_audit()

    @strawberry.subscription(
        description="One complaint each time it changes (transitions, assignment, rating, breaches). Ends at once "
        "for a complaint you may not see.",
        permission_classes=READ,
    )
    async def complaint_updated(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Complaint, None]:
        principal = info.context.principal
        parsed = parse_global_id(id)
        if parsed is None or parsed[0] != "Complaint":
            return
        complaint_id = parsed[1]
        if not await visible_complaints(principal).filter(id=complaint_id).exists():
            return
        async with events.broker().subscribe(TOPIC) as stream:
            async for event in stream:
                if event.get("id") != complaint_id or event.get("type") != "complaint.updated":
                    continue
                if not await info.context.still_signed_in():
                    return
                row = await visible_complaints(principal).get_or_none(id=complaint_id)
                if row is None:
                    continue
                info.context.loaders = Loaders(principal)
                yield Complaint.from_row(row)
                await info.context.flush_audit()

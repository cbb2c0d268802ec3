from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core import clock
from guanxi.core.errors import DomainError
from guanxi.feedback import complaints, services, standards, stats
from guanxi.feedback.models import Severity
from guanxi.graphql.core.connections import Connection, paginate
from guanxi.graphql.core.errors import ClientError
from guanxi.graphql.core.ids import decode_id
from guanxi.graphql.feedback.inputs import ComplaintFilter, ComplaintOrder, FeedbackFilter
from guanxi.graphql.feedback.types import (
    Complaint,
    Feedback,
    FeedbackKindCount,
    FeedbackPeriod,
    FeedbackStats,
    ScoreSummary,
    ServiceStandard,
)
from guanxi.graphql.interactions.types import Channel
from guanxi.graphql.permissions import requires

READ = [requires(Permission.FEEDBACK_READ)]
Period = strawberry.enum(stats.Period, description="How a trend is grouped: by WEEK (from Monday) or MONTH.")


def _id(value: strawberry.ID | None, type_name: str, path: str) -> int | None:
    if not value:
        return None
    try:
        return decode_id(value, type_name, path)
    except DomainError as exc:
        raise ClientError(f"{exc.field}: {exc.message}") from exc


@strawberry.type
class FeedbackQueries:
    @strawberry.field(
        description="Feedback from the customers you may see, newest first.", permission_classes=READ
    )
    async def feedback(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: FeedbackFilter | None = None,
    ) -> Connection[Feedback]:
        f = filter or FeedbackFilter()
        domain = services.FeedbackFilter(
            customer_id=_id(f.customer_id, "Customer", "filter.customerId"),
            kinds=list(f.kinds or []),
            scale=f.scale,
            sentiment=f.sentiment.value if f.sentiment is not None else None,
            need_statuses=list(f.need_statuses or []),
            channel=f.channel,
            occurred_after=f.occurred_after,
            occurred_before=f.occurred_before,
        )
        queryset = services.feedback_list(info.context.principal, domain)
        return await paginate(
            queryset, first=first, after=after, last=last, before=before, to_node=Feedback.from_row
        )

    @strawberry.field(
        description="Complaints of the customers you may see (the complaints board), newest first unless "
        "`orderBy` says otherwise.",
        permission_classes=READ,
    )
    async def complaints(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ComplaintFilter | None = None,
        order_by: ComplaintOrder = ComplaintOrder.NEWEST,
    ) -> Connection[Complaint]:
        f = filter or ComplaintFilter()
        domain = complaints.ComplaintFilter(
            statuses=list(f.statuses or []),
            severities=list(f.severities or []),
            assignee_id=_id(f.assignee_id, "User", "filter.assigneeId"),
            unassigned=f.unassigned,
            breached=f.breached,
            customer_id=_id(f.customer_id, "Customer", "filter.customerId"),
        )
        queryset = complaints.complaint_list(
            info.context.principal, domain, complaints.ComplaintOrder(order_by.value)
        )
        return await paginate(
            queryset, first=first, after=after, last=last, before=before, to_node=Complaint.from_row
        )

    @strawberry.field(
        description="The service standard (first response and resolution deadlines) of each severity.",
        permission_classes=READ,
    )
    async def service_standards(self) -> list[ServiceStandard]:
        rows = await standards.standards()
        return [ServiceStandard.from_row(rows[s]) for s in reversed(list(Severity))]

    @strawberry.field(
        description="NPS, CSAT and CES over a range (default: the last 90 days) with a weekly or monthly trend, "
        "feedback counts per kind, and the latest promoters and detractors (口碑). Only feedback of customers "
        "you may see counts.",
        permission_classes=READ,
    )
    async def feedback_stats(
        self,
        info: Info,
        from_: Annotated[
            datetime | None,
            strawberry.argument(name="from", description="Start (included); default 90 days before `to`."),
        ] = None,
        to: Annotated[
            datetime | None, strawberry.argument(description="End (excluded); default now.")
        ] = None,
        group_by: Annotated[Period, strawberry.argument(description="WEEK or MONTH.")] = stats.Period.MONTH,  # type: ignore[valid-type]
        channel: Annotated[
            Channel | None, strawberry.argument(description="Only feedback from this channel.")
        ] = None,  # type: ignore[valid-type]
        segment_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only feedback of the segment's current members."),
        ] = None,
    ) -> FeedbackStats:
        until = to or clock.now()
        since = from_ or until - timedelta(days=90)
        principal = info.context.principal
        segment = _id(segment_id, "Segment", "segmentId")
        try:
            result = await stats.feedback_stats(
                principal=principal,
                since=since,
                until=until,
                period=stats.Period(group_by),
                channel=channel,
                segment_id=segment,
            )
        except DomainError as exc:
            raise ClientError(f"{exc.field}: {exc.message}") from exc
        promoters = await stats.nps_customers(
            principal=principal, since=since, until=until, promoters=True, limit=20, segment_id=segment
        )
        detractors = await stats.nps_customers(
            principal=principal, since=since, until=until, promoters=False, limit=20, segment_id=segment
        )
        return FeedbackStats(
            since=result.since,
            until=result.until,
            scores=ScoreSummary.from_summary(result.total),
            trend=[
                FeedbackPeriod(start=start, scores=ScoreSummary.from_summary(s)) for start, s in result.trend
            ],
            by_kind=[FeedbackKindCount(kind=k, count=n) for k, n in sorted(result.by_kind.items())],
            promoter_ids=promoters,
            detractor_ids=detractors,
        )

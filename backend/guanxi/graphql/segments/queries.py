from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core.errors import DomainError, DomainErrors
from guanxi.graphql.core.connections import Connection, paginate
from guanxi.graphql.core.errors import UserError, to_user_errors
from guanxi.graphql.permissions import requires
from guanxi.graphql.segments.inputs import SegmentFilter, SegmentRuleInput, decode_rule_id, rule_dict
from guanxi.graphql.segments.types import Segment, SegmentFieldInfo, SegmentPreview
from guanxi.segments import catalogue, services
from guanxi.segments.models import Segment as SegmentRow

READ = [requires(Permission.SEGMENTS_READ)]


@strawberry.type(description="Result of previewSegment: the count and first members, or what is wrong with the rule.")
class SegmentPreviewResult:
    preview: SegmentPreview | None = strawberry.field(description="What the rule matches; null when it is invalid.")
    user_errors: list[UserError] = strawberry.field(
        description="Problems with the rule, each with its path (e.g. `rule.all.2.any.0.value`); empty when valid."
    )


@strawberry.type
class SegmentQueries:
    @strawberry.field(description="Segments, by name.", permission_classes=READ)
    async def segments(
        self,
        info: Info,
        filter: SegmentFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Segment]:
        qs: Any = SegmentRow.all()
        if filter is not None:
            if filter.kind is not None:
                qs = qs.filter(kind=filter.kind)
            if filter.search:
                qs = qs.filter(name__icontains=filter.search.strip())
        return await paginate(
            qs.order_by("name", "id"), first=first, after=after, last=last, before=before, to_node=Segment.from_row
        )

    @strawberry.field(
        description="The fields segment rules can test, with each one's type and operators (the rule builder's "
        "catalogue).",
        permission_classes=READ,
    )
    def segment_fields(self) -> list[SegmentFieldInfo]:
        return [SegmentFieldInfo.from_spec(spec) for spec in catalogue.CATALOGUE.values()]

    @strawberry.field(
        description="How many customers you may see a rule matches right now, and the first 20, without saving "
        "anything: the rule builder's live count. An invalid rule gives userErrors with paths.",
        permission_classes=READ,
    )
    async def preview_segment(self, info: Info, rule: SegmentRuleInput) -> SegmentPreviewResult:
        try:
            tree = await services.validated_rule(rule_dict(rule), path="rule", decode_id=decode_rule_id)
        except (DomainError, DomainErrors) as exc:
            return SegmentPreviewResult(preview=None, user_errors=to_user_errors(exc, prefix=""))
        count, ids = await services.preview(info.context.principal, tree)
        return SegmentPreviewResult(preview=SegmentPreview(member_count=count, member_ids=ids), user_errors=[])

from __future__ import annotations

from datetime import datetime

import strawberry

from guanxi.graphql.accounts.types import AuditAction


@strawberry.input(description="Which audit events to list; every given condition must hold.")
class AuditLogFilter:
    actor: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of a staff user or an API key: what they did."
    )
    actions: list[AuditAction] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only these kinds of event; null or empty: all."
    )
    record: strawberry.ID | None = strawberry.field(
        default=None,
        description="Global id of any record (a customer, an API key, ...): what happened to it.",
    )
    record_type: str | None = strawberry.field(
        default=None, description="Only events on records of this type, e.g. `Customer`."
    )
    since: datetime | None = strawberry.field(default=None, description="At or after this time.")
    until: datetime | None = strawberry.field(default=None, description="Before this time.")
    request_id: str | None = strawberry.field(
        default=None, description="Only the events of the request with this id."
    )

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.graphql.accounts.types import User, user_or_none
from guanxi.graphql.customers.types import Customer
from guanxi.interactions import models as m

Channel = strawberry.enum(
    m.Channel,
    description="How staff and a customer were in contact: PHONE, EMAIL, SMS, WECHAT, SOCIAL (other social "
    "networks), LIVE_CHAT (the website's chat), VISIT (at a store or the customer's), MEETING, OTHER.",
)
Direction = strawberry.enum(
    m.Direction, description="INBOUND: the customer reached out. OUTBOUND: staff reached out."
)
Outcome = strawberry.enum(m.Outcome, description="How a contact ended; `outcomeNote` adds free text.")
ConsentStatus = strawberry.enum(
    m.ConsentStatus,
    description="Whether a customer accepts outbound contacts on a channel: OPTED_IN, OPTED_OUT (outbound "
    "contacts are refused) or UNKNOWN (never asked).",
)


def _int_ids(node_ids: Iterable[str]) -> list[int]:
    return [int(i) if str(i).isdigit() else 0 for i in node_ids]


def _can_read(info: Info) -> bool:
    principal = info.context.principal
    return principal is not None and principal.can(Permission.INTERACTIONS_READ)


@strawberry.type(description="One contact with a customer on any channel, inbound or outbound.")
class Interaction(relay.Node):
    id: relay.NodeID[int]
    channel: Channel = strawberry.field(description="How the contact happened.")  # type: ignore[valid-type]
    direction: Direction = strawberry.field(description="Who reached out.")  # type: ignore[valid-type]
    subject: str | None = strawberry.field(description="A short title, e.g. `Asked about delivery`.")
    notes: str | None = strawberry.field(description="What was said or done, free text.")
    outcome: Outcome | None = strawberry.field(description="How it ended.")  # type: ignore[valid-type]
    outcome_note: str | None = strawberry.field(description="More about the outcome, free text.")
    duration_seconds: int | None = strawberry.field(description="How long it lasted, in seconds.")
    occurred_at: datetime = strawberry.field(description="When the contact happened.")
    follow_up_due_at: datetime | None = strawberry.field(
        description="When staff should follow up; null when no follow-up is planned."
    )
    follow_up_note: str | None = strawberry.field(description="What the follow-up is about.")
    follow_up_completed_at: datetime | None = strawberry.field(
        description="When the follow-up was done; null while it is open."
    )
    over_cap: bool = strawberry.field(
        description="True when it was logged past the contact-frequency cap (in WARN mode, or overridden)."
    )
    cap_overridden: bool = strawberry.field(
        description="True when a MANAGER or ADMIN logged it past a BLOCK cap with `override: true`."
    )
    created_at: datetime = strawberry.field(description="When it was logged in Guanxi.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    customer_id: strawberry.Private[int]
    logged_by_user_id: strawberry.Private[int | None]
    logged_by_api_key_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.Interaction) -> Interaction:
        return cls(
            id=row.pk,
            channel=row.channel,
            direction=row.direction,
            subject=row.subject,
            notes=row.notes,
            outcome=row.outcome,
            outcome_note=row.outcome_note,
            duration_seconds=row.duration_seconds,
            occurred_at=row.occurred_at,
            follow_up_due_at=row.follow_up_due_at,
            follow_up_note=row.follow_up_note,
            follow_up_completed_at=row.follow_up_completed_at,
            over_cap=row.over_cap,
            cap_overridden=row.cap_overridden,
            created_at=row.created_at,
            updated_at=row.updated_at,
            customer_id=row.customer_id,
            logged_by_user_id=row.logged_by_user_id,
            logged_by_api_key_id=row.logged_by_api_key_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Interaction | None]:
        ids = _int_ids(node_ids)
        if not _can_read(info):
            return [None for _ in ids]
        rows = await info.context.loaders.interaction.load_many(ids)
        return [cls.from_row(r) if r is not None else None for r in rows]

    @strawberry.field(description="True while a follow-up is planned and not yet done.")
    def follow_up_open(self) -> bool:
        return self.follow_up_due_at is not None and self.follow_up_completed_at is None

    @strawberry.field(description="True when a partner's system logged it through an API key.")
    def logged_by_api_key(self) -> bool:
        return self.logged_by_api_key_id is not None

    @strawberry.field(description="The staff member who logged it; null when an API key did.")
    async def logged_by(self, info: Info) -> User | None:
        if self.logged_by_user_id is None:
            return None
        return user_or_none(await info.context.loaders.user.load(self.logged_by_user_id))

    @strawberry.field(description="The customer contacted.")
    async def customer(self, info: Info) -> Customer | None:
        row: Any = await info.context.loaders.customer.load(self.customer_id)
        return Customer.from_row(row) if row is not None else None


@strawberry.type(
    description="A customer's consent on one channel: the current one, or one change in its history."
)
class Consent:
    channel: Channel = strawberry.field(description="The channel.")  # type: ignore[valid-type]
    status: ConsentStatus = strawberry.field(description="Opted in, opted out, or unknown.")  # type: ignore[valid-type]
    source: str | None = strawberry.field(
        description="Where the customer said so, e.g. `phone call` or `unsubscribe link`."
    )
    note: str | None = strawberry.field(description="Free text about the change.")
    set_at: datetime | None = strawberry.field(
        description="When it was recorded; null for a channel never recorded (status UNKNOWN)."
    )
    set_by_api_key: bool = strawberry.field(description="True when a partner's system recorded it.")
    set_by_user_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.ConsentRecord) -> Consent:
        return cls(
            channel=row.channel,
            status=row.status,
            source=row.source,
            note=row.note,
            set_at=row.created_at,
            set_by_api_key=row.set_by_api_key_id is not None,
            set_by_user_id=row.set_by_user_id,
        )

    @classmethod
    def unknown(cls, channel: m.Channel) -> Consent:
        return cls(
            channel=channel,
            status=m.ConsentStatus.UNKNOWN,
            source=None,
            note=None,
            set_at=None,
            set_by_api_key=False,
            set_by_user_id=None,
        )

    @strawberry.field(description="The staff member who recorded it; null when unknown or an API key did.")
    async def set_by(self, info: Info) -> User | None:
        if self.set_by_user_id is None:
            return None
        return user_or_none(await info.context.loaders.user.load(self.set_by_user_id))

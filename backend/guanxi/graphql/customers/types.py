from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from guanxi.accounts.permissions import Permission
from guanxi.core.currency import minor_units
from guanxi.core.masking import mask_email, mask_phone, mask_text
from guanxi.customers import models as m
from guanxi.customers import pii
from guanxi.customers.scoping import visible_purchases
from guanxi.graphql.accounts.types import User, user_or_none
from guanxi.graphql.core.connections import Connection, child_page
from guanxi.graphql.permissions import requires

if TYPE_CHECKING:
    from guanxi.graphql.feedback.types import Complaint, Feedback
    from guanxi.graphql.interactions.policy import ContactBudget
    from guanxi.graphql.interactions.timeline import TimelineConnection, TimelineKind
    from guanxi.graphql.interactions.types import Channel, Consent, Interaction
    from guanxi.graphql.loyalty.types import LoyaltyAccount
    from guanxi.graphql.segments.types import EffectiveStrategy, Segment

_INTERACTIONS = "guanxi.graphql.interactions.types"
_POLICY = "guanxi.graphql.interactions.policy"
_TIMELINE = "guanxi.graphql.interactions.timeline"
_SEGMENTS = "guanxi.graphql.segments.types"
_LOYALTY = "guanxi.graphql.loyalty.types"
_FEEDBACK = "guanxi.graphql.feedback.types"

CustomerKind = strawberry.enum(m.CustomerKind, description="A person or a company.")
Gender = strawberry.enum(m.Gender, description="Gender, as the customer gave it.")
IncomeBand = strawberry.enum(m.IncomeBand, description="Yearly income band of a person.")
CompanySize = strawberry.enum(
    m.CompanySize, description="Employee band of a company: SMALL < 50, MEDIUM < 500, LARGE 500+."
)
GeographyClass = strawberry.enum(
    m.GeographyClass,
    description="Where the customer is relative to the company's home region "
    "(LOCAL: home province, DOMESTIC: home country, INTERNATIONAL: abroad).",
)
LifecycleStage = strawberry.enum(
    m.LifecycleStage,
    description="PROSPECT (interested), POTENTIAL_BUYER (visited or enquired), PURCHASER (bought once), "
    "LOYAL (bought on several days), ADVOCATE (loyal and promoting us).",
)
PurchaseChannel = strawberry.enum(m.PurchaseChannel, description="Where a purchase was made.")


def _can_read(info: Info) -> bool:
    principal = info.context.principal
    return principal is not None and principal.can(Permission.CUSTOMERS_READ)


def _can_read_pii(info: Info) -> bool:
    """Personal data in clear needs pii:read (ANALYSTs and keys without the scope see it masked)."""
    principal = info.context.principal
    return principal is not None and principal.can(Permission.PII_READ)


def _shown(info: Info, customer_id: int, field: str, value: Any, masked: Any) -> Any:
    """The value in clear (and noted for the audit log) for pii:read, else its masked form."""
    if _can_read_pii(info):
        info.context.pii_reads.note(customer_id, field)
        return value
    return masked


def _int_ids(node_ids: Iterable[str]) -> list[int]:
    return [int(i) if str(i).isdigit() else 0 for i in node_ids]


@strawberry.type(description="An email address or phone number of a customer.")
class ContactPoint:
    value: str = strawberry.field(
        description="As entered, e.g. `138 0013 8000`; masked (`138****8000`, `z***@example.com`) without pii:read."
    )
    primary: bool = strawberry.field(description="The one to use first; exactly one per kind is primary.")
    label: str | None = strawberry.field(description="Free label such as `work` or `home`.")


@strawberry.type(description="A person or company the business sells to or serves.")
class Customer(relay.Node):
    id: relay.NodeID[int]
    kind: CustomerKind = strawberry.field(description="Person or company.")  # type: ignore[valid-type]
    name: str = strawberry.field(description="Full name of a person or registered name of a company.")
    gender: Gender | None = strawberry.field(description="Gender of a person.")  # type: ignore[valid-type]
    occupation: str | None = strawberry.field(description="Occupation of a person.")
    income_band: IncomeBand | None = strawberry.field(description="Income band of a person.")  # type: ignore[valid-type]
    industry: str | None = strawberry.field(description="Industry of a company, e.g. `Retail`.")
    company_size: CompanySize | None = strawberry.field(description="Employee band of a company.")  # type: ignore[valid-type]
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 country code, e.g. `CN`.")
    province: str | None = strawberry.field(description="Province or state.")
    city: str | None = strawberry.field(description="City.")
    geography_class: GeographyClass | None = strawberry.field(  # type: ignore[valid-type]
        description="Derived from country and province; null while the country is unknown."
    )
    acquisition_channel: str | None = strawberry.field(
        description="How the customer found us, e.g. `trade fair`."
    )
    acquisition_campaign: str | None = strawberry.field(description="The campaign that brought them, if any.")
    custom_attributes: JSON = strawberry.field(description="Free-form attributes (a JSON object).")
    lifecycle_stage: LifecycleStage = strawberry.field(  # type: ignore[valid-type]
        description="Derived from purchases and contacts unless pinned by staff."
    )
    lifecycle_stage_pinned: bool = strawberry.field(description="Staff fixed the stage; it is not derived.")
    external_reference: str | None = strawberry.field(
        description="The customer's id in another system (unique)."
    )
    created_at: datetime = strawberry.field(description="When the customer was created.")
    updated_at: datetime = strawberry.field(description="When the customer was last changed.")
    archived_at: datetime | None = strawberry.field(
        description="When the customer was archived, if archived."
    )
    erased_at: datetime | None = strawberry.field(
        description="When the customer's personal data was erased on their request, if it was."
    )
    owner_id: strawberry.Private[int | None]
    stored_wechat_id: strawberry.Private[str | None]  # encrypted: decrypted only when asked for
    stored_address: strawberry.Private[str | None]
    stored_birthday: strawberry.Private[str | None]
    stored_birth_month: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.Customer) -> Customer:
        return cls(
            id=row.pk,
            kind=row.kind,
            name=row.name,
            stored_wechat_id=row.wechat_id,
            stored_address=row.address,
            gender=row.gender,
            stored_birthday=row.birthday_encrypted,
            stored_birth_month=row.birth_month,
            occupation=row.occupation,
            income_band=row.income_band,
            industry=row.industry,
            company_size=row.company_size,
            country=row.country,
            province=row.province,
            city=row.city,
            geography_class=row.geography_class,
            acquisition_channel=row.acquisition_channel,
            acquisition_campaign=row.acquisition_campaign,
            custom_attributes=row.custom_attributes or {},
            lifecycle_stage=row.lifecycle_stage,
            lifecycle_stage_pinned=row.lifecycle_stage_pinned,
            external_reference=row.external_reference,
            created_at=row.created_at,
            updated_at=row.updated_at,
            archived_at=row.archived_at,
            erased_at=row.erased_at,
            owner_id=row.owner_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Customer | None]:
        ids = _int_ids(node_ids)
        if not _can_read(info):
            return [None for _ in ids]
        rows = await info.context.loaders.customer.load_many(ids)
        return [cls.from_row(r) if r is not None else None for r in rows]

    @strawberry.field(description="WeChat id (微信号); masked (`wx***`) without the pii:read permission.")
    def wechat_id(self, info: Info) -> str | None:
        value = pii.wechat_id(self.stored_wechat_id)
        return value if value is None else _shown(info, self.id, "wechatId", value, mask_text(value))

    @strawberry.field(description="Postal address; masked (`广东省***`) without the pii:read permission.")
    def address(self, info: Info) -> str | None:
        value = pii.address(self.stored_address)
        return value if value is None else _shown(info, self.id, "address", value, mask_text(value, keep=3))

    @strawberry.field(description="Date of birth; null without the pii:read permission (see `birthMonth`).")
    def birthday(self, info: Info) -> date | None:
        value = pii.birthday(self.stored_birthday)
        return value if value is None else _shown(info, self.id, "birthday", value, None)

    @strawberry.field(description="Month of birth (1-12), shown to everyone who may read the customer.")
    def birth_month(self) -> int | None:
        return self.stored_birth_month

    @strawberry.field(description="True when archived (soft-deleted).")
    def is_archived(self) -> bool:
        return self.archived_at is not None

    async def _contact_points(self, info: Info, kind: m.ContactKind) -> list[ContactPoint]:
        rows = await info.context.loaders.contact_points.load(self.id)
        mask = None if _can_read_pii(info) else (mask_email if kind == m.ContactKind.EMAIL else mask_phone)
        if mask is None and any(r.kind == kind for r in rows):
            info.context.pii_reads.note(self.id, "emails" if kind == m.ContactKind.EMAIL else "phones")
        points = []
        for r in rows:
            if r.kind == kind:
                value = pii.contact_value(r.value)
                points.append(
                    ContactPoint(value=mask(value) if mask else value, primary=r.is_primary, label=r.label)
                )
        return points

    @strawberry.field(description="Email addresses, the primary one first.")
    async def emails(self, info: Info) -> list[ContactPoint]:
        points = await self._contact_points(info, m.ContactKind.EMAIL)
        return sorted(points, key=lambda p: not p.primary)

    @strawberry.field(description="Phone numbers, the primary one first.")
    async def phones(self, info: Info) -> list[ContactPoint]:
        points = await self._contact_points(info, m.ContactKind.PHONE)
        return sorted(points, key=lambda p: not p.primary)

    @strawberry.field(description="The primary email address.")
    async def primary_email(self, info: Info) -> str | None:
        return next(
            (p.value for p in await self._contact_points(info, m.ContactKind.EMAIL) if p.primary), None
        )

    @strawberry.field(description="The primary phone number.")
    async def primary_phone(self, info: Info) -> str | None:
        return next(
            (p.value for p in await self._contact_points(info, m.ContactKind.PHONE) if p.primary), None
        )

    @strawberry.field(description="Free tags, alphabetical.")
    async def tags(self, info: Info) -> list[str]:
        return await info.context.loaders.tags.load(self.id)

    @strawberry.field(description="The account manager responsible for this customer.")
    async def owner(self, info: Info) -> User | None:
        if self.owner_id is None:
            return None
        return user_or_none(await info.context.loaders.user.load(self.owner_id))

    @strawberry.field(description="Purchases, newest first.")
    async def purchases(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Purchase]:
        loaders = info.context.loaders
        return await child_page(
            parent_id=self.id,
            page_loader=loaders.purchase_page,
            count_loader=loaders.purchase_count,
            queryset=lambda: visible_purchases(info.context.principal).filter(customer_id=self.id),
            to_node=Purchase.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description="Contacts with this customer on every channel, newest first.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def interactions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Interaction, strawberry.lazy(_INTERACTIONS)]]:
        from guanxi.graphql.interactions.resolvers import customer_interactions

        return await customer_interactions(info, self.id, first=first, after=after, last=last, before=before)

    @strawberry.field(
        description="The current consent on every channel, in channel order; UNKNOWN where never recorded.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def consents(self, info: Info) -> list[Annotated[Consent, strawberry.lazy(_INTERACTIONS)]]:
        from guanxi.graphql.interactions.resolvers import customer_consents

        return await customer_consents(info, self.id)

    @strawberry.field(
        description="Every consent change of this customer, newest first; only one channel's when `channel` is given.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def consent_history(
        self,
        info: Info,
        channel: Annotated[Channel, strawberry.lazy(_INTERACTIONS)] | None = None,  # type: ignore[valid-type]
    ) -> list[Annotated[Consent, strawberry.lazy(_INTERACTIONS)]]:
        from guanxi.graphql.interactions.resolvers import customer_consent_history

        return await customer_consent_history(info, self.id, channel)

    @strawberry.field(
        description="What this customer told us (surveys, complaints, suggestions, praise, requests), newest first.",
        permission_classes=[requires(Permission.FEEDBACK_READ)],
    )
    async def feedback(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Feedback, strawberry.lazy(_FEEDBACK)]]:
        from guanxi.graphql.feedback.resolvers import customer_feedback

        return await customer_feedback(info, self.id, first=first, after=after, last=last, before=before)

    @strawberry.field(
        description="This customer's complaints, newest first.",
        permission_classes=[requires(Permission.FEEDBACK_READ)],
    )
    async def complaints(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Complaint, strawberry.lazy(_FEEDBACK)]]:
        from guanxi.graphql.feedback.resolvers import customer_complaints

        return await customer_complaints(info, self.id, first=first, after=after, last=last, before=before)

    @strawberry.field(
        description="The customer's loyalty account; null when not enrolled.",
        permission_classes=[requires(Permission.LOYALTY_READ)],
    )
    async def loyalty_account(self, info: Info) -> Annotated[LoyaltyAccount, strawberry.lazy(_LOYALTY)] | None:
        from guanxi.graphql.loyalty.types import LoyaltyAccount

        row = await info.context.loaders.loyalty_account_of_customer.load(self.id)
        return LoyaltyAccount.from_row(row) if row is not None else None

    @strawberry.field(
        description="The segments the customer is in now, by name.",
        permission_classes=[requires(Permission.SEGMENTS_READ)],
    )
    async def segments(self, info: Info) -> list[Annotated[Segment, strawberry.lazy(_SEGMENTS)]]:
        from guanxi.graphql.segments.types import Segment

        return [Segment.from_row(s) for s in await info.context.loaders.customer_segments.load(self.id)]

    @strawberry.field(
        description="The service strategy that applies to the customer: that of their segment with the highest "
        "service priority; null when none of their segments sets one.",
        permission_classes=[requires(Permission.SEGMENTS_READ)],
    )
    async def effective_strategy(
        self, info: Info
    ) -> Annotated[EffectiveStrategy, strawberry.lazy(_SEGMENTS)] | None:
        from guanxi.graphql.segments.types import EffectiveStrategy

        row = await info.context.loaders.effective_strategy.load(self.id)
        return EffectiveStrategy.from_row(row) if row is not None else None

    @strawberry.field(
        description="Everything that happened with this customer, newest first, as one list: feedback, contacts and "
        "purchases (only the kinds you may read). `kinds` narrows it. Page forward with `first`/`after`.",
        permission_classes=[requires(Permission.CUSTOMERS_READ)],
    )
    async def timeline(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        kinds: list[Annotated[TimelineKind, strawberry.lazy(_TIMELINE)]] | None = None,  # type: ignore[valid-type]
    ) -> Annotated[TimelineConnection, strawberry.lazy(_TIMELINE)]:
        from guanxi.graphql.interactions.timeline import customer_timeline

        return await customer_timeline(info, self.id, first=first, after=after, kinds=kinds)

    @strawberry.field(
        description="How many outbound contacts the contact policy still allows this customer right now.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def contact_budget(self, info: Info) -> Annotated[ContactBudget, strawberry.lazy(_POLICY)]:
        from guanxi.graphql.interactions.resolvers import customer_contact_budget

        return await customer_contact_budget(info, self.id)

    @strawberry.field(
        description="The channel the customer prefers to be contacted on; null when unknown.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def preferred_channel(
        self, info: Info
    ) -> Annotated[Channel, strawberry.lazy(_INTERACTIONS)] | None:  # type: ignore[valid-type]
        from guanxi.graphql.interactions.resolvers import customer_preferred_channel

        return await customer_preferred_channel(info, self.id)

    @strawberry.field(
        description="When staff or the customer were last in contact, either way; null when never.",
        permission_classes=[requires(Permission.INTERACTIONS_READ)],
    )
    async def last_contact_at(self, info: Info) -> datetime | None:
        from guanxi.graphql.interactions.resolvers import customer_last_contact_at

        return await customer_last_contact_at(info, self.id)


def _amount(amount: Decimal, currency: str) -> Decimal:
    units = minor_units(currency)
    return amount.quantize(Decimal(1).scaleb(-units)) if units is not None else amount.normalize()


@strawberry.type(description="Something a customer bought.")
class Purchase(relay.Node):
    id: relay.NodeID[int]
    amount: Decimal = strawberry.field(description="Amount paid, as a decimal string, e.g. `1280.50`.")
    currency: str = strawberry.field(description="ISO 4217 currency code, e.g. `CNY`.")
    occurred_at: datetime = strawberry.field(description="When the purchase was made.")
    channel: PurchaseChannel | None = strawberry.field(description="Where it was made.")  # type: ignore[valid-type]
    source: str | None = strawberry.field(description="The system that reported it, e.g. a partner's shop.")
    external_order_id: str | None = strawberry.field(description="The order id in the source system.")
    items: JSON | None = strawberry.field(description="Line items, as the source sent them.")
    refunded_at: datetime | None = strawberry.field(description="When it was refunded, if refunded.")
    refund_reason: str | None = strawberry.field(
        description="Why it was refunded, as staff or the source gave it."
    )
    created_at: datetime = strawberry.field(description="When it was recorded in Guanxi.")
    customer_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.Purchase) -> Purchase:
        return cls(
            id=row.pk,
            amount=_amount(Decimal(row.amount), row.currency),
            currency=row.currency,
            occurred_at=row.occurred_at,
            channel=row.channel,
            source=row.source or None,
            external_order_id=row.external_order_id,
            items=row.items,
            refunded_at=row.refunded_at,
            refund_reason=row.refund_reason,
            created_at=row.created_at,
            customer_id=row.customer_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Purchase | None]:
        ids = _int_ids(node_ids)
        if not _can_read(info):
            return [None for _ in ids]
        rows = await info.context.loaders.purchase.load_many(ids)
        return [cls.from_row(r) if r is not None else None for r in rows]

    @strawberry.field(description="True once refunded.")
    def refunded(self) -> bool:
        return self.refunded_at is not None

    @strawberry.field(description="Who bought it.")
    async def customer(self, info: Info) -> Customer | None:
        row: Any = await info.context.loaders.customer.load(self.customer_id)
        return Customer.from_row(row) if row is not None else None

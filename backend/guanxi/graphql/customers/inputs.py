from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from guanxi.graphql.customers.types import (
    CompanySize,
    CustomerKind,
    Gender,
    GeographyClass,
    IncomeBand,
    LifecycleStage,
    PurchaseChannel,
)


@strawberry.enum(description="Sort direction.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum(description="What a customer list can be sorted by.")
class CustomerOrderField(Enum):
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"


@strawberry.input(description="Sort order of a customer list; ties are broken by id.")
class CustomerOrder:
    field: CustomerOrderField = strawberry.field(description="The value to sort by.")
    direction: SortDirection = strawberry.field(
        default=SortDirection.ASC, description="Ascending or descending."
    )


@strawberry.input(description="Narrows a customer list; all given conditions must hold.")
class CustomerFilter:
    kinds: list[CustomerKind] | None = strawberry.field(default=None, description="Any of these kinds.")  # type: ignore[valid-type]
    lifecycle_stages: list[LifecycleStage] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these lifecycle stages."
    )
    geography_classes: list[GeographyClass] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these geography classes."
    )
    country: str | None = strawberry.field(default=None, description="ISO country code.")
    province: str | None = strawberry.field(default=None, description="Province, exactly.")
    city: str | None = strawberry.field(default=None, description="City, exactly.")
    industries: list[str] | None = strawberry.field(default=None, description="Any of these industries.")
    company_sizes: list[CompanySize] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these company sizes."
    )
    owner_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Owned by any of these staff users."
    )
    unowned: bool | None = strawberry.field(
        default=None, description="True: without an owner (or, with ownerIds, owned by them or nobody)."
    )
    tags: list[str] | None = strawberry.field(default=None, description="Having all of these tags.")
    created_after: datetime | None = strawberry.field(default=None, description="Created at or after.")
    created_before: datetime | None = strawberry.field(default=None, description="Created before.")
    archived: bool | None = strawberry.field(
        default=False, description="False (default): active customers; true: archived; null: both."
    )


@strawberry.input(description="An email address or phone number.")
class ContactPointInput:
    value: str = strawberry.field(description="The address or number.")
    primary: bool | None = strawberry.field(
        default=False, description="Use first; when none is primary the first one is."
    )
    label: str | None = strawberry.field(default=None, description="Free label such as `work`.")


@strawberry.input(description="A new customer.")
class CreateCustomerInput:
    name: str = strawberry.field(description="Full name or company name.")
    kind: CustomerKind | None = strawberry.field(
        default=CustomerKind.PERSON, description="Person or company."
    )  # type: ignore[valid-type]
    emails: list[ContactPointInput] | None = strawberry.field(default=None, description="Email addresses.")
    phones: list[ContactPointInput] | None = strawberry.field(default=None, description="Phone numbers.")
    wechat_id: str | None = strawberry.field(default=None, description="WeChat id.")
    address: str | None = strawberry.field(default=None, description="Postal address.")
    gender: Gender | None = strawberry.field(default=None, description="Gender of a person.")  # type: ignore[valid-type]
    birthday: date | None = strawberry.field(default=None, description="Date of birth.")
    occupation: str | None = strawberry.field(default=None, description="Occupation.")
    income_band: IncomeBand | None = strawberry.field(default=None, description="Income band.")  # type: ignore[valid-type]
    industry: str | None = strawberry.field(default=None, description="Industry of a company.")
    company_size: CompanySize | None = strawberry.field(default=None, description="Employee band.")  # type: ignore[valid-type]
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 code, e.g. `CN`.")
    province: str | None = strawberry.field(default=None, description="Province or state.")
    city: str | None = strawberry.field(default=None, description="City.")
    acquisition_channel: str | None = strawberry.field(default=None, description="How they found us.")
    acquisition_campaign: str | None = strawberry.field(
        default=None, description="Campaign that brought them."
    )
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Account manager (a User id)."
    )
    tags: list[str] | None = strawberry.field(default=None, description="Free tags.")
    custom_attributes: JSON | None = strawberry.field(default=None, description="A JSON object.")
    external_reference: str | None = strawberry.field(
        default=None, description="Id in another system (unique)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Retrying with the same key returns the first result instead of a second customer.",
    )


@strawberry.input(description="Changes to a customer: omitted fields stay, null clears.")
class UpdateCustomerInput:
    id: strawberry.ID = strawberry.field(description="The customer.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Full name or company name.")
    kind: CustomerKind | None = strawberry.field(default=strawberry.UNSET, description="Person or company.")  # type: ignore[valid-type]
    emails: list[ContactPointInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces all email addresses."
    )
    phones: list[ContactPointInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces all phone numbers."
    )
    wechat_id: str | None = strawberry.field(default=strawberry.UNSET, description="WeChat id.")
    address: str | None = strawberry.field(default=strawberry.UNSET, description="Postal address.")
    gender: Gender | None = strawberry.field(default=strawberry.UNSET, description="Gender.")  # type: ignore[valid-type]
    birthday: date | None = strawberry.field(default=strawberry.UNSET, description="Date of birth.")
    occupation: str | None = strawberry.field(default=strawberry.UNSET, description="Occupation.")
    income_band: IncomeBand | None = strawberry.field(default=strawberry.UNSET, description="Income band.")  # type: ignore[valid-type]
    industry: str | None = strawberry.field(default=strawberry.UNSET, description="Industry.")
    company_size: CompanySize | None = strawberry.field(
        default=strawberry.UNSET, description="Employee band."
    )  # type: ignore[valid-type]
    country: str | None = strawberry.field(default=strawberry.UNSET, description="ISO country code.")
    province: str | None = strawberry.field(default=strawberry.UNSET, description="Province or state.")
    city: str | None = strawberry.field(default=strawberry.UNSET, description="City.")
    acquisition_channel: str | None = strawberry.field(
        default=strawberry.UNSET, description="How they found us."
    )
    acquisition_campaign: str | None = strawberry.field(default=strawberry.UNSET, description="Campaign.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Account manager."
    )
    tags: list[str] | None = strawberry.field(default=strawberry.UNSET, description="Replaces all tags.")
    custom_attributes: JSON | None = strawberry.field(default=strawberry.UNSET, description="A JSON object.")
    external_reference: str | None = strawberry.field(default=strawberry.UNSET, description="Id elsewhere.")


@strawberry.input(description="Archive (soft-delete) a customer.")
class ArchiveCustomerInput:
    id: strawberry.ID = strawberry.field(description="The customer.")


@strawberry.input(description="Bring back an archived customer.")
class RestoreCustomerInput:
    id: strawberry.ID = strawberry.field(description="The customer.")


@strawberry.input(
    description="A purchase to record. Recording the same (source, externalOrderId) twice records it once."
)
class RecordPurchaseInput:
    customer_id: strawberry.ID = strawberry.field(description="Who bought.")
    amount: Decimal = strawberry.field(
        description="Amount paid, a decimal string such as `1280.50`; not negative."
    )
    currency: str = strawberry.field(description="ISO 4217 code such as `CNY`.")
    occurred_at: datetime | None = strawberry.field(default=None, description="When; default now.")
    channel: PurchaseChannel | None = strawberry.field(default=None, description="Where.")  # type: ignore[valid-type]
    source: str | None = strawberry.field(default=None, description="Reporting system, e.g. `eshop`.")
    external_order_id: str | None = strawberry.field(
        default=None, description="Order id in the source (unique per source)."
    )
    items: JSON | None = strawberry.field(default=None, description="Line items, any JSON.")
    idempotency_key: str | None = strawberry.field(default=None, description="Retry-safety key.")


@strawberry.input(description="Mark a purchase refunded.")
class RefundPurchaseInput:
    id: strawberry.ID = strawberry.field(description="The purchase.")
    reason: str | None = strawberry.field(default=None, description="Why.")


@strawberry.input(description="Fix a customer's lifecycle stage, or let it be derived again.")
class PinLifecycleStageInput:
    customer_id: strawberry.ID = strawberry.field(description="The customer.")
    stage: LifecycleStage | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="The stage to pin; null unpins and derives it from the data again."
    )

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

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


# The writable customer fields, shared by the create and update inputs:
# (name, type, description). Create takes them as optional values; update as "omitted = unchanged".
_CUSTOMER_FIELDS: list[tuple[str, Any, str]] = [
    ("kind", CustomerKind | None, "Person or company."),
    ("emails", list[ContactPointInput] | None, "Email addresses (on update: replaces them all)."),
    ("phones", list[ContactPointInput] | None, "Phone numbers (on update: replaces them all)."),
    ("wechat_id", str | None, "WeChat id."),
    ("address", str | None, "Postal address."),
    ("gender", Gender | None, "Gender of a person."),
    ("birthday", date | None, "Date of birth."),
    ("occupation", str | None, "Occupation."),
    ("income_band", IncomeBand | None, "Income band."),
    ("industry", str | None, "Industry of a company."),
    ("company_size", CompanySize | None, "Employee band of a company."),
    ("country", str | None, "ISO 3166-1 alpha-2 code, e.g. `CN`."),
    ("province", str | None, "Province or state."),
    ("city", str | None, "City."),
    ("acquisition_channel", str | None, "How they found us."),
    ("acquisition_campaign", str | None, "Campaign that brought them."),
    ("owner_id", strawberry.ID | None, "Account manager (a User id)."),
    ("tags", list[str] | None, "Free tags (on update: replaces them all)."),
    ("custom_attributes", JSON | None, "A JSON object."),
    ("external_reference", str | None, "Id in another system (unique)."),
    (
        "override_erasure",
        bool | None,
        "ADMIN only: accept emails or phones of a customer erased on request (refused otherwise).",
    ),
]


_REQUIRED = object()


def _input_type(name: str, description: str, fields: list[tuple[str, Any, Any, str]]) -> type:
    """A strawberry input from (name, type, default, description) rows, in order."""
    namespace: dict[str, Any] = {"__annotations__": {}}
    for field_name, type_, default, field_description in fields:
        namespace["__annotations__"][field_name] = type_
        if default is _REQUIRED:
            namespace[field_name] = strawberry.field(description=field_description)
        else:
            namespace[field_name] = strawberry.field(default=default, description=field_description)
    return strawberry.input(type(name, (), namespace), description=description)


CreateCustomerInput = _input_type(
    "CreateCustomerInput",
    "A new customer.",
    [
        ("name", str, _REQUIRED, "Full name or company name."),
        *[(n, t, CustomerKind.PERSON if n == "kind" else None, d) for n, t, d in _CUSTOMER_FIELDS],
        (
            "idempotency_key",
            str | None,
            None,
            "Retrying with the same key returns the first result instead of a second customer.",
        ),
    ],
)

UpdateCustomerInput = _input_type(
    "UpdateCustomerInput",
    "Changes to a customer: omitted fields stay as they are, null clears a field, lists replace.",
    [
        ("id", strawberry.ID, _REQUIRED, "The customer."),
        ("name", str | None, strawberry.UNSET, "Full name or company name."),
        *[(n, t, strawberry.UNSET, d) for n, t, d in _CUSTOMER_FIELDS],
    ],
)


@strawberry.input(
    description="Erase a customer's personal data on their request (purchases and aggregates stay)."
)
class EraseCustomerInput:
    id: strawberry.ID = strawberry.field(description="The customer.")
    reason: str = strawberry.field(description="Why, e.g. the reference of the customer's request.")


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

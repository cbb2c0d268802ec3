"""Customers, their contact points and tags, and purchases."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from guanxi.core.models import TimestampedModel


class CustomerKind(StrEnum):
    PERSON = "PERSON"
    COMPANY = "COMPANY"


class Gender(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"
    OTHER = "OTHER"


class IncomeBand(StrEnum):
    LOW = "LOW"
    LOWER_MIDDLE = "LOWER_MIDDLE"
    MIDDLE = "MIDDLE"
    UPPER_MIDDLE = "UPPER_MIDDLE"
    HIGH = "HIGH"


class CompanySize(StrEnum):
    SMALL = "SMALL"
    MEDIUM = "MEDIUM"
    LARGE = "LARGE"


class GeographyClass(StrEnum):
    LOCAL = "LOCAL"
    DOMESTIC = "DOMESTIC"
    INTERNATIONAL = "INTERNATIONAL"


class LifecycleStage(StrEnum):
    PROSPECT = "PROSPECT"
    POTENTIAL_BUYER = "POTENTIAL_BUYER"
    PURCHASER = "PURCHASER"
    LOYAL = "LOYAL"
    ADVOCATE = "ADVOCATE"


class ContactKind(StrEnum):
    EMAIL = "EMAIL"
    PHONE = "PHONE"


class PurchaseChannel(StrEnum):
    ONLINE = "ONLINE"
    STORE = "STORE"
    PHONE = "PHONE"
    MOBILE_APP = "MOBILE_APP"
    PARTNER = "PARTNER"
    OTHER = "OTHER"


class Customer(TimestampedModel):
    kind = fields.CharEnumField(CustomerKind, max_length=16, default=CustomerKind.PERSON)
    name = fields.CharField(max_length=200)
    # Personal data is stored encrypted (core/crypto.py); see `PII_FIELDS`.
    wechat_id = fields.TextField(null=True)
    address = fields.TextField(null=True)
    gender = fields.CharEnumField(Gender, max_length=16, null=True)
    birthday_encrypted = fields.TextField(null=True)  # ISO date, encrypted
    birth_month = fields.SmallIntField(null=True)  # kept in clear: what masked views show, for greetings
    birth_year = fields.SmallIntField(null=True)  # kept in clear for age in segment rules; the day stays encrypted
    occupation = fields.CharField(max_length=100, null=True)
    income_band = fields.CharEnumField(IncomeBand, max_length=16, null=True)
    industry = fields.CharField(max_length=100, null=True, db_index=True)
    company_size = fields.CharEnumField(CompanySize, max_length=16, null=True)
    country = fields.CharField(max_length=2, null=True)
    province = fields.CharField(max_length=100, null=True)
    city = fields.CharField(max_length=100, null=True)
    geography_class = fields.CharEnumField(GeographyClass, max_length=16, null=True)
    acquisition_channel = fields.CharField(max_length=100, null=True)
    acquisition_campaign = fields.CharField(max_length=200, null=True)
    owner = fields.ForeignKeyField(
        "models.User",
        related_name="customers",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    team = fields.ForeignKeyField(
        "models.Team", related_name="customers", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    custom_attributes = fields.JSONField(default=dict)
    lifecycle_stage = fields.CharEnumField(LifecycleStage, max_length=16, default=LifecycleStage.PROSPECT)
    lifecycle_stage_pinned = fields.BooleanField(default=False)
    external_reference = fields.CharField(max_length=200, null=True, unique=True)
    archived_at = fields.DatetimeField(null=True)
    erased_at = fields.DatetimeField(null=True)  # personal data anonymised on the customer's request

    class Meta:
        table = "customer"
        # Lists filter on archived_at (almost always NULL) and sort: the composite indexes let the
        # database walk the sort order and stop after one page. A lone index on archived_at made
        # SQLite read and sort every live customer (bench/README.md).
        indexes = (
            ("archived_at", "created_at"),
            ("archived_at", "name"),
            ("archived_at", "updated_at"),
            ("created_at",),
            ("lifecycle_stage",),
            ("country", "province", "city"),
            ("geography_class",),
        )


# Encrypted columns and the context each is bound to (core/crypto.py): a value cannot be moved
# to another column. `guanxi keys rotate` re-encrypts exactly these.
PII_FIELDS: dict[str, tuple[str, ...]] = {
    "customer": ("wechat_id", "address", "birthday_encrypted"),
    "contact_point": ("value",),
}


class ContactPoint(Model):
    """An email address or phone number of a customer, one of each kind primary."""

    id = fields.BigIntField(primary_key=True)
    customer = fields.ForeignKeyField(
        "models.Customer",
        related_name="contact_points",
        on_delete=fields.CASCADE,
        db_index=True,
    )
    kind = fields.CharEnumField(ContactKind, max_length=8)
    value = fields.TextField()  # encrypted, as entered
    lookup_hash = fields.CharField(max_length=64)  # keyed hash of the normalised value, for exact lookup
    is_primary = fields.BooleanField(default=False)
    label = fields.CharField(max_length=50, null=True)
    position = fields.SmallIntField(default=0)

    class Meta:
        table = "contact_point"
        indexes = (("kind", "lookup_hash"),)


class CustomerTag(Model):
    id = fields.BigIntField(primary_key=True)
    customer = fields.ForeignKeyField(
        "models.Customer", related_name="tag_rows", on_delete=fields.CASCADE, db_index=True
    )
    tag = fields.CharField(max_length=50)

    class Meta:
        table = "customer_tag"
        unique_together = (("customer", "tag"),)
        indexes = (("tag",),)


class Purchase(TimestampedModel):
    customer = fields.ForeignKeyField(
        "models.Customer", related_name="purchases", on_delete=fields.RESTRICT, db_index=True
    )
    amount = fields.DecimalField(max_digits=18, decimal_places=4)
    currency = fields.CharField(max_length=3)
    occurred_at = fields.DatetimeField()
    channel = fields.CharEnumField(PurchaseChannel, max_length=16, null=True)
    source = fields.CharField(max_length=100, default="")
    external_order_id = fields.CharField(max_length=200, null=True)
    items = fields.JSONField(null=True)
    refunded_at = fields.DatetimeField(null=True)
    refund_reason = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "purchase"
        unique_together = (("source", "external_order_id"),)
        indexes = (("customer_id", "occurred_at"), ("occurred_at",))


class ErasedIdentity(Model):
    """The keyed hash of a phone or email of an erased customer: a later import of it is refused."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharEnumField(ContactKind, max_length=8)
    lookup_hash = fields.CharField(max_length=64)
    customer_id = fields.BigIntField()  # the erased customer (kept, anonymised)
    erased_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "erased_identity"
        indexes = (("kind", "lookup_hash"),)

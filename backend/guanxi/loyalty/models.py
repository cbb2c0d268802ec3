"""The loyalty program, accounts, the append-only points ledger, earn lots, tiers and rewards.

The ledger (`loyalty_ledger_entry`) is append-only: entries are never changed or removed, and a
correction is a new entry. What is derived from it and changes — an account's balance, how much of
each earned lot is left for redemption and expiry — lives in `loyalty_account` and `loyalty_lot`,
written in the same transaction as the entry, so the balance always equals the ledger's sum
(`guanxi loyalty verify` checks it).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from guanxi.accounts.models import AppendOnlyError, AppendOnlyManager
from guanxi.core.models import TimestampedModel


class Rounding(StrEnum):
    FLOOR = "FLOOR"
    ROUND = "ROUND"
    CEIL = "CEIL"


class EntryKind(StrEnum):
    EARN = "EARN"  # points for a purchase
    BONUS = "BONUS"  # birthday, goodwill after a complaint, campaigns
    REDEEM = "REDEEM"  # points spent (on a reward or as a discount)
    EXPIRE = "EXPIRE"  # points past the program's lifetime
    ADJUST = "ADJUST"  # staff correction, either sign
    REVERSAL = "REVERSAL"  # a refunded purchase's points taken back


class ReferenceType(StrEnum):
    PURCHASE = "PURCHASE"
    REWARD = "REWARD"
    COMPLAINT = "COMPLAINT"
    STAFF = "STAFF"
    BIRTHDAY = "BIRTHDAY"
    PROGRAM = "PROGRAM"  # expiry and other program rules


class LoyaltyProgram(Model):
    """The one program (id 1), edited by ADMIN."""

    id = fields.IntField(primary_key=True)
    earn_rate = fields.DecimalField(max_digits=10, decimal_places=4, default=1)  # points per currency unit
    rounding = fields.CharEnumField(Rounding, max_length=8, default=Rounding.FLOOR)
    auto_enrol = fields.BooleanField(default=True)  # enrol customers on their first purchase
    points_lifetime_months = fields.IntField(default=24)
    birthday_bonus = fields.IntField(default=100)
    tier_review_month = fields.CharField(max_length=7, null=True)  # YYYY-MM of the last monthly tier review
    updated_at = fields.DatetimeField(auto_now=True)
    updated_by_user = fields.ForeignKeyField(
        "models.User", related_name="loyalty_programs", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "loyalty_program"


class LoyaltyTier(Model):
    """A tier: reached with `threshold` points earned in a rolling 12 months."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50, unique=True)
    threshold = fields.IntField()
    discount_percent = fields.DecimalField(max_digits=5, decimal_places=2, default=0)
    multiplier = fields.DecimalField(max_digits=6, decimal_places=2, default=1)
    service_level = fields.CharField(max_length=200, null=True)

    class Meta:
        table = "loyalty_tier"


class LoyaltyAccount(TimestampedModel):
    customer = fields.OneToOneField("models.Customer", related_name="loyalty_account", on_delete=fields.RESTRICT)
    balance = fields.BigIntField(default=0)  # the ledger's sum, kept with every entry
    tier = fields.ForeignKeyField("models.LoyaltyTier", related_name="accounts", null=True, on_delete=fields.SET_NULL)
    tier_since = fields.DatetimeField(null=True)
    birthday_bonus_year = fields.SmallIntField(null=True)  # the last year the birthday bonus was granted

    class Meta:
        table = "loyalty_account"
        indexes = (("tier_id",),)


class LedgerEntry(Model):
    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField("models.LoyaltyAccount", related_name="entries", on_delete=fields.RESTRICT)
    kind = fields.CharEnumField(EntryKind, max_length=8)
    amount = fields.BigIntField()  # signed: + earned, - spent
    reason = fields.CharField(max_length=500)
    reference_type = fields.CharEnumField(ReferenceType, max_length=16, null=True)
    reference_id = fields.BigIntField(null=True)
    shortfall = fields.BigIntField(default=0)  # a reversal that could not be taken in full (balance floor 0)
    # What makes an entry happen at most once, e.g. `earn:purchase:17`, `birthday:2026:5`; NULL: no such rule.
    dedupe_key = fields.CharField(max_length=100, null=True, unique=True)
    created_by_user = fields.ForeignKeyField(
        "models.User", related_name="ledger_entries", null=True, on_delete=fields.SET_NULL
    )
    created_by_api_key_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "loyalty_ledger_entry"
        manager = AppendOnlyManager()
        indexes = (("account_id", "id"), ("reference_type", "reference_id"), ("kind", "created_at"))

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db or self.pk is not None:
            raise AppendOnlyError("Ledger entries are never changed; add a correcting entry.")
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise AppendOnlyError("Ledger entries are never removed; add a correcting entry.")


class LoyaltyLot(Model):
    """Points earned together that expire together. Redemptions and expiry take the oldest first."""

    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField("models.LoyaltyAccount", related_name="lots", on_delete=fields.RESTRICT)
    entry = fields.OneToOneField("models.LedgerEntry", related_name="lot", on_delete=fields.RESTRICT)
    points = fields.BigIntField()
    remaining = fields.BigIntField()
    earned_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()

    class Meta:
        table = "loyalty_lot"
        indexes = (("account_id", "remaining", "expires_at"), ("expires_at", "remaining"))


class TierChange(Model):
    id = fields.BigIntField(primary_key=True)
    account = fields.ForeignKeyField("models.LoyaltyAccount", related_name="tier_changes", on_delete=fields.RESTRICT)
    from_tier = fields.CharField(max_length=50, null=True)
    to_tier = fields.CharField(max_length=50, null=True)
    reason = fields.CharField(max_length=200)
    changed_at = fields.DatetimeField()

    class Meta:
        table = "loyalty_tier_change"
        indexes = (("account_id", "changed_at"),)


class Reward(TimestampedModel):
    name = fields.CharField(max_length=200)
    description = fields.TextField(null=True)
    points_cost = fields.IntField()
    stock = fields.IntField(null=True)  # None: unlimited
    active_from = fields.DatetimeField(null=True)
    active_until = fields.DatetimeField(null=True)
    min_tier = fields.ForeignKeyField("models.LoyaltyTier", related_name="rewards", null=True, on_delete=fields.SET_NULL)
    archived_at = fields.DatetimeField(null=True)

    class Meta:
        table = "loyalty_reward"

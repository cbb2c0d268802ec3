"""Per-customer metrics derived from purchases, kept current in the purchase's own transaction."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class CustomerMetrics(Model):
    """What a customer's kept (not refunded) purchases add up to.

    Spend is counted in the base currency (GUANXI_CURRENCY) only, in its minor units, so it is
    exact and comparable in SQL on every database; purchases in other currencies count in
    `purchase_count` but not in spend (there are no exchange rates here to convert them).
    """

    customer = fields.OneToOneField(
        "models.Customer", related_name="metrics", on_delete=fields.CASCADE, primary_key=True
    )
    purchase_count = fields.IntField(default=0)  # kept purchases in any currency
    spend_count = fields.IntField(default=0)  # kept purchases in the base currency
    total_spend_minor = fields.BigIntField(default=0)  # their sum, in minor units of the base currency
    first_purchase_at = fields.DatetimeField(null=True)
    last_purchase_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "customer_metrics"
        indexes = (("total_spend_minor",), ("last_purchase_at",), ("purchase_count",))

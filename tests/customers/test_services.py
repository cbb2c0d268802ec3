from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from guanxi.core import clock
from guanxi.core.crypto import lookup_hash
from guanxi.core.errors import DomainError, DomainErrors
from guanxi.core.models import IdempotencyRecord
from guanxi.customers import pii, services
from guanxi.customers.models import ContactPoint, Customer, CustomerTag, LifecycleStage, Purchase


async def _customer(admin, **data):
    customer, _ = await services.create_customer(principal=admin.principal, data={"name": "王芳", **data})
    return customer


async def test_create_stores_contact_points_tags_and_geography(admin):
    # given a customer in the home province with two emails, one marked primary
    customer = await _customer(
        admin,
        emails=[{"value": "a@example.com"}, {"value": "B@Example.com", "primary": True}],
        phones=[{"value": "138 0013 8000"}],
        tags=["VIP", "VIP", "华南"],
        country="cn",
        province="广东",
    )
    # then
    points = await ContactPoint.filter(customer_id=customer.pk).order_by("kind", "position")
    assert [(p.kind, p.lookup_hash, p.is_primary) for p in points] == [
        ("EMAIL", lookup_hash("EMAIL", "a@example.com"), False),
        ("EMAIL", lookup_hash("EMAIL", "b@example.com"), True),
        ("PHONE", lookup_hash("PHONE", "+8613800138000"), True),
    ]
    assert [pii.contact_value(p.value) for p in points] == ["a@example.com", "B@Example.com", "138 0013 8000"]
    assert sorted(await CustomerTag.filter(customer_id=customer.pk).values_list("tag", flat=True)) == [
        "VIP",
        "华南",
    ]
    assert customer.country == "CN"
    assert customer.geography_class == "LOCAL"
    assert customer.lifecycle_stage == LifecycleStage.PROSPECT


async def test_create_reports_every_problem_and_writes_nothing(admin):
    with pytest.raises(DomainErrors) as exc:
        await services.create_customer(
            principal=admin.principal,
            data={
                "name": " ",
                "emails": [{"value": "ok@example.com"}, {"value": "nope"}],
                "phones": [{"value": "12"}],
                "country": "China",
            },
        )
    assert sorted((e.code, e.field) for e in exc.value.errors) == sorted(
        [
            ("REQUIRED", "name"),
            ("INVALID_EMAIL", "emails.1.value"),
            ("INVALID_PHONE", "phones.0.value"),
            ("INVALID_COUNTRY", "country"),
        ]
    )
    assert await Customer.all().count() == 0
    assert await ContactPoint.all().count() == 0


async def test_two_primary_emails_are_refused(admin):
    with pytest.raises(DomainError) as exc:
        await _customer(
            admin,
            emails=[{"value": "a@example.com", "primary": True}, {"value": "b@example.com", "primary": True}],
        )
    assert (exc.value.code, exc.value.field) == ("MULTIPLE_PRIMARY", "emails")


async def test_external_reference_is_unique(admin):
    await _customer(admin, external_reference="ERP-1")
    with pytest.raises(DomainError) as exc:
        await _customer(admin, name="Other", external_reference="ERP-1")
    assert (exc.value.code, exc.value.field) == ("DUPLICATE", "external_reference")
    assert await Customer.all().count() == 1


async def test_idempotency_key_returns_the_first_customer(admin):
    data = {"name": "Zhang Wei", "emails": [{"value": "zw@example.com"}]}
    first, replayed_first = await services.create_customer(
        principal=admin.principal, data=data, idempotency_key="k1"
    )
    again, replayed_again = await services.create_customer(
        principal=admin.principal, data=data, idempotency_key="k1"
    )
    assert (replayed_first, replayed_again) == (False, True)
    assert again.pk == first.pk
    assert await Customer.all().count() == 1


async def test_idempotency_key_with_another_input_is_refused(admin):
    await services.create_customer(principal=admin.principal, data={"name": "A"}, idempotency_key="k1")
    with pytest.raises(DomainError) as exc:
        await services.create_customer(principal=admin.principal, data={"name": "B"}, idempotency_key="k1")
    assert (exc.value.code, exc.value.field) == ("IDEMPOTENCY_KEY_REUSED", "idempotency_key")
    assert await Customer.all().count() == 1


async def test_idempotency_keys_belong_to_their_principal(admin, agent):
    await services.create_customer(principal=admin.principal, data={"name": "A"}, idempotency_key="k1")
    await services.create_customer(principal=agent.principal, data={"name": "A"}, idempotency_key="k1")
    assert await Customer.all().count() == 2


async def test_concurrent_retries_with_one_key_create_one_customer(admin):
    data = {"name": "Retry Li"}
    results = await asyncio.gather(
        *[
            services.create_customer(principal=admin.principal, data=data, idempotency_key="same")
            for _ in range(8)
        ]
    )
    assert len({c.pk for c, _ in results}) == 1
    assert await Customer.all().count() == 1
    assert await IdempotencyRecord.all().count() == 1


async def test_failed_attempt_stores_no_key_so_a_fixed_retry_works(admin):
    with pytest.raises(DomainError):
        await services.create_customer(principal=admin.principal, data={"name": ""}, idempotency_key="k")
    customer, replayed = await services.create_customer(
        principal=admin.principal, data={"name": "Fixed"}, idempotency_key="k"
    )
    assert not replayed and customer.name == "Fixed"


async def test_update_changes_only_given_fields_and_replaces_lists(admin):
    customer = await _customer(
        admin, emails=[{"value": "a@example.com"}], tags=["VIP"], city="广州", country="CN"
    )
    updated = await services.update_customer(
        principal=admin.principal, customer_id=customer.pk, data={"tags": ["new"], "province": "北京"}
    )
    assert updated.city == "广州"
    assert updated.geography_class == "DOMESTIC"
    assert await CustomerTag.filter(customer_id=customer.pk).values_list("tag", flat=True) == ["new"]
    assert await ContactPoint.filter(customer_id=customer.pk).count() == 1


async def test_update_of_an_archived_customer_is_refused(admin):
    customer = await _customer(admin)
    await services.set_archived(principal=admin.principal, customer_id=customer.pk, archived=True)
    with pytest.raises(DomainError) as exc:
        await services.update_customer(principal=admin.principal, customer_id=customer.pk, data={"name": "X"})
    assert exc.value.code == "ARCHIVED"
    assert (await Customer.get(id=customer.pk)).name == "王芳"


async def test_archive_and_restore_are_repeatable(admin):
    customer = await _customer(admin)
    for _ in range(2):
        archived = await services.set_archived(
            principal=admin.principal, customer_id=customer.pk, archived=True
        )
        assert archived.archived_at is not None
    restored = await services.set_archived(principal=admin.principal, customer_id=customer.pk, archived=False)
    assert restored.archived_at is None


async def _buy(admin, customer, amount="100", *, at=None, **extra):
    purchase, _ = await services.record_purchase(
        principal=admin.principal,
        customer_id=customer.pk,
        data={"amount": Decimal(amount), "currency": "CNY", "occurred_at": at, **extra},
    )
    return purchase


async def test_lifecycle_follows_purchases_on_distinct_days(admin):
    customer = await _customer(admin)
    day = datetime(2026, 1, 5, 10, tzinfo=UTC)
    await _buy(admin, customer, at=day)
    await _buy(admin, customer, at=day + timedelta(hours=2))  # same day
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == "PURCHASER"
    await _buy(admin, customer, at=day + timedelta(days=1))
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == "PURCHASER"
    third = await _buy(admin, customer, at=day + timedelta(days=2))
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == "LOYAL"
    await services.refund_purchase(principal=admin.principal, purchase_id=third.pk, reason="broken")
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == "PURCHASER"


async def test_pinned_stage_is_kept_until_unpinned(admin):
    customer = await _customer(admin)
    await services.pin_lifecycle_stage(
        principal=admin.principal, customer_id=customer.pk, stage=LifecycleStage.ADVOCATE
    )
    await _buy(admin, customer)
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == "ADVOCATE"
    unpinned = await services.pin_lifecycle_stage(
        principal=admin.principal, customer_id=customer.pk, stage=None
    )
    assert (unpinned.lifecycle_stage, unpinned.lifecycle_stage_pinned) == ("PURCHASER", False)


async def test_external_order_is_recorded_once(admin):
    customer = await _customer(admin)
    first = await _buy(admin, customer, "99.90", source="eshop", external_order_id="SO-1")
    again = await _buy(admin, customer, "99.90", source="eshop", external_order_id="SO-1")
    other_source = await _buy(admin, customer, "99.90", source="pos", external_order_id="SO-1")
    assert again.pk == first.pk
    assert other_source.pk != first.pk
    assert await Purchase.all().count() == 2


async def test_external_order_with_other_amount_is_a_conflict(admin):
    customer = await _customer(admin)
    await _buy(admin, customer, "99.90", source="eshop", external_order_id="SO-1")
    with pytest.raises(DomainError) as exc:
        await _buy(admin, customer, "10.00", source="eshop", external_order_id="SO-1")
    assert (exc.value.code, exc.value.field) == ("EXTERNAL_ORDER_CONFLICT", "external_order_id")
    assert await Purchase.all().count() == 1


async def test_concurrent_copies_of_one_order_record_one_purchase(admin):
    customer = await _customer(admin)
    await asyncio.gather(
        *[_buy(admin, customer, "50", source="eshop", external_order_id="SO-9") for _ in range(6)]
    )
    assert await Purchase.filter(external_order_id="SO-9").count() == 1


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"amount": Decimal("-1"), "currency": "CNY"}, "NEGATIVE_AMOUNT", "amount"),
        ({"amount": Decimal("1"), "currency": "XYZ"}, "UNKNOWN_CURRENCY", "currency"),
        ({"amount": Decimal("1.5"), "currency": "JPY"}, "TOO_MANY_DECIMALS", "amount"),
        ({"amount": Decimal("1.005"), "currency": "CNY"}, "TOO_MANY_DECIMALS", "amount"),
        (
            {"amount": Decimal("1"), "currency": "CNY", "occurred_at": datetime(2099, 1, 1, tzinfo=UTC)},
            "FUTURE_DATE",
            "occurred_at",
        ),
    ],
)
async def test_bad_purchases_are_refused(admin, data, code, field):
    customer = await _customer(admin)
    with pytest.raises(DomainError) as exc:
        await services.record_purchase(principal=admin.principal, customer_id=customer.pk, data=data)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert await Purchase.all().count() == 0
    assert (await Customer.get(id=customer.pk)).lifecycle_stage == "PROSPECT"


async def test_purchase_for_archived_or_unknown_customer_is_refused(admin):
    customer = await _customer(admin)
    await services.set_archived(principal=admin.principal, customer_id=customer.pk, archived=True)
    for customer_id, code in ((customer.pk, "ARCHIVED"), (999_999, "NOT_FOUND")):
        with pytest.raises(DomainError) as exc:
            await services.record_purchase(
                principal=admin.principal,
                customer_id=customer_id,
                data={"amount": Decimal("1"), "currency": "CNY"},
            )
        assert (exc.value.code, exc.value.field) == (code, "customer_id")
    assert await Purchase.all().count() == 0


async def test_refund_twice_is_refused(admin):
    customer = await _customer(admin)
    purchase = await _buy(admin, customer)
    await services.refund_purchase(principal=admin.principal, purchase_id=purchase.pk, reason=None)
    with pytest.raises(DomainError) as exc:
        await services.refund_purchase(principal=admin.principal, purchase_id=purchase.pk, reason=None)
    assert exc.value.code == "ALREADY_REFUNDED"


async def test_purchase_time_tolerates_small_clock_skew(admin):
    customer = await _customer(admin)
    purchase = await _buy(admin, customer, at=clock.now() + timedelta(minutes=2))
    assert purchase.pk

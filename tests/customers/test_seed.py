"""Demo data: deterministic for a seed, plausible in size, and consistent with the customer rules."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from guanxi.accounts.models import User
from guanxi.core import clock
from guanxi.core.crypto import lookup_hash
from guanxi.core.currency import minor_units
from guanxi.customers import pii
from guanxi.customers.models import ContactPoint, Customer, CustomerTag, LifecycleStage, Purchase
from guanxi.customers.rules import derived_stage, geography_class, normalize_email, normalize_phone
from guanxi.customers.seed import STAFF, seed_demo_data
from guanxi.customers.seed import writer as seed_writer
from guanxi.settings import get_settings

NOW = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)
TODAY = NOW.replace(hour=0, minute=0)
PURCHASE_STAGES = {LifecycleStage.PURCHASER, LifecycleStage.LOYAL, LifecycleStage.ADVOCATE}


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    clock.freeze(NOW)
    try:
        yield
    finally:
        clock.freeze(None)


async def _snapshot(customer_ids: list[int]) -> list[tuple[Any, ...]]:
    """What a seed decides, without the ids the database handed out."""
    customers = await Customer.filter(id__in=customer_ids).order_by("id")
    purchases: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for p in await Purchase.filter(customer_id__in=customer_ids).order_by("id"):
        purchases[p.customer_id].append((Decimal(p.amount), p.currency, p.occurred_at, p.channel, p.source))
    emails: dict[int, list[str]] = defaultdict(list)
    for c in await ContactPoint.filter(customer_id__in=customer_ids).order_by("id"):
        emails[c.customer_id].append(c.lookup_hash)
    return [
        (
            c.name,
            c.kind,
            c.country,
            c.city,
            pii.birthday(c.birthday_encrypted),
            c.created_at,
            c.lifecycle_stage,
            c.custom_attributes,
            tuple(emails[c.pk]),
            tuple(purchases[c.pk]),
        )
        for c in customers
    ]


async def _ids_after(last_id: int) -> list[int]:
    return list(await Customer.filter(id__gt=last_id).order_by("id").values_list("id", flat=True))


async def test_same_seed_gives_the_same_data_and_a_different_seed_does_not(db):
    # given a first seeding
    await seed_demo_data(customers=120, seed=7)
    first = await _snapshot(await _ids_after(0))
    last_id = max(await Customer.all().values_list("id", flat=True))

    # when the same seed runs again into the same (now non-empty) database
    summary = await seed_demo_data(customers=120, seed=7)

    # then it adds customers with fresh ids and the same names, contacts and amounts
    second_ids = await _ids_after(last_id)
    assert len(second_ids) == 120 == summary.customers
    assert await _snapshot(second_ids) == first
    assert await Customer.all().count() == 240
    # external order ids embed the customer id: still unique per source
    pairs = await Purchase.all().values_list("source", "external_order_id")
    assert len(pairs) == len(set(pairs))

    # when another seed runs
    last_id = max(second_ids)
    await seed_demo_data(customers=120, seed=8)
    third = await _snapshot(await _ids_after(last_id))
    # then the people and their purchases differ
    assert [row[0] for row in third] != [row[0] for row in first]
    assert [row[-1] for row in third] != [row[-1] for row in first]


async def test_counts_are_plausible_and_the_summary_says_them(db):
    # when
    summary = await seed_demo_data(customers=400, seed=3)

    # then
    customers = await Customer.all().count()
    purchases = await Purchase.all().count()
    assert (summary.customers, summary.purchases, summary.staff_users) == (400, purchases, len(STAFF))
    assert str(summary) == f"400 customers, {purchases:,} purchases, 6 staff users"
    assert customers == 400
    assert 3.5 <= purchases / customers <= 6.5  # about 5 per customer
    buyers = set(await Purchase.all().distinct().values_list("customer_id", flat=True))
    assert 0.15 <= 1 - len(buyers) / customers <= 0.35  # about a quarter are prospects
    kinds = Counter(await Customer.all().values_list("kind", flat=True))
    assert 0.12 <= kinds["COMPANY"] / customers <= 0.28
    names = await Customer.filter(kind="PERSON").values_list("name", flat=True)
    chinese = sum(1 for n in names if re.match(r"[\u4e00-\u9fff]", n))
    assert 0.5 <= chinese / len(names) <= 0.8
    assert summary.contact_points == await ContactPoint.all().count()
    assert summary.tags == await CustomerTag.all().count()
    assert 0 < summary.tags


async def test_staff_users_are_created_once_and_own_most_customers(db):
    # given one of the demo staff exists already, with another role
    await User.create(email=STAFF[2][1], name="Existing", role="ANALYST")

    # when seeding twice
    await seed_demo_data(customers=200, seed=1)
    await seed_demo_data(customers=50, seed=2)

    # then every demo staff user exists once, the existing one untouched
    staff = {u.email: u for u in await User.filter(email__endswith="@guanxi.local")}
    assert sorted(staff) == sorted(email for _, email, _, _ in STAFF)
    assert staff[STAFF[2][1]].name == "Existing"
    assert all(u.password_hash is None for u in staff.values())
    owners = Counter(await Customer.all().values_list("owner_id", flat=True))
    assert set(owners) - {None} <= {u.pk for u in staff.values()}
    assert 0 < owners[None] < 0.3 * 250


async def test_lifecycle_stages_follow_the_derivation_rule(db):
    # when
    await seed_demo_data(customers=400, seed=11)

    # then each stage is what rules.derived_stage makes of the kept purchases
    days: dict[int, set[Any]] = defaultdict(set)
    for customer_id, occurred_at in await Purchase.filter(refunded_at=None).values_list(
        "customer_id", "occurred_at"
    ):
        days[customer_id].add(occurred_at.astimezone(UTC).date())
    loyal_days = get_settings().loyal_purchase_days
    stages = Counter()
    for c in await Customer.all():
        stage = LifecycleStage(c.lifecycle_stage)
        n = len(days[c.pk])
        assert derived_stage(current=stage, purchase_days=n, loyal_purchase_days=loyal_days) == stage, (
            c.pk,
            n,
        )
        assert (stage in PURCHASE_STAGES) == (n > 0)
        assert not c.lifecycle_stage_pinned
        stages[stage] += 1
    assert set(stages) == set(LifecycleStage)  # some of each, POTENTIAL_BUYER and ADVOCATE included


async def test_contact_points_are_valid_with_one_primary_per_kind(db):
    # when
    await seed_demo_data(customers=300, seed=5)

    # then
    by_customer: dict[tuple[int, str], list[ContactPoint]] = defaultdict(list)
    for point in await ContactPoint.all():
        normalize = normalize_email if point.kind == "EMAIL" else normalize_phone
        value = pii.contact_value(point.value)
        assert lookup_hash(point.kind, normalize(value)) == point.lookup_hash, value
        by_customer[(point.customer_id, point.kind)].append(point)
    for points in by_customer.values():
        assert 1 <= len(points) <= 2
        assert sum(p.is_primary for p in points) == 1
        assert sorted(p.position for p in points) == list(range(len(points)))
    customer_ids = set(await Customer.all().values_list("id", flat=True))
    assert {cid for cid, _ in by_customer} == customer_ids  # everyone can be reached somehow
    emails = [cid for cid, kind in by_customer if kind == "EMAIL"]
    assert len(emails) > 0.7 * len(customer_ids)
    cn_phones = [
        normalize_phone(pii.contact_value(p.value))
        for p in await ContactPoint.filter(kind="PHONE", customer__country="CN")
    ]
    mobiles = [p for p in cn_phones if p.startswith("+861")]
    assert mobiles and all(re.fullmatch(r"\+861[3-9]\d{9}", p) for p in mobiles)
    wechat = await Customer.filter(country="CN", wechat_id__isnull=False).count()
    assert wechat > 0.3 * await Customer.filter(country="CN").count()


async def test_regions_and_geography_class_agree(db):
    # when
    await seed_demo_data(customers=300, seed=9)

    # then
    settings = get_settings()
    classes = Counter()
    for c in await Customer.all():
        expected = geography_class(
            country=c.country,
            province=c.province,
            home_country=settings.home_country,
            home_province=settings.home_province,
        )
        assert c.geography_class == expected, (c.country, c.province)
        classes[expected] += 1
    assert {"LOCAL", "DOMESTIC", "INTERNATIONAL"} <= set(classes)
    countries = Counter(await Customer.all().values_list("country", flat=True))
    assert countries.most_common(1)[0][0] == "CN"


async def test_purchases_are_well_formed(db):
    # when
    await seed_demo_data(customers=300, seed=13)

    # then
    created = dict(await Customer.all().values_list("id", "created_at"))
    purchases = await Purchase.all()
    refunded = 0
    for p in purchases:
        amount = Decimal(p.amount)
        assert amount > 0
        assert amount == amount.quantize(Decimal(1).scaleb(-minor_units(p.currency)))  # JPY has no decimals
        assert p.occurred_at.tzinfo is not None
        assert created[p.customer_id] <= p.occurred_at < TODAY
        assert p.source in {"eshop", "store", "partner-x"} and p.external_order_id
        if p.refunded_at is not None:
            refunded += 1
            assert p.occurred_at < p.refunded_at < TODAY
        if p.items is not None:
            assert sum(Decimal(line["total"]) for line in p.items) == amount
    assert refunded < 0.06 * len(purchases)
    assert len({(p.source, p.external_order_id) for p in purchases}) == len(purchases)
    assert {"CNY", "USD"} <= {p.currency for p in purchases}
    # customers came over the last two years
    assert min(created.values()) >= TODAY.replace(year=TODAY.year - 2)
    assert max(created.values()) < TODAY


async def test_progress_is_reported_after_each_batch(db, monkeypatch):
    monkeypatch.setattr(seed_writer, "BATCH_SIZE", 40)
    seen: list[int] = []

    summary = await seed_demo_data(customers=100, seed=1, progress=seen.append)

    assert seen == [40, 80, 100]
    assert summary.customers == 100


async def test_zero_customers_only_ensures_the_staff(db):
    summary = await seed_demo_data(customers=0, seed=1)

    assert (summary.customers, summary.purchases) == (0, 0)
    assert await Customer.all().count() == 0
    assert await User.filter(email__endswith="@guanxi.local").count() == len(STAFF)

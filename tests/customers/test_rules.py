from __future__ import annotations

import pytest

from guanxi.customers.models import GeographyClass, LifecycleStage
from guanxi.customers.rules import derived_stage, geography_class, normalize_email, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zhang.Wei@Example.COM", "zhang.wei@example.com"),
        ("  li@example.cn ", "li@example.cn"),
        ("not-an-email", None),
        ("a@b", None),
        ("a b@example.com", None),
        ("", None),
    ],
)
def test_normalize_email(raw, expected):
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 0013 8000", "+8613800138000"),
        ("138-0013-8000", "+8613800138000"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("0086 138 0013 8000", "+8613800138000"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("020 8765 4321", "02087654321"),
        ("12", None),
        ("call me", None),
        ("+1234567890123456", None),
    ],
)
def test_normalize_phone(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("country", "province", "expected"),
    [
        ("CN", "广东", GeographyClass.LOCAL),
        ("CN", "广东省", GeographyClass.LOCAL),
        ("CN", "北京", GeographyClass.DOMESTIC),
        ("CN", None, GeographyClass.DOMESTIC),
        ("US", "California", GeographyClass.INTERNATIONAL),
        (None, "广东", None),
    ],
)
def test_geography_class_relative_to_home_region(country, province, expected):
    assert (
        geography_class(country=country, province=province, home_country="CN", home_province="广东")
        == expected
    )


def test_geography_class_follows_the_configured_home_region():
    assert (
        geography_class(country="US", province="CA", home_country="US", home_province="CA")
        == GeographyClass.LOCAL
    )
    assert geography_class(country="CN", province="广东", home_country="US", home_province="CA") == (
        GeographyClass.INTERNATIONAL
    )


@pytest.mark.parametrize(
    ("current", "days", "expected"),
    [
        (LifecycleStage.PROSPECT, 0, LifecycleStage.PROSPECT),
        (LifecycleStage.POTENTIAL_BUYER, 0, LifecycleStage.POTENTIAL_BUYER),
        (LifecycleStage.PROSPECT, 1, LifecycleStage.PURCHASER),
        (LifecycleStage.PURCHASER, 2, LifecycleStage.PURCHASER),
        (LifecycleStage.PURCHASER, 3, LifecycleStage.LOYAL),
        (LifecycleStage.ADVOCATE, 4, LifecycleStage.ADVOCATE),
        (LifecycleStage.ADVOCATE, 1, LifecycleStage.PURCHASER),
        (LifecycleStage.LOYAL, 0, LifecycleStage.POTENTIAL_BUYER),
    ],
)
def test_derived_stage(current, days, expected):
    assert derived_stage(current=current, purchase_days=days, loyal_purchase_days=3) == expected

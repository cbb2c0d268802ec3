"""Checks a customer's fields and turns them into column values.

Paths in errors are relative to the input and snake_case (`emails.1.value`); the GraphQL
layer prefixes `input.` and camel-cases them.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from guanxi.accounts.principal import Principal
from guanxi.accounts.scoping import visible_users
from guanxi.core import clock
from guanxi.core.errors import Collector, CoreErrorCode
from guanxi.customers.errors import CustomerErrorCode
from guanxi.customers.models import (
    CompanySize,
    ContactKind,
    CustomerKind,
    Gender,
    IncomeBand,
)
from guanxi.customers.rules import COUNTRIES, normalize_email, normalize_phone

TEXT_LIMITS: dict[str, int] = {
    "name": 200,
    "wechat_id": 100,
    "address": 500,
    "occupation": 100,
    "industry": 100,
    "province": 100,
    "city": 100,
    "acquisition_channel": 100,
    "acquisition_campaign": 200,
    "external_reference": 200,
}
ENUMS: dict[str, type] = {
    "kind": CustomerKind,
    "gender": Gender,
    "income_band": IncomeBand,
    "company_size": CompanySize,
}
MAX_CONTACT_POINTS = 10
MAX_TAGS = 50
MAX_TAG_LENGTH = 50
MAX_CUSTOM_ATTRIBUTES_BYTES = 16_384


def _clean_text(name: str, value: Any, errors: Collector) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) > TEXT_LIMITS[name]:
        errors.add(CoreErrorCode.TOO_LONG, f"At most {TEXT_LIMITS[name]} characters.", name)
    return text


def clean_contact_points(
    kind: ContactKind, items: list[dict[str, Any]], errors: Collector
) -> list[dict[str, Any]]:
    """Validated contact points in input order; the first is primary when none is marked."""
    path = "emails" if kind == ContactKind.EMAIL else "phones"
    if len(items) > MAX_CONTACT_POINTS:
        errors.add(CoreErrorCode.INVALID_VALUE, f"At most {MAX_CONTACT_POINTS}.", path)
        return []
    normalize = normalize_email if kind == ContactKind.EMAIL else normalize_phone
    code = CustomerErrorCode.INVALID_EMAIL if kind == ContactKind.EMAIL else CustomerErrorCode.INVALID_PHONE
    noun = "email address" if kind == ContactKind.EMAIL else "phone number"
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        value = str(item.get("value") or "").strip()
        normalized = normalize(value)
        if normalized is None:
            errors.add(code, f"“{value}” is not a valid {noun}.", f"{path}.{i}.value")
            continue
        if normalized in seen:
            errors.add(CoreErrorCode.DUPLICATE, f"“{value}” is listed twice.", f"{path}.{i}.value")
            continue
        seen.add(normalized)
        label = (item.get("label") or "").strip() or None
        if label and len(label) > 50:
            errors.add(CoreErrorCode.TOO_LONG, "At most 50 characters.", f"{path}.{i}.label")
        cleaned.append(
            {
                "value": value,
                "normalized": normalized,
                "is_primary": bool(item.get("primary")),
                "label": label,
                "position": i,
            }
        )
    primaries = [c for c in cleaned if c["is_primary"]]
    if len(primaries) > 1:
        errors.add(CustomerErrorCode.MULTIPLE_PRIMARY, f"Only one primary {noun}.", f"{path}")
    elif not primaries and cleaned:
        cleaned[0]["is_primary"] = True
    return cleaned


def clean_tags(tags: list[str], errors: Collector) -> list[str]:
    cleaned: list[str] = []
    for i, raw in enumerate(tags):
        tag = str(raw).strip()
        if not tag:
            errors.add(CoreErrorCode.REQUIRED, "A tag cannot be empty.", f"tags.{i}")
        elif len(tag) > MAX_TAG_LENGTH:
            errors.add(CoreErrorCode.TOO_LONG, f"At most {MAX_TAG_LENGTH} characters.", f"tags.{i}")
        elif tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        errors.add(CoreErrorCode.INVALID_VALUE, f"At most {MAX_TAGS} tags.", "tags")
    return cleaned


async def clean_customer(principal: Principal, data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Validate the given fields (all problems at once) and return column values.

    Keys absent from `data` are left out of the result: an update changes only those.
    `emails`, `phones` and `tags` come back as lists for the caller to store in their tables.
    """
    errors = Collector()
    out: dict[str, Any] = {}
    if creating or "name" in data:
        name = _clean_text("name", data.get("name"), errors)
        if not name:
            errors.add(CoreErrorCode.REQUIRED, "A name is required.", "name")
        out["name"] = name
    for key in TEXT_LIMITS:
        if key != "name" and key in data:
            out[key] = _clean_text(key, data[key], errors)
    for key, enum in ENUMS.items():
        if key in data:
            value = data[key]
            if value is None and key == "kind":
                errors.add(CoreErrorCode.REQUIRED, "A kind is required.", key)
            out[key] = enum(value) if value is not None else None
    if creating and out.get("kind") is None:
        out["kind"] = CustomerKind.PERSON
    if "country" in data:
        country = (data["country"] or "").strip().upper() or None
        if country is not None and country not in COUNTRIES:
            errors.add(
                CustomerErrorCode.INVALID_COUNTRY,
                "Use an ISO 3166 two-letter country code such as CN or US.",
                "country",
            )
        out["country"] = country
    if "birthday" in data:
        birthday = data["birthday"]
        if birthday is not None and not (date(1900, 1, 1) <= birthday <= clock.now().date()):
            errors.add(CoreErrorCode.INVALID_VALUE, "A birthday lies between 1900 and today.", "birthday")
        out["birthday"] = birthday
    if "custom_attributes" in data:
        attrs = data["custom_attributes"]
        if attrs is None:
            attrs = {}
        if not isinstance(attrs, dict):
            errors.add(
                CoreErrorCode.INVALID_VALUE, "Custom attributes are a JSON object.", "custom_attributes"
            )
        elif len(json.dumps(attrs, ensure_ascii=False)) > MAX_CUSTOM_ATTRIBUTES_BYTES:
            errors.add(CoreErrorCode.TOO_LONG, "Custom attributes are at most 16 KB.", "custom_attributes")
        out["custom_attributes"] = attrs
    if "owner_id" in data:
        owner_id = data["owner_id"]
        owner = None
        if owner_id is not None:
            owner = await visible_users(principal).filter(id=owner_id, is_active=True).first()
            if owner is None:
                errors.add(
                    CustomerErrorCode.UNKNOWN_OWNER,
                    "No active staff user with this id in your reach.",
                    "owner_id",
                )
        out["owner_id"] = owner_id
        if owner is not None and owner.team_id is not None:
            out["team_id"] = owner.team_id  # the customer follows its owner's team
    for key, kind in (("emails", ContactKind.EMAIL), ("phones", ContactKind.PHONE)):
        if key in data:
            out[key] = clean_contact_points(kind, data[key] or [], errors)
    if "tags" in data:
        out["tags"] = clean_tags(data["tags"] or [], errors)
    errors.raise_if_any()
    return out

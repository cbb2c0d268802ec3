"""Personal fields of customers in and out of their encrypted columns (core/crypto.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from guanxi.core import crypto
from guanxi.customers.models import PII_FIELDS, ContactKind, ContactPoint, Customer


def contact_point_row(kind: ContactKind, point: dict[str, Any]) -> dict[str, Any]:
    """Column values of a validated contact point: the value encrypted, its normalised form hashed."""
    row = {k: v for k, v in point.items() if k != "normalized"}
    row["value"] = crypto.encrypt(point["value"], "contact_point.value")
    row["lookup_hash"] = crypto.lookup_hash(kind, point["normalized"])
    return row


def encrypt_customer_values(values: dict[str, Any]) -> dict[str, Any]:
    """Replace clear personal fields in validated customer values by their stored forms."""
    out = dict(values)
    for name in ("wechat_id", "address"):
        if name in out:
            out[name] = crypto.encrypt(out[name], f"customer.{name}")
    if "birthday" in out:
        birthday: date | None = out.pop("birthday")
        out["birthday_encrypted"] = crypto.encrypt(
            birthday.isoformat() if birthday else None, "customer.birthday_encrypted"
        )
        out["birth_month"] = birthday.month if birthday else None
        out["birth_year"] = birthday.year if birthday else None
    return out


def wechat_id(stored: str | None) -> str | None:
    return crypto.decrypt(stored, "customer.wechat_id")


def address(stored: str | None) -> str | None:
    return crypto.decrypt(stored, "customer.address")


def birthday(stored: str | None) -> date | None:
    text = crypto.decrypt(stored, "customer.birthday_encrypted")
    return date.fromisoformat(text) if text else None


def contact_value(stored: str) -> str:
    return crypto.decrypt(stored, "contact_point.value") or ""


async def reencrypt_all(*, batch_size: int = 500, progress: Callable[[int], None] | None = None) -> int:
    """Re-encrypt every personal value not yet under the current key; returns how many rows changed.

    Runs in small transactions while the app keeps serving: until a row is rewritten its old key
    still decrypts it.
    """
    ring = crypto.keyring(reload=True)
    prefix = f"{crypto.PREFIX}:{ring.current}:"
    changed = 0
    for model, columns in ((Customer, PII_FIELDS["customer"]), (ContactPoint, PII_FIELDS["contact_point"])):
        table = model._meta.db_table
        stale = Q()
        for column in columns:
            stale |= Q(**{f"{column}__isnull": False}) & ~Q(**{f"{column}__startswith": prefix})
        last_id = 0
        while True:
            rows = (
                await model.filter(stale, id__gt=last_id)
                .order_by("id")
                .limit(batch_size)
                .values("id", *columns)
            )
            if not rows:
                break
            async with in_transaction():
                for row in rows:
                    updates = {
                        c: crypto.encrypt(crypto.decrypt(row[c], f"{table}.{c}"), f"{table}.{c}")
                        for c in columns
                        if row[c] is not None and not row[c].startswith(prefix)
                    }
                    await model.filter(id=row["id"]).update(**updates)
            changed += len(rows)
            last_id = rows[-1]["id"]
            if progress:
                progress(changed)
    return changed

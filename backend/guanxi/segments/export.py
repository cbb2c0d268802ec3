"""Members of a segment as CSV, masked according to the caller's rights (CLI and web download).

Rows are read in pages of `PAGE` customers (keyset on the customer id), so memory stays flat however
large the segment. Personal data (email, phone) is in clear only for callers with pii:read; every
customer whose personal data an export showed in clear is written to the audit log, and the export
itself is recorded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction, User
from guanxi.accounts.permissions import Permission
from guanxi.accounts.principal import Principal
from guanxi.core.masking import mask_email, mask_phone
from guanxi.customers.models import ContactKind, ContactPoint
from guanxi.customers.pii import contact_value
from guanxi.segments import services

PAGE = 1000
COLUMNS = (
    "customer_id",
    "name",
    "kind",
    "lifecycle_stage",
    "country",
    "province",
    "city",
    "owner",
    "email",
    "phone",
    "entered_at",
)


def _line(values: list[Any]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(["" if v is None else v for v in values])
    return out.getvalue()


async def members_csv(
    principal: Principal, segment_id: int, *, request: RequestInfo | None = None
) -> AsyncIterator[str]:
    """The header, then one line per current member the principal may see, by customer id."""
    segment = await services.get_segment(segment_id)
    clear = principal.can(Permission.PII_READ)
    yield _line(list(COLUMNS))
    after, exported = 0, 0
    owners: dict[int, str] = {}
    while True:
        rows = await (
            services.visible_members(principal, segment.pk)
            .filter(id__gt=after)
            .order_by("id")
            .limit(PAGE)
            .values("id", "name", "kind", "lifecycle_stage", "country", "province", "city", "owner_id")
        )
        if not rows:
            break
        ids = [r["id"] for r in rows]
        entered = dict(
            await services.current_members(segment.pk)
            .filter(customer_id__in=ids)
            .values_list("customer_id", "entered_at")
        )
        primary: dict[tuple[int, str], str] = {}
        for point in await ContactPoint.filter(customer_id__in=ids, is_primary=True).values(
            "customer_id", "kind", "value"
        ):
            value = contact_value(point["value"])
            if not clear:
                value = mask_email(value) if point["kind"] == ContactKind.EMAIL else mask_phone(value)
            primary[(point["customer_id"], str(point["kind"]))] = value
        missing = {r["owner_id"] for r in rows if r["owner_id"] and r["owner_id"] not in owners}
        if missing:
            owners.update(dict(await User.filter(id__in=missing).values_list("id", "name")))
        lines = []
        shown = []
        for r in rows:
            email = primary.get((r["id"], ContactKind.EMAIL.value))
            phone = primary.get((r["id"], ContactKind.PHONE.value))
            if clear and (email or phone):
                shown.append((r["id"], {"fields": [f for f, v in (("email", email), ("phone", phone)) if v]}))
            lines.append(
                _line(
                    [
                        r["id"],
                        r["name"],
                        str(r["kind"]),
                        str(r["lifecycle_stage"]),
                        r["country"],
                        r["province"],
                        r["city"],
                        owners.get(r["owner_id"]) if r["owner_id"] else None,
                        email,
                        phone,
                        entered[r["id"]].isoformat() if r["id"] in entered else None,
                    ]
                )
            )
        if shown:
            await audit.record_many(
                principal=principal,
                action=AuditAction.PII_READ,
                record_type="Customer",
                records=shown,
                request=request,
            )
        exported += len(rows)
        after = ids[-1]
        yield "".join(lines)
    await audit.record(
        principal=principal,
        action=AuditAction.EXPORT,
        record_type="Segment",
        record_id=segment.pk,
        details={"rows": exported, "personal_data": "clear" if clear else "masked"},
        request=request,
    )

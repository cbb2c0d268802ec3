"""Service standards (客户服务标准): per severity, how soon a complaint gets its first response and its
resolution. Stored in the database, created with the defaults on first read, editable by ADMIN."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from guanxi.accounts import audit
from guanxi.accounts.audit import RequestInfo
from guanxi.accounts.models import AuditAction
from guanxi.accounts.principal import Principal
from guanxi.core import clock
from guanxi.core.errors import Collector, CoreErrorCode
from guanxi.feedback.models import ServiceStandard, Severity

HOUR = 60
DEFAULTS: dict[Severity, tuple[int, int]] = {  # minutes: (first response, resolution)
    Severity.CRITICAL: (1 * HOUR, 8 * HOUR),
    Severity.HIGH: (4 * HOUR, 24 * HOUR),
    Severity.MEDIUM: (8 * HOUR, 72 * HOUR),
    Severity.LOW: (24 * HOUR, 168 * HOUR),
}
MAX_MINUTES = 90 * 24 * HOUR


async def standards() -> dict[Severity, ServiceStandard]:
    rows = {Severity(r.severity): r for r in await ServiceStandard.all()}
    if len(rows) < len(Severity):
        await ServiceStandard.bulk_create(
            [
                ServiceStandard(severity=s, first_response_minutes=first, resolution_minutes=resolution)
                for s, (first, resolution) in DEFAULTS.items()
                if s not in rows
            ],
            ignore_conflicts=True,
        )
        rows = {Severity(r.severity): r for r in await ServiceStandard.all()}
    return rows


async def deadlines(severity: Severity, filed_at: datetime) -> tuple[datetime, datetime]:
    """(first response due, resolution due) for a complaint of this severity filed at `filed_at`."""
    standard = (await standards())[Severity(severity)]
    return (
        filed_at + timedelta(minutes=standard.first_response_minutes),
        filed_at + timedelta(minutes=standard.resolution_minutes),
    )


async def update_standard(
    *,
    principal: Principal,
    severity: Severity,
    first_response_minutes: int | None = None,
    resolution_minutes: int | None = None,
    request: RequestInfo | None = None,
) -> ServiceStandard:
    """Change one severity's standard (ADMIN). Complaints already filed keep their deadlines."""
    errors = Collector()
    for name, value in (
        ("first_response_minutes", first_response_minutes),
        ("resolution_minutes", resolution_minutes),
    ):
        if value is not None and not 1 <= value <= MAX_MINUTES:
            errors.add(CoreErrorCode.INVALID_VALUE, f"Between 1 and {MAX_MINUTES} minutes.", name)
    errors.raise_if_any()
    current = (await standards())[Severity(severity)]
    first = first_response_minutes if first_response_minutes is not None else current.first_response_minutes
    resolution = resolution_minutes if resolution_minutes is not None else current.resolution_minutes
    if first > resolution:
        errors.add(
            CoreErrorCode.INVALID_VALUE,
            "The first response cannot be due after the resolution.",
            "first_response_minutes",
        )
    errors.raise_if_any()
    async with in_transaction():
        before = {
            "first_response_minutes": current.first_response_minutes,
            "resolution_minutes": current.resolution_minutes,
        }
        await ServiceStandard.filter(id=current.pk).update(
            first_response_minutes=first,
            resolution_minutes=resolution,
            updated_by_user_id=principal.user_id,
            updated_at=clock.now(),
        )
        await audit.record(
            principal=principal,
            action=AuditAction.UPDATE,
            record_type="ServiceStandard",
            record_id=current.pk,
            details={
                "severity": str(severity),
                "before": before,
                "after": {"first_response_minutes": first, "resolution_minutes": resolution},
            },
            request=request,
        )
    return await ServiceStandard.get(id=current.pk)

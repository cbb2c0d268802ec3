"""Periodic work (marking complaint breaches; later segment refreshes, points expiry, ...).

`guanxi serve` runs `run_forever` next to the app: every interval each job runs once, in turn, and
a failing job is logged and retried at the next tick. Jobs are idempotent (conditional UPDATEs), so
several server processes may run the scheduler at once. `guanxi jobs run` runs them once, for cron.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("guanxi.jobs")


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], Awaitable[Any]]


async def _mark_breaches() -> Any:
    from guanxi.feedback.complaints import mark_breaches

    return await mark_breaches()


async def _refresh_segments() -> Any:
    from guanxi.segments.services import refresh_due

    return await refresh_due()


async def _loyalty() -> Any:
    from guanxi.loyalty.jobs import run

    return await run()


JOBS: tuple[Job, ...] = (
    Job("complaint-breaches", _mark_breaches),
    Job("segment-refresh", _refresh_segments),
    Job("loyalty", _loyalty),  # points expiry, birthday bonuses, the monthly tier review
)


async def run_once() -> dict[str, Any]:
    """Every job once; returns what each returned (or the error's text)."""
    results: dict[str, Any] = {}
    for job in JOBS:
        try:
            results[job.name] = await job.run()
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            log.exception("job %s failed", job.name)
            results[job.name] = f"failed: {exc}"
    return results


async def run_forever(interval: float) -> None:
    while True:
        await run_once()
        await asyncio.sleep(interval)

"""Dynamic adjustment (动态调整机制): when a customer's data changes, re-evaluate their membership in
every dynamic segment within moments, without a full refresh.

Each process that publishes a change (a purchase, a profile edit, a contact, a complaint, feedback)
queues the customer here through `events.listen_locally`, so every change is handled exactly once
whatever the number of server processes. `Reevaluator.run` drains the queue in batches: a burst of
changes (an import) costs one evaluation per segment per batch, not per customer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from guanxi.core import events
from guanxi.segments import services

log = logging.getLogger("guanxi.segments")

# Topics whose events carry the `customer_id` of a customer whose data changed.
TOPICS = frozenset({"customers", "interactions", "complaints", "feedback"})
BATCH = 500


class Reevaluator:
    def __init__(self, *, delay: float = 0.05) -> None:
        self.delay = delay  # gather changes arriving together into one batch
        self._pending: set[int] = set()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._task: asyncio.Task[None] | None = None
        self._unlisten: Callable[[], None] | None = None

    def _on_event(self, topic: str, event: events.Event) -> None:
        customer_id = event.get("customer_id")
        if topic in TOPICS and isinstance(customer_id, int):
            self._pending.add(customer_id)
            self._idle.clear()
            self._wake.set()

    def start(self) -> None:
        self._unlisten = events.listen_locally(self._on_event)
        self._task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        if self._unlisten is not None:
            self._unlisten()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def drain(self) -> None:
        """Wait until every queued change has been evaluated (for tests and orderly shutdown)."""
        await self._idle.wait()

    async def run(self) -> None:
        while True:
            await self._wake.wait()
            await asyncio.sleep(self.delay)
            self._wake.clear()
            while self._pending:
                batch = sorted(self._pending)[:BATCH]
                self._pending.difference_update(batch)
                try:
                    await services.reevaluate_customers(batch)
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001 - the scheduled refresh catches up; keep serving
                    log.exception("re-evaluating segments for %d customers failed", len(batch))
            if not self._pending:
                self._idle.set()

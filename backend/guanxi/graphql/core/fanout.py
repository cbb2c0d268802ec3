"""Live feeds: the work an event needs, done once per event and reach, shared by its subscribers.

Each subscriber of a feed (complaintFiled, interactionLogged, customerChanged, ...) checks every event
against its own rights. Done one subscriber at a time, N sockets cost N credential checks, N scoped
reads and N sets of DataLoaders per event. Here, for each event delivered to this process:

- one query checks the credentials of every subscriber (a DataLoader batch: the subscribers of an
  event wake in the same turn of the event loop, so their checks go out together), so a revoked or
  expired session receives nothing more, at once;
- the scoped read runs once per distinct `Reach` (every admin, analyst and partner key share one; each
  manager's team and each agent has its own): equal reaches see exactly the same rows, see
  customers/scoping.py;
- one set of DataLoaders per reach, so nested fields (a complaint's customer) load once as well.

Fields still resolve per subscriber with its own principal and context, so masking (pii:read) and the
audit of personal data read in clear are as in queries.

An event is recognised by identity: a broker hands the same object to every local subscriber
(`MemoryBroker._deliver`), and a `Delivery` holds it, so its `id()` cannot be reused meanwhile. The
shared work is kept `KEEP_SECONDS`, long enough for a subscriber that is behind to catch up; one later
than that does its own reads (as correct, only slower).
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections import OrderedDict
from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from strawberry.types import Info

from guanxi.accounts.principal import Principal
from guanxi.accounts.services import credentials_in_force
from guanxi.core import events
from guanxi.core.events import Event
from guanxi.customers.scoping import reach_of
from guanxi.graphql.loaders import Loaders

RowT = TypeVar("RowT")

KEEP_SECONDS = 10.0
CREDENTIAL_BATCH = 500  # credentials per query (bound parameters)


async def _in_force(credentials: Sequence[str]) -> list[bool]:
    live = await credentials_in_force(credentials)
    return [c in live for c in credentials]


class Delivery:
    """The shared work of one event in this process."""

    def __init__(self, event: Event, born: float) -> None:
        self.event = event  # held, so that no other event gets its id() while this lives
        self.born = born
        self._reads: dict[Hashable, asyncio.Future[Any]] = {}
        self._loaders: dict[Hashable, Loaders] = {}
        self._credentials: DataLoader[str, bool] | None = None

    async def signed_in(self, credential: str | None) -> bool:
        """Does this credential still sign in? One query for every subscriber checking this event."""
        if credential is None:
            return False
        if self._credentials is None:
            self._credentials = DataLoader(load_fn=_in_force, max_batch_size=CREDENTIAL_BATCH)
        return await self._credentials.load(credential)

    async def read(self, principal: Principal, key: Hashable, fetch: Callable[[], Awaitable[RowT]]) -> RowT:
        """`fetch()` (a read scoped to `principal`, named by `key`) once per reach: the first subscriber
        of a reach starts it, the others of that reach await the same result. It runs as its own task,
        so a subscriber leaving meanwhile does not cancel it for the others."""
        slot = (key, reach_of(principal))
        future = self._reads.get(slot)
        if future is None:
            future = self._reads[slot] = asyncio.ensure_future(fetch())
        return await asyncio.shield(future)

    def loaders(self, principal: Principal) -> Loaders:
        """DataLoaders shared by the subscribers of this reach (they scope rows by reach only)."""
        reach = reach_of(principal)
        loaders = self._loaders.get(reach)
        if loaders is None:
            loaders = self._loaders[reach] = Loaders(principal)
        return loaders


class Deliveries:
    """The `Delivery` of each recent event, oldest first, forgotten after `keep_seconds`."""

    def __init__(self, keep_seconds: float = KEEP_SECONDS) -> None:
        self.keep_seconds = keep_seconds
        self._by_event: OrderedDict[int, Delivery] = OrderedDict()

    def of(self, event: Event) -> Delivery:
        now = time.monotonic()
        while self._by_event:
            oldest = next(iter(self._by_event.values()))
            if now - oldest.born < self.keep_seconds:
                break
            self._by_event.popitem(last=False)
        delivery = self._by_event.get(id(event))
        if delivery is None:
            delivery = self._by_event[id(event)] = Delivery(event, now)
        return delivery

    def __len__(self) -> int:
        return len(self._by_event)


deliveries = Deliveries()


async def live_rows(
    info: Info,
    topic: str,
    *,
    row_id: Callable[[Event], int | None],
    fetch: Callable[[Principal, int], Awaitable[RowT | None]],
    kind: str,
) -> AsyncGenerator[RowT, None]:
    """The rows a subscriber may see, one per event on `topic` that `row_id` names a row for.

    `fetch(principal, id)` reads the row through the domain's scoping (None: out of reach); it runs
    once per event and reach, `kind` naming what it reads. Ends when the subscriber's credential no
    longer signs in. While a row is out, `info.context.loaders` are those of its delivery and reach;
    once the subscriber asks for the next one, the personal data it showed is audited. Callers that
    iterate it inside their own generator close it with `contextlib.aclosing`.
    """
    context = info.context
    principal = context.require_principal()
    async with events.broker().subscribe(topic) as stream:
        async for event in stream:
            pk = row_id(event)
            if pk is None:
                continue
            delivery = deliveries.of(event)
            if not await delivery.signed_in(context.credential):
                return  # the token or session was revoked, or it expired: no more events
            row = await delivery.read(principal, (kind, pk), functools.partial(fetch, principal, pk))
            if row is None:
                continue  # not (or no longer) in reach
            context.loaders = delivery.loaders(principal)
            yield row
            await context.flush_audit()

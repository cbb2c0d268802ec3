"""Domain events, published after commit, delivered to subscribers in this and other instances.

In-process by default (`memory://`); with GUANXI_BROKER_URL=redis://... events go through
Redis pub/sub so every app instance sees every event. Payloads are JSON-serialisable dicts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from typing import Any

log = logging.getLogger(__name__)

Event = dict[str, Any]


class MemoryBroker:
    """Fan-out to subscribers of this process."""

    def __init__(self) -> None:
        self._queues: dict[str, set[asyncio.Queue[Event]]] = defaultdict(set)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        self._queues.clear()

    async def publish(self, topic: str, event: Event) -> None:
        self._deliver(topic, event)

    def _deliver(self, topic: str, event: Event) -> None:
        for queue in list(self._queues.get(topic, ())):
            queue.put_nowait(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[AsyncIterator[Event]]:
        queue: asyncio.Queue[Event] = asyncio.Queue()
        self._queues[topic].add(queue)

        async def events() -> AsyncIterator[Event]:
            while True:
                yield await queue.get()

        try:
            yield events()
        finally:
            self._queues[topic].discard(queue)
            if not self._queues[topic]:
                self._queues.pop(topic, None)


class RedisBroker(MemoryBroker):
    """Publishes to Redis; one listener per process fans messages out locally."""

    def __init__(self, url: str, channel_prefix: str = "guanxi:") -> None:
        super().__init__()
        self._url = url
        self._prefix = channel_prefix
        self._redis: Any = None
        self._pubsub: Any = None
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(self._url)
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await self._pubsub.psubscribe(f"{self._prefix}*")
        self._listener = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        if self._listener:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        if self._pubsub is not None:
            await self._pubsub.aclose()
        if self._redis is not None:
            await self._redis.aclose()
        await super().stop()

    async def publish(self, topic: str, event: Event) -> None:
        await self._redis.publish(f"{self._prefix}{topic}", json.dumps(event, default=str))

    async def _listen(self) -> None:
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:  # pragma: no cover - connection trouble: keep listening
                log.exception("redis pub/sub listener failed; retrying")
                await asyncio.sleep(1)
                continue
            if not message or message.get("type") != "pmessage":
                continue
            channel = message["channel"].decode()
            self._deliver(channel.removeprefix(self._prefix), json.loads(message["data"]))


_broker: MemoryBroker | None = None


def broker() -> MemoryBroker:
    global _broker
    if _broker is None:
        _broker = MemoryBroker()
    return _broker


async def start_broker(url: str) -> MemoryBroker:
    global _broker
    _broker = RedisBroker(url) if url.startswith(("redis://", "rediss://")) else MemoryBroker()
    await _broker.start()
    return _broker


async def stop_broker() -> None:
    global _broker
    if _broker is not None:
        await _broker.stop()
    _broker = None


Listener = Callable[[str, Event], None]
_listeners: list[Listener] = []


def listen_locally(listener: Listener) -> Callable[[], None]:
    """Call `listener(topic, event)` for each event published by THIS process (not for those other
    instances publish), before it goes to the broker: work that must happen once per change, such as
    re-evaluating dynamic segments, hangs here. Listeners must be quick (enqueue, don't work).
    Returns a function that removes the listener."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


async def publish(topic: str, event: Event) -> None:
    """Publish after the writing transaction committed; never fails the caller's write."""
    for listener in list(_listeners):
        try:
            listener(topic, event)
        except Exception:  # pragma: no cover - a listener's bug must not undo committed work
            log.exception("event listener failed on %s", topic)
    try:
        await broker().publish(topic, event)
    except Exception:  # pragma: no cover - a broker outage must not undo committed work
        log.exception("could not publish %s", topic)

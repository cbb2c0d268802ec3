"""In-process rate-limit state: token buckets of points, and sliding windows of failures.

The state lives in this process's memory. Several app instances each keep their own, so a
caller whose requests are spread over N instances gets up to N times the budget. Sharing it
means keeping the same numbers in Redis behind the same methods: a bucket is two values per
key (level and time of the last update) changed by one atomic Lua script, a failure window a
sorted set of timestamps trimmed with ZREMRANGEBYSCORE.

Both structures forget their least recently used keys beyond `max_keys`, so a flood of new
keys (addresses, email addresses) cannot grow memory without bound; a forgotten bucket is full
again and a forgotten window empty, which errs on the side of the caller. Time is `monotonic()`,
looked up when used so that tests can replace it.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from dataclasses import dataclass
from time import monotonic

DEFAULT_MAX_KEYS = 100_000
WINDOW_SECONDS = 60.0  # token buckets refill `limit` points per minute


@dataclass(frozen=True)
class Allowance:
    """The outcome of spending `cost` points from a bucket holding at most `limit`."""

    allowed: bool
    cost: int
    limit: int
    remaining: int  # whole points left after this request
    reset_seconds: int  # until the bucket is full again
    retry_after: int  # seconds until `cost` points are available; 0 when allowed


class TokenBuckets:
    """One bucket per key, refilled continuously at `limit` points per minute up to `limit`."""

    def __init__(self, *, max_keys: int = DEFAULT_MAX_KEYS) -> None:
        self._levels: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (points, at)
        self._max_keys = max_keys

    def spend(self, key: str, cost: int, *, limit: int) -> Allowance:
        """Take `cost` points when the bucket holds that many; otherwise take nothing."""
        level, now = self._level(key, limit)
        allowed = cost <= level
        if allowed:
            level -= cost
            self._levels[key] = (level, now)
        return self._allowance(allowed, cost, limit, level)

    def peek(self, key: str, *, limit: int) -> Allowance:
        """What spending one point would answer, without spending it."""
        level, _ = self._level(key, limit)
        return self._allowance(level >= 1, 1, limit, level)

    def _level(self, key: str, limit: int) -> tuple[float, float]:
        """The bucket's level now (refilled since its last update), and now."""
        now = monotonic()
        level, at = self._levels.pop(key, (float(limit), now))
        level = min(float(limit), level + (now - at) * limit / WINDOW_SECONDS)
        self._levels[key] = (level, now)
        if len(self._levels) > self._max_keys:
            self._levels.popitem(last=False)
        return level, now

    @staticmethod
    def _allowance(allowed: bool, cost: int, limit: int, level: float) -> Allowance:
        per_second = limit / WINDOW_SECONDS
        return Allowance(
            allowed=allowed,
            cost=cost,
            limit=limit,
            remaining=math.floor(level),
            reset_seconds=math.ceil((limit - level) / per_second),
            retry_after=0 if allowed else max(1, math.ceil((cost - level) / per_second)),
        )


class FailureWindows:
    """Failures per key: a key is blocked while `limit` of its failures are younger than `window`."""

    def __init__(self, *, max_keys: int = DEFAULT_MAX_KEYS, max_per_key: int = 1_000) -> None:
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._max_keys = max_keys
        self._max_per_key = max_per_key

    def retry_after(self, key: str, *, limit: int, window: float) -> int | None:
        """Seconds until `key` may try again, or None when it may try now."""
        failures = self._failures.get(key)
        if not failures:
            return None
        now = monotonic()
        while failures and failures[0] <= now - window:
            failures.popleft()
        if len(failures) < limit:
            return None
        # Once the failure `limit` places before the newest ages out, fewer than `limit` remain.
        return max(1, math.ceil(failures[len(failures) - limit] + window - now))

    def add(self, key: str) -> None:
        failures = self._failures.pop(key, None) or deque(maxlen=self._max_per_key)
        failures.append(monotonic())
        self._failures[key] = failures
        if len(self._failures) > self._max_keys:
            self._failures.popitem(last=False)

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)

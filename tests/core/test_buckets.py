"""Token buckets and failure windows, on a clock the test moves."""

from __future__ import annotations

import pytest

from guanxi.core import buckets
from guanxi.core.buckets import FailureWindows, TokenBuckets


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    now = [1_000.0]
    monkeypatch.setattr(buckets, "monotonic", lambda: now[0])
    return now


def test_a_bucket_starts_full_spends_and_refills_over_a_minute(clock):
    bucket = TokenBuckets()
    first = bucket.spend("user:1", 40, limit=60)
    assert (first.allowed, first.remaining, first.reset_seconds, first.retry_after) == (True, 20, 40, 0)
    refused = bucket.spend("user:1", 30, limit=60)
    # nothing is taken from a refused request; 10 more points take 10 s at 1 point/s
    assert (refused.allowed, refused.remaining, refused.retry_after) == (False, 20, 10)
    clock[0] += 10
    assert bucket.spend("user:1", 30, limit=60).remaining == 0
    clock[0] += 3_600
    assert bucket.spend("user:1", 0, limit=60).remaining == 60  # never above the limit


def test_buckets_are_per_key(clock):
    bucket = TokenBuckets()
    bucket.spend("user:1", 60, limit=60)
    assert bucket.spend("user:2", 60, limit=60).allowed
    assert not bucket.peek("user:1", limit=60).allowed
    assert bucket.peek("user:1", limit=60).retry_after == 1


def test_the_least_recently_used_keys_are_forgotten(clock):
    bucket = TokenBuckets(max_keys=2)
    bucket.spend("a", 60, limit=60)
    bucket.spend("b", 60, limit=60)
    bucket.spend("c", 60, limit=60)
    assert bucket.peek("a", limit=60).remaining == 60  # forgotten: full again
    assert bucket.peek("c", limit=60).remaining == 0


def test_a_failure_window_blocks_until_enough_failures_age_out(clock):
    windows = FailureWindows()
    for _ in range(3):
        assert windows.retry_after("k", limit=3, window=900) is None
        windows.add("k")
        clock[0] += 100
    # failures at t=0, 100, 200; now t=300: blocked until the first is 900 s old
    assert windows.retry_after("k", limit=3, window=900) == 600
    clock[0] += 600
    assert windows.retry_after("k", limit=3, window=900) is None
    windows.add("k")
    windows.clear("k")
    assert windows.retry_after("k", limit=1, window=900) is None

"""The rate decision on its own: a burst of ``limit``, then one request per ``period / limit``."""

from __future__ import annotations

import pytest

from app.ratelimit import Rate, RateLimiter, decide

RATE = Rate(limit=3, period=60.0)


def test_a_new_client_gets_a_full_burst_then_waits_one_interval() -> None:
    empty_at = None
    for _ in range(3):
        decision = decide(empty_at, 100.0, RATE)
        assert decision.allowed
        empty_at = decision.empty_at
    refused = decide(empty_at, 100.0, RATE)
    assert not refused.allowed
    assert refused.retry_after == pytest.approx(20.0)
    assert refused.empty_at == empty_at  # a refused request costs nothing
    assert not decide(empty_at, 119.9, RATE).allowed
    assert decide(empty_at, 120.0, RATE).allowed


def test_an_idle_client_gets_no_more_than_a_full_bucket() -> None:
    empty_at = decide(None, 0.0, RATE).empty_at
    later = 10_000.0
    for _ in range(3):
        decision = decide(empty_at, later, RATE)
        assert decision.allowed
        empty_at = decision.empty_at
    assert not decide(empty_at, later, RATE).allowed


def test_the_limiter_counts_clients_apart_and_rounds_the_wait_up() -> None:
    limiter = RateLimiter(RATE)
    assert [limiter.check("a", now=0.0) for _ in range(4)] == [0.0, 0.0, 0.0, 20.0]
    assert limiter.check("b", now=0.0) == 0.0
    assert limiter.check("a", now=19.5) == 1.0


def test_the_limiter_forgets_idle_clients_first_and_stays_bounded() -> None:
    limiter = RateLimiter(Rate(limit=1, period=60.0), max_clients=10)
    assert limiter.check("idle", now=0.0) == 0.0
    for i in range(9):
        assert limiter.check(f"busy-{i}", now=100.0) == 0.0
    assert limiter.check("new", now=100.0) == 0.0  # "idle" is full again: forgotten, nobody busy is
    assert all(limiter.check(f"busy-{i}", now=100.0) > 0 for i in range(9))
    assert limiter.check("newer", now=100.0) == 0.0  # all busy: the first-seen are forgotten to make room
    assert limiter.check("busy-0", now=100.0) == 0.0
    assert limiter.check("new", now=100.0) > 0
    assert len(limiter._empty_at) <= 10

"""Request-rate limits: a flood of answers would otherwise become a flood of paid model calls.

The generic cell rate algorithm (GCRA): each client has one number, the time its bucket is empty
again; a request fits if that time is less than a full bucket ahead of now. ``limit`` requests may
arrive at once, then one per ``period / limit``. One float per client and no timers or threads, so
the check costs next to nothing on the hot path (the ``limits`` library's memory storage starts an
expiry pass, a thread hop per key, after every hit).

The counts live in each process's memory: with N processes behind a load balancer a client gets up
to N times the limit. They hold no interview state, so nothing is lost when a process restarts.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rate:
    limit: int
    period: float

    @property
    def interval(self) -> float:
        return self.period / self.limit


@dataclass(frozen=True)
class Decision:
    allowed: bool
    empty_at: float
    retry_after: float = 0.0


def decide(empty_at: float | None, now: float, rate: Rate) -> Decision:
    """Admit one request or say how long to wait; ``empty_at`` is when the client's bucket is empty again."""
    start = now if empty_at is None else max(empty_at, now)
    earliest = start + rate.interval - rate.period
    if now < earliest:
        return Decision(False, start, earliest - now)
    return Decision(True, start + rate.interval)


@dataclass
class RateLimiter:
    rate: Rate
    max_clients: int = 100_000
    _empty_at: dict[str, float] = field(default_factory=dict)

    def check(self, client: str, now: float | None = None) -> float:
        """0 if the request may proceed, else the seconds (rounded up, at least 1) until it may."""
        now = time.monotonic() if now is None else now
        decision = decide(self._empty_at.get(client), now, self.rate)
        if not decision.allowed:
            return float(max(1, math.ceil(decision.retry_after)))
        if client not in self._empty_at and len(self._empty_at) >= self.max_clients:
            self._forget_idle(now)
        self._empty_at[client] = decision.empty_at
        return 0.0

    def _forget_idle(self, now: float) -> None:
        """A client whose bucket is full again is the same as one never seen. If every client is busy, the
        first-seen tenth is forgotten, so the next newcomers do not each pay for a full pass."""
        self._empty_at = {k: v for k, v in self._empty_at.items() if v > now}
        if len(self._empty_at) >= self.max_clients:
            keep = list(self._empty_at.items())[len(self._empty_at) - self.max_clients * 9 // 10 :]
            self._empty_at = dict(keep)

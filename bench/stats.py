"""Pure figures: percentiles, and each turn's model time as the fake model recorded it."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


def pct(values: Sequence[float], q: float) -> float | None:
    """Percentile by linear interpolation between closest ranks (q in 0..100)."""
    if not values:
        return None
    data = sorted(values)
    k = (len(data) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def summary(values: Sequence[float], digits: int = 2) -> dict[str, Any]:
    """n, p50, p90, p99, max and mean of ``values``."""
    return {
        "n": len(values),
        "p50": rounded(pct(values, 50), digits),
        "p90": rounded(pct(values, 90), digits),
        "p99": rounded(pct(values, 99), digits),
        "max": rounded(max(values), digits) if values else None,
        "mean": rounded(statistics.fmean(values), digits) if values else None,
    }


def union_seconds(spans: Iterable[tuple[float, float]]) -> float:
    """Length of the union of [start, end] spans: the time at least one of them was running."""
    total, reach = 0.0, -math.inf
    for start, end in sorted(spans):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


@dataclass
class ModelTurn:
    """What the model spent on one turn: every request tagged with the turn's ref, retries included."""

    requests: int = 0
    kinds: list[str] = field(default_factory=list)
    spans: list[tuple[float, float]] = field(default_factory=list)
    ttft_s: float | None = None
    """Time to first token of the turn's first streamed request: one model call's wait for its first words."""
    first_token: float | None = None
    """When the first token left the fake model, of the last streamed request that ran to the end (the
    one whose words reached the candidate)."""
    notes_end: float | None = None

    @property
    def ms(self) -> float:
        """The model's own time for the turn: while at least one of its requests was at the model."""
        return union_seconds(self.spans) * 1000

    @property
    def start(self) -> float | None:
        return min((s for s, _ in self.spans), default=None)

    @property
    def end(self) -> float | None:
        return max((e for _, e in self.spans), default=None)


def model_time(records: Iterable[dict[str, Any]]) -> dict[str, ModelTurn]:
    """The fake model's records (its /stats ``requests``) grouped by the ref tag of their turn."""
    out: dict[str, ModelTurn] = {}
    for record in sorted(records, key=lambda r: r["t_start"]):
        ref = record.get("ref")
        if not ref:
            continue
        turn = out.setdefault(ref, ModelTurn())
        turn.requests += 1
        turn.kinds.append(record.get("kind") or ("judge" if record.get("judge") else "follow_up"))
        start, end, first = record["t_start"], record.get("t_end"), record.get("t_first_token")
        if end is not None:
            turn.spans.append((start, end))
        if record.get("kind") == "notes" and end is not None:
            turn.notes_end = end if turn.notes_end is None else max(turn.notes_end, end)
        if record.get("stream") and first is not None:
            if turn.ttft_s is None:
                turn.ttft_s = first - start
            if record.get("status") == 200:
                turn.first_token = first
    return out

"""What one run measures and with which fake model; the defaults are the project's targets (issue 18)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PHASES = ("overhead", "streaming", "waiting", "tokens")


@dataclass(frozen=True)
class ModelTiming:
    """The fake model: a follow-up streams its first token after ``ttft_ms`` and its last at ``follow_up_ms``;
    the notes on an answer and the judge (structured, not streamed) arrive whole after ``json_ms``."""

    ttft_ms: float = 500.0
    follow_up_ms: float = 2000.0
    json_ms: float = 1500.0

    def control(self) -> dict[str, Any]:
        """The fake model's /control fields for this timing."""
        return {"ttft_ms": self.ttft_ms, "stream_ms": self.follow_up_ms, "json_ms": self.json_ms, "tokens_per_s": 0.0}


@dataclass(frozen=True)
class Options:
    name: str
    quick: bool = False
    database_url: str = ""
    model: ModelTiming = field(default_factory=ModelTiming)
    think_s: float = 5.0
    overhead_users: int = 200
    overhead_rounds: int = 2
    stream_users: int = 50
    stream_rounds: int = 3
    waiting: int = 1000
    wait_window_s: float = 2.0
    seed: int = 7
    only: tuple[str, ...] = ()

    def runs(self, phase: str) -> bool:
        return not self.only or phase in self.only

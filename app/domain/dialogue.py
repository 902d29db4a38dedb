"""An interview as the deciders see it: turns, the depth rule, and the planner's next step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from app.bank.models import FollowUp

Role = Literal["interviewer", "candidate"]


@dataclass(frozen=True)
class Turn:
    role: Role
    text: str
    probe: str | None = None


@dataclass(frozen=True)
class Bounds:
    """The depth rule: 3-5 follow-ups unless the settings narrow it."""

    min_follow_ups: int = 3
    max_follow_ups: int = 5


class Probe(BaseModel):
    probe: str
    reason: str
    depth: int
    follow_up: FollowUp | None = None


class Close(BaseModel):
    reason: str
    depth: int


Step = Probe | Close


def depth_of(transcript: Sequence[Turn]) -> int:
    """Follow-ups asked so far: interviewer turns that carry a probe (not the question, not the close)."""
    return sum(1 for t in transcript if t.role == "interviewer" and t.probe)

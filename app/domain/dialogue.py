"""An interview as the deciders see it: turns, the depth rule, and the planner's next step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from app.bank.models import FollowUp
from app.domain.assessment import AnswerAssessment

Role = Literal["interviewer", "candidate"]


@dataclass(frozen=True)
class Turn:
    """One message. Candidate turns carry the assessment of the answer; interviewer turns the probe
    they asked and its target (the claim or quote they followed up)."""

    role: Role
    text: str
    probe: str | None = None
    assessment: AnswerAssessment | None = None
    target: str | None = None
    seq: int | None = None
    phase: str | None = None
    """System design: the phase an interviewer turn belongs to."""
    notes: str | None = None
    """The candidate's design notes sent with an answer."""
    at: datetime | None = None


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
    target: str | None = None
    against: str | None = None
    """For ``reconcile``: the earlier statement the target disagrees with."""
    asks_for: str | None = None
    """For ``clarify``: the drill step or follow-up the probe presses on again."""
    phase: str | None = None
    """System design: the phase the probe belongs to (None for behavioural questions)."""
    preface: str | None = None
    """What the interviewer says before the question: the answers to the candidate's own questions."""


class Close(BaseModel):
    reason: str
    depth: int
    phase: str | None = None


Step = Probe | Close


def depth_of(transcript: Sequence[Turn]) -> int:
    """Follow-ups asked so far: interviewer turns that carry a probe (not the question, not the close)."""
    return sum(1 for t in transcript if t.role == "interviewer" and t.probe)

"""The one interface every interviewer model implements: phrase a probe, judge a transcript.

Nothing outside ``providers`` knows which implementation runs: the service is handed one provider
(the factory composes the model with its offline fallback) and learns who answered from the result.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from app.bank.models import Framework, Question
from app.domain.assessment import AnswerAssessment
from app.domain.debrief import DebriefProse, DebriefRequest
from app.domain.dialogue import Step, Turn
from app.domain.scorecard import Dimension, JudgeDraft


class ProviderError(Exception):
    """The model could not produce a usable reply; the fallback takes over."""


class AlreadyAnswered(ProviderError):
    """The model judged the planned probe already answered by the candidate: the planner picks another."""


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cached_tokens: int | None = None

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=(self.prompt_tokens or 0) + (other.prompt_tokens or 0),
            completion_tokens=(self.completion_tokens or 0) + (other.completion_tokens or 0),
            cached_tokens=(self.cached_tokens or 0) + (other.cached_tokens or 0),
        )


@dataclass(frozen=True)
class PhraseRequest:
    interview_id: str
    question: Question
    level: str
    framework: Framework
    transcript: Sequence[Turn]
    step: Step
    allow_answered: bool = True
    """Whether the model may reply that the probe is already answered (once per turn)."""
    turn_started: float | None = None
    """``time.monotonic()`` when the turn began: a turn phrased twice shares one budget."""


@dataclass(frozen=True)
class AssessRequest:
    """One answer to read. ``transcript`` ends with it; earlier candidate turns carry their assessments.
    ``draft`` is the offline reading, what a model's reading is checked against and falls back to."""

    interview_id: str
    question: Question
    level: str
    transcript: Sequence[Turn]
    answered: str | None
    draft: AnswerAssessment
    turn_started: float | None = None


@dataclass(frozen=True)
class Assessed:
    assessment: AnswerAssessment
    model: str | None = None
    usage: Usage = field(default_factory=Usage)
    fallback_reason: str | None = None


@dataclass(frozen=True)
class Delta:
    """The next words of the interviewer's message, as they arrive."""

    text: str


@dataclass(frozen=True)
class Reset:
    """The words sent so far are withdrawn (the model failed); the fallback's message follows."""

    reason: str


@dataclass(frozen=True)
class Phrased:
    """The finished message, and who produced it: always the last event of a phrasing."""

    text: str
    provider: str
    model: str | None = None
    usage: Usage = field(default_factory=Usage)
    fallback_reason: str | None = None


PhraseEvent = Delta | Reset | Phrased


@dataclass(frozen=True)
class JudgeRequest:
    interview_id: str
    question: Question
    level: str
    framework: Framework
    transcript: Sequence[Turn]
    rubric: Sequence[Dimension]


@dataclass(frozen=True)
class JudgeResult:
    draft: JudgeDraft
    judge: str
    model: str | None = None
    usage: Usage = field(default_factory=Usage)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DebriefWritten:
    """A loop debrief's prose, and who wrote it; code bounds it before anyone reads it."""

    prose: DebriefProse
    writer: str
    model: str | None = None
    usage: Usage = field(default_factory=Usage)
    fallback_reason: str | None = None


class Provider(Protocol):
    name: str
    model: str | None

    async def assess(self, request: AssessRequest) -> Assessed:
        """Read the newest answer into an assessment; raise ProviderError on failure."""
        ...

    def phrase(self, request: PhraseRequest) -> AsyncGenerator[PhraseEvent]:
        """Yield the message as Delta events and end with one Phrased; raise ProviderError on failure
        (AlreadyAnswered, before any Delta, when the probe is already answered)."""
        ...

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """Score the transcript against the rubric; raise ProviderError on failure."""
        ...

    async def write_debrief(self, request: DebriefRequest) -> DebriefWritten:
        """Write the reasons of a loop's computed debrief; raise ProviderError on failure."""
        ...

    async def aclose(self) -> None:
        """Release connections at shutdown."""
        ...

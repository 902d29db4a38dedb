"""The one interface every interviewer model implements: phrase a probe, judge a transcript.

Nothing outside ``providers`` knows which implementation runs; the service only sees these types.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.bank.models import Framework, Question
from app.planner import Probe, Turn
from app.scoring.models import Dimension, JudgeDraft


class ProviderError(Exception):
    """The model could not produce a usable reply; the caller falls back to the offline provider."""


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cached_tokens: int | None = None


@dataclass(frozen=True)
class PhraseRequest:
    interview_id: str
    question: Question
    level: str
    framework: Framework
    transcript: Sequence[Turn]
    step: Probe
    stream: bool = True
    """Whether anyone reads the deltas as they come; if not, a provider may answer in one piece."""


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
    usage: Usage


class Provider(Protocol):
    name: str
    model: str | None

    def phrase(self, request: PhraseRequest) -> AsyncIterator[str | Usage]:
        """Yield the follow-up as text deltas, then at most one Usage; raise ProviderError on failure."""
        ...

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """Score the transcript against the rubric; raise ProviderError on failure."""
        ...

    async def aclose(self) -> None:
        """Release connections at shutdown."""
        ...

"""A loop's debrief: each round's vote, the principle matrix, the bar raiser's decision and level.

Code computes all of it from the rounds' scorecards; a model, when configured, only writes the reasons
(``DebriefProse``), and code bounds what it writes as it bounds a judge's scorecard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from app.domain.scorecard import LevelVerdict, Line, Recommendation

Rating = Literal["strong", "weak", "none", "red_flagged"]


class Evidence(BaseModel):
    dimension: str
    score: int
    quote: str


class RoundVote(BaseModel):
    position: int = Field(description="0-based, in the order the rounds are taken.")
    round: str
    name: str
    interviews: list[str]
    vote: Recommendation | None = Field(description="Null: the round was not taken or had nothing to score.")
    level_verdict: LevelVerdict | None = None
    strongest_evidence: Evidence | None = None
    biggest_concern: str | None = None
    red_flags: list[str] = Field(default_factory=list, description="Contradictions the candidate never reconciled.")


class MatrixCell(BaseModel):
    position: int
    rating: Rating


class PrincipleRow(BaseModel):
    id: str
    name: str
    cells: list[MatrixCell]
    best: Rating = Field(description="The strongest evidence any round found, unless a round red-flagged it.")


class RepeatedStory(BaseModel):
    """One story heard by two or more rounds of the loop."""

    positions: list[int]
    rounds: list[str]
    interviews: list[str]
    evidence: str = Field(description="What the two tellings share: their numbers, or a phrase of both.")


class DebriefData(BaseModel):
    loop_id: str
    level: str
    ended_early: bool
    rounds: list[RoundVote]
    principles: list[PrincipleRow]
    decision: Recommendation | None = Field(description="Null when no round has a vote.")
    level_verdict: LevelVerdict | None
    reasons: list[str]
    changes: list[str] = Field(description="The three things that would most change the outcome.")
    repeated_stories: list[RepeatedStory] = Field(default_factory=list)
    writer: str = Field("offline", description="Who wrote the reasons: 'offline' (code) or the model's provider.")
    model: str | None = None
    notes: list[str] = Field(default_factory=list)


class DebriefProse(BaseModel):
    """What a model may write: the reasons, and its own call, which can only lower the decision."""

    reasons: list[Line] = Field(default_factory=list, max_length=6)
    decision: Recommendation | None = None


@dataclass(frozen=True)
class RoundAnswers:
    """What a debrief writer reads of a round: its questions and the candidate's answers."""

    name: str
    questions: tuple[str, ...]
    answers: tuple[str, ...]


@dataclass(frozen=True)
class DebriefRequest:
    loop_id: str
    level: str
    debrief: DebriefData
    rounds: tuple[RoundAnswers, ...] = field(default_factory=tuple)

"""Scorecard shapes: the rubric a judge scores against, a judge's raw draft, and the verified result."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Recommendation = Literal["Strong Hire", "Hire", "No Hire", "Strong No Hire"]
LevelVerdict = Literal["below L6", "L6", "L7"]
DimensionKind = Literal[
    "success_factor", "leadership_principle", "success_pattern", "deep_dive", "system_design", "strategic"
]
Score = Annotated[int, Field(ge=1, le=4)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=600)]


class Dimension(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    kind: DimensionKind
    description: str
    signal: str | None = Field(default=None, exclude=True)
    improvement: str = Field(default="", exclude=True)
    stronger: str = Field(default="", exclude=True)


class DraftDimension(BaseModel):
    """One dimension as a judge returns it, before its quotes are checked."""

    id: str
    score: Score
    rationale: Line
    evidence: list[Line] = Field(default_factory=list, max_length=6)


class JudgeDraft(BaseModel):
    dimensions: list[DraftDimension]
    improvements: list[Line] = Field(default_factory=list, max_length=6)
    stronger_answer: list[Line] = Field(default_factory=list, max_length=8)


class DimensionScore(BaseModel):
    id: str
    name: str
    kind: DimensionKind
    score: Score
    rationale: str
    evidence: list[str]


class ScorecardData(BaseModel):
    scorer: str
    model: str | None = None
    level: str
    dimensions: list[DimensionScore]
    overall_score: float
    recommendation: Recommendation
    level_verdict: LevelVerdict
    improvements: list[str]
    stronger_answer: list[str]
    dropped_quotes: int = Field(0, description="Evidence quotes removed because the candidate never wrote them.")
    notes: list[str] = Field(default_factory=list)

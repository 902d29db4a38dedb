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
RECOMMENDATIONS: tuple[Recommendation, ...] = ("Strong No Hire", "No Hire", "Hire", "Strong Hire")
LEVELS: tuple[LevelVerdict, ...] = ("below L6", "L6", "L7")


class Dimension(BaseModel):
    """A dimension of the rubric. What counts as its evidence is part of it: the drill steps an answer
    must have satisfied, or the kinds of claim it must have made (and, for a leadership principle, the
    words of its topic), so that a quote only backs the dimension it shows."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    kind: DimensionKind
    description: str
    signal: str | None = Field(default=None, exclude=True)
    steps: tuple[str, ...] = Field(default=(), exclude=True)
    claims: tuple[str, ...] = Field(default=(), exclude=True)
    topics: tuple[str, ...] = Field(default=(), exclude=True)
    anchors: tuple[str, ...] = Field(default=(), exclude=True, description="What scores 1, 2, 3 and 4 look like.")
    needs: tuple[str, ...] = Field(default=(), exclude=True, description="Kinds of claim a score of 3 or more needs.")
    deep: tuple[str, ...] = Field(default=(), exclude=True, description="Kinds of claim a 4 needs, all of them.")
    missing: str = Field(default="", exclude=True)
    improvement: str = Field(default="", exclude=True)
    stronger: str = Field(default="", exclude=True)
    core: bool = Field(default=True, exclude=True, description="Weighs double in the overall (not a principle).")

    def anchor(self, score: int) -> str:
        """What ``score`` looks like on this dimension; empty when the spec gives no anchors."""
        return self.anchors[score - 1] if len(self.anchors) == 4 else ""


class DraftDimension(BaseModel):
    """One dimension as a judge returns it, before its quotes are checked."""

    id: str
    score: Score
    rationale: Line
    evidence: list[Line] = Field(default_factory=list, max_length=6)


class DraftFlag(BaseModel):
    about: Line
    quotes: list[Line] = Field(default_factory=list, max_length=4)


class JudgeDraft(BaseModel):
    dimensions: list[DraftDimension]
    improvements: list[Line] = Field(default_factory=list, max_length=6)
    stronger_answer: list[Line] = Field(default_factory=list, max_length=8)
    recommendation: Recommendation | None = Field(
        default=None, description="The judge's own call; code lowers it to what the evidence supports."
    )
    level: LevelVerdict | None = None
    red_flags: list[DraftFlag] = Field(default_factory=list, max_length=6)


class DimensionScore(BaseModel):
    id: str
    name: str
    kind: DimensionKind
    score: Score | None = Field(description="1-4, or null when the interview never reached it (not assessed).")
    rationale: str
    evidence: list[str]


class RedFlag(BaseModel):
    about: str
    quotes: list[str]
    resolved: bool = Field(False, description="The candidate reconciled it when it was put back to them.")


class ScorecardData(BaseModel):
    scorer: str
    model: str | None = None
    level: str
    dimensions: list[DimensionScore]
    overall_score: float | None = Field(description="Core dimensions weigh double; null when nothing was assessed.")
    recommendation: Recommendation | None = Field(description="Null when there is not enough to score.")
    level_verdict: LevelVerdict | None
    level_reason: str = ""
    red_flags: list[RedFlag] = Field(default_factory=list)
    improvements: list[str]
    stronger_answer: list[str]
    dropped_quotes: int = Field(0, description="Evidence quotes removed because the candidate never wrote them.")
    notes: list[str] = Field(default_factory=list)

"""Progress across attempts, from the scorecards of one identity's interviews. Pure.

Each leadership principle and each dimension becomes a series of scores over time with its trend (the
latest attempt against the one before), the principles never assessed are listed, and the seed's
question types are shown in the order their frequency at the level gives them, with how the candidate
did on each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean
from typing import Literal

from pydantic import BaseModel, Field

from app.bank.models import Framework, Level, Question
from app.domain.scorecard import DimensionKind, Recommendation, ScorecardData
from app.practice.debrief import principle_dimension

Trend = Literal["rising", "falling", "steady", "single"]


@dataclass(frozen=True)
class Attempt:
    """A scored interview, as progress reads it."""

    interview_id: str
    question: Question
    level: str
    at: datetime
    card: ScorecardData


class Point(BaseModel):
    interview_id: str
    question_id: str
    at: datetime
    score: int


class Series(BaseModel):
    id: str
    name: str
    kind: DimensionKind
    points: list[Point] = Field(description="Oldest first.")
    latest: int | None = None
    previous: int | None = None
    best: int | None = None
    change: int | None = Field(default=None, description="Latest minus previous.")
    trend: Trend | None = Field(default=None, description="Null when never assessed.")
    last_practised: datetime | None = None


class PrincipleName(BaseModel):
    id: str
    name: str


class TypeProgress(BaseModel):
    id: str
    name: str
    frequency: int = Field(description="Percent of loops at the level that ask this type (the seed's table).")
    success_factor: str
    attempts: int
    latest_recommendation: Recommendation | None = None
    mean_overall: float | None = None
    latest_success_factor: int | None = Field(default=None, description="The latest score on its success factor.")


def series(item_id: str, name: str, kind: DimensionKind, attempts: Sequence[Attempt]) -> Series:
    points = [
        Point(interview_id=a.interview_id, question_id=a.question.id, at=a.at, score=d.score)
        for a in sorted(attempts, key=lambda a: a.at)
        for d in a.card.dimensions
        if d.id == item_id and d.score is not None
    ]
    if not points:
        return Series(id=item_id, name=name, kind=kind, points=[])
    latest = points[-1].score
    previous = points[-2].score if len(points) > 1 else None
    change = latest - previous if previous is not None else None
    trend: Trend = "single" if change is None else "rising" if change > 0 else "falling" if change < 0 else "steady"
    return Series(
        id=item_id,
        name=name,
        kind=kind,
        points=points,
        latest=latest,
        previous=previous,
        best=max(p.score for p in points),
        change=change,
        trend=trend,
        last_practised=points[-1].at,
    )


def principle_series(framework: Framework, attempts: Sequence[Attempt]) -> list[Series]:
    return [
        series(principle_dimension(p.id.value), p.name, "leadership_principle", attempts)
        for p in framework.leadership_principles
    ]


def dimension_series(attempts: Sequence[Attempt]) -> list[Series]:
    """Every other dimension the scorecards held, in the order they first appeared, under its latest name."""
    named: dict[str, tuple[str, DimensionKind]] = {}
    for attempt in sorted(attempts, key=lambda a: a.at):
        for d in attempt.card.dimensions:
            if d.kind != "leadership_principle":
                named[d.id] = (d.name, d.kind)
    return [series(dim_id, name, kind, attempts) for dim_id, (name, kind) in named.items()]


def type_progress(framework: Framework, level: Level, attempts: Sequence[Attempt]) -> list[TypeProgress]:
    rows = []
    for info in sorted(framework.question_types, key=lambda t: -t.frequency.get(level, 0)):
        mine = sorted((a for a in attempts if a.question.question_type == info.id), key=lambda a: a.at)
        overall = [a.card.overall_score for a in mine if a.card.overall_score is not None]
        factors = [d.score for a in mine for d in a.card.dimensions if d.kind == "success_factor" and d.score]
        rows.append(
            TypeProgress(
                id=info.id.value,
                name=info.name,
                frequency=info.frequency.get(level, 0),
                success_factor=info.success_factor,
                attempts=len(mine),
                latest_recommendation=mine[-1].card.recommendation if mine else None,
                mean_overall=round(fmean(overall), 2) if overall else None,
                latest_success_factor=factors[-1] if factors else None,
            )
        )
    return rows

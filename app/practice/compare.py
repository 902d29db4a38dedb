"""Two attempts at the same question, dimension by dimension ("try again"). Pure."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.domain.scorecard import DimensionKind, Recommendation, ScorecardData


class DimensionChange(BaseModel):
    id: str
    name: str
    kind: DimensionKind
    before: int | None = Field(description="Null: not assessed (or not in the rubric) the first time.")
    after: int | None
    change: int | None = Field(description="After minus before, when both were assessed.")


class Comparison(BaseModel):
    interview_id: str
    previous_id: str
    question_id: str
    recommendation_before: Recommendation | None
    recommendation_after: Recommendation | None
    overall_before: float | None
    overall_after: float | None
    overall_change: float | None
    dimensions: list[DimensionChange]


def compare(
    question_id: str, previous_id: str, before: ScorecardData, interview_id: str, after: ScorecardData
) -> Comparison:
    """Every dimension of either scorecard, in the newer one's order; one only the older had comes last."""
    old = {d.id: d for d in before.dimensions}
    new = {d.id: d for d in after.dimensions}
    rows = []
    for dim_id in [*new, *(i for i in old if i not in new)]:
        first, second = old.get(dim_id), new.get(dim_id)
        shown = second or first
        assert shown is not None
        a = first.score if first else None
        b = second.score if second else None
        rows.append(
            DimensionChange(
                id=dim_id,
                name=shown.name,
                kind=shown.kind,
                before=a,
                after=b,
                change=b - a if a is not None and b is not None else None,
            )
        )
    overall = (
        round(after.overall_score - before.overall_score, 2)
        if after.overall_score is not None and before.overall_score is not None
        else None
    )
    return Comparison(
        interview_id=interview_id,
        previous_id=previous_id,
        question_id=question_id,
        recommendation_before=before.recommendation,
        recommendation_after=after.recommendation,
        overall_before=before.overall_score,
        overall_after=after.overall_score,
        overall_change=overall,
        dimensions=rows,
    )

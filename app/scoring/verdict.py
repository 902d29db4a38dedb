"""From verified dimension scores to the bar raiser's call. Code decides it, not a judge's say-so,
so the recommendation always follows from the evidence shown beside it."""

from __future__ import annotations

from collections.abc import Sequence

from app.scoring.models import Dimension, DimensionScore, LevelVerdict, Recommendation


def overall(dims: Sequence[DimensionScore]) -> float:
    return round(sum(d.score for d in dims) / len(dims), 2) if dims else 1.0


def recommend(dims: Sequence[DimensionScore]) -> Recommendation:
    mean = overall(dims)
    lowest = min((d.score for d in dims), default=1)
    if mean >= 3.5 and lowest >= 3:
        return "Strong Hire"
    if mean >= 2.8 and lowest >= 2:
        return "Hire"
    if mean >= 1.8:
        return "No Hire"
    return "Strong No Hire"


def level_verdict(dims: Sequence[DimensionScore], level: str) -> LevelVerdict:
    """L7 needs a strong answer and strategic reach; an L6 question can show L7 only when exceptional."""
    mean = overall(dims)
    strategic = [d.score for d in dims if d.kind == "strategic" or d.name == "Vision clarity"]
    if level == "L7" and mean >= 3.25 and (not strategic or min(strategic) >= 3):
        return "L7"
    if level == "L6" and mean >= 3.75:
        return "L7"
    if mean >= 2.6:
        return "L6"
    return "below L6"


def improvements(dims: Sequence[DimensionScore], rubric: Sequence[Dimension], limit: int = 3) -> list[str]:
    """The weakest dimensions first; ties go to the rubric's order (success factor, principles, ...)."""
    by_id = {d.id: d for d in rubric}
    weakest = sorted((d for d in dims if d.score < 4), key=lambda d: d.score)[:limit]
    return [f"{d.name}: {by_id[d.id].improvement}" for d in weakest if d.id in by_id]


def stronger_answer(
    dims: Sequence[DimensionScore], rubric: Sequence[Dimension], unanswered_follow_ups: Sequence[str]
) -> list[str]:
    by_id = {d.id: d for d in rubric}
    items = [by_id[d.id].stronger for d in dims if d.score <= 2 and d.id in by_id and by_id[d.id].stronger]
    items += [f'an answer to "{text}"' for text in unanswered_follow_ups[:2]]
    return list(dict.fromkeys(items))

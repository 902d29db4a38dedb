"""From verified dimension scores to the bar raiser's call. Code decides it, not a judge's say-so,
so the recommendation always follows from the evidence shown beside it."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.scorecard import Dimension, DimensionScore, LevelVerdict, Recommendation
from app.scoring.rubric import STRATEGIC_TYPE, success_factor_id


def overall(dims: Sequence[DimensionScore]) -> float:
    return round(sum(d.score for d in dims) / len(dims), 2) if dims else 1.0


CORE_KINDS = ("success_factor", "deep_dive", "system_design", "success_pattern")


def recommend(dims: Sequence[DimensionScore]) -> Recommendation:
    """The mean decides, but a weak core dimension (the success factor, the deep-dive or design steps) vetoes:
    a principle the story was never about does not sink it, a missing result does."""
    mean = overall(dims)
    lowest = min((d.score for d in dims if d.kind in CORE_KINDS), default=1)
    if mean >= 3.5 and lowest >= 3:
        return "Strong Hire"
    if mean >= 2.8 and lowest >= 2:
        return "Hire"
    if mean >= 1.8:
        return "No Hire"
    return "Strong No Hire"


def level_verdict(dims: Sequence[DimensionScore], level: str) -> LevelVerdict:
    """L7 needs a strong answer with strategic reach; on an L6 question only an exceptional one that also
    showed strategy (a strategic or vision dimension at 3 or more) reads as L7."""
    mean = overall(dims)
    strategic = [d.score for d in dims if d.kind == "strategic" or d.id == success_factor_id(STRATEGIC_TYPE)]
    reach = bool(strategic) and min(strategic) >= 3
    if level == "L7" and mean >= 3.25 and (reach or not strategic):
        return "L7"
    if level == "L6" and mean >= 3.75 and reach:
        return "L7"
    if mean >= 2.6:
        return "L6"
    return "below L6"


_PRIORITY = {
    "success_factor": 0,
    "deep_dive": 1,
    "system_design": 1,
    "success_pattern": 2,
    "strategic": 3,
    "leadership_principle": 4,
}


def _weakest_first(dims: Sequence[DimensionScore]) -> list[DimensionScore]:
    """Lowest score first; among equals, what decides the loop (success factor, deep-dive) before principles."""
    return sorted(dims, key=lambda d: (d.score, _PRIORITY[d.kind]))


def improvements(dims: Sequence[DimensionScore], rubric: Sequence[Dimension], limit: int = 3) -> list[str]:
    by_id = {d.id: d for d in rubric}
    weakest = [d for d in _weakest_first(dims) if d.score < 4][:limit]
    return [f"{d.name}: {by_id[d.id].improvement}" for d in weakest if d.id in by_id]


def stronger_answer(
    dims: Sequence[DimensionScore], rubric: Sequence[Dimension], unanswered_follow_ups: Sequence[str]
) -> list[str]:
    by_id = {d.id: d for d in rubric}
    weak = [d for d in _weakest_first(dims) if d.score <= 2 and d.id in by_id and by_id[d.id].stronger]
    items = [by_id[d.id].stronger for d in weak][:4]
    items += [f'an answer to "{text}"' for text in unanswered_follow_ups[:2]]
    return list(dict.fromkeys(items))

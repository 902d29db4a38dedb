"""From verified dimension scores to the bar raiser's call. Code decides it, not a judge's say-so,
so the recommendation always follows from the evidence shown beside it."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.scorecard import (
    RECOMMENDATIONS,
    Dimension,
    DimensionScore,
    LevelVerdict,
    Recommendation,
)
from app.reading.evidence import Reach

CORE_WEIGHT = 2.0
PRINCIPLE_WEIGHT = 1.0
# The recommendation's thresholds on the weighted overall, and the lowest core score each allows.
STRONG_HIRE = (3.4, 3)
HIRE = (2.75, 2)
NO_HIRE = 1.9
L7_FLOOR = 3.0


def _weight(dim: DimensionScore, rubric: Sequence[Dimension]) -> float:
    spec = next((d for d in rubric if d.id == dim.id), None)
    return CORE_WEIGHT if spec is None or spec.core else PRINCIPLE_WEIGHT


def overall(dims: Sequence[DimensionScore], rubric: Sequence[Dimension] = ()) -> float | None:
    """The weighted mean of the assessed dimensions: the core (success factor, drill steps, success
    pattern, strategy) weighs double the leadership principles the question is tagged with."""
    assessed = [(d.score, _weight(d, rubric)) for d in dims if d.score is not None]
    if not assessed:
        return None
    return round(sum(s * w for s, w in assessed) / sum(w for _, w in assessed), 2)


def recommend(dims: Sequence[DimensionScore], rubric: Sequence[Dimension] = ()) -> Recommendation | None:
    """The overall decides, but a weak core dimension vetoes: a principle the story was never about does not
    sink it, a missing result does."""
    mean = overall(dims, rubric)
    if mean is None:
        return None
    core = sorted(d.score for d in dims if d.score is not None and _weight(d, rubric) == CORE_WEIGHT)
    factor = next((d.score for d in dims if d.kind == "success_factor" and d.score is not None), None)
    if mean >= STRONG_HIRE[0] and min(core, default=1) >= STRONG_HIRE[1]:
        return "Strong Hire"
    # One core part missing does not sink a strong story; two missing, or the success factor, do.
    second_lowest = core[1] if len(core) > 1 else min(core, default=1)
    if mean >= HIRE[0] and second_lowest >= HIRE[1] and (factor is None or factor >= HIRE[1]):
        return "Hire"
    if mean >= NO_HIRE:
        return "No Hire"
    return "Strong No Hire"


def at_most(recommendation: Recommendation | None, cap: Recommendation) -> Recommendation | None:
    if recommendation is None:
        return None
    return min(recommendation, cap, key=RECOMMENDATIONS.index)


def level_verdict(
    mean: float | None, level: str, reached: Reach, vote: Recommendation | None
) -> tuple[LevelVerdict | None, str]:
    """The level follows the scope the answers showed against the L6/L7 bars, then the scores: answers that
    are not a hire on the evidence (``vote``, before any cap) are below L6; an answer at one team's scope is
    L6 however well it is told; organisation-wide reach over years, through mechanisms or with senior
    leaders, is L7 only when the rest of the answer is strong too."""
    if mean is None:
        return None, ""
    shown = _reach_shown(reached)
    if vote not in ("Hire", "Strong Hire"):
        return "below L6", f"{shown} The answers fall short of the L6 bar: the scores above are not a hire."
    if reached.l7 and mean >= L7_FLOOR:
        how = " and ".join(
            w
            for w, shown in (("through mechanisms", reached.mechanisms), ("with senior leaders", reached.senior))
            if shown
        )
        return "L7", f"{shown} Organisation-wide reach over years, {how}: the L7 bar."
    if reached.l7:
        return "L6", f"{shown} The reach is L7's, but the rest of the answer is not strong enough for it."
    short = [
        gap
        for gap, missing in (
            ("reach beyond one team", reached.scope not in ("organization", "company")),
            ("a multi-year horizon", reached.horizon != "years"),
            ("mechanisms or senior leaders", not (reached.mechanisms or reached.senior)),
        )
        if missing
    ]
    suffix = " (interviewed at L7)" if level == "L7" else ""
    return "L6", f"{shown} The L6 bar{suffix}: the L7 bar needs {', '.join(short)} as well."


def _reach_shown(reached: Reach) -> str:
    def said(flag: bool) -> str:
        return "yes" if flag else "no"

    scope = (reached.scope or "not stated").replace("_", "-")
    return (
        f"Scope: {scope}; horizon: {reached.horizon or 'not stated'}; mechanisms: {said(reached.mechanisms)}; "
        f"senior stakeholders: {said(reached.senior)}."
    )


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
    return sorted((d for d in dims if d.score is not None), key=lambda d: (d.score, _PRIORITY[d.kind]))


def improvements(dims: Sequence[DimensionScore], rubric: Sequence[Dimension], limit: int = 3) -> list[str]:
    """The weakest dimensions first; a strong card still names what would lift its 3s to 4s."""
    by_id = {d.id: d for d in rubric}
    weakest = [d for d in _weakest_first(dims) if (d.score or 4) < 4][:limit]
    return [f"{d.name}: {by_id[d.id].improvement}" for d in weakest if d.id in by_id]


def stronger_answer(
    dims: Sequence[DimensionScore], rubric: Sequence[Dimension], unanswered_follow_ups: Sequence[str]
) -> list[str]:
    by_id = {d.id: d for d in rubric}
    weak = [d for d in _weakest_first(dims) if (d.score or 4) < 4 and d.id in by_id and by_id[d.id].stronger]
    items = [by_id[d.id].stronger for d in weak][:4]
    items += [
        f'what you would say to "{text}", which the interview did not reach' for text in unanswered_follow_ups[:2]
    ]
    return list(dict.fromkeys(items))

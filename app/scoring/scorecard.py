"""Turns a judge's draft into a scorecard a candidate can trust. Pure: the provider judged already.

Whatever the judge says, every quote is checked against the candidate's own words, a dimension
without verified evidence is capped at 2, and the recommendation is computed from the scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from app.domain.dialogue import Turn
from app.domain.scorecard import Dimension, DimensionScore, JudgeDraft, ScorecardData
from app.scoring import verdict
from app.scoring.evidence import strip_planted, verify


def sanitized(transcript: Sequence[Turn]) -> tuple[list[Turn], list[str]]:
    """The transcript a judge sees: candidate turns without text addressed to the grader, and the note
    that says how much was set aside."""
    turns: list[Turn] = []
    planted = 0
    for turn in transcript:
        if turn.role == "candidate":
            text, removed = strip_planted(turn.text)
            planted += removed
            turn = replace(turn, text=text)
        turns.append(turn)
    notes = [f"Ignored {planted} sentence(s) addressed to the grader rather than the interviewer."] if planted else []
    return turns, notes


def finalize(
    draft: JudgeDraft,
    rubric: Sequence[Dimension],
    transcript: Sequence[Turn],
    level: str,
    unanswered_follow_ups: Sequence[str],
    *,
    scorer: str,
    model: str | None,
    notes: Sequence[str] = (),
) -> ScorecardData:
    candidate_texts = [t.text for t in transcript if t.role == "candidate"]
    judged = {d.id: d for d in draft.dimensions}
    dims: list[DimensionScore] = []
    dropped = 0
    for dim in rubric:
        raw = judged[dim.id]
        evidence, lost = verify(raw.evidence, candidate_texts)
        dropped += lost
        score, rationale = raw.score, raw.rationale
        if not evidence and score > 2:
            score, rationale = 2, f"{rationale} (Capped at 2: no verifiable quote supports it.)"
        dims.append(
            DimensionScore(id=dim.id, name=dim.name, kind=dim.kind, score=score, rationale=rationale, evidence=evidence)
        )
    computed = verdict.improvements(dims, rubric)
    return ScorecardData(
        scorer=scorer,
        model=model,
        level=level,
        dimensions=dims,
        overall_score=verdict.overall(dims),
        recommendation=verdict.recommend(dims),
        level_verdict=verdict.level_verdict(dims, level),
        improvements=list(dict.fromkeys([*draft.improvements, *computed]))[:3],
        stronger_answer=draft.stronger_answer or verdict.stronger_answer(dims, rubric, unanswered_follow_ups),
        dropped_quotes=dropped,
        notes=list(notes),
    )

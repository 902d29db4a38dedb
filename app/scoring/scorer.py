"""Runs a judge and turns its draft into a scorecard a candidate can trust.

Whatever the judge says, every quote is checked against the candidate's own words, a dimension
without verified evidence is capped at 2, and the recommendation is computed from the scores.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from app.planner import Turn, addressed
from app.providers.base import JudgeRequest, Provider, ProviderError, Usage
from app.scoring import verdict
from app.scoring.evidence import strip_planted, verify
from app.scoring.models import Dimension, DimensionScore, JudgeDraft, ScorecardData

log = logging.getLogger(__name__)


def sanitized(transcript: Sequence[Turn]) -> tuple[list[Turn], int]:
    """The transcript a judge sees: candidate turns without text addressed to the grader."""
    turns: list[Turn] = []
    planted = 0
    for turn in transcript:
        if turn.role == "candidate":
            text, removed = strip_planted(turn.text)
            planted += removed
            turn = replace(turn, text=text)
        turns.append(turn)
    return turns, planted


async def score(request: JudgeRequest, provider: Provider, offline: Provider) -> tuple[ScorecardData, Usage]:
    """Judge with the provider; on failure, or for dimensions it left out, use the offline judge."""
    transcript, planted = sanitized(request.transcript)
    request = replace(request, transcript=transcript)
    candidate_texts = [t.text for t in transcript if t.role == "candidate"]
    notes: list[str] = []
    if planted:
        notes.append(f"Ignored {planted} sentence(s) addressed to the grader rather than the interviewer.")
    judge = provider
    try:
        result = await provider.judge(request)
    except ProviderError as exc:
        log.warning("interview %s: model judge failed, scored offline: %s", request.interview_id, exc)
        notes.append("The model judge failed; this scorecard comes from the offline scorer.")
        judge, result = offline, await offline.judge(request)
    draft = result.draft
    judged = {d.id for d in draft.dimensions}
    if any(dim.id not in judged for dim in request.rubric):
        backup = (await offline.judge(request)).draft
        draft = draft.model_copy(
            update={"dimensions": [*draft.dimensions, *(d for d in backup.dimensions if d.id not in judged)]}
        )
    asked = {t.probe for t in transcript if t.role == "interviewer" and t.probe}
    everything = "\n".join(candidate_texts)
    unanswered = [f.text for f in request.question.follow_ups if f.id not in asked and not addressed(f, everything)]
    card = finalize(
        draft, request.rubric, candidate_texts, request.level, unanswered, scorer=judge.name, model=judge.model
    )
    card.notes.extend(notes)
    return card, result.usage


def finalize(
    draft: JudgeDraft,
    rubric: Sequence[Dimension],
    candidate_texts: Sequence[str],
    level: str,
    unanswered_follow_ups: Sequence[str],
    *,
    scorer: str,
    model: str | None,
) -> ScorecardData:
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
    )

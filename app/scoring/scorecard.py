"""Turns a judge's draft into a scorecard a candidate can trust. Pure: the provider judged already.

Whatever the judge says, every quote is checked against the candidate's own words and against the
dimension it is offered for (through the answers' assessments): a quote that does not show its
dimension does not count, one quote backs at most two dimensions, and a dimension without such a
quote cannot score above 2. A dimension the interview never reached is not assessed rather than 1.
Contradictions become red flags; the recommendation and the level are computed here and a judge's
own call can only lower them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from app.domain.assessment import AnswerAssessment
from app.domain.dialogue import Turn
from app.domain.scorecard import (
    LEVELS,
    RECOMMENDATIONS,
    Dimension,
    DimensionScore,
    JudgeDraft,
    RedFlag,
    ScorecardData,
)
from app.reading.evidence import Reach, backing, hollow, overlaps, reach, shares_words, supported_score, supports
from app.scoring import verdict
from app.scoring.evidence import normalize, strip_planted, verify

MAX_DIMENSIONS_PER_QUOTE = 2
MAX_SHOWN = 3
RECONCILE_WORDS = 2
# Claims that can be checked against the world: a fluent story without a single one is not a hire, however
# confident its words (the bar raiser's "what were the numbers?").
QUANTITIES = ("number", "team_size")
NOT_ENOUGH = "There is not enough to score: the interview ended before any answer."


def sanitized(transcript: Sequence[Turn]) -> tuple[list[Turn], list[str]]:
    """The transcript a judge sees: candidate turns without text addressed to the grader, and the note
    that says how much was set aside."""
    turns: list[Turn] = []
    planted = 0
    for turn in transcript:
        if turn.role == "candidate":
            text, removed = strip_planted(turn.text)
            outline, from_outline = strip_planted(turn.notes) if turn.notes else ("", 0)
            planted += removed + from_outline
            kept = f"{text}\n{outline}"
            assessment = (
                _within(turn.assessment, kept) if removed + from_outline and turn.assessment else turn.assessment
            )
            turn = replace(turn, text=text, notes=outline or None, assessment=assessment)
        turns.append(turn)
    notes = [f"Ignored {planted} sentence(s) addressed to the grader rather than the interviewer."] if planted else []
    return turns, notes


def _within(assessment: AnswerAssessment, text: str) -> AnswerAssessment:
    """The assessment without what it read in the sentences set aside."""
    kept = normalize(text)
    return assessment.model_copy(
        update={
            "satisfied": [s for s in assessment.satisfied if normalize(s.quote) in kept],
            "claims": [c for c in assessment.claims if normalize(c.quote) in kept],
            "contradictions": [c for c in assessment.contradictions if normalize(c.later) in kept],
        }
    )


def probed_steps(transcript: Sequence[Turn], follow_up_covers: Mapping[str, str | None]) -> set[str]:
    """The drill steps the interviewer asked about, directly or through one of the question's follow-ups, and
    the phases of a system design round it reached."""
    probes = {t.probe for t in transcript if t.role == "interviewer" and t.probe}
    phases = {t.phase for t in transcript if t.role == "interviewer" and t.phase}
    probed = probes | phases | {covers for probe in probes if (covers := follow_up_covers.get(probe))}
    # Asked for a lesson and given none, there was nothing to apply: the application was reached, and missed.
    return probed | ({"application"} if "learning" in probed else set())


def red_flags(transcript: Sequence[Turn]) -> list[RedFlag]:
    """Every contradiction the answers' assessments found, resolved if it was put back to the candidate
    and the reply explained it rather than dodging."""
    flags: list[RedFlag] = []
    for i, turn in enumerate(transcript):
        for clash in turn.assessment.contradictions if turn.assessment else ():
            if any(f.about == clash.about for f in flags):
                continue
            flags.append(
                RedFlag(
                    about=clash.about,
                    quotes=[clash.earlier, clash.later],
                    resolved=_reconciled(transcript, i, clash.later),
                )
            )
    return flags


def _reconciled(transcript: Sequence[Turn], index: int, later: str) -> bool:
    """Put back to the candidate, and the reply explained it: it did not dodge, and it spoke about what the
    later statement said (a reply about something else leaves the flag standing)."""
    for j in range(index + 1, len(transcript) - 1):
        asked, reply = transcript[j], transcript[j + 1]
        if asked.role == "interviewer" and asked.probe == "reconcile" and asked.target == later:
            answered = reply.role == "candidate" and reply.assessment is not None and reply.assessment.dodge is None
            return answered and shares_words(reply.text, later, RECONCILE_WORDS)
    return False


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
    follow_up_covers: Mapping[str, str | None] | None = None,
    reached: Reach | None = None,
    needed: Sequence[str] = (),
) -> ScorecardData:
    """``reached``: how far the answers reached, when the round has its own measure of it (system design);
    by default the answers' scope, horizon, mechanisms and stakeholders. ``needed``: dimensions the L6 bar
    cannot be met without (a system design round's scalability thinking)."""
    candidate_texts = [t.text for t in transcript if t.role == "candidate"]
    candidate_texts += [t.notes for t in transcript if t.role == "candidate" and t.notes]
    answers = [t.assessment or AnswerAssessment() for t in transcript if t.role == "candidate"]
    if not any(text.strip() for text in candidate_texts):
        return _not_enough(rubric, level, scorer, model, notes)
    probed = probed_steps(transcript, follow_up_covers or {})
    judged = {d.id: d for d in draft.dimensions}
    # A claim the candidate took back or contradicted, and never reconciled, backs nothing.
    contested = [f.quotes[0] for f in red_flags(transcript) if not f.resolved and f.quotes]
    verified: dict[str, list[str]] = {}
    dropped = 0
    for dim in rubric:
        kept, lost = verify(judged[dim.id].evidence, candidate_texts)
        shown = [q for q in kept if _shows(dim, q, answers) and not any(overlaps(q, c) for c in contested)]
        verified[dim.id], dropped = shown, dropped + lost
    used: Counter[str] = Counter()
    scored: dict[str, DimensionScore] = {}
    # The core dimensions choose first, the one with the fewest quotes to choose from before the others (the
    # success pattern, which any part of the answer shows, last), so that a quote that shows three
    # dimensions backs the two that have nothing else.
    for dim in sorted(rubric, key=lambda d: (not d.core, d.kind == "success_pattern", len(verified[d.id]))):
        raw = judged[dim.id]
        shown = [q for q in verified[dim.id] if used[normalize(q)] < MAX_DIMENSIONS_PER_QUOTE][:MAX_SHOWN]
        for q in shown:
            used[normalize(q)] += 1
        score, rationale = raw.score, raw.rationale
        if not shown and _unreached(dim, probed, answers):
            scored[dim.id] = _not_assessed(dim)
            continue
        # A capped score reads as what the cap means, not as the judge's note on the higher score it gave.
        if not shown and score > 2:
            score, rationale = 2, f"{dim.anchor(2) or rationale} (Capped at 2: no quote of the candidate's shows it.)"
        elif shown and score > (ceiling := _ceiling(dim, verified[dim.id], answers)):
            why = "the quotes show no more than that"
            score, rationale = ceiling, f"{dim.anchor(ceiling) or rationale} (Capped at {ceiling}: {why}.)"
        elif hollow(dim, answers) and not shown and score > 1:
            score, rationale = 1, f"{dim.anchor(1) or rationale} (Named without its content, which earns nothing.)"
        scored[dim.id] = DimensionScore(
            id=dim.id, name=dim.name, kind=dim.kind, score=score, rationale=rationale, evidence=shown
        )
    # A principle is shown by what the candidate did: with no part of the story their own, the team's
    # delivery is not their Deliver Results.
    if any(scored[d.id].score == 1 for d in rubric if d.kind == "deep_dive" and "role" in d.steps):
        for dim in rubric:
            if dim.kind == "leadership_principle" and (scored[dim.id].score or 0) > 2:
                capped = f"{dim.anchor(2) or scored[dim.id].rationale} (Capped at 2: no part of the story was theirs.)"
                scored[dim.id] = scored[dim.id].model_copy(update={"score": 2, "rationale": capped})
    dims = [scored[dim.id] for dim in rubric]
    flags = red_flags(transcript)
    # A judge's red flag stands on the candidate's own words, both of them; it can only make the vote stricter.
    flags += [
        RedFlag(about=f.about, quotes=kept)
        for f in draft.red_flags
        if len(kept := verify(f.quotes, candidate_texts)[0]) >= 2 and not any(overlaps(f.about, g.about) for g in flags)
    ]
    overall = verdict.overall(dims, rubric)
    recommendation = verdict.recommend(dims, rubric)
    the_reach = reached or reach(answers)
    # Whether the L6 bar is met is read without the L7-only strategic dimension.
    l6_vote = verdict.recommend([d for d in dims if d.kind != "strategic"], rubric)
    checkable = any(c.kind in QUANTITIES for a in answers for c in a.claims)
    if not checkable:
        recommendation, l6_vote = verdict.at_most(recommendation, "No Hire"), verdict.at_most(l6_vote, "No Hire")
    level_verdict, level_reason = verdict.level_verdict(overall, level, the_reach, l6_vote)
    if not checkable:
        level_reason += (
            " Not one figure in the answers (a number, a size, a measured result): a hire needs evidence that can"
            " be checked."
        )
    if unmet := [d.name for d in dims if d.id in needed and d.score == 1]:
        level_verdict = "below L6"
        level_reason += f" {', '.join(unmet)} never shown, which the L6 bar needs."
    if any(not f.resolved for f in flags):
        recommendation = verdict.at_most(recommendation, "No Hire")
        level_reason += " A contradiction was left unreconciled, which caps the recommendation at No Hire."
    if level == "L7" and level_verdict != "L7":
        recommendation = verdict.at_most(recommendation, "No Hire")
    if draft.recommendation is not None and RECOMMENDATIONS.index(draft.recommendation) < RECOMMENDATIONS.index(
        recommendation
    ):
        recommendation = draft.recommendation  # a judge may be stricter than the evidence, never kinder
    if (
        draft.level is not None
        and level_verdict is not None
        and LEVELS.index(draft.level) < LEVELS.index(level_verdict)
    ):
        level_verdict = draft.level
    computed = verdict.improvements(dims, rubric)
    return ScorecardData(
        scorer=scorer,
        model=model,
        level=level,
        dimensions=dims,
        overall_score=overall,
        recommendation=recommendation,
        level_verdict=level_verdict,
        level_reason=level_reason.strip(),
        red_flags=flags,
        improvements=list(dict.fromkeys([*draft.improvements, *computed]))[:3],
        stronger_answer=verdict.stronger_answer(dims, rubric, unanswered_follow_ups) or list(draft.stronger_answer),
        dropped_quotes=dropped,
        notes=list(notes),
    )


def _shows(dim: Dimension, quote: str, answers: Sequence[AnswerAssessment]) -> bool:
    """Whether the quote shows the dimension. Steps and claims back the deep-dive, principle and factor
    dimensions; the success pattern and the strategic dimension take any quote that backs a part of them."""
    if dim.kind == "success_factor" and not (dim.steps or dim.claims):
        return True
    return supports(dim, quote, answers) or (
        dim.kind in ("success_pattern", "strategic")
        and any(overlaps(quote, c.quote) for a in answers for c in a.claims)
    )


def _ceiling(dim: Dimension, quotes: Sequence[str], answers: Sequence[AnswerAssessment]) -> int:
    """The most the judge's own verified quotes support, by the same rule the offline judge scores with: a
    quote of the right kind for a 3, the full version's kinds for a 4. Design answers are read for their
    parts in the text instead, so a design dimension is not capped here."""
    if dim.kind == "system_design" or (dim.kind == "success_factor" and not (dim.steps or dim.claims)):
        return 4
    matched = [b for b in backing(dim, answers) if any(overlaps(q, b.quote) for q in quotes)]
    return supported_score(dim, matched, answers)


def _unreached(dim: Dimension, probed: set[str], answers: Sequence[AnswerAssessment]) -> bool:
    """A deep-dive step (or a part of a design) the interviewer never asked about and the candidate never
    touched."""
    return dim.kind in ("deep_dive", "system_design") and not (set(dim.steps) & probed) and not hollow(dim, answers)


def _not_assessed(dim: Dimension) -> DimensionScore:
    return DimensionScore(
        id=dim.id,
        name=dim.name,
        kind=dim.kind,
        score=None,
        rationale="Not assessed: nothing in the interview reached it, so it does not count for or against you.",
        evidence=[],
    )


def _not_enough(
    rubric: Sequence[Dimension], level: str, scorer: str, model: str | None, notes: Sequence[str]
) -> ScorecardData:
    return ScorecardData(
        scorer=scorer,
        model=model,
        level=level,
        dimensions=[_not_assessed(d) for d in rubric],
        overall_score=None,
        recommendation=None,
        level_verdict=None,
        level_reason=NOT_ENOUGH,
        improvements=["Answer the question: the interview is scored on what you say."],
        stronger_answer=[],
        notes=[NOT_ENOUGH, *notes],
    )

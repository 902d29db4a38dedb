"""Decides what the interviewer probes next. Pure: (question, transcript) -> Probe or Close.

The drill follows the seed's Bar Raiser pattern (role -> metrics/impact -> alternatives ->
learning -> application) and, for system design, scale, data and failure handling; it goes
after what the candidate has not yet given, mixes in the question's own documented follow-ups,
and enforces the 3-5 depth rule in code rather than trusting a prompt to.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.analysis import Signals, answers_signals
from app.bank.models import Category, FollowUp, Framework, Question
from app.content import ProbeVocabulary
from app.domain.dialogue import Bounds, Close, Probe, Turn, depth_of

GENERIC_PROBES = (
    "role",
    "metrics",
    "impact",
    "alternatives",
    "resistance",
    "learning",
    "application",
    "scale",
    "data_model",
    "failure_handling",
)
DESIGN_PATTERN = ("scale", "data_model", "failure_handling", "alternatives")
STORY_GAPS = ("role", "metrics", "impact", "alternatives", "learning", "application")


def pattern_for(question: Question, framework: Framework) -> tuple[str, ...]:
    if question.category == Category.SYSTEM_DESIGN:
        return DESIGN_PATTERN
    return tuple(step.probe for step in framework.deep_dive_pattern if step.probe != "initial")


def given(sig: Signals) -> set[str]:
    """Probes the candidate's words already answer, so asking them would waste a level."""
    found = {
        "role": sig.owns_role,
        "metrics": bool(sig.metrics),
        "impact": bool(sig.impact) or (bool(sig.results) and bool(sig.metrics)),
        "alternatives": len(sig.alternatives) >= 2,
        "resistance": bool(sig.resistance),
        "learning": bool(sig.learning),
        "application": bool(sig.application),
        "scale": len(sig.scale) >= 2,
        "data_model": len(sig.data_model) >= 2,
        "failure_handling": len(sig.failure_handling) >= 2,
    }
    return {probe for probe, ok in found.items() if ok}


def addressed(follow_up: FollowUp, candidate_text: str) -> bool:
    text = candidate_text.lower()
    return any(keyword.lower() in text for keyword in follow_up.keywords)


def _gap(probe: str, probes: ProbeVocabulary, depth: int) -> Probe:
    info = probes.get(probe)
    return Probe(probe=probe, reason=info.reason if info else "Not covered yet.", depth=depth)


def next_step(
    question: Question,
    transcript: Sequence[Turn],
    framework: Framework,
    probes: ProbeVocabulary,
    bounds: Bounds = Bounds(),
) -> Probe | Close:
    depth = depth_of(transcript)
    if depth >= bounds.max_follow_ups:
        return Close(reason=f"Reached the maximum depth of {bounds.max_follow_ups} follow-ups.", depth=depth)

    asked = {t.probe for t in transcript if t.role == "interviewer" and t.probe}
    answers = [t.text for t in transcript if t.role == "candidate"]
    candidate_text = "\n".join(answers)
    have = given(answers_signals(answers))
    pattern = pattern_for(question, framework)
    gap_order = DESIGN_PATTERN if question.category == Category.SYSTEM_DESIGN else STORY_GAPS
    needed = [p for p in gap_order if p not in asked and p not in have]
    pattern_covered = all(p in asked or p in have for p in pattern)

    if depth >= bounds.min_follow_ups and pattern_covered:
        return Close(reason=f"Deep-dive pattern covered at depth {depth}.", depth=depth)

    documented = [f for f in question.follow_ups if f.id not in asked and not addressed(f, candidate_text)]
    slots_left = bounds.max_follow_ups - depth
    next_depth = depth + 1

    # Gaps come first while they fill the remaining levels; otherwise alternate with the question's
    # own follow-ups, so a strong candidate still meets the documented drill (e.g. surge pricing).
    if needed and (len(needed) >= slots_left or not documented or depth % 2 == 0):
        return _gap(needed[0], probes, next_depth)
    if documented:
        follow_up = documented[0]
        return Probe(
            probe=follow_up.id,
            reason=f"The question's own follow-up ({follow_up.heading}).",
            depth=next_depth,
            follow_up=follow_up,
        )
    for story in framework.after_any_story:
        if story.probe not in asked and story.probe not in have and probes.get(story.probe):
            return _gap(story.probe, probes, next_depth)
    # Everything has been asked or given but the minimum depth is not reached: go a level deeper on
    # what the candidate raised rather than stop early or ask for it again as if it were missing.
    for follow_up in question.follow_ups:
        if follow_up.id not in asked:
            return Probe(
                probe=follow_up.id,
                reason=f"Going deeper on the question's own follow-up ({follow_up.heading}).",
                depth=next_depth,
                follow_up=follow_up,
            )
    for probe in (*gap_order, *GENERIC_PROBES):
        if probe not in asked:
            return Probe(probe=probe, reason="Already touched on; going a level deeper.", depth=next_depth)
    return Close(reason="Every probe has been asked.", depth=depth)


def unanswered_follow_ups(question: Question, transcript: Sequence[Turn]) -> list[str]:
    """The question's own follow-ups neither asked nor already answered: what a stronger answer covers."""
    asked = {t.probe for t in transcript if t.role == "interviewer" and t.probe}
    everything = "\n".join(t.text for t in transcript if t.role == "candidate")
    return [f.text for f in question.follow_ups if f.id not in asked and not addressed(f, everything)]

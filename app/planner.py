"""Decides what the interviewer probes next. Pure: (question, transcript) -> Probe or Close.

The drill follows the seed's Bar Raiser pattern (role -> metrics/impact -> alternatives ->
learning -> application) and, for system design, scale, data and failure handling; it goes
after what the candidate has not yet given, mixes in the question's own documented follow-ups,
and enforces the 3-5 depth rule in code rather than trusting a prompt to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from app.analysis import Signals, answers_signals
from app.bank.models import Category, FollowUp, Framework, Question

Role = Literal["interviewer", "candidate"]

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

# How a probe reads to a person, in the CLI and transcripts; a question's own follow-up reads as itself.
PROBE_LABELS: dict[str, str] = {
    "role": "your role",
    "metrics": "metrics",
    "impact": "impact",
    "alternatives": "alternatives",
    "resistance": "resistance",
    "learning": "learning",
    "application": "application",
    "scale": "scale",
    "data_model": "data model",
    "failure_handling": "failure handling",
}


def probe_label(probe: str) -> str:
    return PROBE_LABELS.get(probe, "a documented follow-up")


# Why the planner asks for each probe when the candidate has not given it yet.
GAP_REASONS: dict[str, str] = {
    "role": "The answer says 'we' but not what you personally did.",
    "metrics": "No numbers or measurable outcome yet.",
    "impact": "No result or lasting impact stated yet.",
    "alternatives": "No alternative or trade-off weighed yet.",
    "resistance": "No account yet of how resistance or disagreement was handled.",
    "learning": "No lesson or what you would do differently yet.",
    "application": "Not yet connected to how you would apply it in this role.",
    "scale": "No scale figures yet (users, requests per second, data volume).",
    "data_model": "No data model or storage choice yet.",
    "failure_handling": "No failure handling yet (what breaks and how the system survives it).",
}

DESIGN_PATTERN = ("scale", "data_model", "failure_handling", "alternatives")
STORY_GAPS = ("role", "metrics", "impact", "alternatives", "learning", "application")


@dataclass(frozen=True)
class Turn:
    role: Role
    text: str
    probe: str | None = None


@dataclass(frozen=True)
class Bounds:
    min_follow_ups: int = 3
    max_follow_ups: int = 5


class Probe(BaseModel):
    probe: str
    reason: str
    depth: int
    follow_up: FollowUp | None = None


class Close(BaseModel):
    reason: str
    depth: int


def depth_of(transcript: Sequence[Turn]) -> int:
    """Follow-ups asked so far: interviewer turns that carry a probe (not the question, not the close)."""
    return sum(1 for t in transcript if t.role == "interviewer" and t.probe)


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


def next_step(
    question: Question, transcript: Sequence[Turn], framework: Framework, bounds: Bounds = Bounds()
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
        probe = needed[0]
        return Probe(probe=probe, reason=GAP_REASONS[probe], depth=next_depth)
    if documented:
        follow_up = documented[0]
        return Probe(
            probe=follow_up.id,
            reason=f"The question's own follow-up ({follow_up.heading}).",
            depth=next_depth,
            follow_up=follow_up,
        )
    for story in framework.after_any_story:
        if story.probe not in asked and story.probe not in have and story.probe in GAP_REASONS:
            return Probe(probe=story.probe, reason=GAP_REASONS[story.probe], depth=next_depth)
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

"""Decides what the interviewer asks next. Pure: (question, transcript with its assessments) -> Probe or Close.

A bar raiser listens for what the answer left out and asks about that, presses once on a dodge,
puts a contradiction back to the candidate before anything else, tests an L7 candidate's scope, and
goes deeper with a challenge when nothing is missing. Everything is decided from the answers'
assessments (what they *satisfied*, not what was asked), and the 3-5 depth rule is enforced here in
code rather than trusted to a prompt.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.bank.models import Category, FollowUp, Framework, Question
from app.content import DesignSpec, ProbeVocabulary
from app.design.phases import next_design_step
from app.domain.assessment import HORIZON_ORDER, SCOPE_ORDER, AnswerAssessment, Claim
from app.domain.dialogue import Bounds, Close, Probe, Turn, depth_of

STORY_GAPS = ("role", "metrics", "impact", "alternatives", "learning", "application")
# Asked once the question's own follow-ups are used up (the seed's "after any story" sequence).
LATER_GAPS = ("resistance",)
PRESSING = ("clarify", "reconcile", "scope", "challenge")
GENERIC_PROBES = (*STORY_GAPS, *LATER_GAPS, *PRESSING)
# The steps a story must have shown before the interviewer can close (the seed's deep-dive pattern).
CORE_STEPS = ("role", "metrics", "alternatives", "learning")
MAX_CHALLENGES = 2
MAX_RECONCILES = 2
MAX_CLARIFIES = 2


def addressed(follow_up: FollowUp, candidate_text: str) -> bool:
    """A behavioural follow-up the answers already speak to (its keywords), so it is not asked again."""
    text = candidate_text.lower()
    return any(keyword.lower() in text for keyword in follow_up.keywords)


def _reason(probes: ProbeVocabulary, probe: str) -> str:
    info = probes.get(probe)
    return info.reason if info else "Not covered yet."


def next_step(
    question: Question,
    transcript: Sequence[Turn],
    framework: Framework,
    probes: ProbeVocabulary,
    bounds: Bounds = Bounds(),
    level: str = "L6",
    skip: frozenset[str] = frozenset(),
    design: DesignSpec | None = None,
) -> Probe | Close:
    """The next follow-up, or the close. ``skip``: probes the model said the answers already give. A system
    design question runs in phases (app/design), which need ``design``, the spec of prompts/design.yaml."""
    if question.category == Category.SYSTEM_DESIGN:
        if design is None:
            raise ValueError("a system design question is planned with the design spec (prompts/design.yaml)")
        return next_design_step(question, transcript, design, probes, bounds, level, skip)
    depth = depth_of(transcript)
    if depth >= bounds.max_follow_ups:
        return Close(reason=f"Reached the maximum depth of {bounds.max_follow_ups} follow-ups.", depth=depth)
    return _story_step(question, transcript, probes, bounds, level, skip)


def _story_step(
    question: Question,
    transcript: Sequence[Turn],
    probes: ProbeVocabulary,
    bounds: Bounds,
    level: str,
    skip: frozenset[str],
) -> Probe | Close:
    interviewer = [t for t in transcript if t.role == "interviewer" and t.probe]
    asked: set[str] = {t.probe for t in interviewer if t.probe}
    depth = len(interviewer)
    next_depth = depth + 1
    answers = [t.assessment or AnswerAssessment() for t in transcript if t.role == "candidate"]
    last = answers[-1] if answers else AnswerAssessment()
    last_turn = next((t for t in reversed(transcript) if t.role == "interviewer"), None)
    last_probe = last_turn.probe if last_turn else None
    satisfied = {s.step for a in answers for s in a.satisfied} | set(skip)

    # 1. Two statements that cannot both be true go back to the candidate before anything else.
    reconciled = {t.target for t in interviewer if t.probe == "reconcile"}
    if sum(1 for t in interviewer if t.probe == "reconcile") < MAX_RECONCILES and "reconcile" not in skip:
        for answer in reversed(answers):
            for clash in answer.contradictions:
                if clash.later not in reconciled:
                    return Probe(
                        probe="reconcile",
                        reason=f"Two answers disagree on {clash.about}.",
                        depth=next_depth,
                        target=clash.later,
                        against=clash.earlier,
                        asks_for=clash.about,
                    )

    # 2. A dodge is pressed once, pointedly; a second dodge of the same thing is noted and left.
    pressed_before = sum(1 for t in interviewer if t.probe == "clarify")
    if last.dodge is not None and last_probe != "clarify" and pressed_before < MAX_CLARIFIES and "clarify" not in skip:
        pressed = last.answered or "the question"
        return Probe(
            probe="clarify",
            reason=_dodge_reason(last, pressed),
            depth=next_depth,
            target=last.dodge_quote,
            asks_for=pressed,
        )

    # 3. At L7, an answer at one team's scope or a short horizon is tested for organisation-wide reach.
    if level == "L7" and "scope" not in asked and "scope" not in satisfied and "scope" not in skip:
        widest = _widest([a.scope for a in answers], SCOPE_ORDER)
        longest = _widest([a.horizon for a in answers], HORIZON_ORDER)
        narrow = widest is None or SCOPE_ORDER.index(widest) < SCOPE_ORDER.index("organization")
        short = longest is None or HORIZON_ORDER.index(longest) < HORIZON_ORDER.index("years")
        if (narrow or short) and (depth >= 1 or "role" in satisfied):
            return Probe(
                probe="scope",
                reason="The story so far stays at "
                + ("one team's scope" if narrow else "a short horizon")
                + "; the L7 bar is organisation-wide reach over years.",
                depth=next_depth,
                target=_scope_target(answers),
            )

    # 4. What the answers left out, and the question's own follow-ups, interleaved.
    done = satisfied | asked  # a step asked once and dodged twice is not asked again
    gaps = [g for g in STORY_GAPS if g not in done]
    if "learning" in asked and "learning" not in satisfied and "application" in gaps:
        gaps.remove("application")  # no lesson was given, so there is nothing to apply
    # The seed's drill always asks the candidate's role: an answer that claimed the calls is asked, once the gaps
    # are probed, who else had a say, which is where a story told bigger than it was comes apart.
    verify_role = depth >= 2 and "role" not in asked and "role" not in gaps and "role" not in skip
    if verify_role:
        gaps.append("role")
    said = "\n".join(t.text for t in transcript if t.role == "candidate")
    documented = [
        f
        for f in question.follow_ups
        if f.id not in asked
        and f.id not in satisfied
        and f.id not in skip
        and (f.covers is None or f.covers not in done)
        and not addressed(f, said)
    ]
    documented.sort(key=lambda f: f.covers is None or f.covers not in gaps)
    core_open = [g for g in CORE_STEPS if g in gaps]
    if depth >= bounds.min_follow_ups and not core_open and not documented and last.dodge is None:
        return Close(reason=f"The deep-dive pattern is covered at depth {depth}.", depth=depth)
    slots_left = bounds.max_follow_ups - depth
    if gaps and (len(core_open) >= slots_left or not documented or depth % 2 == 0):
        if gaps[0] == "role" and verify_role:
            own = [c for c in _claims(answers, "decision", "action") if c.actor == "self"]
            return Probe(
                probe="role",
                reason="The answers claim the calls as the candidate's own; checking who else had a say.",
                depth=next_depth,
                target=own[0].quote if own else None,
            )
        return Probe(probe=gaps[0], reason=_reason(probes, gaps[0]), depth=next_depth, target=_target(gaps[0], answers))
    if documented:
        follow_up = documented[0]
        return Probe(
            probe=follow_up.id,
            reason=f"The question's own follow-up ({follow_up.heading}).",
            depth=next_depth,
            follow_up=follow_up,
        )
    if later := [g for g in LATER_GAPS if g not in done]:
        return Probe(
            probe=later[0], reason=_reason(probes, later[0]), depth=next_depth, target=_target(later[0], answers)
        )

    # 5. Nothing is missing but the minimum depth is not reached: go deeper on what was given.
    if depth >= bounds.min_follow_ups and last.dodge is None:
        return Close(reason=f"Everything asked is answered at depth {depth}.", depth=depth)
    challenged = {t.target for t in interviewer if t.probe == "challenge"}
    if sum(1 for t in interviewer if t.probe == "challenge") < MAX_CHALLENGES and "challenge" not in skip:
        claim = _challenge_target(answers, challenged)
        return Probe(
            probe="challenge",
            reason="The story is complete; going a level deeper on what was given.",
            depth=next_depth,
            target=claim.quote if claim else None,
            asks_for=claim.kind if claim else None,
        )
    return Close(reason="Every probe has been asked.", depth=depth)


def _dodge_reason(last: AnswerAssessment, pressed: str) -> str:
    what = "the question" if pressed == "the question" else f"the {pressed.replace('_', ' ')} question"
    if last.dodge == "non_answer":
        return f"The answer to {what} said nothing specific; pressing once more."
    return f"The answer deflected {what}; pressing once more for a direct answer."


def _widest(levels: Sequence[str | None], order: Sequence[str]) -> str | None:
    known = [lv for lv in levels if lv in order]
    return max(known, key=order.index) if known else None


def _claims(answers: Sequence[AnswerAssessment], *kinds: str) -> list[Claim]:
    """Claims worth following up: never the sentence an answer dodged with."""
    return [
        c
        for a in answers
        for c in a.claims
        if c.kind in kinds and not (a.dodge_quote and (c.quote in a.dodge_quote or a.dodge_quote in c.quote))
    ]


# The claim a probe follows up, by probe: what the candidate said that most needs the follow-up.
_TARGET_KINDS: dict[str, tuple[str, ...]] = {
    "role": ("decision", "action"),
    "metrics": ("result",),
    "impact": ("result", "decision", "action"),
    "alternatives": ("decision", "action"),
    "learning": ("decision",),  # a call can be made differently; a result cannot, so with no call it is asked plainly
    "application": ("lesson",),
    "resistance": ("decision", "action"),
}


def _target(probe: str, answers: Sequence[AnswerAssessment]) -> str | None:
    for kind in _TARGET_KINDS.get(probe, ()):
        found = _claims(answers, kind)
        if probe == "role":
            found = [c for c in found if c.actor == "shared"] or [c for c in found if c.kind == "decision"]
        if found:
            return found[-1].quote
    return None


def _scope_target(answers: Sequence[AnswerAssessment]) -> str | None:
    found = [c for c in _claims(answers, "scope", "team_size") if c.subject in ("team", "multi_team", "people")]
    return found[0].quote if found else None


def _challenge_target(answers: Sequence[AnswerAssessment], used: set[str | None]) -> Claim | None:
    for kind in ("decision", "option", "result", "action"):
        for claim in _claims(answers, kind):
            if claim.quote not in used:
                return claim
    return None


def unanswered_follow_ups(question: Question, transcript: Sequence[Turn]) -> list[str]:
    """The question's own follow-ups neither asked nor answered: what a stronger answer covers."""
    asked = {t.probe for t in transcript if t.role == "interviewer" and t.probe}
    satisfied = {s.step for t in transcript if t.assessment for s in t.assessment.satisfied}
    said = "\n".join(t.text for t in transcript if t.role == "candidate")
    return [
        f.ask or f.text
        for f in question.follow_ups
        if f.id not in asked and f.id not in satisfied and f.covers not in satisfied and not addressed(f, said)
    ]

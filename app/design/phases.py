"""The system design round as an interviewer runs it. Pure: (question, transcript) -> Probe or Close.

Phases come in order: requirements (the candidate clarifies; the interviewer answers), estimation,
high-level design, the deep dives, failures and operations and, at L7, strategy. A phase ends when the
answers show what it asks for, when its questions or its share of the time are used up, or when the
candidate asks to move on; the documented follow-ups placed in a phase are always asked. Whatever the
phase, the candidate's own questions are answered first, from the scenario's facts, and an answer that
dodges or says nothing is pressed once. No story probe (role, lessons, who disagreed) is ever asked of
a hypothetical design.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.bank.models import FollowUp, Question
from app.content import DesignSpec, PhaseSpec, ProbeVocabulary
from app.design import facts
from app.design.dives import Plan, follow_up_for, next_dive, pressed
from app.design.reading import reader_for
from app.design.round import Round, phases_for
from app.domain.dialogue import Bounds, Close, Probe, Turn


def next_design_step(
    question: Question,
    transcript: Sequence[Turn],
    spec: DesignSpec,
    vocabulary: ProbeVocabulary,
    bounds: Bounds = Bounds(),
    level: str = "L6",
    skip: frozenset[str] = frozenset(),
) -> Probe | Close:
    """The next question of the round, or the close. ``skip``: probes a model said the answers already give
    (never a documented follow-up: those are always asked)."""
    r = Round.of(question, transcript, spec, vocabulary, reader_for(spec), bounds, level, skip)
    phases = phases_for(question, level, spec)
    ids = [p.id for p in phases]
    current = r.phase if r.phase in ids else ids[0]
    said = []
    if answered := facts.answer(r.last.questions, question.scenario, spec.replies):
        said.append(answered)
    if r.last.moves_on:
        said.append(spec.replies.move_on)
    if again := _ask_again(r, said):
        return again
    for phase in phases[ids.index(current) :]:
        plan = _phase_step(r, phase, current=phase.id == current)
        if plan is not None:
            return _probe(r, plan, phase.id, " ".join(said) or None)
    return Close(
        reason="Every phase of the round is covered: " + ", ".join(p.label.lower() for p in phases) + ".",
        depth=r.depth,
        phase=current,
    )


def _probe(r: Round, plan: Plan, phase: str, preface: str | None) -> Probe:
    return Probe(
        probe=plan.probe,
        reason=plan.reason,
        depth=r.depth + 1,
        follow_up=plan.follow_up,
        target=plan.target,
        asks_for=plan.asks_for,
        phase=phase,
        preface=preface,
    )


def _ask_again(r: Round, said: list[str]) -> Probe | None:
    """An answer that only asks questions gets its answers (or, asked where to go next, is kept where it is),
    then the question it has not answered yet."""
    last = r.last
    asking = last.questions or last.direction
    if not r.asked or not asking or last.moves_on or any(last.parts.values()) or r.phase == "requirements":
        return None
    if last.words >= r.spec.thin_words:
        return None
    pending = r.asked[-1]
    plan = Plan(
        pending.probe,
        "The candidate asked before answering; the question stands.",
        follow_up=follow_up_for(r, pending.probe),
        target=pending.target,
    )
    back = r.spec.replies.reask if last.questions else r.spec.replies.stay
    return _probe(r, plan, pending.phase, " ".join([*said, back]))


def _phase_step(r: Round, phase: PhaseSpec, current: bool) -> Plan | None:
    """The next question of a phase, or None when it is done. Moving on ends a phase (in the deep dives, the
    dive), but the question's core follow-ups are still asked."""
    if phase.id == "deep_dive":
        return next_dive(r, phase, current)
    asked = r.in_phase(phase.id)
    moving_on = current and r.last.moves_on
    documented = [
        f
        for f in r.question.follow_ups
        if f.asked_as == phase.id and f.id not in r.probes and (f.core or not moving_on)
    ]
    if moving_on:
        return _documented(documented[0]) if documented else None
    if current and (press := pressed(r, asked)):
        return press
    if phase.max_turns and len(asked) >= phase.max_turns and not any(f.core for f in documented):
        return None
    if documented:
        return _documented(documented[0])
    if current and asked and r.out_of_time(phase):
        return None
    if phase.id == "strategy":
        return _strategy(r)
    probes = [p for p in r.spec.phase_probes.get(phase.id, []) if p.probe not in r.probes | r.skip]
    # The answers to the opening's clarifying questions can change the requirements: they are asked for.
    clarified = phase.id == "requirements" and not asked and bool(r.last.questions)
    for probe in probes:
        if clarified or r.missing(probe):
            return Plan(probe.probe, r.reason(probe.probe))
    if probes and len(asked) < phase.min_turns:
        least = min(probes, key=lambda p: len(r.given.markers.get(p.part, ())))
        return Plan(least.probe, r.reason(least.probe))
    return None


def _documented(follow_up: FollowUp) -> Plan:
    return Plan(follow_up.id, f"The question's own follow-up ({follow_up.heading}).", follow_up)


def _strategy(r: Round) -> Plan | None:
    """At L7, with no strategic follow-ups of the question's own: two of the generic strategic questions."""
    if any(f.asked_as == "strategy" for f in r.question.follow_ups):
        return None
    generic = [p for p in r.spec.strategy_probes if p in r.probes]
    if len(generic) >= 2:
        return None
    probe = next((p for p in r.spec.strategy_probes if p not in r.probes and p not in r.skip), None)
    return Plan(probe, r.reason(probe)) if probe else None

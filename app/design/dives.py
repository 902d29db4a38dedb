"""The deep dives of a design round: which to run, and how each is drilled.

The question's core follow-ups (and core topics) come first, then the weakest part of the design the
candidate had given when the dives began, then the rest of its documented follow-ups, until the round
has its two or three dives. The change of requirements comes once, after the first. A dive opens
with its own question and goes 3-5 levels down: why this and not something else, how it fails, what
happens under ten times the load, and the Amazon questions (cost, blast radius, one-way or two-way
door, operations) asked once each in an interview, always about what the candidate just said and
never about what their answers already showed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.bank.models import FollowUp
from app.content import PartProbe, PhaseSpec
from app.design.reading import DesignReading, merged
from app.design.round import Asked, Round

CHANGE = "change"
DEEPER = "deeper"
CHANGE_LEVELS = 2
UnitKind = Literal["follow_up", "topic", "weak_area", "change"]


@dataclass(frozen=True)
class Unit:
    """A deep dive, or the change of requirements: the probe that opens it and what it is about."""

    probe: str
    label: str
    kind: UnitKind
    core: bool = False
    follow_up: FollowUp | None = None
    """What the opening question asks, when the question's data words it."""


@dataclass(frozen=True)
class Plan:
    """The planner's next question, before it is numbered and placed in its phase."""

    probe: str
    reason: str
    follow_up: FollowUp | None = None
    target: str | None = None
    asks_for: str | None = None


def units(r: Round) -> list[Unit]:
    """The deep dives of this round in order, with the change of requirements after the first."""
    q, spec = r.question, r.spec
    documented = [Unit(f.id, f.text, "follow_up", f.core, f) for f in q.follow_ups if f.asked_as in (None, "deep_dive")]
    topics = [
        Unit(t.id, t.text, "topic", t.core, FollowUp(id=t.id, heading="Deep dive", text=t.text, ask=t.ask))
        for t in (q.scenario.dives if q.scenario else [])
    ]
    dives = [u for u in documented if u.core] + [u for u in topics if u.core] + [u for u in documented if not u.core]
    missing, shown = _weak_areas(r)
    for unit in [*missing[:1], *(u for u in topics if not u.core)]:
        if len(dives) < spec.dives.target:
            dives.append(unit)
    for unit in [*missing[1:], *shown]:
        if len(dives) < spec.dives.minimum:
            dives.append(unit)
    return [*dives[:1], _change(r), *dives[1:]]


def _weak_areas(r: Round) -> tuple[list[Unit], list[Unit]]:
    """The weak areas the answers before the dives left out, in the spec's order, and those they showed,
    least shown first."""
    before = [a.reply for a in r.asked if a.phase != "deep_dive"]
    given = merged([r.answers[0], *before, r.notes]) if r.answers else r.notes
    missing = [w for w in r.spec.weak_areas if not r.shows(w.part, 2, given)]
    shown = sorted((w for w in r.spec.weak_areas if w not in missing), key=lambda w: len(given.markers.get(w.part, ())))
    return [Unit(w.probe, w.label, "weak_area") for w in missing], [Unit(w.probe, w.label, "weak_area") for w in shown]


def _change(r: Round) -> Unit:
    documented = next((f for f in r.question.follow_ups if f.asked_as == "requirement_change"), None)
    if documented:
        return Unit(documented.id, documented.text, "change", True, documented)
    said = r.question.scenario.change if r.question.scenario else None
    follow_up = FollowUp(id=CHANGE, heading="Change of requirements", text=said, ask=said) if said else None
    return Unit(CHANGE, "Change of requirements", "change", True, follow_up)


def follow_up_for(r: Round, probe: str) -> FollowUp | None:
    """The documented follow-up, topic or change of requirements a probe asks, if it asks one."""
    found = next((f for f in r.question.follow_ups if f.id == probe), None)
    return found or next((u.follow_up for u in units(r) if u.probe == probe), None)


def pressed(r: Round, scope: Sequence[Asked]) -> Plan | None:
    """The last answer, pressed once in its phase (or dive) when it deflected, said nothing, or left out
    the very part its phase's question asked for."""
    if not scope or scope[-1] is not r.asked[-1] or any(a.probe == "clarify" for a in scope):
        return None
    last = scope[-1]
    reply = last.reply
    if reply.moves_on:
        return None
    own = next((probes for phase, probes in r.spec.phase_probes.items() if phase == last.phase), [])
    asked_for = next((p for p in own if p.probe == last.probe), None)
    missed = asked_for is not None and not r.shows(asked_for.part, 1, reply)
    if not (_evaded(r, last) or missed):
        return None
    why = "deflected" if last.dodged else "said nothing specific" if _evaded(r, last) else "left out what was asked"
    return Plan(
        "clarify",
        f"The answer {why}; pressing once more.",
        follow_up=follow_up_for(r, last.probe),
        target=last.assessment.dodge_quote if last.assessment and last.dodged else None,
        asks_for=last.probe,
    )


def _evaded(r: Round, asked: Asked) -> bool:
    """The reply deflected, or said nothing a design can build on (and asked nothing either)."""
    reply = asked.reply
    thin = reply.words < r.spec.thin_words and not any(reply.parts.values()) and not reply.questions
    return asked.dodged or thin


def next_dive(r: Round, phase: PhaseSpec, current: bool) -> Plan | None:
    """The next question of the deep-dive phase, or None when its dives are done."""
    plan = units(r)
    asked = r.in_phase(phase.id)
    opened = [(u, i) for i, a in enumerate(asked) for u in plan if u.probe == a.probe]
    late = r.out_of_time(phase) if current else False
    if opened:
        unit, start = opened[-1]
        levels = asked[start:]
        if not _done(r, unit, levels, late, current):
            if current and (press := pressed(r, levels)):
                return press
            if step := _drill(r, unit, levels, _number(plan, unit)):
                return step
    done = {u.probe for u, _ in opened}
    dives_done = sum(1 for u, _ in opened if u.kind != "change")
    for unit in plan:
        if unit.probe in done:
            continue
        if late and not unit.core and dives_done >= r.spec.dives.minimum:
            continue
        return _opening(unit, _number(plan, unit))
    return None


def _number(plan: Sequence[Unit], unit: Unit) -> int:
    """A dive's number in the round (the change of requirements is not a dive)."""
    return sum(1 for u in plan[: plan.index(unit)] if u.kind != "change") + 1


def _done(r: Round, unit: Unit, levels: Sequence[Asked], late: bool, current: bool) -> bool:
    """A dive is done when the candidate moves on, when a question pressed once is dodged again, at its
    depth limit, or past its minimum once nothing is left to drill (or its time is spent)."""
    if current and r.last.moves_on:
        return True
    if levels[-1].probe == "clarify" and _evaded(r, levels[-1]):
        return True
    if unit.kind == "change":
        return len(levels) >= CHANGE_LEVELS or _substantive(r, levels[-1].reply)
    bounds = r.bounds
    if len(levels) >= bounds.max_follow_ups:
        return True
    return len(levels) >= bounds.min_follow_ups and (late or _next_drill(r, unit, levels) is None)


def _substantive(r: Round, reply: DesignReading) -> bool:
    return reply.words >= r.spec.thin_words and any(reply.parts.values())


def _opening(unit: Unit, number: int) -> Plan:
    if unit.kind == "change":
        why = "Change of requirements: they change once, mid-round, to see how the design adapts."
        return Plan(unit.probe, why, follow_up=unit.follow_up)
    source = {
        "follow_up": "one of the question's own follow-ups" + (", a core one" if unit.core else ""),
        "topic": "a topic the question expects to go deep on",
        "weak_area": "the weakest part of the design so far",
    }[unit.kind]
    return Plan(unit.probe, f"Deep dive {number}: {_topic(unit)}, {source}.", follow_up=unit.follow_up)


def _topic(unit: Unit) -> str:
    return unit.label.rstrip("?.")


def _next_drill(r: Round, unit: Unit, levels: Sequence[Asked]) -> PartProbe | None:
    """The first step of the drill this dive still needs: not asked in it, not already shown by the dive's
    answers, and for the Amazon questions (cost, blast radius...) one per dive, each once in the interview."""
    here = {a.probe for a in levels}
    shown = merged([a.reply for a in levels])
    slanted = any(step.once and step.probe in here for step in r.spec.drill)
    for step in r.spec.drill:
        if step.probe in here or step.probe in r.skip or (step.once and (step.probe in r.probes or slanted)):
            continue
        if r.shows(step.part, step.least, shown):
            continue
        if unit.kind == "change" and step.once:
            continue
        return step
    return None


def _drill(r: Round, unit: Unit, levels: Sequence[Asked], number: int) -> Plan | None:
    step = _next_drill(r, unit, levels)
    if step is None and (len(levels) >= r.bounds.min_follow_ups or DEEPER in {a.probe for a in levels}):
        return None
    probe = step.probe if step else DEEPER
    where = "Change of requirements" if unit.kind == "change" else f"Deep dive {number} ({_topic(unit)})"
    reason = f"{where}, level {len(levels) + 1}: {r.vocabulary.label(probe).lower()}."
    return Plan(probe, reason, target=r.target([a.reply for a in levels], probe, step.part if step else None))

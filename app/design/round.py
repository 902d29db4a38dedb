"""A system design round as the planner sees it: each question asked with the answer it got, the parts
of the design the answers and the notes show, and the time each phase has had. Pure: built from the
transcript, read by the phase planner and the deep dives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from app.bank.models import Question
from app.content import PHASES, DesignSpec, PartProbe, PhaseId, PhaseSpec, ProbeVocabulary
from app.design.reading import PARTS, DesignReader, DesignReading, merged
from app.domain.assessment import AnswerAssessment
from app.domain.dialogue import Bounds, Turn

QUOTE_WORDS = (4, 20)
_UNSAFE = set('"{}<>[]`\\')
# What a follow-up quotes, by what it asks: a choice for "why this", a component for "how does it fail".
_CHOICE = ("data_model", "high_level")
_COMPONENT = ("high_level", "data_model")
_LOAD = ("scaling", "data_model", "high_level")
_QUOTES = {"trade_off": _CHOICE, "door": _CHOICE, "what_if": _LOAD, "cost": _LOAD}


@dataclass(frozen=True)
class Asked:
    """One question of the interviewer and the answer it got."""

    probe: str
    phase: str
    target: str | None
    at: datetime | None
    reply: DesignReading
    assessment: AnswerAssessment | None = None

    @property
    def dodged(self) -> bool:
        return self.assessment is not None and self.assessment.dodge == "deflection"


@dataclass
class Round:
    """The round so far, read once per turn: what was asked in which phase, what each answer showed."""

    question: Question
    spec: DesignSpec
    vocabulary: ProbeVocabulary
    reader: DesignReader
    bounds: Bounds
    level: str
    skip: frozenset[str]
    phase: PhaseId
    asked: list[Asked]
    answers: list[DesignReading]
    notes: DesignReading
    modelled: frozenset[str]
    """Parts a model's notes on the answers say they show."""
    now: datetime | None
    opened: dict[str, datetime] = field(default_factory=dict)
    """When each phase reached so far began."""

    @classmethod
    def of(
        cls,
        question: Question,
        transcript: Sequence[Turn],
        spec: DesignSpec,
        vocabulary: ProbeVocabulary,
        reader: DesignReader,
        bounds: Bounds,
        level: str,
        skip: frozenset[str],
    ) -> Round:
        asked: list[Asked] = []
        answers: list[DesignReading] = []
        opened: dict[str, datetime] = {}
        phase: PhaseId = "requirements"
        notes = ""
        for i, turn in enumerate(transcript):
            if turn.role == "interviewer":
                phase = turn.phase if turn.phase in PHASES else phase
                if turn.at is not None:
                    opened.setdefault(phase, turn.at)
                if turn.probe:
                    reply = next((t for t in transcript[i + 1 : i + 2] if t.role == "candidate"), None)
                    read = reader.read(reply.text) if reply else DesignReading()
                    asked.append(
                        Asked(turn.probe, phase, turn.target, turn.at, read, reply.assessment if reply else None)
                    )
            else:
                answers.append(asked[-1].reply if asked and transcript[i - 1].probe else reader.read(turn.text))
                notes = turn.notes or notes
        candidates = [t for t in transcript if t.role == "candidate"]
        modelled = {
            s.step
            for t in candidates
            if t.assessment and t.assessment.assessor == "model" and t.assessment.dodge is None
            for s in t.assessment.satisfied
            if s.step in PARTS
        }
        return cls(
            question=question,
            spec=spec,
            vocabulary=vocabulary,
            reader=reader,
            bounds=bounds,
            level=level,
            skip=skip,
            phase=phase,
            asked=asked,
            answers=answers,
            notes=reader.read(notes),
            modelled=frozenset(modelled),
            now=candidates[-1].at if candidates else None,
            opened=opened,
        )

    @property
    def depth(self) -> int:
        return len(self.asked)

    @property
    def last(self) -> DesignReading:
        return self.answers[-1] if self.answers else DesignReading()

    @cached_property
    def given(self) -> DesignReading:
        """What the answers and the latest notes show between them."""
        return merged([*self.answers, self.notes])

    @cached_property
    def probes(self) -> set[str]:
        return {a.probe for a in self.asked}

    def reason(self, probe: str) -> str:
        info = self.vocabulary.get(probe)
        return info.reason if info else ""

    def in_phase(self, phase: str) -> list[Asked]:
        return [a for a in self.asked if a.phase == phase]

    def shows(self, part: str, least: int = 1, reading: DesignReading | None = None) -> bool:
        """Whether one answer (or the notes, or the one ``reading`` given) shows a part: at least ``least``
        distinct words of it, a request's path too for a high-level design, quantities for estimation. A
        part pieced together from words scattered over several answers is not shown; a model's notes
        saying an answer shows it are enough."""
        if reading is None:
            return part in self.modelled or any(self.shows(part, least, r) for r in [*self.answers, self.notes])
        if part == "estimation":
            count = reading.rates + reading.sizes if least > 1 else len(reading.markers.get(part, ()))
        else:
            count = len(reading.markers.get(part, ()))
        return count >= least and (part != "high_level" or least == 1 or reading.flow)

    def missing(self, probe: PartProbe, reading: DesignReading | None = None) -> bool:
        return not self.shows(probe.part, probe.least, reading)

    def minutes(self, phase: PhaseSpec) -> float:
        plan = phase_plan(self.question, self.level, self.spec)
        return next((m for p, m in plan if p.id == phase.id), 0.0)

    def out_of_time(self, phase: PhaseSpec) -> bool:
        """The phase has had its share of the interview's time (measured from its first question)."""
        began = self.opened.get(phase.id)
        if self.now is None or began is None:
            return False
        return (self.now - began).total_seconds() >= 60 * self.minutes(phase)

    def target(self, replies: Sequence[DesignReading], probe: str, answers: str | None = None) -> str | None:
        """A clause of the candidate's own for ``probe`` to follow up: short enough to quote whole, about what
        the probe asks (a choice, a component, a load) and not already answering it (``answers``: the part
        the probe asks for), not followed up before; the newest answer first, a specific clause first."""
        used = {a.target for a in self.asked}
        for reply in reversed(replies):
            answered = set(reply.parts.get(answers, ())) if answers else set()
            found = [
                quote
                for part in _QUOTES.get(probe, _COMPONENT)
                for quote in reply.parts.get(part, ())
                if QUOTE_WORDS[0] <= len(quote.split()) <= QUOTE_WORDS[1]
                and quote not in used | answered
                and not _UNSAFE & set(quote)
            ]
            if found:
                return next((q for q in found if q in reply.specific), found[0])
        return None


def phases_for(question: Question, level: str, spec: DesignSpec) -> list[PhaseSpec]:
    """The phases this interview runs: strategy at L7, or when the question has strategic follow-ups."""
    strategic = level == "L7" or any(f.asked_as == "strategy" for f in question.follow_ups)
    return [p for p in spec.phases if p.id != "strategy" or strategic]


def phase_plan(question: Question, level: str, spec: DesignSpec) -> list[tuple[PhaseSpec, float]]:
    """Each phase of the interview with its suggested minutes: its weight's share of the question's time."""
    phases = phases_for(question, level, spec)
    minutes = question.duration.max_minutes if question.duration else spec.minutes
    total = sum(p.weight for p in phases)
    return [(p, minutes * p.weight / total) for p in phases]

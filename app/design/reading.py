"""What one answer shows of a design: the parts it gives (each with the clauses that give it), the
questions it asks the interviewer, and whether it asks to move on. Pure: text in, reading out.

A part counts only in a clause that names it with no negation just before ("I haven't thought about
failures" gives nothing), not disowned just after ("Cost I haven't really thought about"), and never
inside a question: asking "what scale?" is not an estimate, it is a clarifying question, which shows
the requirements being clarified and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import get_args

from app.bank.models import Category, Question
from app.content import DesignSpec, Part
from app.domain.assessment import AnswerAssessment, Satisfied
from app.domain.dialogue import Turn

PARTS: tuple[str, ...] = get_args(Part)
MAX_QUOTE_WORDS = 40
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
_CLAUSE_BREAK = re.compile(r"\s*(?:;|—|–|\s-\s)\s*")
# Where a clause still too long to quote is cut again: before a contrast or a consequence.
_LONG_BREAK = re.compile(r",\s+(?=(?:but|so|which|while|whereas|although|though|and then)\b)", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NUMBER = r"(?<![\w.,])(?:\d[\d,]*(?:\.\d+)?|a|one)(?:\s?(?:k|m|bn|b|million|billion|thousand|hundred)\b)?"
_DIGIT = re.compile(r"\d")
# A name in code: a field or a key (trip_id), a path (/v1/rides), a call (GEOSEARCH, get_user()).
_IDENTIFIER = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|(?<!\w)/[a-z{][\w{}/-]*|\b[A-Z]{4,}\b|\b\w+\(\)")
QUESTION_LEAD = 5
LABEL_WORDS = 3  # "Scale target:", "Consistency:" before a question
# How many words after a part a disowning ("I haven't really thought about") still takes it back.
DISOWNED_WITHIN = 10
READ_CACHE = 4096
# Clauses that commit to something, enough to show an answer is no deflection whatever a phrase in it sounds like.
COMMITTED = 3
# Distinct words of a design a reason or a condition must be about for the clause to commit to something.
REASONED = 3


def _any(entries: Iterable[str], *, whole: bool = False) -> re.Pattern[str]:
    """Any entry, from the start of a word (to its end too with ``whole``), case aside."""
    body = "|".join(f"(?:{e})" for e in sorted(entries, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:{body})" + (r"(?![\w'’])" if whole else ""), re.IGNORECASE)


def sentences(text: str) -> list[str]:
    return [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()]


def clauses(sentence: str) -> list[str]:
    """A sentence cut at semicolons and dashes, each part as written; a part too long to quote is cut again
    before a contrast or a consequence. A reason stays with what it explains wherever the length allows."""
    parts = []
    for part in _CLAUSE_BREAK.split(sentence):
        parts += _LONG_BREAK.split(part) if len(part.split()) > MAX_QUOTE_WORDS else [part]
    return [p.strip() for p in parts if len(p.split()) >= 3]


@dataclass(frozen=True)
class DesignReading:
    """One answer (or the candidate's notes) read for the parts of a design."""

    parts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Each part shown, with the clauses that show it, as written."""
    markers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Each part's distinct words found, lower-cased."""
    flow: bool = False
    """Names a request's path (a request, a call, what reads from what)."""
    rates: int = 0
    sizes: int = 0
    questions: tuple[str, ...] = ()
    """Questions asked of the interviewer that want an answer: not where to go next (the next question
    answers those), not the ones the answer asks and answers itself."""
    direction: bool = False
    """Asks the interviewer where to go next."""
    moves_on: bool = False
    words: int = 0
    """Words outside the questions."""
    specific: frozenset[str] = frozenset()
    """The clauses that commit to something: a number, or a reason or condition for what they name."""

    def gives(self, part: str) -> bool:
        return bool(self.parts.get(part))


class DesignReader:
    """The design lexicon of ``prompts/design.yaml``, compiled once, and the rules that read with it."""

    def __init__(self, spec: DesignSpec) -> None:
        self.spec = spec
        self._parts = {part: _any(words) for part, words in spec.parts.items()}
        self._negation = _any(spec.negation, whole=True)
        self._disowned = _any(spec.disowned)
        self._flow = _any(spec.flow)
        self._reason = _any(spec.reasons, whole=True)
        self._vague = _any(spec.vague)
        self._asking = re.compile(rf"{_any(spec.question_words).pattern}(?!\w)", re.IGNORECASE)
        connective = "|".join(spec.question_connectives)
        openers = "|".join(spec.question_openers)
        self._opening = re.compile(rf"^\W*(?:(?:{connective})\W+)?(?:{openers})\b", re.IGNORECASE)
        self._direction = _any(spec.direction_questions)
        self._rhetorical = re.compile(rf"^\W*{_any(spec.rhetorical_questions).pattern}", re.IGNORECASE)
        self._move_on = _any(spec.move_on)
        gap = r"(?:\s+[A-Za-z][\w-]*){0,3}?"
        rates = "|".join(spec.quantity.rates)
        self._rate = re.compile(rf"{_NUMBER}{gap}(?:\s*(?=/)|\s+)(?:{rates})\b", re.IGNORECASE)
        self._size = re.compile(rf"{_NUMBER}\s?(?:{'|'.join(spec.quantity.sizes)})\b", re.IGNORECASE)
        # A round reads every earlier answer again at each turn: each text is read once.
        self.read = lru_cache(maxsize=READ_CACHE)(self._read)  # type: ignore[method-assign]

    def read(self, text: str) -> DesignReading:
        """The parts, questions and words of one answer (or the notes)."""
        return self._read(text)

    def _read(self, text: str) -> DesignReading:
        found: dict[str, list[str]] = {}
        markers: dict[str, set[str]] = {}
        questions: list[str] = []
        specific: set[str] = set()
        direction = flow = False
        rates = sizes = words = 0
        for paragraph in re.split(r"\n\s*\n", text):
            said = sentences(paragraph)
            for i, sentence in enumerate(said):
                if sentence.endswith("?") and self._asks(sentence):
                    answered_after = any(not s.endswith("?") for s in said[i + 1 :])
                    rhetorical = self._rhetorical.search(sentence) and answered_after
                    if self._direction.search(sentence):
                        direction = True
                    elif not rhetorical:
                        questions.append(sentence)
                    continue
                words += len(_WORD.findall(sentence))
                for clause in clauses(sentence) or [sentence]:
                    quote = _quotable(clause)
                    shown = self.parts_of(clause)
                    for part, hits in shown.items():
                        markers.setdefault(part, set()).update(hits)
                        if quote:
                            found.setdefault(part, []).append(quote)
                    if quote and shown and self._commits(clause, shown):
                        specific.add(quote)
                    flow = flow or bool(self._flow.search(clause))
                rates += len(self._rate.findall(sentence))
                sizes += len(self._size.findall(sentence))
        return DesignReading(
            parts={part: tuple(dict.fromkeys(quotes)) for part, quotes in found.items()},
            markers={part: frozenset(hits) for part, hits in markers.items()},
            flow=flow,
            rates=rates,
            sizes=sizes,
            questions=tuple(questions),
            direction=direction,
            moves_on=bool(self._move_on.search(text)),
            words=words,
            specific=frozenset(specific),
        )

    def parts_of(self, clause: str) -> dict[str, set[str]]:
        """The parts a clause shows, each with the words that show it; estimation is a number with a rate or
        a size ("230 trips a second", "40 GB a day")."""
        shown: dict[str, set[str]] = {}
        for part, pattern in self._parts.items():
            hits = {_stem(m.group()) for m in pattern.finditer(clause) if not self._negated(clause, m.start())}
            if hits:
                shown[part] = hits
        quantities = {m.group().lower() for m in (*self._rate.finditer(clause), *self._size.finditer(clause))}
        if quantities:
            shown["estimation"] = quantities
        return shown

    def _asks(self, sentence: str) -> bool:
        """A question put to the interviewer: a question word in its first few words, or an auxiliary first,
        after any short label a written list of questions puts before each ("Scale target: are we...?")."""
        label, colon, rest = sentence.partition(":")
        forms = [sentence, rest.strip()] if colon and len(label.split()) <= LABEL_WORDS else [sentence]
        return any(
            self._asking.search(" ".join(form.split()[:QUESTION_LEAD])) or self._opening.search(form) for form in forms
        )

    def _commits(self, clause: str, shown: Mapping[str, set[str]]) -> bool:
        """A clause that commits: a number, a name in code (a key, a path), or a reason or a condition about
        three or more things it names; and no vague promise in it."""
        if self._vague.search(clause):
            return False
        named = len({hit for hits in shown.values() for hit in hits})
        if _DIGIT.search(clause) or _IDENTIFIER.search(clause):
            return True
        return named >= REASONED and bool(self._reason.search(clause))

    def _negated(self, clause: str, at: int) -> bool:
        """A negation just before the part, or the candidate disowning it just after."""
        before = clause[:at].split()[-4:]
        after = clause[at:].split()[1:DISOWNED_WITHIN]
        return bool(before and self._negation.search(" ".join(before))) or bool(
            after and self._disowned.search(" ".join(after))
        )

    def satisfied(self, reading: DesignReading, strategic: bool) -> list[Satisfied]:
        """The reading as the interviewer's notes on an answer: each clause under each part it shows, and each
        clarifying question under the requirements. Strategy counts only in a reply to a strategic question:
        a "pricing service" in the architecture is a component, not a pricing strategy."""
        notes = [Satisfied(step="requirements", quote=q, specific=True) for q in reading.questions if _quotable(q)]
        notes += [
            Satisfied(step=part, quote=quote, specific=quote in reading.specific)
            for part in PARTS
            if part != "strategy" or strategic
            for quote in reading.parts.get(part, ())
        ]
        return notes

    def annotate(
        self, assessment: AnswerAssessment, text: str, notes: str | None = None, *, strategic: bool = False
    ) -> AnswerAssessment:
        """A design answer's assessment with the parts of the design it shows, and the notes sent with it
        (``strategic``: it replies to a strategic question). An answer that shows some is no non-answer,
        whatever a story's reading made of it; one that commits to three specific things is no deflection.
        A model's own design parts stay."""
        found = self.satisfied(self.read(text), strategic)
        if notes:
            found += self.satisfied(self.read(notes), strategic=False)
        kept = [s for s in assessment.satisfied if s.step not in PARTS or assessment.assessor == "model"]
        seen = {(s.step, s.quote) for s in kept}
        update: dict[str, object] = {"satisfied": kept + [s for s in found if (s.step, s.quote) not in seen]}
        if found and assessment.dodge == "non_answer":
            update |= {"dodge": None, "dodge_quote": None}
        return assessment.model_copy(update=update)


def with_design_parts(
    spec: DesignSpec, question: Question, transcript: Sequence[Turn], assessment: AnswerAssessment
) -> AnswerAssessment:
    """The newest answer's assessment; for a system design question, with the parts of a design it and its
    notes show (strategy only in a reply to a strategic question), and no contradictions: a design is revised
    as it is drawn, a change of requirements changes its figures on purpose, and one answer's estimates
    are of many different quantities, so a figure said twice differently is not a story that changed."""
    if question.category != Category.SYSTEM_DESIGN:
        return assessment
    answer = transcript[-1]
    asked = next((t for t in reversed(transcript[:-1]) if t.role == "interviewer"), None)
    strategic = asked is not None and asked.phase == "strategy"
    annotated = reader_for(spec).annotate(assessment, answer.text, answer.notes, strategic=strategic)
    return annotated.model_copy(update={"contradictions": []})


_READERS: dict[int, tuple[DesignSpec, DesignReader]] = {}


def reader_for(spec: DesignSpec) -> DesignReader:
    """The spec's reader, compiled once per spec."""
    kept = _READERS.get(id(spec))
    if kept is None or kept[0] is not spec:
        kept = _READERS[id(spec)] = (spec, DesignReader(spec))
    return kept[1]


def _stem(word: str) -> str:
    """A word as counted among a part's distinct words: "services" and "service" are one."""
    return re.sub(r"(?<=[a-z])s$", "", word.lower())


def _quotable(text: str) -> str:
    text = text.strip().rstrip(",;:")
    return text if len(text.split()) <= MAX_QUOTE_WORDS else ""


def merged(readings: Sequence[DesignReading]) -> DesignReading:
    """Several readings as one: what the answers (and notes) show between them."""
    parts: dict[str, list[str]] = {}
    markers: dict[str, set[str]] = {}
    for r in readings:
        for part, quotes in r.parts.items():
            parts.setdefault(part, []).extend(quotes)
        for part, hits in r.markers.items():
            markers.setdefault(part, set()).update(hits)
    return DesignReading(
        parts={p: tuple(dict.fromkeys(q)) for p, q in parts.items()},
        markers={p: frozenset(h) for p, h in markers.items()},
        flow=any(r.flow for r in readings),
        rates=sum(r.rates for r in readings),
        sizes=sum(r.sizes for r in readings),
        questions=tuple(q for r in readings for q in r.questions),
        direction=any(r.direction for r in readings),
        moves_on=any(r.moves_on for r in readings),
        words=sum(r.words for r in readings),
        specific=frozenset(s for r in readings for s in r.specific),
    )

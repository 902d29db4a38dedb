"""What in the answers' assessments backs a dimension of the rubric.

A dimension names its evidence: drill steps an answer satisfied, kinds of claim it made (for a
leadership principle, also the words of its topic). Only that counts, so a negation, a deflection or
filler never backs anything (they make no claims), and a number backs metrics, not alternatives. The
offline judge scores from this; the scorer checks every judge's quotes against it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.assessment import HORIZON_ORDER, SCOPE_ORDER, AnswerAssessment
from app.domain.scorecard import Dimension

# Kinds of claim that can show any principle when they speak of its topic ("customer", "hired"...).
TOPICAL_KINDS = ("action", "decision", "number", "option", "result", "lesson", "mechanism")
_SELF_KINDS = ("action", "decision")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Backing:
    quote: str
    kinds: frozenset[str]
    """The drill steps this quote satisfied and the kinds of claim it made."""
    answer: int
    specific: bool
    """A number, a name, or enough concrete words: particular to this story, not general."""
    inferred: bool = False
    """A reply that addressed the probe, rather than a claim of the dimension's own kind."""


def _topical(quote: str, topics: Sequence[str]) -> bool:
    low = quote.lower()
    return any(re.search(r"\b" + re.escape(t.lower()), low) for t in topics)


def backing(dim: Dimension, answers: Sequence[AnswerAssessment]) -> list[Backing]:
    """Every quote in the answers that shows ``dim``, once each, in order."""
    found: dict[str, Backing] = {}

    def add(quote: str, kind: str, answer: int, specific: bool, inferred: bool) -> None:
        seen = found.get(quote)
        if seen is None:
            found[quote] = Backing(quote, frozenset({kind}), answer, specific, inferred)
        else:
            found[quote] = Backing(
                quote, seen.kinds | {kind}, seen.answer, seen.specific or specific, seen.inferred and inferred
            )

    for i, answer in enumerate(answers):
        if answer.dodge is not None:
            continue
        for step in answer.satisfied:
            if step.step in dim.steps:
                add(step.quote, step.step, i, step.specific, step.inferred)
        for claim in answer.claims:
            if claim.kind == "horizon" and claim.subject != "years":
                continue  # only a multi-year horizon shows a long-term view
            own = claim.kind in dim.claims
            topical = bool(dim.topics) and claim.kind in TOPICAL_KINDS and _topical(claim.quote, dim.topics)
            if not (own or topical) or (claim.kind in _SELF_KINDS and claim.actor not in ("self", None)):
                continue
            add(claim.quote, claim.kind, i, claim.specific, False)
            if claim.kind == "number" and claim.unit not in (None, "context", "people"):
                add(claim.quote, "measure", i, claim.specific, False)
    return list(found.values())


def hollow(dim: Dimension, answers: Sequence[AnswerAssessment]) -> bool:
    """The dimension's part was named without its content ('I weighed the trade-offs') somewhere."""
    return any(step in answer.hollow for answer in answers for step in dim.steps)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def overlaps(quote: str, other: str) -> bool:
    """The same words, near enough: one inside the other, or most of the shorter one's words shared."""
    a, b = " ".join(_words(quote)), " ".join(_words(other))
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    short, long = sorted((set(_words(quote)), set(_words(other))), key=len)
    return len(short & long) >= max(3, 0.6 * len(short))


def shares_words(text: str, other: str, at_least: int) -> bool:
    """Whether ``text`` speaks of what ``other`` says: enough of its longer words, or its numbers, in common."""
    mine, theirs = set(_words(text)), set(_words(other))
    shared = {w for w in mine & theirs if len(w) >= 4 or w.isdigit()}
    return len(shared) >= at_least


def supports(dim: Dimension, quote: str, answers: Sequence[AnswerAssessment]) -> bool:
    return any(overlaps(quote, b.quote) for b in backing(dim, answers))


@dataclass(frozen=True)
class Reach:
    """How far the answers reached, against the L6/L7 bars."""

    scope: str | None
    horizon: str | None
    mechanisms: bool
    senior: bool
    quote: str | None

    @property
    def l7(self) -> bool:
        """The L7 bar (prompts/scoring.yaml `levels`): an organisation's scope, over years, through mechanisms
        that outlast the candidate or with directors and VPs."""
        wide = self.scope in ("organization", "company")
        return wide and self.horizon == "years" and (self.mechanisms or self.senior)


def reach(answers: Sequence[AnswerAssessment]) -> Reach:
    scopes = [a.scope for a in answers if a.scope and a.dodge is None]
    horizons = [a.horizon for a in answers if a.horizon and a.dodge is None]
    claims = [c for a in answers if a.dodge is None for c in a.claims]
    wide = next((c.quote for c in claims if c.kind == "scope" and c.subject in ("organization", "company")), None)
    return Reach(
        scope=max(scopes, key=SCOPE_ORDER.index) if scopes else None,
        horizon=max(horizons, key=HORIZON_ORDER.index) if horizons else None,
        mechanisms=any(c.kind == "mechanism" for c in claims),
        senior=any(c.kind == "stakeholder" for c in claims),
        quote=wide,
    )


DEEP_QUOTES = 2


def supported_score(dim: Dimension, found: Sequence[Backing], answers: Sequence[AnswerAssessment]) -> int:
    """The highest score ``found`` supports. 1 nothing; 2 touched (a reply that addressed it, or only general
    words); 3 a specific claim of the kind the dimension needs; 4 specific claims of every kind its full
    version has (options weighed and the call made; a measured change and its result). What was said
    decides, not how often: the same story told in fewer, longer answers scores the same. The success
    pattern counts the parts of the story shown; the strategic dimension, the answers' reach."""
    if dim.kind == "success_pattern":
        shown = {k for b in found if not b.inferred for k in b.kinds & set(dim.steps) if b.specific or k == "situation"}
        return 1 if len(shown) <= 1 else 2 if len(shown) <= 3 else 3 if len(shown) <= 4 else 4
    if dim.kind == "strategic":
        r = reach(answers)
        signals = [r.scope in ("organization", "company"), r.horizon == "years", r.mechanisms, r.senior]
        count = sum(signals)
        return 1 if count == 0 else 2 if count == 1 or not signals[0] else 3 if count < 4 else 4
    if not found:
        return 1
    specific = [b for b in found if b.specific and not b.inferred]
    if not any(not dim.needs or b.kinds & set(dim.needs) for b in specific):
        return 2
    kinds = {kind for b in specific for kind in b.kinds}
    return 4 if len(specific) >= DEEP_QUOTES and set(dim.deep or dim.needs) <= kinds else 3

"""Design dimensions scored from the interviewer's notes on each answer: the clauses that show each part
of a design (app/design/reading.py). Pure.

A dimension scores on the clauses that show its parts: none (1), a general mention or one specific
clause (2), specific clauses (3), specific clauses across answers, quantified somewhere (4). A clause
is specific when it commits to something (a number, a reason or a condition); "everything scales
horizontally" does not.
Scale is reasoned in numbers: for the dimensions that need them, only a clause that commits to a load,
a size or a ratio counts ("the top 100 items" is no scale; "if I had to guess, maybe 10,000 a second"
commits to nothing).
Strategy counts only in replies to strategic questions, so an L6 round never reaches the L7 bar by
mentioning a pricing service. The success pattern is checked part by part against the question's own
breakdown of it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.bank.models import Question
from app.design.reading import PARTS
from app.domain.assessment import AnswerAssessment
from app.domain.dialogue import Turn
from app.domain.scorecard import Dimension
from app.reading.evidence import Reach

MAX_EVIDENCE = 6
_DIGIT = re.compile(r"\d")
# A number that compares: a share or a multiple ("under 1% of traffic", "3x the average").
_RATIO = re.compile(r"\d(?:\.\d+)?\s?(?:%|percent\b|x\b|times\b)", re.IGNORECASE)
# Specific clauses that show an organisation-wide strategy (and mechanisms beyond the code) at the L7 bar.
L7_STRATEGY_CLAUSES = 3
_YEARS = ("year", "roadmap", "multi-year")


@dataclass(frozen=True)
class Shown:
    quote: str
    specific: bool
    answer: int


def shown(steps: Sequence[str], answers: Sequence[AnswerAssessment]) -> list[Shown]:
    """Every clause in the answers that shows one of ``steps``, once each, specific ones first."""
    found: dict[str, Shown] = {}
    for i, answer in enumerate(answers):
        if answer.dodge is not None:
            continue
        for step in answer.satisfied:
            if step.step in steps:
                seen = found.get(step.quote)
                found[step.quote] = Shown(step.quote, step.specific or bool(seen and seen.specific), i)
    return sorted(found.values(), key=lambda s: not s.specific)


def _grade(found: Sequence[Shown]) -> int:
    """1 nothing; 2 a general mention or one specific clause; 3 specific clauses; 4 specific clauses across
    answers, one of them with a number in it."""
    specific = [s for s in found if s.specific]
    if not found:
        return 1
    if len(specific) < 2:
        return 2
    across = len({s.answer for s in specific}) >= 2
    quantified = any(_DIGIT.search(s.quote) for s in specific)
    return 4 if len(specific) >= 4 and across and quantified else 3


def score(dim: Dimension, question: Question, transcript: Sequence[Turn]) -> tuple[int, list[str]]:
    """A design dimension's score and the quotes that back it."""
    answers = [t.assessment or AnswerAssessment() for t in transcript if t.role == "candidate"]
    if dim.kind == "success_pattern" and question.scenario and question.scenario.success_pattern:
        return _pattern(question, transcript, answers)
    found = shown(dim.steps, answers)
    if "number" in dim.needs:
        measured = {s.quote for a in answers for s in a.satisfied if s.step == "estimation"}
        found = [s for s in found if s.specific and (s.quote in measured or _RATIO.search(s.quote))]
    asked = _asked(transcript)
    own = {i for i, (probe, phase) in enumerate(asked) if probe in dim.steps or phase in dim.steps}
    ranked = sorted(found, key=lambda s: (not s.specific, s.answer not in own))
    return _grade(found), [s.quote for s in ranked][:MAX_EVIDENCE]


def _asked(transcript: Sequence[Turn]) -> list[tuple[str | None, str | None]]:
    """What each answer replied to: the probe and the phase of the interviewer's turn before it."""
    found: list[tuple[str | None, str | None]] = []
    before: Turn | None = None
    for turn in transcript:
        if turn.role == "candidate":
            found.append((before.probe, before.phase) if before else (None, None))
        else:
            before = turn
    return found


def _pattern(
    question: Question, transcript: Sequence[Turn], answers: Sequence[AnswerAssessment]
) -> tuple[int, list[str]]:
    """Each part of the success pattern is shown by the design parts it names (a clause of each, a specific
    one when there is) or by a reply to the follow-up or deep dive it names that shows some design."""
    assert question.scenario is not None
    replies = _replies(transcript)
    evidence: list[str] = []
    met = 0
    for part in question.scenario.success_pattern:
        quotes: list[str] = []
        for name in part.shown_by:
            reply = replies.get(name)
            backed = [s.quote for s in shown((name,), answers)]
            if reply is not None:
                backed = [s.quote for s in reply.satisfied if s.step in PARTS] if reply.dodge is None else []
            if not backed:
                quotes = []
                break
            quotes.append(backed[0])
        if quotes:
            met += 1
            evidence += [q for q in quotes if q not in evidence]
    parts = len(question.scenario.success_pattern)
    grade = 1 if met == 0 else 2 if 2 * met < parts else 3 if met < parts else 4
    return grade, evidence[:MAX_EVIDENCE]


def _replies(transcript: Sequence[Turn]) -> dict[str, AnswerAssessment]:
    """The assessed reply to each probe, by probe."""
    found: dict[str, AnswerAssessment] = {}
    for asked, reply in itertools.pairwise(transcript):
        if asked.role == "interviewer" and asked.probe and reply.role == "candidate" and reply.assessment:
            found.setdefault(asked.probe, reply.assessment)
    return found


def design_reach(answers: Sequence[AnswerAssessment]) -> Reach:
    """How far a design round reached against the L6/L7 bars: an organisation-wide strategy (pricing, the
    organisation, build or buy, competition) over years, in replies to the strategic questions; a design
    round that never reached them stays at one team's scope, however strong its design."""
    strategy = [s for s in shown(("strategy",), answers) if s.specific]
    wide = len(strategy) >= L7_STRATEGY_CLAUSES
    years = any(word in s.quote.lower() for s in strategy for word in _YEARS)
    return Reach(
        scope="organization" if wide else "team",
        horizon="years" if years else None,
        mechanisms=len(strategy) >= L7_STRATEGY_CLAUSES - 1,
        senior=False,
        quote=strategy[0].quote if strategy else None,
    )

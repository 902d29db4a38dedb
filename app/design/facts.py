"""Answers a candidate's clarifying questions from the question's scenario facts, as an interviewer does.

A question is matched to the facts whose words it uses: words that say what it wants to know ("how
many", "latency") weigh double the words that name what it is about ("rider"). Where no fact fits,
the interviewer says so: that's the candidate's call, to state as an assumption. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.bank.models import Scenario, ScenarioFact
from app.content import DesignReplies

MAX_FACTS_PER_QUESTION = 2
# One sentence can ask two things: "How many riders a day, and is pooling in scope?"
_SECOND_QUESTION = re.compile(
    r",?\s+(?:and|also|plus)\s+(?=(?:is|are|do|does|can|could|should|will|would|what|how|which|who|where)\b)",
    re.IGNORECASE,
)
MIN_SCORE = 2
MAX_QUOTED = 3
QUOTE_WORDS = 12


def _hits(words: Sequence[str], question: str) -> int:
    return sum(1 for word in words if re.search(rf"(?<![a-z0-9]){re.escape(word.lower())}", question))


def matching_facts(question: str, scenario: Scenario | None) -> list[ScenarioFact]:
    """The facts a question asks about: those with the best score ("how many riders and drivers" asks
    about both), never more than two. One word naming a thing is not enough ("Do tips go to the driver?"
    is not about the drivers fact): it takes what the question wants to know, or two words of the fact."""
    if scenario is None:
        return []
    low = question.lower()
    scored = [(2 * _hits(f.asks, low) + _hits(f.about, low), f) for f in scenario.facts]
    best = max((score for score, _ in scored), default=0)
    if best < MIN_SCORE:
        return []
    return [f for score, f in scored if score == best][:MAX_FACTS_PER_QUESTION]


def _short(question: str) -> str:
    words = question.rstrip("?").strip().split()
    text = " ".join(words[:QUOTE_WORDS]) + ("…" if len(words) > QUOTE_WORDS else "")
    return f"\u201c{text}\u201d"


def answer(questions: Sequence[str], scenario: Scenario | None, replies: DesignReplies) -> str | None:
    """What the interviewer says to the candidate's questions: each fact asked about once, in the order
    asked, then the questions the facts are silent on, left to the candidate."""
    facts: list[ScenarioFact] = []
    silent: list[str] = []
    for question in questions:
        found = [f for part in _SECOND_QUESTION.split(question) for f in matching_facts(part, scenario)]
        facts += [f for i, f in enumerate(found) if f not in facts and f not in found[:i]]
        if not found:
            silent.append(question)
    said = [f.answer for f in facts]
    if silent:
        quoted = ", ".join(_short(q) for q in silent[:MAX_QUOTED])
        said.append(
            (replies.your_call if len(silent[:MAX_QUOTED]) == 1 else replies.your_calls).format(questions=quoted)
        )
    return " ".join(said) or None

"""Bounds what a model writes in a debrief, as the scorecard bounds a judge. Pure.

The model's call can only lower the decision. A sentence it writes is kept only when every quote in it
is the candidate's own words, it names no decision but the final one, and it puts the candidate at L7
only when the loop's level is L7. The rules that decided the loop (a Strong No Hire that sank it, the
veto, the level) are code's and always stay; the model's sentences replace only the summary of votes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.domain.debrief import DebriefData
from app.domain.scorecard import Recommendation
from app.providers.base import DebriefWritten
from app.scoring.evidence import verify
from app.scoring.verdict import at_most
from app.text import sentences

MAX_SENTENCES = 5
_VERDICT = re.compile(r"\b(Strong No Hire|Strong Hire|No Hire|Hire)\b")
_HIRE_CALL = re.compile(
    r"\b(?:should|would|recommend(?:s|ed)?|inclined to|lean(?:s|ing)? towards?|votes? to|voted to)\s+"
    r"(?:an?\s+)?(?:strong\s+)?hire\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|nor|cannot|short|below|without)\b|n't\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d")
_L7 = re.compile(r"\bL7\b")


def _decisions(sentence: str) -> set[str]:
    named = set(_VERDICT.findall(sentence))
    call = _HIRE_CALL.search(sentence)
    if call and not _NEGATION.search(sentence[: call.end()]):
        named.add("Hire")
    return named


def acceptable(sentence: str, decision: Recommendation | None, level: str | None, answers: Sequence[str]) -> bool:
    if _decisions(sentence) - {decision}:
        return False
    if level != "L7" and _L7.search(sentence) and not _NEGATION.search(sentence):
        return False
    quotes = [a or b for a, b in _QUOTED.findall(sentence)]
    return not verify(quotes, answers)[1]


def bounded(debrief: DebriefData, written: DebriefWritten, answers: Sequence[str]) -> DebriefData:
    notes = list(debrief.notes)
    if written.fallback_reason:
        notes.append(f"The model could not write this debrief ({written.fallback_reason}); the reasons are code's.")
    prose = written.prose
    decision = at_most(debrief.decision, prose.decision) if prose.decision else debrief.decision
    kept: list[str] = []
    dropped = 0
    for reason in prose.reasons:
        for sentence in sentences(reason):
            if acceptable(sentence, decision, debrief.level_verdict, answers):
                kept.append(sentence)
            else:
                dropped += 1
    if dropped:
        notes.append(
            f"{dropped} sentence(s) of the written debrief were set aside: they named another decision or level, "
            "or quoted words the candidate never said."
        )
    if decision != debrief.decision:
        notes.append(f"The written debrief lowered the decision from {debrief.decision} to {decision}.")
    if not kept:
        return debrief.model_copy(update={"decision": decision, "notes": notes})
    return debrief.model_copy(
        update={
            "reasons": [*kept[:MAX_SENTENCES], *debrief.reasons[1:]],
            "decision": decision,
            "writer": written.writer,
            "model": written.model,
            "notes": notes,
        }
    )

"""The default interviewer: phrases probes from templates and judges with the offline scorer.

It needs no network, so it is also what every failing model call falls back to.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from typing import Any

from app.analysis import PATTERNS, sentences
from app.bank.models import Category
from app.planner import Probe
from app.prompts import Prompts
from app.providers.base import JudgeRequest, JudgeResult, PhraseRequest, Usage
from app.scoring.offline import OfflineJudge

MAX_QUOTE_WORDS = 10
# Where in an answer each probe's quote comes from: the sentence that most needs the follow-up.
_QUOTE_CUES: dict[str, re.Pattern[str]] = {
    "role": PATTERNS["we"],
    "metrics": PATTERNS["results"],
    "impact": PATTERNS["results"],
    "alternatives": re.compile(r"\b(?:decided|chose|went with|picked|used|built|moved|switched|introduced)\b", re.I),
    "learning": re.compile(r"\b(?:problem|fail|mistake|hard|difficult|late|missed|wrong|struggl)", re.I),
    "resistance": re.compile(r"\b(?:convinc|agree|team|stakeholder|manager|leadership)", re.I),
    "application": PATTERNS["learning"],
    "scale": PATTERNS["architecture"],
    "data_model": PATTERNS["architecture"],
    "failure_handling": PATTERNS["architecture"],
}
_UNSAFE = re.compile(r"[\"{}<>\[\]`\\]")


def pick_quote(probe: str, answer: str) -> str | None:
    """A short phrase of the candidate's own, so the follow-up is visibly about what they said."""
    cue = _QUOTE_CUES.get(probe)
    candidates = [s for s in sentences(answer) if not _UNSAFE.search(s)]
    if not candidates:
        return None
    chosen = next((s for s in candidates if cue and cue.search(s)), candidates[0])
    words = chosen.rstrip(".!?").split()
    if len(words) < 3:
        return None
    return " ".join(words[:MAX_QUOTE_WORDS]) + ("..." if len(words) > MAX_QUOTE_WORDS else "")


def _stable_index(key: str, size: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % size


def offline_text(templates: dict[str, Any], request: PhraseRequest) -> str:
    step: Probe = request.step
    key = f"{request.interview_id}:{step.depth}"
    if step.follow_up is not None:
        text = step.follow_up.text.strip()
        kind = "question" if text.endswith("?") else "statement"
        options = templates["follow_up"][kind]
        return options[_stable_index(key, len(options))].format(text=text.rstrip("."))
    spec = templates["probes"][step.probe]
    last = next((t.text for t in reversed(request.transcript) if t.role == "candidate"), "")
    quote = pick_quote(step.probe, last)
    options = spec["quoted"] if quote and spec.get("quoted") else spec["plain"]
    return options[_stable_index(key, len(options))].format(quote=quote)


def closing_text(templates: dict[str, Any], interview_id: str) -> str:
    options = templates["close"]
    return options[_stable_index(interview_id, len(options))]


class OfflineProvider:
    name = "offline"
    model: str | None = None

    def __init__(self, prompts: Prompts, judge: OfflineJudge) -> None:
        self._prompts = prompts
        self._judge = judge

    async def phrase(self, request: PhraseRequest) -> AsyncIterator[str | Usage]:
        yield offline_text(self._prompts.offline, request)

    async def aclose(self) -> None:
        pass

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        texts = [t.text for t in request.transcript if t.role == "candidate"]
        design = request.question.category == Category.SYSTEM_DESIGN
        return JudgeResult(draft=self._judge.judge(request.rubric, texts, design=design), usage=Usage())

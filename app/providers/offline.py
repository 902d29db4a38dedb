"""The default interviewer: phrases probes from templates and judges with the offline scorer.

It needs no network, so it is also what every failing model call falls back to.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator

from app.analysis import PATTERNS
from app.bank.models import Category
from app.content import Content
from app.domain.dialogue import Close, Probe
from app.providers.base import Delta, JudgeRequest, JudgeResult, Phrased, PhraseEvent, PhraseRequest
from app.providers.offline_judge import OfflineJudge
from app.text import quote, sentences

MAX_PROBE_QUOTE_WORDS = 10
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
    return quote(chosen.rstrip(".!?"), MAX_PROBE_QUOTE_WORDS)


def _stable_index(key: str, size: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % size


def offline_text(content: Content, request: PhraseRequest) -> str:
    """The offline wording of the planner's step; the same interview and depth always read the same."""
    step = request.step
    if isinstance(step, Close):
        options = content.offline.close
        return options[_stable_index(request.interview_id, len(options))]
    key = f"{request.interview_id}:{step.depth}"
    if step.follow_up is not None:
        text = step.follow_up.text.strip()
        wordings = content.offline.follow_up
        options = wordings.question if text.endswith("?") else wordings.statement
        return options[_stable_index(key, len(options))].format(text=text.rstrip("."))
    return _probe_text(content, step, request, key)


def _probe_text(content: Content, step: Probe, request: PhraseRequest, key: str) -> str:
    info = content.probes.get(step.probe)
    if info is None:
        raise ValueError(f"no offline wording for probe {step.probe!r} in probes.yaml")
    last = next((t.text for t in reversed(request.transcript) if t.role == "candidate"), "")
    found = pick_quote(step.probe, last)
    options = info.offline.quoted if found and info.offline.quoted else info.offline.plain
    return options[_stable_index(key, len(options))].format(quote=found)


class OfflineProvider:
    name = "offline"
    model: str | None = None

    def __init__(self, content: Content, judge: OfflineJudge) -> None:
        self._content = content
        self._judge = judge

    async def phrase(self, request: PhraseRequest) -> AsyncIterator[PhraseEvent]:
        text = offline_text(self._content, request)
        yield Delta(text)
        yield Phrased(text, provider=self.name)

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        texts = [t.text for t in request.transcript if t.role == "candidate"]
        design = request.question.category == Category.SYSTEM_DESIGN
        return JudgeResult(draft=self._judge.judge(request.rubric, texts, design=design), judge=self.name)

    async def aclose(self) -> None:
        pass

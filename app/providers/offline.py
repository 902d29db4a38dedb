"""The default interviewer: phrases probes from templates and judges with the offline scorer.

It needs no network, so it is also what every failing model call falls back to.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncGenerator

from app.bank.models import Category, FollowUp
from app.content import Content
from app.domain.debrief import DebriefProse, DebriefRequest
from app.domain.dialogue import Close, Probe
from app.providers.base import (
    Assessed,
    AssessRequest,
    DebriefWritten,
    Delta,
    JudgeRequest,
    JudgeResult,
    Phrased,
    PhraseEvent,
    PhraseRequest,
)
from app.providers.offline_judge import OfflineJudge
from app.text import quote as shortened

MAX_PROBE_QUOTE_WORDS = 20
# Characters that would break the quotation or the template around a quote.
_UNSAFE = re.compile(r"[\"{}<>\[\]`\\]")
# "You went with 'I wasn't comfortable shipping it'" misreads a refusal as a choice: such a quote is kept
# only where the question is about what was said (clarify, reconcile).
_DENIAL = re.compile(r"\b(?:not|never|no|\w+n[’']t)\b", re.IGNORECASE)
_QUOTES_DENIALS = ("clarify", "reconcile")
_LEADING = re.compile(
    r"^(?:(?:and|but|so|then|also|well|honestly|basically|actually|uh|um|er|hmm|okay|ok|yeah|look)\b[,.]?\s*"
    r"|[-*•]\s*|(?:lesson|learning|context|result|impact|role|what i learned)\s*:\s*)+",
    re.IGNORECASE,
)
# A clause that hangs off another ("which we handled later") is no statement to quote back.
_FRAGMENT = re.compile(r"(?:which|who|whom|whose|where|that|because|while|although)\b", re.IGNORECASE)
# A quote that hedges ("I guess", "kind of") reads as mockery when repeated back: such a probe is asked plainly.
_HEDGED = re.compile(r"\b(?:i guess|i suppose|kind of|sort of|i think|maybe|probably|uh|um)\b", re.IGNORECASE)


def usable_quote(text: str | None) -> str | None:
    """A claim quoted back whole, or not at all: short enough, nothing that breaks the template."""
    if not text:
        return None
    quote = _LEADING.sub("", text.strip()).rstrip(" .,;:!?")
    if not quote or _UNSAFE.search(quote) or len(quote.split()) > MAX_PROBE_QUOTE_WORDS or len(quote.split()) < 3:
        return None
    if _HEDGED.search(quote) or ":" in quote or _FRAGMENT.match(quote):
        return None
    return quote


def said_back(text: str | None) -> str | None:
    """A statement put back to the candidate to reconcile: both have to be named, so a long one is cut to its
    first words rather than left out, and a hedge stays (it is what was said)."""
    if not text:
        return None
    said = _UNSAFE.sub("", _LEADING.sub("", text.strip())).rstrip(" .,;:!?")
    return shortened(said, MAX_PROBE_QUOTE_WORDS) if len(said.split()) >= 3 else None


def _stable_index(key: str, size: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % size


def _pick(options: list[str], key: str) -> str:
    return options[_stable_index(key, len(options))]


def offline_text(content: Content, request: PhraseRequest) -> str:
    """The offline wording of the planner's step, after what it says first (``preface``); the same interview
    and depth always read the same."""
    step = request.step
    if isinstance(step, Close):
        return _pick(content.offline.close, request.interview_id)
    question = _question_text(content, request, step)
    return f"{step.preface} {question}" if step.preface else question


def _question_text(content: Content, request: PhraseRequest, step: Probe) -> str:
    key = f"{request.interview_id}:{step.depth}"
    if step.follow_up is not None and step.probe != "clarify":
        return _follow_up_text(content, step.follow_up, key)
    info = content.probes.get(step.probe)
    if info is None:
        raise ValueError(f"no offline wording for probe {step.probe!r} in probes.yaml")
    if step.probe == "reconcile":
        quote, earlier = said_back(step.target), said_back(step.against)
    else:
        quote, earlier = usable_quote(step.target), usable_quote(step.against)
    if quote and step.probe not in _QUOTES_DENIALS and _DENIAL.search(quote):
        quote = None
    quoted = bool(quote) and (step.probe != "reconcile" or bool(earlier))
    options = info.offline.quoted if quoted and info.offline.quoted else info.offline.plain
    ask = _asked_again(content, request, step)
    worded = [o.format(quote=quote, earlier=earlier, about=step.asks_for or "one point", ask=ask) for o in options]
    return _unsaid(worded, key, request)


def _unsaid(worded: list[str], key: str, request: PhraseRequest) -> str:
    """The wording for this turn, passing over any the interviewer has already used word for word in this
    interview (the same drill step in a second dive reads as a new question, not a repeated one)."""
    said = {t.text for t in request.transcript if t.role == "interviewer"}
    start = _stable_index(key, len(worded))
    rotated = worded[start:] + worded[:start]
    return next((w for w in rotated if not any(w in s for s in said)), rotated[0])


def _follow_up_text(content: Content, follow_up: FollowUp, key: str) -> str:
    if follow_up.ask:
        return follow_up.ask
    text = follow_up.text.strip()
    wordings = content.offline.follow_up
    options = wordings.question if text.endswith("?") else wordings.statement
    return _pick(options, key).format(text=text.rstrip("."))


def _asked_again(content: Content, request: PhraseRequest, step: Probe) -> str:
    """For a press: the question the candidate avoided, asked again plainly."""
    pressed = step.asks_for or ""
    follow_up = step.follow_up or next((f for f in request.question.follow_ups if f.id == pressed), None)
    if follow_up is not None:
        return _follow_up_text(content, follow_up, pressed)
    info = content.probes.get(pressed)
    if info is not None and pressed not in ("clarify", "reconcile", "challenge"):
        return info.offline.plain[0]
    return content.offline.restate_question


class OfflineProvider:
    name = "offline"
    model: str | None = None

    def __init__(self, content: Content, judge: OfflineJudge) -> None:
        self._content = content
        self._judge = judge

    async def assess(self, request: AssessRequest) -> Assessed:
        return Assessed(request.draft)

    async def phrase(self, request: PhraseRequest) -> AsyncGenerator[PhraseEvent]:
        text = offline_text(self._content, request)
        yield Delta(text)
        yield Phrased(text, provider=self.name)

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        design = request.question if request.question.category == Category.SYSTEM_DESIGN else None
        return JudgeResult(draft=self._judge.judge(request.rubric, request.transcript, design=design), judge=self.name)

    async def write_debrief(self, request: DebriefRequest) -> DebriefWritten:
        """Writes nothing: the reasons code gave when it computed the debrief stand."""
        return DebriefWritten(DebriefProse(), writer=self.name)

    async def aclose(self) -> None:
        pass

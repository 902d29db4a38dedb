"""A model provider with the offline interviewer behind it: the one provider the service is handed.

Whatever the model does (fails, stalls past the turn's budget, streams half a message, writes
something that is not a follow-up), the candidate gets a message and the turn goes on; the result
says who produced it and why the model's words were not used.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator

from app.domain.debrief import DebriefRequest
from app.domain.dialogue import Close
from app.providers.base import (
    AlreadyAnswered,
    Assessed,
    AssessRequest,
    DebriefWritten,
    Delta,
    JudgeRequest,
    JudgeResult,
    Phrased,
    PhraseEvent,
    PhraseRequest,
    Provider,
    ProviderError,
    Reset,
)

log = logging.getLogger(__name__)
MAX_REASON_CHARS = 500


def _reason(exc: BaseException, budget_s: float | None, setting: str) -> str:
    """What the message's fallback reason says: the model's error, or the budget it ran out of."""
    if isinstance(exc, TimeoutError) and budget_s is not None:
        return f"the model did not answer within {budget_s:g} s ({setting})"
    return (str(exc) or type(exc).__name__)[:MAX_REASON_CHARS]


class FallbackProvider:
    def __init__(
        self, primary: Provider, offline: Provider, *, budget_s: float, scoring_budget_s: float | None = None
    ) -> None:
        self.primary = primary
        self.offline = offline
        self.budget_s = budget_s
        self.scoring_budget_s = scoring_budget_s
        self.name = primary.name
        self.model = primary.model

    def _deadline(self, turn_started: float | None) -> float:
        """The turn's budget counts from its start: the model's time across all its calls in a turn."""
        loop = asyncio.get_running_loop()
        return (loop.time() if turn_started is None else turn_started) + self.budget_s

    async def phrase(self, request: PhraseRequest) -> AsyncGenerator[PhraseEvent]:
        if isinstance(request.step, Close):
            async for event in self.offline.phrase(request):
                yield event
            return
        sent = False
        try:
            async with asyncio.timeout_at(self._deadline(request.turn_started)):
                async for event in self.primary.phrase(request):
                    sent = sent or isinstance(event, Delta)
                    yield event
            return
        except AlreadyAnswered:
            raise
        except (ProviderError, TimeoutError) as exc:
            reason = _reason(exc, self.budget_s, "TURN_BUDGET_SECONDS")
        log.warning(
            "interview %s: %s failed at depth %s, using the offline phrasing: %s",
            request.interview_id,
            self.primary.name,
            request.step.depth,
            reason,
        )
        if sent:
            yield Reset(reason)
        async for event in self.offline.phrase(request):
            yield Phrased(event.text, event.provider, fallback_reason=reason) if isinstance(event, Phrased) else event

    async def assess(self, request: AssessRequest) -> Assessed:
        """The model's notes, or the offline reading when the model fails or takes too long."""
        try:
            async with asyncio.timeout_at(self._deadline(request.turn_started)):
                return await self.primary.assess(request)
        except (ProviderError, TimeoutError) as exc:
            reason = _reason(exc, self.budget_s, "TURN_BUDGET_SECONDS")
            log.warning("interview %s: model notes failed, using the offline reading: %s", request.interview_id, reason)
            return Assessed(request.draft, fallback_reason=reason)

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """The model's draft, completed by the offline judge where it left a dimension out; the offline
        judge's alone when the model fails."""
        try:
            async with asyncio.timeout(self.scoring_budget_s):
                result = await self.primary.judge(request)
        except (ProviderError, TimeoutError) as exc:
            reason = _reason(exc, self.scoring_budget_s, "SCORING_BUDGET_SECONDS")
            log.warning("interview %s: model judge failed, scored offline: %s", request.interview_id, reason)
            offline = await self.offline.judge(request)
            note = f"The AI judge was not available ({reason}); the built-in scorer scored this interview."
            return JudgeResult(offline.draft, offline.judge, offline.model, offline.usage, (*offline.notes, note))
        judged = {d.id for d in result.draft.dimensions}
        if all(dim.id in judged for dim in request.rubric):
            return result
        backup = (await self.offline.judge(request)).draft
        missing = [d for d in backup.dimensions if d.id not in judged]
        draft = result.draft.model_copy(update={"dimensions": [*result.draft.dimensions, *missing]})
        return JudgeResult(draft, result.judge, result.model, result.usage, result.notes)

    async def write_debrief(self, request: DebriefRequest) -> DebriefWritten:
        """The model's prose, or none (the code's reasons stand) when it fails or takes too long."""
        try:
            async with asyncio.timeout(self.budget_s):
                return await self.primary.write_debrief(request)
        except (ProviderError, TimeoutError) as exc:
            reason = (str(exc) or type(exc).__name__)[:MAX_REASON_CHARS]
            log.warning("loop %s: the model's debrief failed, the computed reasons stand: %s", request.loop_id, reason)
            written = await self.offline.write_debrief(request)
            return DebriefWritten(written.prose, written.writer, fallback_reason=reason)

    async def aclose(self) -> None:
        await self.primary.aclose()
        await self.offline.aclose()

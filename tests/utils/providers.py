"""A scripted provider: replies come from a queue, and it keeps a history of what it was asked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

from app.domain.debrief import DebriefRequest
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
    ProviderError,
    Usage,
)


class ScriptedProvider:
    name = "scripted"
    model = "script-1"

    def __init__(self, *replies: list[str] | Exception, gate: asyncio.Event | None = None) -> None:
        self.replies = list(replies)
        self.history: list[PhraseRequest] = []
        self.gate = gate

    async def phrase(self, request: PhraseRequest) -> AsyncGenerator[PhraseEvent]:
        self.history.append(request)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        for i, part in enumerate(reply):
            if i == 1 and self.gate is not None:
                await self.gate.wait()  # the test decides when the rest of the reply arrives
            yield Delta(part)
        usage = Usage(prompt_tokens=10, completion_tokens=len(reply))
        yield Phrased("".join(reply), provider=self.name, model=self.model, usage=usage)

    async def assess(self, request: AssessRequest) -> Assessed:
        return Assessed(request.draft)

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        raise ProviderError("the scripted provider does not judge")

    async def write_debrief(self, request: DebriefRequest) -> DebriefWritten:
        raise ProviderError("the scripted provider does not write debriefs")

    async def aclose(self) -> None:
        pass

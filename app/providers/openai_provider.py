"""The LLM interviewer, through the official SDK against OpenAI or any OpenAI-compatible server.

Every SDK error is turned into ProviderError here and nowhere else, so the layer above only ever
decides one thing: use the model's words, or the offline phrasing of the same probe. Follow-ups are
streamed (``chat.completions.create(stream=True)``); the judge asks for the JSON-schema response
format, and a server that refuses it is asked in JSON mode.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Sequence
from typing import Any

import httpx
import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONObject, ResponseFormatJSONSchema
from pydantic import ValidationError

from app.bank.models import Category
from app.config import Settings
from app.content import Content
from app.design.reading import PARTS
from app.domain.debrief import DebriefProse, DebriefRequest
from app.domain.dialogue import Bounds, Close, Probe, Turn
from app.domain.scorecard import LEVELS, RECOMMENDATIONS, Dimension, JudgeDraft
from app.providers import transport
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
    ProviderError,
    Usage,
)
from app.providers.guard import problem_with
from app.providers.model_notes import checked_notes, notes_schema
from app.text import defuse

ResponseFormat = ResponseFormatJSONSchema | ResponseFormatJSONObject
MAX_FOLLOW_UP_TOKENS = 300
MAX_NOTES_TOKENS = 800
ANSWERED = "ANSWERED"
MAX_JUDGE_TOKENS = 2_500
MAX_DEBRIEF_TOKENS = 800
# What a failing call can raise: the SDK's own errors, the HTTP client's when a stream breaks while it
# is read, and a reply that is not the JSON it claims to be.
_CALL_ERRORS = (openai.OpenAIError, httpx.HTTPError, ValueError, TypeError, AttributeError)


def candidate_block(text: str, notes: str | None = None) -> str:
    """An answer as the model reads it; the design notes sent with it inside the same block, as the
    candidate's words too."""
    outline = f"\n\n[The candidate's design notes]\n{defuse(notes)}" if notes else ""
    return f"<candidate_answer>\n{defuse(text)}{outline}\n</candidate_answer>"


def conversation(transcript: Sequence[Turn]) -> list[ChatCompletionMessageParam]:
    return [
        {"role": "assistant", "content": t.text}
        if t.role == "interviewer"
        else {"role": "user", "content": candidate_block(t.text)}
        for t in transcript
    ]


def _notes_before(transcript: Sequence[Turn]) -> list[str | None]:
    """By turn, the design notes sent before it: the judge reads notes only where they changed."""
    before: list[str | None] = []
    last: str | None = None
    for turn in transcript:
        before.append(last)
        if turn.role == "candidate":
            last = turn.notes or last
    return before


def _strategic(request: AssessRequest) -> bool:
    """The answer replies to a strategic question, where strategy can show (never in a component's name)."""
    asked = next((t for t in reversed(request.transcript[:-1]) if t.role == "interviewer"), None)
    return asked is not None and asked.phase == "strategy"


def build_client(settings: Settings, http_client: httpx.AsyncClient | None = None) -> AsyncOpenAI:
    """The one place the SDK client is made. Its HTTP client is httpx (which respx intercepts in tests), and
    a refused connection fails at once; a test may pass a plain ``httpx.AsyncClient`` instead."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return AsyncOpenAI(
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout,
        max_retries=settings.openai_max_retries,
        http_client=http_client or transport.http_client(),  # type: ignore[arg-type]
    )


def describe(exc: BaseException) -> str:
    """An error as the log and the message's fallback reason show it, e.g. 'InternalServerError 500: ...'."""
    if isinstance(exc, ValueError | TypeError | AttributeError) and not isinstance(exc, openai.OpenAIError):
        return f"malformed reply from the model server: {exc}"
    if isinstance(exc, transport.ModelUnreachable):
        return str(exc)
    status = getattr(exc, "status_code", None)
    return f"{type(exc).__name__}" + (f" {status}" if status else "") + (f": {exc}" if str(exc) else "")


def _usage(raw: Any) -> Usage:
    if raw is None:
        return Usage()
    details = getattr(raw, "prompt_tokens_details", None)
    return Usage(
        prompt_tokens=raw.prompt_tokens,
        completion_tokens=raw.completion_tokens,
        cached_tokens=getattr(details, "cached_tokens", None),
    )


def _chunk_text(chunk: Any) -> str:
    """The text a streamed chunk adds. Compatible servers leave out fields OpenAI always sends; what is
    there must still have the right shape."""
    if not isinstance(chunk.choices, list):
        raise ValueError("'choices' is not a list")
    return "".join(choice.delta.content or "" for choice in chunk.choices if choice.delta is not None)


def judge_schema(rubric: Sequence[Dimension]) -> dict[str, Any]:
    """The scorecard as a strict JSON schema, with the rubric's ids as the only allowed ids."""
    strings = {"type": "array", "items": {"type": "string"}}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["dimensions", "improvements", "stronger_answer", "recommendation", "level", "red_flags"],
        "properties": {
            "dimensions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "score", "rationale", "evidence"],
                    "properties": {
                        "id": {"type": "string", "enum": [d.id for d in rubric]},
                        "score": {"type": "integer", "enum": [1, 2, 3, 4]},
                        "rationale": {"type": "string"},
                        "evidence": strings,
                    },
                },
            },
            "improvements": strings,
            "stronger_answer": strings,
            "recommendation": {"type": ["string", "null"], "enum": [*RECOMMENDATIONS, None]},
            "level": {"type": ["string", "null"], "enum": [*LEVELS, None]},
            "red_flags": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["about", "quotes"],
                    "properties": {"about": {"type": "string"}, "quotes": strings},
                },
            },
        },
    }


def debrief_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["reasons", "decision"],
        "properties": {
            "reasons": {"type": "array", "items": {"type": "string"}},
            "decision": {"type": ["string", "null"], "enum": [*RECOMMENDATIONS, None]},
        },
    }


def _json_object(content: str | None) -> dict[str, Any]:
    """The JSON object of a reply, even when a server wraps it in prose or a code fence."""
    if not content or not content.strip():
        raise ValueError("empty reply")
    text = content.strip()
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end <= start:
        raise ValueError("no JSON object in the reply")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at character {exc.pos})") from exc
    if not isinstance(data, dict):
        raise ValueError("the reply is not a JSON object")
    return data


def parse_draft(content: str | None, rubric_ids: set[str]) -> JudgeDraft:
    data = _json_object(content)
    try:
        draft = JudgeDraft.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from exc
    known = [d for d in draft.dimensions if d.id in rubric_ids]
    if not known:
        raise ValueError("no dimension with a known id")
    return draft.model_copy(update={"dimensions": known})


class OpenAIProvider:
    name = "openai"

    def __init__(self, client: AsyncOpenAI, settings: Settings, content: Content) -> None:
        self._client = client
        self._settings = settings
        self._content = content
        self.model: str | None = settings.openai_model

    def phrase_messages(self, request: PhraseRequest) -> list[ChatCompletionMessageParam]:
        """System prompt and conversation first, the planner's notes last: the prefix stays identical
        from turn to turn, so providers' prompt caching applies."""
        step = request.step
        if isinstance(step, Close):
            raise ProviderError("the close is not phrased by the model")
        system = self._content.render(
            "interviewer_system.md.j2",
            level=request.level,
            question=request.question,
            framework=request.framework,
            design=request.question.category == Category.SYSTEM_DESIGN,
        )
        history = conversation(request.transcript)
        info = self._content.probes.get(step.probe)
        read = request.transcript[-1].assessment
        notes = self._content.render(
            "interviewer_turn.md.j2",
            step=step,
            bounds=Bounds(self._settings.min_follow_ups, self._settings.max_follow_ups),
            probe_label=info.asks_for if info else "the question's own follow-up",
            allow_answered=request.allow_answered,
            notes={
                "satisfied": [s.step for s in read.satisfied],
                "dodge": read.dodge,
                "dodge_quote": read.dodge_quote,
                "hollow": read.hollow,
            }
            if read
            else None,
        )
        last = request.transcript[-1]
        history[-1] = {"role": "user", "content": candidate_block(last.text, last.notes) + "\n\n" + notes}
        return [{"role": "system", "content": system}, *history]

    async def phrase(self, request: PhraseRequest) -> AsyncGenerator[PhraseEvent]:
        """The model's question, streamed; what the planner says before it (the answers to the candidate's
        own questions) goes first, as it is, and only the model's words are checked."""
        messages = self.phrase_messages(request)
        preface = request.step.preface if isinstance(request.step, Probe) else None
        if preface:
            yield Delta(preface + "\n\n")
        parts: list[str] = []
        usage = Usage()
        chunks = 0
        try:
            stream = await self._client.chat.completions.create(
                model=self._settings.openai_model,
                messages=messages,
                temperature=self._settings.openai_temperature,
                max_tokens=MAX_FOLLOW_UP_TOKENS,
                stream=True,
                stream_options={"include_usage": True},
            )
            held: str | None = ""  # the first words wait until they cannot be the ANSWERED marker
            try:
                async for chunk in stream:
                    chunks += 1
                    if chunk.usage is not None:
                        usage = _usage(chunk.usage)
                    if not (text := _chunk_text(chunk)):
                        continue
                    parts.append(text)
                    if held is not None:
                        held += text
                        if ANSWERED.startswith(held.strip().upper()) and len(held.strip()) < len(ANSWERED) + 2:
                            continue
                        text, held = held, None
                    yield Delta(text)
            finally:
                await stream.close()
        except _CALL_ERRORS as exc:
            raise ProviderError(describe(exc)) from exc
        if not chunks:
            raise ProviderError("malformed reply from the model server: no completion chunks in the stream")
        text = "".join(parts).strip()
        if text.strip(" .").upper() == ANSWERED and request.allow_answered:
            raise AlreadyAnswered("the model judged the planned probe already answered")
        if problem := problem_with(text):
            raise ProviderError(problem)
        yield Phrased(f"{preface}\n\n{text}" if preface else text, provider=self.name, model=self.model, usage=usage)

    def assess_messages(self, request: AssessRequest) -> list[ChatCompletionMessageParam]:
        answers = [t.text for t in request.transcript if t.role == "candidate"]
        asked = next((t.text for t in reversed(request.transcript[:-1]) if t.role == "interviewer"), "")
        system = self._content.render(
            "assessor_system.md.j2",
            level=request.level,
            question=request.question,
            design=request.question.category == Category.SYSTEM_DESIGN,
        )
        user = self._content.render("assessor_answer.md.j2", earlier=answers[:-1], asked=asked, answer=answers[-1])
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    async def assess(self, request: AssessRequest) -> Assessed:
        """One short structured-output call; every quote is checked, the offline reading fills the rest."""
        ids = [f.id for f in request.question.follow_ups]
        if request.question.category == Category.SYSTEM_DESIGN:
            ids += [part for part in PARTS if part != "strategy" or _strategic(request)]
        schema = {"name": "answer_notes", "schema": notes_schema(ids), "strict": True}
        formats: list[ResponseFormat] = [ResponseFormatJSONObject(type="json_object")]
        if self._settings.openai_json_schema:
            formats.insert(0, ResponseFormatJSONSchema(type="json_schema", json_schema=schema))  # type: ignore[typeddict-item]
        content, usage = await self._complete(self.assess_messages(request), formats, MAX_NOTES_TOKENS)
        try:
            data = _json_object(content)
        except ValueError as exc:
            raise ProviderError(f"answer notes unusable: {exc}") from exc
        answer = request.transcript[-1].text
        earlier = [(t.seq or 0, t.text) for t in request.transcript[:-1] if t.role == "candidate"]
        notes = checked_notes(data, answer, earlier, request.draft, ids)
        return Assessed(notes, model=self.model, usage=usage)

    def judge_messages(self, request: JudgeRequest) -> list[ChatCompletionMessageParam]:
        system = self._content.render(
            "judge_system.md.j2",
            level=request.level,
            question=request.question,
            rubric=request.rubric,
            levels=self._content.scoring.levels,
        )
        user = self._content.render(
            "judge_transcript.md.j2", transcript=request.transcript, notes_before=_notes_before(request.transcript)
        )
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        messages = self.judge_messages(request)
        ids = {d.id for d in request.rubric}
        formats: list[ResponseFormat] = [ResponseFormatJSONObject(type="json_object")]
        if self._settings.openai_json_schema:
            schema = judge_schema(request.rubric)
            formats.insert(
                0,
                ResponseFormatJSONSchema(
                    type="json_schema", json_schema={"name": "scorecard", "schema": schema, "strict": True}
                ),
            )
        content, usage = await self._complete(messages, formats, MAX_JUDGE_TOKENS)
        try:
            draft = parse_draft(content, ids)
        except ValueError as problem:
            repair = self._content.render("judge_repair.md.j2", problem=str(problem))
            retry: list[ChatCompletionMessageParam] = [
                *messages,
                {"role": "assistant", "content": content or ""},
                {"role": "user", "content": repair},
            ]
            content, more = await self._complete(retry, formats, MAX_JUDGE_TOKENS)
            usage = usage + more
            try:
                draft = parse_draft(content, ids)
            except ValueError as again:
                raise ProviderError(f"judge reply unusable after one repair: {again}") from again
        return JudgeResult(draft, judge=self.name, model=self.model, usage=usage)

    def debrief_messages(self, request: DebriefRequest) -> list[ChatCompletionMessageParam]:
        system = self._content.render("debrief_system.md.j2", level=request.level)
        user = self._content.render(
            "debrief_loop.md.j2", level=request.level, debrief=request.debrief, rounds=request.rounds
        )
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    async def write_debrief(self, request: DebriefRequest) -> DebriefWritten:
        """One structured call; the prose is bounded by code afterwards, as a judge's draft is."""
        formats: list[ResponseFormat] = [ResponseFormatJSONObject(type="json_object")]
        if self._settings.openai_json_schema:
            schema = {"name": "debrief", "schema": debrief_schema(), "strict": True}
            formats.insert(0, ResponseFormatJSONSchema(type="json_schema", json_schema=schema))  # type: ignore[typeddict-item]
        content, usage = await self._complete(self.debrief_messages(request), formats, MAX_DEBRIEF_TOKENS)
        try:
            prose = DebriefProse.model_validate(_json_object(content))
        except (ValueError, ValidationError) as exc:
            raise ProviderError(f"debrief reply unusable: {exc}") from exc
        return DebriefWritten(prose, writer=self.name, model=self.model, usage=usage)

    async def _complete(
        self, messages: list[ChatCompletionMessageParam], formats: list[ResponseFormat], max_tokens: int
    ) -> tuple[str | None, Usage]:
        """One completion; a server that refuses the JSON-schema format is asked again in JSON mode,
        and ``formats`` keeps that step-down for the repair attempt."""
        while True:
            try:
                completion = await self._client.chat.completions.create(
                    model=self._settings.openai_model,
                    messages=messages,
                    temperature=0,
                    max_tokens=max_tokens,
                    response_format=formats[0],
                )
                if not isinstance(completion.choices, list):
                    raise ValueError("'choices' is not a list")
                first = completion.choices[0] if completion.choices else None
                content = first.message.content if first is not None and first.message is not None else None
                return content, _usage(completion.usage)
            except openai.BadRequestError as exc:
                if len(formats) > 1:
                    formats.pop(0)
                    continue
                raise ProviderError(describe(exc)) from exc
            except _CALL_ERRORS as exc:
                raise ProviderError(describe(exc)) from exc

    async def aclose(self) -> None:
        await self._client.close()

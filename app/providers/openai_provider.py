"""The LLM interviewer, through the official SDK against OpenAI or any OpenAI-compatible server.

Every SDK error is turned into ProviderError here and nowhere else, so the service only ever
decides one thing: use the model's words, or the offline phrasing of the same probe.

Requests go through the SDK client's ``post``: its authentication, retries with back-off,
timeouts and typed errors, but not its per-call parameter transform and per-chunk model
construction, which cost 5 ms of CPU a turn, more than everything else the service does
(bench/RESULTS.md). Our messages are plain strings, which that transform leaves unchanged, and
replies are read into the small lenient models below, which accept what OpenAI-compatible
servers actually send (a missing ``created`` or ``id`` included).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
import httpx2
import openai
from openai import AsyncOpenAI, DefaultAioHttpClient
from pydantic import BaseModel, ConfigDict, ValidationError

from app.config import Settings
from app.planner import Bounds, Turn
from app.prompts import Prompts
from app.providers.base import JudgeRequest, JudgeResult, PhraseRequest, ProviderError, Usage
from app.scoring.models import Dimension, JudgeDraft

PROBE_LABELS = {
    "role": "the candidate's own role (what they personally did and decided)",
    "metrics": "metrics and impact (numbers, before and after)",
    "impact": "the result and its long-term impact",
    "alternatives": "alternatives considered and trade-offs",
    "resistance": "how they handled resistance and disagreement",
    "learning": "what they learned and would do differently",
    "application": "how they would apply this learning at Amazon, in this role",
    "scale": "scale (users, requests per second, data volume, growth)",
    "data_model": "the data model and storage choices",
    "failure_handling": "failure handling and operations",
}
MAX_FOLLOW_UP_TOKENS = 300
MAX_JUDGE_TOKENS = 2_500
_TRANSPORT_ERRORS = (openai.OpenAIError, httpx.HTTPError, httpx2.HTTPError, aiohttp.ClientError)
_DELIMITERS = re.compile(r"<(/?)\s*(candidate_answer|interviewer_notes)", re.IGNORECASE)


def build_client(settings: Settings, http_client: httpx.AsyncClient | None = None) -> AsyncOpenAI:
    """The one place the SDK client is made; tests pass an ``httpx.AsyncClient`` that respx intercepts.

    Otherwise the SDK's aiohttp transport: its C parser reads a streamed reply for a third less CPU
    than the default pure-Python HTTP stack (bench/RESULTS.md), and the SDK recommends it for
    concurrency.
    """
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return AsyncOpenAI(
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout,
        max_retries=settings.openai_max_retries,
        http_client=http_client or DefaultAioHttpClient(),  # type: ignore[arg-type]
    )


def _describe(exc: BaseException) -> str:
    status = getattr(exc, "status_code", None)
    return f"{type(exc).__name__}" + (f" {status}" if status else "") + (f": {exc}" if str(exc) else "")


def defuse(text: str) -> str:
    """Candidate words cannot close our delimiters or open the planner's notes: their tags are bent."""
    return _DELIMITERS.sub("‹\\1\\2", text)


def candidate_block(text: str) -> str:
    return "<candidate_answer>\n" + defuse(text) + "\n</candidate_answer>"


def conversation(transcript: list[Turn] | tuple[Turn, ...]) -> list[dict[str, str]]:
    return [
        {"role": "assistant", "content": t.text}
        if t.role == "interviewer"
        else {"role": "user", "content": candidate_block(t.text)}
        for t in transcript
    ]


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Text(_Lenient):
    content: str | None = None


class _Choice(_Lenient):
    delta: _Text | None = None
    message: _Text | None = None


class _PromptDetails(_Lenient):
    cached_tokens: int | None = None


class _Usage(_Lenient):
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    prompt_tokens_details: _PromptDetails | None = None


class _Completion(_Lenient):
    """A completion or one streamed chunk of it; an ``error`` is what servers send instead mid-stream."""

    choices: list[_Choice] = []
    usage: _Usage | None = None
    error: Any = None


def _usage(raw: _Usage | None) -> Usage:
    if raw is None:
        return Usage()
    details = raw.prompt_tokens_details
    return Usage(
        prompt_tokens=raw.prompt_tokens,
        completion_tokens=raw.completion_tokens,
        cached_tokens=details.cached_tokens if details else None,
    )


def _parse(data: str | bytes) -> _Completion:
    try:
        completion = _Completion.model_validate_json(data)
    except ValidationError as exc:
        raise ProviderError(f"malformed reply from the model server: {exc.errors()[0]['msg']}") from exc
    if completion.error is not None:
        raise ProviderError(f"the model server reported an error: {str(completion.error)[:300]}")
    return completion


def _add(a: Usage, b: Usage) -> Usage:
    return Usage(
        prompt_tokens=(a.prompt_tokens or 0) + (b.prompt_tokens or 0),
        completion_tokens=(a.completion_tokens or 0) + (b.completion_tokens or 0),
        cached_tokens=(a.cached_tokens or 0) + (b.cached_tokens or 0),
    )


def judge_schema(rubric: list[Dimension] | tuple[Dimension, ...]) -> dict[str, Any]:
    """The scorecard as a strict JSON schema, with the rubric's ids as the only allowed ids."""
    strings = {"type": "array", "items": {"type": "string"}}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["dimensions", "improvements", "stronger_answer"],
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
        },
    }


def parse_draft(content: str | None, rubric_ids: set[str]) -> JudgeDraft:
    """Accept the JSON object even when a server wraps it in prose or a code fence."""
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

    def __init__(self, client: AsyncOpenAI, settings: Settings, prompts: Prompts) -> None:
        self._client = client
        self._settings = settings
        self._prompts = prompts
        self.model: str | None = settings.openai_model

    def phrase_messages(self, request: PhraseRequest) -> list[dict[str, str]]:
        """System prompt and conversation first, the planner's notes last: the prefix stays identical
        from turn to turn, so providers' prompt caching applies."""
        system = self._prompts.render(
            "interviewer_system.md.j2", level=request.level, question=request.question, framework=request.framework
        )
        messages = [{"role": "system", "content": system}, *conversation(list(request.transcript))]
        notes = self._prompts.render(
            "interviewer_turn.md.j2",
            step=request.step,
            bounds=Bounds(self._settings.min_follow_ups, self._settings.max_follow_ups),
            probe_label=PROBE_LABELS.get(request.step.probe, "the question's own follow-up"),
        )
        messages[-1] = {**messages[-1], "content": messages[-1]["content"] + "\n\n" + notes}
        return messages

    async def phrase(self, request: PhraseRequest) -> AsyncIterator[str | Usage]:
        """Streamed when someone reads the deltas; otherwise one completion, which spares reading and
        relaying every chunk (about a fifth of a turn's CPU) for the same wait."""
        body: dict[str, Any] = {
            "model": self._settings.openai_model,
            "messages": self.phrase_messages(request),
            "temperature": self._settings.openai_temperature,
            "max_tokens": MAX_FOLLOW_UP_TOKENS,
        }
        if not request.stream:
            content, usage = await self._completion(body)
            if content:
                yield content
            yield usage
            return
        body |= {"stream": True, "stream_options": {"include_usage": True}}
        try:
            response = await self._post(body, stream=True)
            done = False
            try:
                async for line in response.aiter_lines():
                    data = line[5:].strip() if line.startswith("data:") else ""
                    if done or not data:
                        continue  # read to the end, or the connection cannot be reused
                    if data == "[DONE]":
                        done = True
                        continue
                    chunk = _parse(data)
                    if chunk.usage is not None:
                        yield _usage(chunk.usage)
                    for choice in chunk.choices:
                        if choice.delta and choice.delta.content:
                            yield choice.delta.content
            finally:
                await response.aclose()
        except _TRANSPORT_ERRORS as exc:
            raise ProviderError(_describe(exc)) from exc

    async def aclose(self) -> None:
        await self._client.close()

    async def _post(self, body: dict[str, Any], *, stream: bool) -> httpx2.Response:
        return await self._client.post("/chat/completions", body=body, cast_to=httpx2.Response, stream=stream)

    def judge_messages(self, request: JudgeRequest) -> list[dict[str, str]]:
        system = self._prompts.render(
            "judge_system.md.j2", level=request.level, question=request.question, rubric=request.rubric
        )
        transcript = [
            {"role": t.role, "text": t.text if t.role == "interviewer" else defuse(t.text)} for t in request.transcript
        ]
        user = self._prompts.render("judge_transcript.md.j2", transcript=transcript)
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        messages = self.judge_messages(request)
        ids = {d.id for d in request.rubric}
        formats: list[dict[str, Any]] = [{"type": "json_object"}]
        if self._settings.openai_json_schema:
            schema = {"name": "scorecard", "schema": judge_schema(list(request.rubric)), "strict": True}
            formats.insert(0, {"type": "json_schema", "json_schema": schema})
        content, usage = await self._complete(messages, formats)
        try:
            return JudgeResult(parse_draft(content, ids), usage)
        except ValueError as problem:
            repair = self._prompts.render("judge_repair.md.j2", problem=str(problem))
            retry = [*messages, {"role": "assistant", "content": content or ""}, {"role": "user", "content": repair}]
            content, more = await self._complete(retry, formats)
            usage = _add(usage, more)
            try:
                return JudgeResult(parse_draft(content, ids), usage)
            except ValueError as again:
                raise ProviderError(f"judge reply unusable after one repair: {again}") from again

    async def _complete(
        self, messages: list[dict[str, str]], formats: list[dict[str, Any]]
    ) -> tuple[str | None, Usage]:
        """One completion; a server that refuses the JSON-schema format is asked again in JSON mode,
        and ``formats`` keeps that step-down for the repair attempt."""
        while True:
            body = {
                "model": self._settings.openai_model,
                "messages": messages,
                "temperature": 0,
                "max_tokens": MAX_JUDGE_TOKENS,
                "response_format": formats[0],
            }
            try:
                return await self._completion(body)
            except ProviderError as exc:
                if isinstance(exc.__cause__, openai.BadRequestError) and len(formats) > 1:
                    formats.pop(0)
                    continue
                raise

    async def _completion(self, body: dict[str, Any]) -> tuple[str | None, Usage]:
        try:
            response = await self._post(body, stream=False)
        except _TRANSPORT_ERRORS as exc:
            raise ProviderError(_describe(exc)) from exc
        completion = _parse(response.content)
        first = completion.choices[0] if completion.choices else None
        return (first.message.content if first and first.message else None), _usage(completion.usage)

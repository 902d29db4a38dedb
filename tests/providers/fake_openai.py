"""Real OpenAI wire payloads for respx: chat-completion JSON and SSE chunks."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

BASE_URL = "http://llm.test/v1"
COMPLETIONS = f"{BASE_URL}/chat/completions"


def completion(content: str, prompt_tokens: int = 120, completion_tokens: int = 30) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 64},
        },
    }


def sse_chunks(parts: list[str], usage: tuple[int, int] | None = (150, 20), done: bool = True) -> bytes:
    lines = []
    for i, part in enumerate(parts):
        chunk = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1_700_000_000,
            "model": "test-model",
            "choices": [
                {
                    "index": 0,
                    "delta": {"role": "assistant", "content": part} if i == 0 else {"content": part},
                    "finish_reason": None,
                }
            ],
        }
        lines.append(f"data: {json.dumps(chunk)}\n\n")
    if usage:
        final = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1_700_000_000,
            "model": "test-model",
            "choices": [],
            "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
        }
        lines.append(f"data: {json.dumps(final)}\n\n")
    if done:
        lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()


def stream_response(parts: list[str], **kwargs: Any) -> httpx.Response:
    return httpx.Response(200, content=sse_chunks(parts, **kwargs), headers={"content-type": "text/event-stream"})


# Notes a model leaves empty: the offline reading of the answer stands (tests of the notes set their own).
NO_NOTES: dict[str, Any] = {}
NOTES_USAGE = (80, 40)


def notes(data: dict[str, Any] | None = None) -> httpx.Response:
    """The model's notes on an answer: a structured-output completion."""
    return httpx.Response(200, json=completion(json.dumps(NO_NOTES if data is None else data), *NOTES_USAGE))


def follow_up(parts: list[str], usage: tuple[int, int] = (150, 20)) -> Callable[[httpx.Request], httpx.Response]:
    """A model that answers as asked: streamed chunks for a streamed request, else one completion."""

    def reply(request: httpx.Request) -> httpx.Response:
        if sent_json(request).get("stream"):
            return stream_response(parts, usage=usage)
        return httpx.Response(200, json=completion("".join(parts), *usage))

    return reply


def sent_json(request: httpx.Request) -> dict[str, Any]:
    return json.loads(request.content)

"""Tokens per interview, and how much of each prompt a provider's prompt cache could reuse.

Counts are the fake model's (approximate: one token per word or punctuation mark, long words per 6
characters; 4 tokens of framing per message and 3 to prime the reply, as OpenAI's chat format costs).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from app.devtools.fake_openai import count_tokens

OPENAI_MIN_CACHED = 1024
OPENAI_CACHE_STEP = 128
PRIMING = 3
FRAMING = 4


def _text(message: dict[str, Any]) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def _common(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def shared_prefix_tokens(earlier: Sequence[dict[str, Any]], prompt: Sequence[dict[str, Any]]) -> int:
    """Tokens at the start of ``prompt`` identical to the start of ``earlier``: whole messages with the same
    role and text, then the common start of the first message that differs."""
    shared = 0
    for before, now in zip(earlier, prompt, strict=False):
        if before.get("role") != now.get("role"):
            return shared
        a, b = _text(before), _text(now)
        if a != b:
            common = _common(a, b)
            return shared + (FRAMING + count_tokens(b[:common]) if common else 0)
        shared += FRAMING + count_tokens(b)
    return shared + (PRIMING if len(earlier) == len(prompt) else 0)


def openai_cacheable(shared: int, prompt_tokens: int) -> int:
    """OpenAI caches prompts of 1,024 tokens or more, the longest matching prefix in steps of 128 from 1,024."""
    if prompt_tokens < OPENAI_MIN_CACHED or shared < OPENAI_MIN_CACHED:
        return 0
    return (shared // OPENAI_CACHE_STEP) * OPENAI_CACHE_STEP


def prompt_cost(records: Sequence[dict[str, Any]], usage: dict[str, Any] | None = None) -> dict[str, Any]:
    """One interview's model calls (the fake model's records with prompts, in order): tokens, and the share of
    prompt tokens in a prefix identical to an earlier prompt of the same interview (what a prompt cache can
    reuse), and the share OpenAI's rule actually caches."""
    calls: list[dict[str, Any]] = []
    seen: list[list[dict[str, Any]]] = []
    for record in sorted(records, key=lambda r: r["t_start"]):
        messages = record.get("messages") or []
        prompt = int(record["prompt_tokens"])
        shared = min(prompt, max((shared_prefix_tokens(m, messages) for m in seen), default=0))
        calls.append(
            {
                "kind": record.get("kind") or ("judge" if record.get("judge") else "follow_up"),
                "prompt_tokens": prompt,
                "completion_tokens": int(record["completion_tokens"]),
                "shared_prefix_tokens": shared,
                "openai_cacheable_tokens": openai_cacheable(shared, prompt),
            }
        )
        seen.append(messages)
    prompt_total = sum(c["prompt_tokens"] for c in calls)
    follow_ups = [c for c in calls if c["kind"] == "follow_up"]
    follow_prompt = sum(c["prompt_tokens"] for c in follow_ups)

    def share(key: str, among: list[dict[str, Any]], total: int) -> float:
        return sum(c[key] for c in among) / total if total else 0.0

    return {
        "calls": len(calls),
        "calls_by_kind": dict(Counter(c["kind"] for c in calls)),
        "prompt_tokens": prompt_total,
        "completion_tokens": sum(c["completion_tokens"] for c in calls),
        "prompt_tokens_by_kind": {
            kind: sum(c["prompt_tokens"] for c in calls if c["kind"] == kind)
            for kind in sorted({c["kind"] for c in calls})
        },
        "largest_follow_up_prompt": max((c["prompt_tokens"] for c in follow_ups), default=0),
        "follow_up_prompts_of_1024_or_more": sum(1 for c in follow_ups if c["prompt_tokens"] >= OPENAI_MIN_CACHED),
        "identical_prefix_share": share("shared_prefix_tokens", calls, prompt_total),
        "identical_prefix_share_follow_ups": share("shared_prefix_tokens", follow_ups, follow_prompt),
        "openai_cacheable_share": share("openai_cacheable_tokens", calls, prompt_total),
        "service_usage": usage,
        "per_call": calls,
    }

"""Prompt-cache arithmetic: the identical prefix of two prompts, and what OpenAI would cache of it."""

from __future__ import annotations

from typing import Any

from app.devtools.fake_openai import count_tokens, prompt_tokens
from bench.tokens import openai_cacheable, prompt_cost, shared_prefix_tokens

SYSTEM = {"role": "system", "content": "You are a bar raiser. " * 50}


def _msgs(*texts: str) -> list[dict[str, Any]]:
    return [SYSTEM, *({"role": "user", "content": t} for t in texts)]


def test_identical_prompts_share_every_token() -> None:
    prompt = _msgs("I led the migration.")
    assert shared_prefix_tokens(prompt, prompt) == prompt_tokens(prompt)


def test_the_prefix_ends_inside_the_first_message_that_differs() -> None:
    before, now = _msgs("I led the migration."), _msgs("I led the team, then more.")
    assert shared_prefix_tokens(before, now) == 4 + count_tokens(SYSTEM["content"]) + 4 + count_tokens("I led the ")


def test_a_different_first_message_shares_nothing() -> None:
    assert shared_prefix_tokens([{"role": "system", "content": "a"}], [{"role": "system", "content": "b"}]) == 0
    assert shared_prefix_tokens([{"role": "user", "content": "a"}], [{"role": "system", "content": "a"}]) == 0


def test_openai_caches_from_1024_tokens_in_steps_of_128() -> None:
    assert openai_cacheable(shared=2000, prompt_tokens=900) == 0
    assert openai_cacheable(shared=1000, prompt_tokens=3000) == 0
    assert openai_cacheable(shared=1024, prompt_tokens=1100) == 1024
    assert openai_cacheable(shared=1300, prompt_tokens=3000) == 1280


def test_each_prompt_is_compared_with_every_earlier_one() -> None:
    first = _msgs("Answer one.")
    notes = [{"role": "system", "content": "Take notes."}, {"role": "user", "content": "Answer one."}]
    second = _msgs("Answer one.", "Answer two.")
    records = [
        {"t_start": t, "kind": kind, "prompt_tokens": prompt_tokens(m), "completion_tokens": 10, "messages": m}
        for t, kind, m in ((1.0, "follow_up", first), (1.0, "notes", notes), (2.0, "follow_up", second))
    ]
    cost = prompt_cost(records)
    shared = [c["shared_prefix_tokens"] for c in cost["per_call"]]
    assert shared[0] == 0 and shared[1] == 0
    assert shared[2] == prompt_tokens(first) - 3  # the whole first prompt but its priming
    assert cost["calls_by_kind"] == {"follow_up": 2, "notes": 1}
    assert cost["completion_tokens"] == 30
    assert cost["openai_cacheable_share"] == 0.0  # every prompt is under 1,024 tokens

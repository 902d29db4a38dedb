"""Tokens: one whole interview, prompts recorded, at the run's model timing (so the calls are the ones a
real run makes: notes, follow-ups, the judge)."""

from __future__ import annotations

from typing import Any

from bench.client import Candidate, user_sessions
from bench.rig import Rig
from bench.tokens import prompt_cost


async def run(rig: Rig) -> dict[str, Any]:
    rig.usual_model(record_prompts=True)
    try:
        with rig.service("service-tokens") as svc:
            rig.control.reset()
            candidate = Candidate(svc.url, rig.options.seed, tag=False)
            async with user_sessions(1) as (http,):
                auth = await candidate.token(http)
                interview = await candidate.interview(http, auth, think_s=0.0, stream=False)
                public = await candidate.get(http, auth, interview)
            records = rig.control.stats(prompts=True)["requests"]
    finally:
        rig.usual_model()
    out = prompt_cost(records, public.get("usage"))
    out.update({"answers": len(candidate.turns), "depth": public.get("depth"), "errors": candidate.errors})
    rig.log(
        f"  tokens: {out['calls']} model calls {out['calls_by_kind']}, prompt {out['prompt_tokens']} + completion "
        f"{out['completion_tokens']}; identical prefix {out['identical_prefix_share']:.1%}, OpenAI-cacheable "
        f"{out['openai_cacheable_share']:.1%}; largest follow-up prompt {out['largest_follow_up_prompt']} tokens"
    )
    return out

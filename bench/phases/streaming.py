"""Streaming: N candidates answer with ``Accept: text/event-stream``; when do the first words arrive?"""

from __future__ import annotations

from typing import Any

from bench import figures
from bench.host import CpuTimes
from bench.load import run_interviews
from bench.rig import Rig
from bench.stats import model_time


async def run(rig: Rig) -> dict[str, Any]:
    o = rig.options
    rig.usual_model()
    with rig.service("service-streaming") as svc:
        await run_interviews(svc.url, 1, 1, 0.0, stream=True, seed=0)  # warm-up
        rig.control.reset()
        machine = CpuTimes.now()
        candidate = await run_interviews(svc.url, o.stream_users, o.stream_rounds, o.think_s, stream=True, seed=o.seed)
        load = CpuTimes.now().since(machine)
        records = rig.control.stats()["requests"]
    out = figures.streaming(candidate.turns, model_time(records))
    out.update({"concurrency": o.stream_users, "interviews": o.stream_users * o.stream_rounds, "machine": load})
    out["errors"] = candidate.errors[:10]
    gap, ratio = out["first_event_after_first_token_ms"], out["first_word_x_ttft"]
    rig.log(
        f"  streaming @{o.stream_users}: first event {gap['p50']} ms (p50) / {gap['p99']} ms (p99) after the "
        f"model's first token | first word {ratio['p50']}x / {ratio['p99']}x the model's time to first token"
        + (f" | ERRORS {candidate.errors[:3]}" if candidate.errors else "")
    )
    return out

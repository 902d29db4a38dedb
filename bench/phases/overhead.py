"""Per-turn overhead: N candidates run whole interviews (JSON clients), the bare route beside them."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

from bench import figures, servers
from bench.client import Candidate
from bench.host import CpuTimes
from bench.load import run_bare, run_interviews
from bench.rig import Rig
from bench.stats import model_time, rounded, summary


async def run(rig: Rig) -> dict[str, Any]:
    o = rig.options
    users, rounds, think = o.overhead_users, o.overhead_rounds, o.think_s
    rig.usual_model()
    with rig.service("service-overhead") as svc, rig.bare() as bare:
        await run_interviews(svc.url, 1, 1, 0.0, stream=False, seed=0)  # warm-up: imports, templates, pools
        await run_bare(bare.url, 1, 0.0, seed=0, requests_per_user=3)
        rig.control.reset()
        probe_file = rig.work / "healthz-overhead.txt"
        probe = servers.start_probe(svc.url, probe_file, interval=0.05)  # is the event loop free?
        try:
            cpu = svc.cpu_seconds(), bare.cpu_seconds(), rig.fake.cpu_seconds(), time.process_time()
            machine = CpuTimes.now()
            done = asyncio.Event()
            t0 = time.monotonic()

            async def interviews() -> Candidate:
                try:
                    return await run_interviews(svc.url, users, rounds, think, stream=False, seed=o.seed)
                finally:
                    done.set()

            # Side by side, so both see the same moments of a machine whose speed drifts.
            candidate, bare_ms = await asyncio.gather(
                interviews(), run_bare(bare.url, users, think, o.seed, until=done)
            )
            wall = time.monotonic() - t0
            service_cpu, bare_cpu = svc.cpu_seconds() - cpu[0], bare.cpu_seconds() - cpu[1]
            model_cpu, driver_cpu = rig.fake.cpu_seconds() - cpu[2], time.process_time() - cpu[3]
            load = CpuTimes.now().since(machine)
        finally:
            healthz = [ms for _, _, ms in servers.read_probe(probe, probe_file)]
        records = rig.control.stats()["requests"]
        memory = svc.memory()
    turns = candidate.turns
    cpus = os.cpu_count() or 1
    out = figures.overhead(turns, model_time(records))
    out.update(
        {
            "concurrency": users,
            "interviews": users * rounds,
            "errors": candidate.errors[:10],
            "wall_s": rounded(wall),
            "turns_per_s": rounded(len(turns) / wall),
            "bare_ms": summary(bare_ms),
            # /healthz touches no database: slow when the event loop is busy, fast when a turn waits elsewhere.
            "healthz_ms": summary(healthz),
            # CPU per turn (interview creation included) and per bare request: what the code costs,
            # whatever queueing on a shared machine added to the latencies.
            "service_cpu_ms_per_turn": rounded(1000 * service_cpu / max(1, len(turns))),
            "bare_cpu_ms_per_request": rounded(1000 * bare_cpu / max(1, len(bare_ms))),
            "model_cpu_ms_per_turn": rounded(1000 * model_cpu / max(1, len(turns))),
            "driver_cpu_ms_per_turn": rounded(1000 * driver_cpu / max(1, len(turns))),
            # The whole machine over the phase: every process shares its cores with the service. "others" is
            # what processes outside this benchmark used, as a share of the machine: it should be near 0.
            "machine": {
                **load,
                "others_pct": rounded(
                    100 * (load["busy_cpu_s"] - service_cpu - bare_cpu - model_cpu - driver_cpu) / (cpus * wall), 1
                ),
            },
            "service_memory_kib": memory,
        }
    )
    rig.log(
        f"  overhead @{users}: p50 {out['overhead_ms']['p50']} ms ({out['overhead_pct_of_model']['p50']}%), "
        f"p99 {out['overhead_ms']['p99']} ms ({out['overhead_pct_of_model']['p99']}%) of the model's time | "
        f"bare p50 {out['bare_ms']['p50']} p99 {out['bare_ms']['p99']} ms | {len(turns)} turns, "
        f"{out['turns_per_s']}/s, CPU/turn {out['service_cpu_ms_per_turn']} ms | healthz p99 "
        f"{out['healthz_ms']['p99']} ms | machine {load['busy_pct']}% busy ({out['machine']['others_pct']}% by "
        f"other processes), {load['steal_pct']}% stolen"
        + (f" | ERRORS {candidate.errors[:3]}" if candidate.errors else "")
    )
    return out

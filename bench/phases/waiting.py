"""Waiting on a slow model: N interviews answer at once to a model that holds every call until all of them
wait (or their number stops growing), then a window more; /healthz and memory while they wait."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from app.devtools.procs import FakeControl, Server
from bench import figures, servers
from bench.client import Candidate, Turn, user_sessions
from bench.load import run_interviews
from bench.rig import Rig
from bench.stats import rounded, summary

STALL_S = 2.0  # the number of turns at the model has not grown for this long ...
IDLE_SHARE = 0.05  # ... and the service used under 5% of a core over the last second: every answer waits
SETTLE_LIMIT_S = 120.0


async def run(rig: Rig) -> dict[str, Any]:
    n = rig.options.waiting
    rig.usual_model()
    # The held calls wait far longer than a model normally takes; neither the SDK nor the turn's budget may
    # give up on them (TURN_BUDGET_SECONDS is ignored by a service without it).
    with rig.service("service-waiting", openai_timeout=300, turn_budget_seconds=300) as svc:
        return await _measure(rig, svc, n)


async def _measure(rig: Rig, svc: Server, n: int) -> dict[str, Any]:
    control, window_s = rig.control, rig.options.wait_window_s
    idle = svc.memory()
    rss: list[tuple[float, int]] = []
    probe_file = rig.work / "healthz-waiting.txt"
    async with user_sessions(n, timeout_s=600) as sessions:
        candidate = Candidate(svc.url, rig.options.seed)
        gate = asyncio.Semaphore(32)

        async def enrol(i: int) -> tuple[dict[str, str], str]:
            async with gate:
                auth = await candidate.token(sessions[i])
                return auth, await candidate.start(sessions[i], auth)

        enrolled = await asyncio.gather(*(enrol(i) for i in range(n)))
        await run_interviews(svc.url, 1, 1, 0.0, stream=False, seed=0)  # warm the model path
        before = svc.memory()
        control.reset()
        control.set(hold=True)
        probe = servers.start_probe(svc.url, probe_file)
        done = asyncio.Event()

        async def sample() -> None:
            while not done.is_set():
                rss.append((time.monotonic(), svc.memory().get("VmRSS", 0)))
                await asyncio.sleep(0.05)

        sampler = asyncio.create_task(sample())
        try:
            await asyncio.sleep(0.5)  # the probe's baseline
            t_sent = time.monotonic()
            tasks = [
                asyncio.ensure_future(candidate.answer(sessions[i], auth, interview, 0, stream=False))
                for i, (auth, interview) in enumerate(enrolled)
            ]
            settled = await _settle(svc, control, n, tasks)
            t_all_in = time.monotonic()
            await asyncio.sleep(window_s)
            t_release = time.monotonic()
            held = control.stats(summary=True)
            pending = sum(1 for t in tasks if not t.done())
            control.set(hold=False)
            turns: list[Turn] = list(await asyncio.gather(*tasks))
            t_answered = time.monotonic()
        finally:
            control.set(hold=False)
            done.set()
            await sampler
            probes = servers.read_probe(probe, probe_file)
        after = svc.memory()
    waiting_rss = max((kib for t, kib in rss if t_all_in <= t <= t_release), default=0)
    peak_kib = max(after.get("VmHWM", 0), max((kib for _, kib in rss), default=0))
    hz = figures.window(probes, t_all_in, t_release)
    out = {
        "interviews": n,
        "answers_pending": pending,
        "interviews_at_the_model": held["in_flight_refs"],
        "calls_at_the_model": held["in_flight"],
        "admission_s": rounded(t_all_in - t_sent),
        "settled": settled,
        "window_s": rounded(t_release - t_all_in),
        "healthz_ms": summary(hz),
        "healthz_admission_ms": summary(figures.window(probes, t_sent, t_all_in)),
        "healthz_release_ms": summary(figures.window(probes, t_release, t_answered)),
        "rss_idle_mb": rounded(idle.get("VmRSS", 0) / 1024),
        "rss_before_mb": rounded(before.get("VmRSS", 0) / 1024),
        "rss_waiting_mb": rounded(waiting_rss / 1024),
        "peak_rss_mb": rounded(peak_kib / 1024),
        "kib_per_waiting_interview": rounded((waiting_rss - before.get("VmRSS", 0)) / max(1, pending)),
        "answered": sum(1 for t in turns if t.status == 200),
        "fallbacks": sum(1 for t in turns if t.fallback),
        "release_s": rounded(t_answered - t_release),
        "errors": candidate.errors[:5],
    }
    rig.log(
        f"  waiting @{n}: {pending} answers pending, {out['interviews_at_the_model']} interviews "
        f"({out['calls_at_the_model']} calls) at the model | healthz p99 {out['healthz_ms']['p99']} max "
        f"{out['healthz_ms']['max']} ms | RSS {out['rss_waiting_mb']} MB (peak {out['peak_rss_mb']} MB) | "
        f"{out['answered']} answered, {out['fallbacks']} fallbacks"
    )
    return out


async def _settle(svc: Server, control: FakeControl, n: int, tasks: Sequence[asyncio.Future[Turn]]) -> bool:
    """Wait until every answer is in and waiting: all ``n`` turns have a call at the model, or their number
    stopped growing (a cap on connections) and the service has gone idle (nothing left to admit). Whether
    that happened within the limit."""
    seen, grew_at, start = 0, time.monotonic(), time.monotonic()
    cpu: list[tuple[float, float]] = [(start, svc.cpu_seconds())]
    while time.monotonic() - start < SETTLE_LIMIT_S and not any(t.done() for t in tasks):
        await asyncio.sleep(0.1)
        now = time.monotonic()
        cpu.append((now, svc.cpu_seconds()))
        at_model = control.stats(summary=True)["in_flight_refs"]
        if at_model > seen:
            seen, grew_at = at_model, now
        earlier = next((c for c in cpu if c[0] >= now - 1.0), cpu[0])
        idle = now - earlier[0] >= 0.9 and (cpu[-1][1] - earlier[1]) / (now - earlier[0]) < IDLE_SHARE
        if idle and (at_model >= n or now - grew_at >= STALL_S):
            return True
    return False

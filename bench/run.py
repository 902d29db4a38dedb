"""The load driver: whole interviews against the real service over HTTP, next to a bare FastAPI route.

``python -m bench [--quick] [--name NAME] [--database-url URL]``; see bench/README.md for what each
figure means. Every server is its own uvicorn subprocess; this process is only the client.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from bench import procs
from bench.fake_openai import count_tokens
from tests.utils.answers import STRONG_STORY

QUESTION = "own-complex-project-end-to-end"
OUT_DIR = Path(__file__).resolve().parent / "out"
TARGETS = {
    "overhead_p50_ratio_at_200": 3.0,
    "overhead_p99_ms_at_200": 25.0,
    "first_event_ms": 10.0,
    "waiting_interviews": 1000,
    "waiting_memory_mb": 300.0,
    "healthz_ms": 50.0,
}


# --- small helpers ----------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float | None:
    """Percentile by linear interpolation between closest ranks (q in 0..100)."""
    if not values:
        return None
    data = sorted(values)
    k = (len(data) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50": _r(pct(values, 50)),
        "p90": _r(pct(values, 90)),
        "p99": _r(pct(values, 99)),
        "max": _r(max(values)) if values else None,
        "mean": _r(statistics.fmean(values)) if values else None,
    }


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def ref_code(n: int) -> str:
    """A letters-only tag for answer n: digits would read as metrics to the planner."""
    letters = ""
    n += 26 * 26  # at least three letters
    while n:
        n, rest = divmod(n, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def client(limit: int, timeout: float = 120.0) -> aiohttp.ClientSession:
    """aiohttp, not httpx: the client's own work falls inside every measured turn, and httpx spent
    2.9 ms of CPU per request against aiohttp's 1.0 (the bare route's p50 4.9 -> 2.9 ms, bench/RESULTS.md)."""
    connector = aiohttp.TCPConnector(limit=limit)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout, sock_connect=30.0))


@asynccontextmanager
async def user_clients(n: int, timeout_s: float = 120.0) -> AsyncIterator[list[aiohttp.ClientSession]]:
    """One client, with its own connection, per simulated user, as each browser has.

    One pool shared by hundreds of users spent its time scanning its own connections (httpx's pool
    checked every connection on every request): it stalled this driver's event loop for 200-700 ms
    at a time and billed that to the service.
    """
    async with AsyncExitStack() as stack:
        yield [await stack.enter_async_context(client(2, timeout_s)) for _ in range(n)]


@dataclass
class Turn:
    ref: str
    interview: str
    index: int
    t_sent: float
    t_done: float = 0.0
    t_first_event: float | None = None
    status: int = 0
    closed: bool = False
    depth: int | None = None
    fallback: bool | None = None

    @property
    def ms(self) -> float:
        return (self.t_done - self.t_sent) * 1000


@dataclass
class Options:
    name: str
    quick: bool = False
    database_url: str = ""
    think_s: float = 5.0
    ttft_ms: float = 200.0
    tokens_per_s: float = 100.0
    levels: tuple[int, ...] = (1, 50, 200)
    rounds: dict[int, int] = field(default_factory=dict)
    stream_levels: tuple[int, ...] = (1, 50)
    wait_levels: tuple[int, ...] = (250, 1000, 1500)
    wait_latency_s: float = 2.0
    seed: int = 7
    only: tuple[str, ...] = ()
    out: str | None = None
    service_target: str = "app.main:create_app"
    service_env: dict[str, str] = field(default_factory=dict)
    bare_after: bool = False


# --- one user's interviews --------------------------------------------------------------------


class Driver:
    def __init__(self, base_url: str, seed: int) -> None:
        self.base = base_url
        self.rng = random.Random(seed)
        self.turns: list[Turn] = []
        self.errors: list[str] = []
        self._refs = 0

    async def token(self, http: aiohttp.ClientSession) -> dict[str, str]:
        async with http.post(self.base + "/api/tokens", raise_for_status=True) as response:
            return {"Authorization": f"Bearer {(await response.json())['token']}"}

    async def start(self, http: aiohttp.ClientSession, auth: dict[str, str]) -> str:
        body = {"level": "L6", "question_id": QUESTION}
        async with http.post(self.base + "/api/interviews", json=body, headers=auth, raise_for_status=True) as response:
            return str((await response.json())["id"])

    def _ref(self) -> str:
        self._refs += 1
        return ref_code(self._refs)

    async def answer(
        self, http: aiohttp.ClientSession, auth: dict[str, str], interview: str, index: int, *, stream: bool, tag: bool
    ) -> Turn:
        ref = self._ref()
        text = STRONG_STORY[index % len(STRONG_STORY)] + (f" (ref {ref})" if tag else "")
        url = f"{self.base}/api/interviews/{interview}/answers"
        turn = Turn(ref=ref, interview=interview, index=index, t_sent=time.monotonic())
        if stream:
            headers = {**auth, "Accept": "text/event-stream"}
            final: dict[str, Any] | None = None
            event = ""
            async with http.post(url, json={"text": text}, headers=headers) as response:
                turn.status = response.status
                async for raw in response.content:
                    line = raw.decode().rstrip("\r\n")
                    if line.startswith("event:"):
                        event = line[6:].strip()
                        if turn.t_first_event is None:
                            turn.t_first_event = time.monotonic()
                    elif line.startswith("data:") and event == "message":
                        final = json.loads(line[5:])
            turn.t_done = time.monotonic()
            payload = final
        else:
            async with http.post(url, json={"text": text}, headers=auth) as response:
                body = await response.read()
            turn.t_done = time.monotonic()
            turn.status = response.status
            payload = json.loads(body) if response.status == 200 else None
        if payload is None:
            self.errors.append(f"{interview} turn {index}: HTTP {turn.status}")
        else:
            turn.closed = payload["status"] == "completed"
            turn.depth = payload["depth"]
            turn.fallback = payload["message"]["fallback"]
        self.turns.append(turn)
        return turn

    async def interview(
        self, http: aiohttp.ClientSession, auth: dict[str, str], *, think_s: float, stream: bool, tag: bool = True
    ) -> None:
        interview = await self.start(http, auth)
        for index in range(12):
            await asyncio.sleep(think_s * self.rng.uniform(0.5, 1.5))
            turn = await self.answer(http, auth, interview, index, stream=stream, tag=tag)
            if turn.status != 200 or turn.closed:
                return
        self.errors.append(f"{interview}: never closed")


async def run_users(base_url: str, users: int, rounds: int, think_s: float, *, stream: bool, seed: int) -> Driver:
    driver = Driver(base_url, seed)
    async with user_clients(users) as https:
        auths = await asyncio.gather(*(driver.token(http) for http in https))

        async def user(http: aiohttp.ClientSession, auth: dict[str, str]) -> None:
            await asyncio.sleep(think_s * driver.rng.random())  # spread the arrivals
            for _ in range(rounds):
                await driver.interview(http, auth, think_s=think_s, stream=stream)

        await asyncio.gather(*(user(h, a) for h, a in zip(https, auths, strict=True)))
        return driver


async def run_bare(
    base_url: str,
    users: int,
    think_s: float,
    seed: int,
    *,
    requests_per_user: int = 0,
    until: asyncio.Event | None = None,
) -> list[float]:
    """The bare route under the interviews' load pattern: each user thinks, then posts, ``requests_per_user``
    times or, with ``until``, until that is set (so it runs as long as the interviews beside it)."""
    rng = random.Random(seed)
    latencies: list[float] = []
    stop = until or asyncio.Event()

    async def think(seconds: float) -> bool:
        """Sleep, cut short when the run stops; whether to go on."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)
        return not stop.is_set()

    async with user_clients(users) as https:

        async def user(http: aiohttp.ClientSession) -> None:
            await think(think_s * rng.random())
            i = 0
            while (until is not None or i < requests_per_user) and await think(think_s * rng.uniform(0.5, 1.5)):
                text = STRONG_STORY[i % len(STRONG_STORY)]
                t0 = time.monotonic()
                async with http.post(base_url + "/bare", json={"text": text}, raise_for_status=True) as response:
                    await response.read()
                latencies.append((time.monotonic() - t0) * 1000)
                i += 1

        await asyncio.gather(*(user(http) for http in https))
    return latencies


def model_time(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per answer tag: the model's own time (all its requests, retries included) and its first token."""
    out: dict[str, dict[str, Any]] = {}
    for record in records:
        if not record.get("ref"):
            continue
        entry = out.setdefault(
            record["ref"], {"ms": 0.0, "requests": 0, "first_token": None, "stream": False, "start": None, "end": None}
        )
        entry["ms"] += record["model_ms"] or 0.0
        entry["requests"] += 1
        start, end = record["t_start"], record["t_end"]
        entry["start"] = start if entry["start"] is None else min(entry["start"], start)
        if end is not None:
            entry["end"] = end if entry["end"] is None else max(entry["end"], end)
        if record["stream"] and record["t_first_token"] is not None:
            entry["first_token"] = record["t_first_token"]
            entry["stream"] = True
    return out


# --- the phases -------------------------------------------------------------------------------


class Bench:
    def __init__(self, options: Options) -> None:
        self.o = options
        self.work = Path(tempfile.mkdtemp(prefix="bench-"))
        self.results: dict[str, Any] = {"name": options.name, "options": asdict(options), "machine": machine()}
        self.fake: procs.Server | None = None
        self.control: procs.FakeControl | None = None

    def log(self, text: str) -> None:
        print(text, flush=True)

    def _fresh_db(self) -> None:
        if self.o.database_url:
            from tests.conftest import reset_postgres

            reset_postgres(self.o.database_url)

    def start_service(self, name: str, **settings: Any) -> procs.Server:
        self._fresh_db()
        assert self.fake is not None
        db_path = self.work / f"{name}.db"
        server = procs.service(
            self.work, model_url=self.fake.url, database_url=self.o.database_url, db_path=db_path, name=name, **settings
        )
        if self.o.service_target != "app.main:create_app":
            server.argv = [self.o.service_target if a == "app.main:create_app" else a for a in server.argv]
        server.env.update(self.o.service_env)
        return server.start(timeout=60)

    async def _side_by_side(
        self, url: str, bare_url: str, level: int, rounds: int, think: float
    ) -> tuple[Driver, float, list[float]]:
        """The interviews, and the bare route under the same load at the same time until they end, so that both
        see the same moments of a machine whose speed drifts. With ``--bare-after`` the bare route runs after
        them instead, as it did in the runs up to ``s10``."""
        seed, done, t0 = self.o.seed + level, asyncio.Event(), time.monotonic()

        async def interviews() -> tuple[Driver, float]:
            try:
                driver = await run_users(url, level, rounds, think, stream=False, seed=seed)
                return driver, time.monotonic() - t0
            finally:
                done.set()

        if self.o.bare_after:
            driver, wall = await interviews()
            per_user = max(1, round(len(driver.turns) / level))
            return driver, wall, await run_bare(bare_url, level, think, seed, requests_per_user=per_user)
        (driver, wall), bare = await asyncio.gather(interviews(), run_bare(bare_url, level, think, seed, until=done))
        return driver, wall, bare

    async def overhead(self) -> None:
        """Per-turn overhead at each concurrency, and the bare route at the same concurrency."""
        assert self.control is not None and self.fake is not None
        self.control.set(ttft_ms=self.o.ttft_ms, tokens_per_s=self.o.tokens_per_s, record_prompts=False)
        rows: dict[str, Any] = {}
        for level in self.o.levels:
            rounds = self.o.rounds.get(level, 1)
            think = self.o.think_s if level > 1 else min(self.o.think_s, 0.25)
            svc = self.start_service(f"service-c{level}")
            bare_server = procs.bare(self.work, database_url=self.o.database_url)
            try:
                bare_server.start(timeout=60)
                await run_users(svc.url, 1, 1, 0.0, stream=False, seed=0)  # warm-up: imports, templates, pools
                await run_bare(bare_server.url, 1, 0.0, seed=0, requests_per_user=3)
                self.control.reset()
                model_cpu0 = self.fake.cpu_seconds()
                cpu0, bare_cpu0 = svc.cpu_seconds(), bare_server.cpu_seconds()
                driver, wall, bare = await self._side_by_side(svc.url, bare_server.url, level, rounds, think)
                service_cpu, bare_cpu = svc.cpu_seconds() - cpu0, bare_server.cpu_seconds() - bare_cpu0
                model_cpu = self.fake.cpu_seconds() - model_cpu0
                records = self.control.stats()["requests"]
                service_mem = svc.memory()
            finally:
                svc.stop()
                bare_server.stop()
            spent = model_time(records)
            over_all, over_phrase, over_close, model_ms, before, after = [], [], [], [], [], []
            for turn in driver.turns:
                if turn.status != 200 or turn.ref not in spent:
                    continue
                model = spent[turn.ref]
                extra = turn.ms - model["ms"]
                model_ms.append(model["ms"])
                over_all.append(extra)
                (over_close if turn.closed else over_phrase).append(extra)
                if not turn.closed and model["requests"] == 1 and model["end"] is not None:
                    # Both clocks are the machine's monotonic clock: the driver's and the fake model's.
                    before.append((model["start"] - turn.t_sent) * 1000)
                    after.append((turn.t_done - model["end"]) * 1000)
            over, base = summary(over_all), summary(bare)
            rows[str(level)] = {
                "concurrency": level,
                "turns": len(driver.turns),
                "errors": driver.errors[:10],
                "wall_s": _r(wall),
                "turns_per_s": _r(len(driver.turns) / wall),
                "overhead_ms": over,
                "overhead_follow_up_ms": summary(over_phrase),
                "overhead_close_ms": summary(over_close),
                # Follow-ups: the answer's way to the model (HTTP in, the answer's write, the planner, the
                # prompt, the SDK's request) and the reply's way back (the SDK, the reply's write, HTTP out).
                "follow_up_before_model_ms": summary(before),
                "follow_up_after_model_ms": summary(after),
                "model_ms": summary(model_ms),
                "bare_ms": base,
                "ratio_p50": _r(over["p50"] / base["p50"]) if over["p50"] and base["p50"] else None,
                "ratio_p99": _r(over["p99"] / base["p99"]) if over["p99"] and base["p99"] else None,
                "fallbacks": sum(1 for t in driver.turns if t.fallback),
                "service_memory_kib": service_mem,
                # CPU the process used per turn (interview creation and reads included) or per bare request:
                # what the code costs, whatever the queueing on a shared machine added to the latencies.
                "service_cpu_ms_per_turn": _r(1000 * service_cpu / max(1, len(driver.turns))),
                "bare_cpu_ms_per_request": _r(1000 * bare_cpu / max(1, len(bare))),
                # The fake model shares the two cores with the service and, beside it, the bare route.
                "model_cpu_ms_per_turn": _r(1000 * model_cpu / max(1, len(driver.turns))),
            }
            r = rows[str(level)]
            pre, post = r["follow_up_before_model_ms"], r["follow_up_after_model_ms"]
            self.log(
                f"  overhead @{level:>4}: p50 {over['p50']} ms p99 {over['p99']} ms | bare p50 {base['p50']} ms "
                f"p99 {base['p99']} ms | ratio p50 {r['ratio_p50']} | {r['turns']} turns, {r['turns_per_s']}/s"
                f" | CPU/turn {r['service_cpu_ms_per_turn']} ms (bare {r['bare_cpu_ms_per_request']},"
                f" model {r['model_cpu_ms_per_turn']}) | follow-ups p50 {pre['p50']} ms to the model,"
                f" {post['p50']} ms back" + (f" | ERRORS {driver.errors[:3]}" if driver.errors else "")
            )
        self.results["overhead"] = rows

    async def streaming(self) -> None:
        """Model's first token -> client's first SSE event, per follow-up turn."""
        assert self.control is not None
        self.control.set(ttft_ms=self.o.ttft_ms, tokens_per_s=self.o.tokens_per_s, record_prompts=False)
        rows: dict[str, Any] = {}
        svc = self.start_service("service-stream")
        try:
            await run_users(svc.url, 1, 1, 0.0, stream=True, seed=0)
            for level in self.o.stream_levels:
                self.control.reset()
                rounds = 3 if level == 1 else 1
                think = self.o.think_s if level > 1 else min(self.o.think_s, 0.25)
                driver = await run_users(svc.url, level, rounds, think, stream=True, seed=self.o.seed + level)
                spent = model_time(self.control.stats()["requests"])
                gaps = [
                    (turn.t_first_event - spent[turn.ref]["first_token"]) * 1000
                    for turn in driver.turns
                    if turn.status == 200
                    and not turn.closed
                    and turn.t_first_event is not None
                    and spent.get(turn.ref, {}).get("first_token") is not None
                ]
                rows[str(level)] = {"concurrency": level, "first_event_after_first_token_ms": summary(gaps)}
                s = rows[str(level)]["first_event_after_first_token_ms"]
                self.log(f"  stream   @{level:>4}: first event after first token p50 {s['p50']} ms p99 {s['p99']} ms")
        finally:
            svc.stop()
        self.results["streaming"] = rows

    async def waiting(self) -> None:
        """How many interviews can wait on a slow model at once, with /healthz fast and memory bounded.

        Per level N, on a fresh service process and N fresh interviews:
        - burst: N answers sent at once to a model with a fixed latency (2 s): how many reach the model
          together (admission is limited by the service's throughput), and /healthz while they arrive;
        - parked: N more answers (the next turn of the same interviews) to a model that holds every
          call until all N are waiting, then 2 s more: /healthz and resident memory while N wait.
        """
        assert self.control is not None
        self.control.set(ttft_ms=self.o.wait_latency_s * 1000, tokens_per_s=0.0, record_prompts=False, hold=False)
        rows: dict[str, Any] = {}
        for level in self.o.wait_levels:
            # A deliberate flood from a few identities: this phase measures capacity, not the rate limit.
            svc = self.start_service(f"service-wait{level}", openai_timeout=300, rate_limit_per_minute=0)
            try:
                row = await self._wait_level(svc, level)
            finally:
                svc.stop()
                self.control.set(hold=False)
            rows[str(level)] = row
            burst, parked = row["burst"], row["parked"]
            self.log(
                f"  waiting  @{level:>4}: burst: {burst['peak_waiting']} at the model at once, admitted in "
                f"{burst['admission_s']} s, healthz max {burst['healthz_ms']['max']} ms | parked: "
                f"{parked['peak_waiting']} waiting, healthz p99 {parked['healthz_ms']['p99']} max "
                f"{parked['healthz_ms']['max']} ms, RSS {parked['rss_mb']} MB (peak {row['peak_rss_mb']} MB) | "
                f"{'ok' if row['ok'] else 'NOT MET'}"
            )
        self.results["waiting"] = rows

    async def _wait_level(self, svc: procs.Server, level: int) -> dict[str, Any]:
        assert self.control is not None
        control = self.control
        idle = svc.memory()
        probes: list[tuple[float, float, float]] = []
        rss: list[tuple[float, int]] = []
        done = asyncio.Event()

        async def sample_memory() -> None:
            while not done.is_set():
                rss.append((time.monotonic(), svc.memory().get("VmRSS", 0)))
                await asyncio.sleep(0.05)

        probe_file = self.work / f"healthz-{level}.txt"
        probe_proc = procs.start_probe(svc.url, probe_file)

        def window(t0: float, t1: float) -> list[float]:
            """Every probe in flight at any moment between t0 and t1 (a slow one counts where it started)."""
            return [ms for sent, answered, ms in probes if sent <= t1 and answered >= t0]

        try:
            async with user_clients(level, timeout_s=600) as https:
                driver = Driver(svc.url, self.o.seed)
                auths = await asyncio.gather(*(driver.token(https[n]) for n in range(level // 500 + 1)))
                gate = asyncio.Semaphore(32)

                async def start(n: int) -> str:
                    async with gate:
                        return await driver.start(https[n], auths[n % len(auths)])

                interviews = await asyncio.gather(*(start(n) for n in range(level)))
                await run_users(svc.url, 1, 1, 0.0, stream=False, seed=0)  # warm the model path
                before = svc.memory()
                sampler = asyncio.create_task(sample_memory())

                def answers(index: int) -> list[Any]:
                    return [
                        driver.answer(https[n], auths[n % len(auths)], iid, index, stream=False, tag=True)
                        for n, iid in enumerate(interviews)
                    ]

                # Burst: everything at once against a model with a fixed latency.
                control.reset()
                t_burst = time.monotonic()
                burst_turns = await asyncio.gather(*answers(0))
                t_burst_done = time.monotonic()
                burst_stats = control.stats()
                # Parked: the model answers nobody until all N wait, then 2 s more.
                control.reset()
                control.set(hold=True)
                t_park = time.monotonic()
                parked = [asyncio.ensure_future(a) for a in answers(1)]
                # Until all N wait, or their number stops growing for 5 s (e.g. a connection-pool cap).
                seen, grew_at = 0, time.monotonic()
                while seen < level and time.monotonic() - grew_at < 5.0:
                    await asyncio.sleep(0.1)
                    now_in = control.stats(summary=True)["in_flight"]
                    if now_in > seen:
                        seen, grew_at = now_in, time.monotonic()
                    if any(task.done() for task in parked):
                        break  # an answer failed instead of waiting: no point waiting longer
                t_all_in = time.monotonic()
                await asyncio.sleep(self.o.wait_latency_s)  # the measurement window, not a synchronisation
                t_release = time.monotonic()
                parked_peak = control.stats(summary=True)["peak_in_flight"]
                control.set(hold=False)
                parked_turns = await asyncio.gather(*parked)
                done.set()
                await sampler
                after = svc.memory()
        finally:
            probes.extend(procs.read_probe(probe_proc, probe_file))
        phrase = [r for r in burst_stats["requests"] if r["ref"] and not r["judge"]]
        all_in = max((r["t_start"] for r in phrase), default=0.0)
        first_out = min((r["t_end"] for r in phrase), default=0.0)
        parked_rss = max((kib for t, kib in rss if t_all_in <= t <= t_release), default=0)
        peak_kib = max(after.get("VmHWM", 0), max((kib for _, kib in rss), default=0))
        parked_healthz = window(t_all_in, t_release)
        row = {
            "interviews": level,
            "model_latency_s": self.o.wait_latency_s,
            "burst": {
                "answered": sum(1 for t in burst_turns if t.status == 200),
                "peak_waiting": burst_stats["peak_in_flight"],
                "admission_s": _r(all_in - t_burst) if phrase else None,
                "all_waiting_window_s": _r(first_out - all_in) if all_in < first_out else 0.0,
                "healthz_ms": summary(window(t_burst, t_burst_done)),
                "turn_ms": summary([t.ms for t in burst_turns]),
            },
            "parked": {
                "answered": sum(1 for t in parked_turns if t.status == 200),
                "peak_waiting": parked_peak,
                "admission_s": _r(t_all_in - t_park),
                "healthz_ms": summary(parked_healthz),
                "healthz_admission_ms": summary(window(t_park, t_all_in)),
                "rss_mb": _r(parked_rss / 1024),
            },
            "rss_idle_mb": _r(idle.get("VmRSS", 0) / 1024),
            "rss_before_mb": _r(before.get("VmRSS", 0) / 1024),
            "peak_rss_mb": _r(peak_kib / 1024),
            "per_waiting_interview_kib": _r((parked_rss - before.get("VmRSS", 0)) / level),
            "errors": driver.errors[:5],
        }
        row["ok"] = bool(
            row["parked"]["answered"] == level
            and parked_peak >= level
            and parked_healthz
            and max(parked_healthz) < TARGETS["healthz_ms"]
            and peak_kib / 1024 < TARGETS["waiting_memory_mb"]
        )
        return row

    async def cost(self) -> None:
        """Tokens for one full interview, and how much of each prompt repeats the previous one's prefix."""
        assert self.control is not None
        self.control.set(ttft_ms=0.0, tokens_per_s=0.0, record_prompts=True)
        svc = self.start_service("service-cost")
        try:
            self.control.reset()
            async with client(4) as http:
                driver = Driver(svc.url, self.o.seed)
                auth = await driver.token(http)
                await driver.interview(http, auth, think_s=0.0, stream=False, tag=False)
                interview = driver.turns[-1].interview
                async with http.get(f"{svc.url}/api/interviews/{interview}", headers=auth) as response:
                    public = await response.json()
            records = self.control.stats(prompts=True)["requests"]
        finally:
            svc.stop()
        self.results["cost"] = prompt_cost(records, public)
        c = self.results["cost"]
        self.log(
            f"  cost: {c['requests']} model calls, prompt {c['prompt_tokens']} + completion {c['completion_tokens']} "
            f"tokens (service reports {c['service_usage']}); identical prefix {c['prefix_share_follow_ups']:.0%} of "
            f"follow-up prompt tokens, {c['prefix_share_all']:.0%} of all"
        )

    async def run(self) -> dict[str, Any]:
        self.fake = procs.fake_model(self.work, {"record_prompts": False}).start()
        self.control = procs.FakeControl(self.fake.url)
        try:
            self.log(f"bench {self.o.name!r}: {self.results['machine']['summary']}; work dir {self.work}")
            for phase in (self.overhead, self.streaming, self.waiting, self.cost):
                if self.o.only and phase.__name__ not in self.o.only:
                    continue
                t0 = time.monotonic()
                await phase()
                self.results.setdefault("phase_seconds", {})[phase.__name__] = _r(time.monotonic() - t0)
        finally:
            self.fake.stop()
        self.results["targets"] = evaluate(self.results)
        return self.results


def serialize(messages: list[dict[str, Any]]) -> str:
    return "".join(f"<|{m.get('role')}|>\n{m.get('content') or ''}\n" for m in messages)


def common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def prompt_cost(records: list[dict[str, Any]], public: dict[str, Any]) -> dict[str, Any]:
    """Token totals, and the share of prompt tokens in a prefix identical to the previous call's prompt
    (what a provider's prompt cache can reuse); OpenAI caches from 1,024 tokens in steps of 128."""
    calls = []
    previous = ""
    for record in records:
        text = serialize(record.get("messages") or [])
        shared_chars = common_prefix(previous, text)
        shared = count_tokens(text[:shared_chars]) if shared_chars else 0
        cacheable = (shared // 128) * 128 if shared >= 1024 else 0
        calls.append(
            {
                "kind": "judge" if record["judge"] else "follow-up",
                "prompt_tokens": record["prompt_tokens"],
                "completion_tokens": record["completion_tokens"],
                "messages": len(record.get("messages") or []),
                "shared_prefix_tokens": min(shared, record["prompt_tokens"]),
                "openai_cacheable_tokens": min(cacheable, record["prompt_tokens"]),
                "shared_prefix_chars": shared_chars,
                "prompt_chars": len(text),
            }
        )
        previous = text
    follow = [c for c in calls if c["kind"] == "follow-up"]
    total_prompt = sum(c["prompt_tokens"] for c in calls)
    follow_prompt = sum(c["prompt_tokens"] for c in follow)
    return {
        "requests": len(calls),
        "follow_ups": len(follow),
        "prompt_tokens": total_prompt,
        "completion_tokens": sum(c["completion_tokens"] for c in calls),
        "service_usage": public.get("usage"),
        "depth": public.get("depth"),
        "prefix_share_follow_ups": sum(c["shared_prefix_tokens"] for c in follow) / follow_prompt if follow else 0.0,
        "prefix_share_all": sum(c["shared_prefix_tokens"] for c in calls) / total_prompt if total_prompt else 0.0,
        "openai_cacheable_share": sum(c["openai_cacheable_tokens"] for c in calls) / total_prompt
        if total_prompt
        else 0.0,
        "calls": calls,
        "token_counting": "approximate: one token per word or punctuation mark, long words per 6 characters",
    }


def evaluate(results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    at200 = results.get("overhead", {}).get("200")
    if at200:
        ratio = at200["ratio_p50"]
        out["overhead_p50_under_3x_bare_at_200"] = {
            "value": ratio,
            "target": TARGETS["overhead_p50_ratio_at_200"],
            "met": ratio is not None and ratio < TARGETS["overhead_p50_ratio_at_200"],
        }
        p99 = at200["overhead_ms"]["p99"]
        out["overhead_p99_under_25ms_at_200"] = {
            "value": p99,
            "target": TARGETS["overhead_p99_ms_at_200"],
            "met": p99 is not None and p99 < TARGETS["overhead_p99_ms_at_200"],
        }
    streaming = results.get("streaming", {})
    if streaming:
        worst = max((row["first_event_after_first_token_ms"]["p99"] or 0.0) for row in streaming.values())
        out["first_event_within_10ms_of_first_token_p99"] = {
            "value": worst,
            "target": TARGETS["first_event_ms"],
            "met": worst < TARGETS["first_event_ms"],
        }
    waiting = results.get("waiting", {})
    if waiting:
        ok_levels = [int(k) for k, row in waiting.items() if row["ok"]]
        best = max(ok_levels, default=0)
        out["interviews_waiting_at_once_healthz_under_50ms_rss_under_300mb"] = {
            "value": best,
            "target": TARGETS["waiting_interviews"],
            "met": best >= TARGETS["waiting_interviews"],
        }
        row = waiting.get(str(TARGETS["waiting_interviews"]))
        if row:
            out["peak_rss_mb_with_1000_waiting"] = {
                "value": row["peak_rss_mb"],
                "target": TARGETS["waiting_memory_mb"],
                "met": row["peak_rss_mb"] < TARGETS["waiting_memory_mb"],
            }
            out["healthz_max_ms_while_1000_answers_arrive_at_once"] = {
                "value": row["burst"]["healthz_ms"]["max"],
                "target": TARGETS["healthz_ms"],
                "met": (row["burst"]["healthz_ms"]["max"] or 0) < TARGETS["healthz_ms"],
            }
            out["reach_a_2s_model_at_once_when_1000_answers_arrive_together"] = {
                "value": row["burst"]["peak_waiting"],
                "target": TARGETS["waiting_interviews"],
                "met": row["burst"]["peak_waiting"] >= TARGETS["waiting_interviews"],
            }
    return out


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
    except (OSError, IndexError, ValueError):
        mem_kib = 0
    from importlib.metadata import version

    versions = {p: version(p) for p in ("fastapi", "uvicorn", "starlette", "openai", "sqlalchemy", "aiohttp")}
    info = {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    info["summary"] = (
        f"{info['cpus']} CPUs ({model}), {info['memory_gib']} GiB, Python {info['python']}, {platform.system()}"
    )
    return info


def print_table(results: dict[str, Any]) -> None:
    print()
    print(f"== {results['name']} == {results['machine']['summary']}")
    db = "PostgreSQL" if results["options"]["database_url"] else "SQLite"
    print(f"database: {db}; model TTFT {results['options']['ttft_ms']} ms, {results['options']['tokens_per_s']} tok/s")
    print()
    print("per-turn overhead (client turn time minus the model's own time), ms; bare = one-INSERT FastAPI route")
    print(
        f"{'conc':>6} {'turns':>6} {'ovh p50':>8} {'ovh p99':>8} {'bare p50':>9} {'bare p99':>9} {'x p50':>6} "
        f"{'x p99':>6} {'turns/s':>8} {'CPU/turn':>9} {'bare CPU':>9}"
    )
    for row in results.get("overhead", {}).values():
        o, b = row["overhead_ms"], row["bare_ms"]
        print(
            f"{row['concurrency']:>6} {row['turns']:>6} {o['p50']:>8} {o['p99']:>8} {b['p50']:>9} {b['p99']:>9} "
            f"{row['ratio_p50']!s:>6} {row['ratio_p99']!s:>6} {row['turns_per_s']:>8} "
            f"{row.get('service_cpu_ms_per_turn')!s:>9} {row.get('bare_cpu_ms_per_request')!s:>9}"
        )
    print()
    print("streaming: model's first token -> client's first SSE event, ms")
    for row in results.get("streaming", {}).values():
        s = row["first_event_after_first_token_ms"]
        print(f"{row['concurrency']:>6}  p50 {s['p50']}  p99 {s['p99']}  max {s['max']}  (n={s['n']})")
    print()
    print(f"waiting on a slow model: burst = N answers at once to a {results['options']['wait_latency_s']} s model;")
    print("parked = N answers held by the model until all wait (healthz ms, RSS while they wait)")
    print(
        f"{'N':>6} {'burst@model':>11} {'admit s':>8} {'hz max':>9} | {'parked':>6} {'hz p99':>7} {'hz max':>7} "
        f"{'RSS MB':>7} {'peak MB':>7} {'KiB/iv':>7} ok"
    )
    for row in results.get("waiting", {}).values():
        b, p = row["burst"], row["parked"]
        print(
            f"{row['interviews']:>6} {b['peak_waiting']:>11} {b['admission_s']!s:>8} {b['healthz_ms']['max']!s:>9} | "
            f"{p['peak_waiting']:>6} {p['healthz_ms']['p99']!s:>7} {p['healthz_ms']['max']!s:>7} {p['rss_mb']!s:>7} "
            f"{row['peak_rss_mb']!s:>7} {row['per_waiting_interview_kib']!s:>7} {row['ok']}"
        )
    cost = results.get("cost")
    if cost:
        print()
        print(
            f"cost of one interview: {cost['requests']} model calls ({cost['follow_ups']} follow-ups + judge), "
            f"prompt {cost['prompt_tokens']} tokens, completion {cost['completion_tokens']} tokens"
        )
        print(
            f"  identical prefix: {cost['prefix_share_follow_ups']:.1%} of follow-up prompt tokens, "
            f"{cost['prefix_share_all']:.1%} of all prompt tokens; OpenAI-cacheable (>=1024): "
            f"{cost['openai_cacheable_share']:.1%}"
        )
        for call in cost["calls"]:
            print(
                f"    {call['kind']:<9} prompt {call['prompt_tokens']:>5} completion {call['completion_tokens']:>4} "
                f"shared prefix {call['shared_prefix_tokens']:>5}"
            )
    print()
    print("targets:")
    for name, target in results.get("targets", {}).items():
        print(f"  {'MET ' if target['met'] else 'MISS'} {name}: {target['value']} (target {target['target']})")


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", default=datetime.now(UTC).strftime("run-%Y%m%d-%H%M%S"))
    parser.add_argument("--quick", action="store_true", help="fewer rounds and levels: about 5 minutes")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (its public schema is reset!)")
    parser.add_argument("--think-s", type=float, default=5.0, help="mean candidate think time between turns")
    parser.add_argument("--ttft-ms", type=float, default=200.0)
    parser.add_argument("--tokens-per-s", type=float, default=100.0)
    parser.add_argument("--levels", default="1,50,200", help="concurrent interviews for the overhead figures")
    parser.add_argument("--wait-levels", default=None, help="interviews waiting at once, e.g. 100,500,1000")
    parser.add_argument("--wait-latency-s", type=float, default=2.0)
    parser.add_argument("--out", type=Path, default=None, help="JSON result file (default bench/out/NAME.json)")
    parser.add_argument("--only", default="", help="comma list of phases: overhead,streaming,waiting,cost")
    parser.add_argument(
        "--service-target",
        default="app.main:create_app",
        help="another app factory to measure, e.g. a patched copy (module:function; PYTHONPATH via --service-env)",
    )
    parser.add_argument("--service-env", action="append", default=[], help="KEY=VALUE for the service process")
    parser.add_argument(
        "--bare-after",
        action="store_true",
        help="measure the bare route after the interviews, not beside them (as RESULTS.md runs up to s10 did)",
    )
    args = parser.parse_args(argv)
    levels = tuple(int(x) for x in args.levels.split(","))
    if args.quick:
        rounds = {1: 3, **{lvl: 1 for lvl in levels if lvl > 1}}
        wait = (1000,)
    else:
        rounds = {1: 8, **{lvl: 1 for lvl in levels if lvl > 1}}
        wait = (250, 1000, 1500)
    if args.wait_levels:
        wait = tuple(int(x) for x in args.wait_levels.split(","))
    options = Options(
        name=args.name,
        quick=args.quick,
        database_url=args.database_url,
        think_s=args.think_s,
        ttft_ms=args.ttft_ms,
        tokens_per_s=args.tokens_per_s,
        levels=levels,
        rounds=rounds,
        wait_levels=wait,
        wait_latency_s=args.wait_latency_s,
        only=tuple(p for p in args.only.split(",") if p),
        out=str(args.out) if args.out else None,
        service_target=args.service_target,
        service_env=dict(item.split("=", 1) for item in args.service_env),
        bare_after=args.bare_after,
    )
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    bench = Bench(options)
    try:
        import uvloop

        results = uvloop.run(bench.run())
    except ImportError:
        results = asyncio.run(bench.run())
    print_table(results)
    out = Path(options.out) if options.out else OUT_DIR / f"{options.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

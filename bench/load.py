"""Load patterns: N candidates running whole interviews, and the bare route under the same pattern."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time

import aiohttp

from bench.answers import answer_text
from bench.client import Candidate, user_sessions


async def run_interviews(
    base_url: str, users: int, rounds: int, think_s: float, *, stream: bool, seed: int
) -> Candidate:
    """``users`` candidates at once, each running ``rounds`` interviews one after the other; returns the one
    Candidate object holding every turn (its refs are unique over the run)."""
    candidate = Candidate(base_url, seed)
    async with user_sessions(users) as sessions:
        auths = await asyncio.gather(*(candidate.token(http) for http in sessions))

        async def user(http: aiohttp.ClientSession, auth: dict[str, str]) -> None:
            await asyncio.sleep(think_s * candidate.rng.random())  # spread the arrivals
            for _ in range(rounds):
                await candidate.interview(http, auth, think_s=think_s, stream=stream)

        await asyncio.gather(*(user(h, a) for h, a in zip(sessions, auths, strict=True)))
    return candidate


async def run_bare(
    base_url: str,
    users: int,
    think_s: float,
    seed: int,
    *,
    requests_per_user: int = 0,
    until: asyncio.Event | None = None,
) -> list[float]:
    """The bare route under the interviews' pattern: each user thinks, then posts an answer's text,
    ``requests_per_user`` times or, with ``until``, until that is set (so it runs beside the interviews and
    stops with them; a request in flight finishes). Returns each request's latency in ms."""
    rng = random.Random(seed)
    latencies: list[float] = []
    stop = until or asyncio.Event()

    async def think(seconds: float) -> bool:
        """Sleep, cut short when the run stops; whether to go on."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)
        return not stop.is_set()

    async with user_sessions(users) as sessions:

        async def user(http: aiohttp.ClientSession) -> None:
            await think(think_s * rng.random())
            i = 0
            while (until is not None or i < requests_per_user) and await think(think_s * rng.uniform(0.5, 1.5)):
                t0 = time.monotonic()
                async with http.post(base_url + "/bare", json={"text": answer_text(i)}, raise_for_status=True) as r:
                    await r.read()
                latencies.append((time.monotonic() - t0) * 1000)
                i += 1

        await asyncio.gather(*(user(http) for http in sessions))
    return latencies

"""One simulated candidate over HTTP: a token, interviews, answers (JSON or server-sent events), each
answer's timings on the machine-wide monotonic clock (the one the fake model's records use)."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp

from bench.answers import LEVEL, QUESTION_ID, answer_text

MAX_TURNS = 20


def session(timeout_s: float = 120.0) -> aiohttp.ClientSession:
    """aiohttp, not httpx: the client's own work falls inside every time it measures, and aiohttp's is the
    smaller (about 1 ms of CPU per request against httpx's 3 ms on these machines)."""
    connector = aiohttp.TCPConnector(limit=2)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout_s, sock_connect=30))


@asynccontextmanager
async def user_sessions(n: int, timeout_s: float = 120.0) -> AsyncIterator[list[aiohttp.ClientSession]]:
    """One session, with its own connection, per simulated candidate, as each browser has: one pool shared by
    hundreds of users costs the driver's event loop time that would be billed to the service."""
    async with AsyncExitStack() as stack:
        yield [await stack.enter_async_context(session(timeout_s)) for _ in range(n)]


def ref_code(n: int) -> str:
    """A letters-only tag for answer n (at least three letters): digits would read as metrics."""
    letters = ""
    n += 26 * 26
    while n:
        n, rest = divmod(n, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


@dataclass
class Turn:
    """One answer and the interviewer's reply to it, as the client saw them."""

    ref: str
    interview: str
    index: int
    stream: bool
    t_sent: float
    t_done: float = 0.0
    t_first_event: float | None = None
    t_first_delta: float | None = None
    status: int = 0
    closed: bool = False
    depth: int | None = None
    fallback: bool | None = None

    @property
    def ms(self) -> float:
        return (self.t_done - self.t_sent) * 1000

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.fallback is False


class Candidate:
    """Sends answers for any number of interviews and keeps every turn. Refs are unique per candidate
    object; share one object between users of one run so they stay unique in the run."""

    def __init__(self, base_url: str, seed: int = 0, tag: bool = True) -> None:
        self.base = base_url
        self.rng = random.Random(seed)
        self.tag = tag
        self.turns: list[Turn] = []
        self.errors: list[str] = []
        self._refs = 0

    async def token(self, http: aiohttp.ClientSession) -> dict[str, str]:
        async with http.post(self.base + "/api/tokens", raise_for_status=True) as response:
            return {"Authorization": f"Bearer {(await response.json())['token']}"}

    async def start(self, http: aiohttp.ClientSession, auth: dict[str, str]) -> str:
        body = {"level": LEVEL, "question_id": QUESTION_ID}
        async with http.post(self.base + "/api/interviews", json=body, headers=auth, raise_for_status=True) as response:
            return str((await response.json())["id"])

    async def get(self, http: aiohttp.ClientSession, auth: dict[str, str], interview: str) -> dict[str, Any]:
        async with http.get(f"{self.base}/api/interviews/{interview}", headers=auth, raise_for_status=True) as r:
            return dict(await r.json())

    def next_ref(self) -> str:
        self._refs += 1
        return ref_code(self._refs)

    async def answer(
        self, http: aiohttp.ClientSession, auth: dict[str, str], interview: str, index: int, *, stream: bool
    ) -> Turn:
        ref = self.next_ref()
        text = answer_text(index, ref if self.tag else None)
        url = f"{self.base}/api/interviews/{interview}/answers"
        turn = Turn(ref=ref, interview=interview, index=index, stream=stream, t_sent=time.monotonic())
        read = self._read_events if stream else self._read
        failure = ""
        try:
            payload = await read(http, url, text, auth, turn)
        except (aiohttp.ClientError, TimeoutError) as exc:
            turn.t_done, payload, failure = time.monotonic(), None, f"{type(exc).__name__} {exc}"
        if payload is None:
            self.errors.append(f"{interview} turn {index}: {failure or f'HTTP {turn.status}'}")
        else:
            turn.closed = payload["status"] == "completed"
            turn.depth = payload["depth"]
            turn.fallback = bool(payload["message"].get("fallback"))
        self.turns.append(turn)
        return turn

    async def _read(
        self, http: aiohttp.ClientSession, url: str, text: str, auth: dict[str, str], turn: Turn
    ) -> dict[str, Any] | None:
        async with http.post(url, json={"text": text}, headers=auth) as response:
            body = await response.read()
        turn.t_done = time.monotonic()
        turn.status = response.status
        return dict(json.loads(body)) if response.status == 200 else None

    async def _read_events(
        self, http: aiohttp.ClientSession, url: str, text: str, auth: dict[str, str], turn: Turn
    ) -> dict[str, Any] | None:
        """Reads the server-sent events: ``delta`` ones, maybe a ``reset``, then the ``message``."""
        final: dict[str, Any] | None = None
        event = ""
        headers = {**auth, "Accept": "text/event-stream"}
        async with http.post(url, json={"text": text}, headers=headers) as response:
            turn.status = response.status
            async for raw in response.content:
                line = raw.decode().rstrip("\r\n")
                if line.startswith("event:"):
                    now = time.monotonic()
                    event = line[6:].strip()
                    if turn.t_first_event is None:
                        turn.t_first_event = now
                    if event == "delta" and turn.t_first_delta is None:
                        turn.t_first_delta = now
                elif line.startswith("data:") and event == "message":
                    final = json.loads(line[5:])
        turn.t_done = time.monotonic()
        return final if turn.status == 200 else None

    async def interview(
        self, http: aiohttp.ClientSession, auth: dict[str, str], *, think_s: float, stream: bool
    ) -> str:
        """One whole interview: answer after a random think time (0.5-1.5 x ``think_s``) until it closes."""
        interview = await self.start(http, auth)
        for index in range(MAX_TURNS):
            await asyncio.sleep(think_s * self.rng.uniform(0.5, 1.5))
            turn = await self.answer(http, auth, interview, index, stream=stream)
            if turn.status != 200 or turn.closed:
                return interview
        self.errors.append(f"{interview}: not closed after {MAX_TURNS} answers")
        return interview

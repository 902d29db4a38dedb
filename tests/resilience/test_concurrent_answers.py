"""The same answer sent 20 times at once to one interview is stored once, in order, at every turn.

(On SQLite this race found a doubled answer on the closing turn, about 1 run in 12; it is now
reproduced deterministically in test_answer_races_close.py.)

The interviewer's reply is held at a gate until every loser has had its answer refused, so "at once"
is guaranteed rather than likely: without the gate a late copy would arrive after the reply and be,
correctly, taken as the answer to the next question.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Iterator
from pathlib import Path

import httpx
import pytest

from app.config import Settings
from app.content import load_content
from app.main import create_app
from app.providers.base import Assessed, AssessRequest, JudgeRequest, JudgeResult, PhraseEvent, PhraseRequest
from app.providers.factory import offline_provider
from app.providers.offline import OfflineProvider
from tests.resilience.conftest import QUESTION, ThreadServer, assert_well_formed
from tests.utils.answers import STRONG_STORY

COPIES = 20


class GatedProvider:
    """The offline interviewer, except that each follow-up waits for a permit the test hands out."""

    name = "gated"
    model: str | None = None

    def __init__(self, offline: OfflineProvider) -> None:
        self.offline = offline
        self.permits = asyncio.Semaphore(0)
        self.calls = 0

    async def phrase(self, request: PhraseRequest) -> AsyncGenerator[PhraseEvent]:
        self.calls += 1
        await self.permits.acquire()
        async for item in self.offline.phrase(request):
            yield item

    async def assess(self, request: AssessRequest) -> Assessed:
        return await self.offline.assess(request)

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        return await self.offline.judge(request)

    async def aclose(self) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path, database_url: str) -> Iterator[tuple[ThreadServer, GatedProvider]]:
    settings = Settings(
        _env_file=None,
        db_path=tmp_path / "race.db",
        database_url=database_url,
        log_level="WARNING",
        rate_limit_per_minute=10_000,  # the test sends 20 copies of every answer at once
    )
    gated = GatedProvider(offline_provider(load_content()))
    app = create_app(settings, provider=gated)
    with ThreadServer(app) as server:
        yield server, gated


async def _race(
    http: httpx.AsyncClient, server: ThreadServer, gated: GatedProvider, url: str, text: str, key: str | None
) -> list[httpx.Response | BaseException]:
    """Send COPIES identical answers at once; open the gate once all but one have been answered."""
    headers = {"Idempotency-Key": key} if key else {}
    tasks = {asyncio.ensure_future(http.post(url, json={"text": text}, headers=headers)) for _ in range(COPIES)}
    pending = set(tasks)
    while len(tasks) - len(pending) < COPIES - 1:
        _, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    assert server.loop is not None
    server.loop.call_soon_threadsafe(gated.permits.release)  # the reply may go out now (unused on the close)
    await asyncio.wait(tasks)
    return [task.exception() or task.result() for task in tasks]


async def _interview(server: ThreadServer, gated: GatedProvider, use_key: bool) -> None:
    limits = httpx.Limits(max_connections=COPIES * 2)
    async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as http:
        token = (await http.post("/api/tokens")).json()["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        started = await http.post("/api/interviews", json={"level": "L6", "question_id": QUESTION})
        interview_id = started.json()["id"]
        url = f"/api/interviews/{interview_id}/answers"
        sent: list[str] = []
        for turn in range(12):
            text = STRONG_STORY[turn % len(STRONG_STORY)]
            key = f"turn-{turn}" if use_key else None
            outcomes = await _race(http, server, gated, url, text, key)
            sent.append(text)
            assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
            responses = [o for o in outcomes if isinstance(o, httpx.Response)]
            codes = sorted(r.status_code for r in responses)
            assert set(codes) <= {200, 409}, [r.text for r in responses if r.status_code not in (200, 409)]
            winners = [r.json() for r in responses if r.status_code == 200]
            if use_key:
                assert winners, codes  # a repeated key replays the same turn instead of losing it
            else:
                assert codes.count(200) == 1, (turn, codes, [w["message"] for w in winners])
            assert len({(w["message"]["seq"], w["message"]["text"]) for w in winners}) == 1, winners
            reply = winners[0]
            assert reply["message"]["seq"] == 2 * turn + 3
            if use_key and turn == 0:
                # Retries after the turn finished replay it, all of them, and store nothing.
                again = await asyncio.gather(
                    *(http.post(url, json={"text": text}, headers={"Idempotency-Key": key}) for _ in range(5))
                )
                assert {r.status_code for r in again} == {200}
                assert {r.json()["message"]["seq"] for r in again} == {reply["message"]["seq"]}
            interview = (await http.get(f"/api/interviews/{interview_id}")).json()
            assert_well_formed(interview, sent)
            assert interview["messages"][-1] == reply["message"]
            if reply["status"] == "completed":
                assert interview["scorecard"] is not None
                assert 3 <= interview["depth"] <= 5
                return
        raise AssertionError("the interview never closed")


@pytest.mark.parametrize("use_key", [False, True], ids=["no-key", "idempotency-key"])
def test_the_same_answer_sent_20_times_at_once_is_stored_once_per_turn(
    served: tuple[ThreadServer, GatedProvider], use_key: bool
) -> None:
    server, gated = served
    asyncio.run(_interview(server, gated, use_key))
    assert gated.calls >= 3  # one model call per follow-up, never one per copy

"""Streaming from the offline interviewer, and turns a crashed process left half done."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from fastapi.testclient import TestClient

from app.content import load_content
from app.interviews import repo, service
from app.interviews.context import Context, build_context
from app.interviews.schemas import InterviewCreate
from app.main import create_app
from app.providers.base import Assessed, AssessRequest, Delta, JudgeRequest, JudgeResult, PhraseEvent, PhraseRequest
from app.providers.factory import offline_provider
from tests.utils.answers import STRONG_STORY
from tests.utils.interviews import answer, new_identity, start, stream_answer
from tests.utils.providers import ScriptedProvider


def test_offline_interviewer_streams_through_the_same_events(client: TestClient, auth: dict[str, str]) -> None:
    iid = start(client, auth)["id"]
    events = stream_answer(client, auth, iid, STRONG_STORY[0])
    assert [name for name, _ in events] == ["delta", "message"]
    final = json.loads(events[-1][1])
    assert final["message"]["text"] == json.loads(events[0][1])["text"]
    assert final["depth"] == 1 and final["message"]["probe"]


def test_stream_errors_before_the_stream_are_plain_http(client: TestClient, auth: dict[str, str]) -> None:
    iid = start(client, auth)["id"]
    headers = {**auth, "Accept": "text/event-stream"}
    assert client.post(f"/api/interviews/{iid}/answers", json={"text": " "}, headers=headers).status_code == 422
    assert client.post("/api/interviews/nope/answers", json={"text": "x"}, headers=headers).status_code == 404


def test_the_closing_turn_streams_the_scorecard(client: TestClient, auth: dict[str, str]) -> None:
    iid = start(client, auth)["id"]
    for text in STRONG_STORY * 2:
        final = json.loads(stream_answer(client, auth, iid, text)[-1][1])
        if final["status"] == "completed":
            break
    assert final["status"] == "completed" and final["message"]["probe"] is None
    assert final["scorecard"]["recommendation"] and final["scorecard"]["dimensions"]


def _crash_after_answer(settings, auth_token: str, iid: str, text: str) -> None:
    """What a process that died right after committing the answer leaves behind."""
    ctx = build_context(settings)
    owner = repo.token_id(ctx.db.engine, auth_token)
    repo.append_answer(ctx.db.engine, owner, iid, text, None)
    ctx.db.close()


def _sweep(settings) -> int:
    """One pass of the sweep that every process runs beside the app."""

    async def once() -> int:
        ctx = build_context(settings)
        try:
            return await service.sweep(ctx)
        finally:
            await ctx.aclose()

    return asyncio.run(once())


def test_a_turn_left_pending_by_a_crash_is_finished_after_the_lease(make_settings) -> None:
    patient = make_settings(turn_lease_seconds=3600)
    with TestClient(create_app(patient)) as c:
        token, auth = new_identity(c)
        iid = start(c, auth)["id"]
    _crash_after_answer(patient, token, iid, STRONG_STORY[0])
    with TestClient(create_app(patient)) as c:
        pending = c.get(f"/api/interviews/{iid}", headers=auth).json()
        assert pending["awaiting"] == "interviewer" and pending["messages"][-1]["text"] == STRONG_STORY[0]
        busy = c.post(f"/api/interviews/{iid}/answers", json={"text": "again"}, headers=auth)
        assert busy.status_code == 409 and "still replying" in busy.json()["detail"]
    assert _sweep(patient) == 0  # within the lease the turn is left to its own process
    impatient = make_settings(turn_lease_seconds=0.001)
    assert _sweep(impatient) == 1
    with TestClient(create_app(impatient)) as c:
        resumed = c.get(f"/api/interviews/{iid}", headers=auth).json()
        assert resumed["awaiting"] == "candidate" and resumed["depth"] == 1
        assert [m["role"] for m in resumed["messages"]] == ["interviewer", "candidate", "interviewer"]
        assert resumed["messages"][1]["text"] == STRONG_STORY[0]
        turn = answer(c, auth, iid, STRONG_STORY[1])
        assert turn["depth"] == 2


def test_a_crash_while_the_closing_turn_is_judged_leaves_the_answer_pending(make_settings) -> None:
    """The closing message and the scorecard are stored together, after the judge: until then the last answer
    waits for its reply, and a process that died judging it loses nothing."""
    patient = make_settings(turn_lease_seconds=3600)
    with TestClient(create_app(patient)) as c:
        token, auth = new_identity(c)
        rehearsal = start(c, auth)["id"]
        needed = next(n for n, text in enumerate(STRONG_STORY * 2, 1) if answer(c, auth, rehearsal, text)["scorecard"])
        iid = start(c, auth)["id"]
        for text in (STRONG_STORY * 2)[: needed - 1]:
            answer(c, auth, iid, text)
    _crash_after_answer(patient, token, iid, (STRONG_STORY * 2)[needed - 1])
    with TestClient(create_app(patient)) as c:
        pending = c.get(f"/api/interviews/{iid}", headers=auth).json()
        assert pending["status"] == "in_progress" and pending["awaiting"] == "interviewer"
        assert pending["scorecard"] is None
    impatient = make_settings(turn_lease_seconds=0.001)
    assert _sweep(impatient) == 1
    with TestClient(create_app(impatient)) as c:
        closed = c.get(f"/api/interviews/{iid}", headers=auth).json()
    assert closed["status"] == "completed" and closed["scorecard"]["dimensions"]
    answers = [m["text"] for m in closed["messages"] if m["role"] == "candidate"]
    assert answers == (STRONG_STORY * 2)[:needed]
    assert closed["messages"][-1]["role"] == "interviewer" and closed["messages"][-1]["probe"] is None


def test_an_interview_completed_but_not_scored_is_scored_by_the_sweep(make_settings) -> None:
    settings = make_settings(turn_lease_seconds=0.001)
    with TestClient(create_app(settings)) as c:
        token, auth = new_identity(c)
        iid = start(c, auth)["id"]
    ctx = build_context(settings)
    repo.end(ctx.db.engine, repo.token_id(ctx.db.engine, token), iid)  # ended, then the process died before scoring
    ctx.db.close()
    assert _sweep(settings) == 1
    with TestClient(create_app(settings)) as c:
        assert c.get(f"/api/interviews/{iid}/scorecard", headers=auth).status_code == 200


def test_a_read_never_finishes_pending_work(make_settings) -> None:
    """A GET only reads: the turn a crash left pending waits for the sweep (or the next answer)."""
    patient = make_settings(turn_lease_seconds=3600)
    with TestClient(create_app(patient)) as c:
        token, auth = new_identity(c)
        iid = start(c, auth)["id"]
    _crash_after_answer(patient, token, iid, STRONG_STORY[0])
    with TestClient(create_app(make_settings(turn_lease_seconds=0.001, sweep_seconds=3600))) as c:
        for _ in range(2):
            assert c.get(f"/api/interviews/{iid}", headers=auth).json()["awaiting"] == "interviewer"


def test_the_next_answer_finishes_an_overdue_turn_and_asks_for_a_read(make_settings) -> None:
    patient = make_settings(turn_lease_seconds=3600)
    with TestClient(create_app(patient)) as c:
        token, auth = new_identity(c)
        iid = start(c, auth)["id"]
    _crash_after_answer(patient, token, iid, STRONG_STORY[0])
    with TestClient(create_app(make_settings(turn_lease_seconds=0.001, sweep_seconds=3600))) as c:
        again = c.post(f"/api/interviews/{iid}/answers", json={"text": STRONG_STORY[1]}, headers=auth)
        assert again.status_code == 409 and "ready now" in again.json()["detail"]
        stored = c.get(f"/api/interviews/{iid}", headers=auth).json()
        assert stored["awaiting"] == "candidate" and stored["depth"] == 1
        assert [m["text"] for m in stored["messages"] if m["role"] == "candidate"] == [STRONG_STORY[0]]


def test_a_client_that_hangs_up_mid_stream_loses_nothing(settings) -> None:
    async def scenario() -> None:
        gate = asyncio.Event()
        provider = ScriptedProvider(["Which part ", "of that launch was your decision?"], gate=gate)
        ctx = build_context(settings, provider=provider)
        owner = repo.token_id(ctx.db.engine, repo.create_token(ctx.db.engine))
        iid = (
            await service.start(ctx, owner, InterviewCreate(level="L6", question_id="own-complex-project-end-to-end"))
        ).id
        events = await service.answer(ctx, owner, iid, STRONG_STORY[0])
        first = await anext(events)
        assert first == Delta("Which part ")
        await events.aclose()  # the client hangs up after the first words
        gate.set()
        await ctx.turns.wait(30)
        stored = await service.get(ctx, owner, iid)
        assert stored.messages[-1].text == "Which part of that launch was your decision?"
        assert stored.messages[-1].role == "interviewer" and stored.awaiting == "candidate"
        assert provider.history[0].transcript[-1].text == STRONG_STORY[0]
        ctx.db.close()

    asyncio.run(scenario())


class HeldJudge:
    """Phrases offline; each judge call is announced on ``calls`` and waits for ``release`` (then judges offline)."""

    name = "held"
    model = None

    def __init__(self, offline) -> None:
        self.offline = offline
        self.calls: asyncio.Queue[None] = asyncio.Queue()
        self.release = asyncio.Event()

    def phrase(self, request: PhraseRequest) -> AsyncGenerator[PhraseEvent]:
        return self.offline.phrase(request)

    async def assess(self, request: AssessRequest) -> Assessed:
        return await self.offline.assess(request)

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        self.calls.put_nowait(None)
        await self.release.wait()
        return await self.offline.judge(request)

    async def aclose(self) -> None:
        pass


async def _drain(events: AsyncIterator[Any]) -> None:
    async for _ in events:
        pass


async def _until_the_closing_turn_is_judged(settings) -> tuple[Context, HeldJudge, int, str, asyncio.Future[Any]]:
    held = HeldJudge(offline_provider(load_content()))
    ctx = build_context(settings, provider=held)
    owner = repo.token_id(ctx.db.engine, repo.create_token(ctx.db.engine))
    iid = (
        await service.start(ctx, owner, InterviewCreate(level="L6", question_id="own-complex-project-end-to-end"))
    ).id
    judging = asyncio.ensure_future(held.calls.get())
    for text in STRONG_STORY * 2:
        turn = asyncio.ensure_future(_drain(await service.answer(ctx, owner, iid, text)))
        await asyncio.wait({turn, judging}, return_when=asyncio.FIRST_COMPLETED)
        if judging.done():
            return ctx, held, owner, iid, turn
    raise AssertionError("the interview never closed")


def test_the_closing_message_and_the_scorecard_are_stored_together(settings) -> None:
    """While the judge works the answer is still pending: no interview is completed without its scorecard."""

    async def scenario() -> None:
        ctx, held, owner, iid, turn = await _until_the_closing_turn_is_judged(settings)
        during = await service.get(ctx, owner, iid)
        assert during.status == "in_progress" and during.awaiting == "interviewer" and during.scorecard is None
        held.release.set()
        await turn
        after = await service.get(ctx, owner, iid)
        assert after.status == "completed" and after.scorecard is not None
        assert after.messages[-1].role == "interviewer" and after.messages[-1].probe is None
        ctx.db.close()

    asyncio.run(scenario())


def test_ending_the_interview_while_its_closing_turn_is_judged_keeps_the_end(settings) -> None:
    async def scenario() -> None:
        ctx, held, owner, iid, turn = await _until_the_closing_turn_is_judged(settings)
        ending = asyncio.ensure_future(service.end(ctx, owner, iid))
        await held.calls.get()  # the end is stored and being scored
        held.release.set()
        await asyncio.gather(turn, ending)
        after = await service.get(ctx, owner, iid)
        assert after.status == "completed" and after.ended_early and after.scorecard is not None
        assert after.messages[-1].role == "candidate"  # ended before the closing line was stored
        ctx.db.close()

    asyncio.run(scenario())

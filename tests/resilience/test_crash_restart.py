"""The server process SIGKILLed while the interviewer's reply is pending, then restarted: the
interview resumes intact, the pending reply is produced by the new process once the old one's lease
has run out, and the interview goes on to its scorecard (surviving a second kill mid-scoring)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from app.devtools import procs
from tests.resilience.conftest import Api, assert_well_formed, wait_for
from tests.utils.answers import STRONG_STORY

pytestmark = pytest.mark.slow


def answer_in_background(api: Api, interview_id: str, text: str) -> tuple[threading.Thread, list[Any]]:
    """POST the answer from a thread; the result (a response, or the error of a dead server) lands in the list."""
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(api.answer(interview_id, text))
        except httpx.HTTPError as exc:
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def test_sigkill_while_the_reply_is_pending_then_restart_resumes_the_interview(
    spawn: Callable[..., procs.Server], fake_model: procs.Server, model: procs.FakeControl, database_url: str
) -> None:
    common = {"model_url": fake_model.url, "database_url": database_url, "openai_timeout": 30}
    # The first process has a long lease (its own turn is bounded by it); the restarted ones take
    # over pending turns after 1 s, and look for them every 0.2 s.
    first = spawn(turn_lease_seconds=60, **common)
    api = Api(first.url)
    interview_id = api.start()["id"]
    sent = [STRONG_STORY[0]]
    assert api.answer(interview_id, sent[0]).status_code == 200

    model.set(hold=True)
    sent.append(STRONG_STORY[1])
    thread, out = answer_in_background(api, interview_id, sent[1])
    wait_for(lambda: model.stats(summary=True)["in_flight"] >= 1, what="the reply to reach the model")
    first.kill()
    thread.join(30)
    assert isinstance(out[0], httpx.HTTPError)  # the client saw the crash
    model.set(hold=False)

    second = spawn(turn_lease_seconds=1, sweep_seconds=0.2, **common)
    api = api.using(second.url)
    resumed = wait_for(
        lambda: (i := api.get(interview_id))["awaiting"] == "candidate" and i, 30, "the pending reply to be finished"
    )
    assert_well_formed(resumed, sent)
    assert resumed["messages"][-1]["role"] == "interviewer" and resumed["depth"] == 2

    # Go on to the end; kill the process again while the judge is scoring the closed interview.
    current = second
    model.set(hold=True, hold_for=["judge"])
    for n in range(2, 12):
        sent.append(STRONG_STORY[n % len(STRONG_STORY)])
        count = model.stats(summary=True)["count"]
        thread, out = answer_in_background(api, interview_id, sent[-1])
        judged = wait_for(
            lambda c=count, t=thread: (
                any(r["judge"] for r in model.stats(since=c)["requests"]) or (not t.is_alive() and "answered")
            ),
            what="the turn or the judge",
        )
        if judged is True:
            current.kill()
            thread.join(30)
            break
        thread.join(30)
        assert out[0].status_code == 200, out[0].text
    else:
        raise AssertionError("the interview never closed")
    model.set(hold=False)
    current = spawn(turn_lease_seconds=1, sweep_seconds=0.2, **common)
    api = api.using(current.url)
    done = wait_for(lambda: (i := api.get(interview_id))["scorecard"] and i, 30, "the pending scorecard")
    assert done["status"] == "completed" and done["awaiting"] is None
    assert done["scorecard"]["scorer"] == "openai"
    assert_well_formed(done, sent)
    assert not any(m["fallback"] for m in done["messages"])

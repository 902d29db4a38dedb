"""A model that times out, answers 429/500, drops the stream halfway, stalls or talks nonsense:
end to end over HTTP against a real service process and the fake model process, no answer is lost
and the turn completes with the offline fallback (``message.fallback == true``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import httpx
import pytest

from app.devtools import procs
from tests.resilience.conftest import Api, assert_well_formed, wait_for
from tests.utils.answers import STRONG_STORY

pytestmark = pytest.mark.slow
TIMEOUT_S = 1.0  # OPENAI_TIMEOUT of the service under test: how long a silent model is waited for


@pytest.fixture
def service(
    spawn: Callable[..., procs.Server], fake_model: procs.Server, model: procs.FakeControl
) -> Iterator[procs.Server]:
    """One retry (the SDK's own), a short timeout, and a lease long enough never to interfere."""
    yield spawn(model_url=fake_model.url, openai_timeout=TIMEOUT_S, openai_max_retries=1, turn_lease_seconds=120)


def sse_events(api: Api, interview_id: str, text: str) -> list[tuple[str, dict]]:
    events: list[tuple[str, dict]] = []
    headers = {**api.auth, "Accept": "text/event-stream"}
    with api.http.stream("POST", f"/api/interviews/{interview_id}/answers", json={"text": text}, headers=headers) as r:
        assert r.status_code == 200, r.read()
        name = ""
        for line in r.iter_lines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line[5:])))
    return events


def follow_ups(model: procs.FakeControl) -> list[dict]:
    """The follow-up requests the model saw; a turn also asks it for notes on the answer first."""
    return [r for r in model.stats()["requests"] if r["kind"] == "follow_up"]


# Each script is what the fake model does for the next follow-up requests. Its notes on the answer are
# invalid, so the turn keeps the offline reading and never re-plans (which would phrase a second time).
# With one retry a fault must happen twice in a row to exhaust the SDK. A cut or stalled stream is not
# retried: the reply had started.
FAULTS = {
    "429-twice": ["429", "429"],
    "500-twice": ["500", "500"],
    "timeout-twice": ["timeout", "timeout"],
    "stream-cut-halfway": ["cut"],
    "stream-stalls-halfway": ["stall"],
    "not-a-question": ["garbage"],
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_failing_model_falls_back_and_loses_no_answer(
    service: procs.Server, model: procs.FakeControl, fault: list[str]
) -> None:
    api = Api(service.url)
    interview = api.start()
    model.set(script=fault, script_for=["follow_up"], notes="invalid")
    streamed = "stream" in fault[0] or fault[0] in ("cut", "stall")
    if streamed:
        events = sse_events(api, interview["id"], STRONG_STORY[0])
        names = [name for name, _ in events]
        assert names[-1] == "message"
        turn = events[-1][1]
        assert "reset" in names  # the half-streamed text was withdrawn before the fallback
        after_reset = "".join(e["text"] for n, e in events[names.index("reset") :] if n == "delta")
        assert after_reset == turn["message"]["text"]
    else:
        response = api.answer(interview["id"], STRONG_STORY[0])
        assert response.status_code == 200, response.text
        turn = response.json()
    assert turn["message"]["fallback"] is True
    assert turn["message"]["text"].strip().endswith("?")
    assert turn["depth"] == 1 and turn["status"] == "in_progress"
    assert len(follow_ups(model)) == len(fault)
    stored = api.get(interview["id"])
    assert stored["awaiting"] == "candidate"
    assert_well_formed(stored, [STRONG_STORY[0]])
    assert stored["messages"][-1]["fallback"] is True

    # The model is healthy again: the next turn is the model's own words.
    nxt = api.answer(interview["id"], STRONG_STORY[1])
    assert nxt.status_code == 200 and nxt.json()["message"]["fallback"] is False


def test_one_429_is_retried_and_not_a_fallback(service: procs.Server, model: procs.FakeControl) -> None:
    api = Api(service.url)
    interview = api.start()
    model.set(script=["429"], script_for=["follow_up"], notes="invalid")
    turn = api.answer(interview["id"], STRONG_STORY[0]).json()
    assert turn["message"]["fallback"] is False
    assert [r["status"] for r in follow_ups(model)] == [429, 200]


def test_failing_notes_on_an_answer_are_taken_offline_and_the_turn_goes_on(
    service: procs.Server, model: procs.FakeControl
) -> None:
    api = Api(service.url)
    interview = api.start()
    model.set(script=["500", "500"], script_for=["notes"])
    response = api.answer(interview["id"], STRONG_STORY[0])
    assert response.status_code == 200, response.text
    assert response.json()["message"]["fallback"] is False  # the follow-up is still the model's own
    stored = api.get(interview["id"])
    assert_well_formed(stored, [STRONG_STORY[0]])
    assert stored["messages"][-2]["assessment"] is not None  # the offline notes stand in
    assert [r["status"] for r in model.stats()["requests"] if r["kind"] == "notes"] == [500, 500]


def test_random_faults_over_whole_interviews_never_lose_an_answer(
    service: procs.Server, model: procs.FakeControl
) -> None:
    """Every kind of fault mixed at random (seeded) over several interviews, judge included."""
    model.set(error_rate=0.3, cut_rate=0.15, seed=11)
    api = Api(service.url)
    fallbacks = 0
    for _ in range(3):
        interview = api.start()
        sent: list[str] = []
        for n in range(12):
            text = STRONG_STORY[n % len(STRONG_STORY)]
            sent.append(text)
            response = api.answer(interview["id"], text)
            assert response.status_code == 200, response.text
            fallbacks += response.json()["message"]["fallback"]
            if response.json()["status"] == "completed":
                break
        stored = api.get(interview["id"])
        assert stored["status"] == "completed" and stored["scorecard"] is not None
        assert_well_formed(stored, sent)
    assert fallbacks > 0  # the faults did happen


@pytest.mark.parametrize(
    "judge_fault", [{"script": ["500", "500"], "script_for": ["judge"]}, {"judge": "invalid"}], ids=["500", "invalid"]
)
def test_a_failing_judge_still_scores_offline(
    service: procs.Server, model: procs.FakeControl, judge_fault: dict
) -> None:
    api = Api(service.url)
    interview = api.start()
    assert api.answer(interview["id"], STRONG_STORY[0]).json()["message"]["fallback"] is False
    model.set(**judge_fault)
    ended = api.http.post(f"/api/interviews/{interview['id']}/end", headers=api.auth)
    assert ended.status_code == 200, ended.text
    card = ended.json()["scorecard"]
    assert card["scorer"] == "offline"
    assert any("judge was not available" in note for note in card["notes"])
    judged = [r for r in model.stats()["requests"] if r["judge"]]
    assert len(judged) == 2  # 500 then 500, or a reply then its one repair
    assert_well_formed(api.get(interview["id"]), [STRONG_STORY[0]])


def test_a_client_that_hangs_up_mid_turn_loses_nothing(service: procs.Server, model: procs.FakeControl) -> None:
    api = Api(service.url)
    interview = api.start()
    model.set(hold=True)
    headers = {**api.auth, "Accept": "text/event-stream"}
    with (
        httpx.Client(base_url=service.url, timeout=30) as other,
        other.stream(
            "POST", f"/api/interviews/{interview['id']}/answers", json={"text": STRONG_STORY[0]}, headers=headers
        ) as response,
    ):
        assert response.status_code == 200
        wait_for(lambda: model.stats(summary=True)["in_flight"] >= 1, what="the model call")
    # The client is gone; the model now answers.
    model.set(hold=False)
    done = wait_for(lambda: (i := api.get(interview["id"]))["awaiting"] == "candidate" and i, what="the stored reply")
    assert_well_formed(done, [STRONG_STORY[0]])
    assert done["messages"][-1]["fallback"] is False

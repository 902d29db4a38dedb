"""The model's part in a turn, through the real SDK faked on the wire: its notes on the answer are held to
the candidate's own words, "ANSWERED" sends the planner to another probe once, and a follow-up that
praises, leads or asks two things never reaches the candidate."""

from __future__ import annotations

from typing import Any

import respx
from fastapi.testclient import TestClient

from tests.providers.fake_openai import follow_up, notes, sent_json
from tests.utils.interviews import answer, start

ANSWER = "We shipped the new checkout flow in 6 weeks, and conversion rose from 61% to 68% in the first month."


def model_notes(**fields: Any) -> dict[str, Any]:
    empty: dict[str, Any] = {
        "satisfied": [],
        "dodge": None,
        "dodge_quote": None,
        "hollow": [],
        "claims": [],
        "contradictions": [],
        "scope": None,
        "horizon": None,
        "questions": [],
    }
    return {**empty, **fields}


def candidate_message(client: TestClient, auth: dict[str, str], interview_id: str) -> dict[str, Any]:
    stored = client.get(f"/api/interviews/{interview_id}", headers=auth).json()
    return next(m for m in reversed(stored["messages"]) if m["role"] == "candidate")


def test_the_models_notes_keep_only_what_the_answer_says(
    llm_client: TestClient, llm_auth: dict[str, str], llm: respx.MockRouter
) -> None:
    llm.routes["notes"].mock(
        return_value=notes(
            model_notes(
                satisfied=[
                    {"step": "metrics", "quote": "conversion rose from 61% to 68%"},
                    {"step": "role", "quote": "I personally rebuilt the payment form"},  # never said
                ],
                claims=[
                    {
                        "kind": "number",
                        "quote": "revenue tripled",
                        "subject": None,
                        "value": 3,
                        "unit": None,
                        "actor": None,
                    }
                ],
            )
        )
    )
    llm.post("/chat/completions").mock(side_effect=follow_up(["Which decision in that launch was yours alone?"]))
    iid = start(llm_client, llm_auth)["id"]
    answer(llm_client, llm_auth, iid, ANSWER)
    read = candidate_message(llm_client, llm_auth, iid)["assessment"]
    assert {"step": "metrics", "quote": "conversion rose from 61% to 68%"}.items() <= read["satisfied"][0].items()
    assert all(s["step"] != "role" for s in read["satisfied"])
    assert all("tripled" not in c["quote"] for c in read["claims"])


def test_answered_sends_the_planner_to_another_probe_once(
    llm_client: TestClient, llm_auth: dict[str, str], llm: respx.MockRouter
) -> None:
    replies = iter([follow_up(["ANSWERED"]), follow_up(["Which of the calls in that launch were yours to make?"])])
    route = llm.post("/chat/completions").mock(side_effect=lambda request: next(replies)(request))
    iid = start(llm_client, llm_auth)["id"]
    turn = answer(llm_client, llm_auth, iid, ANSWER)
    first, second = (sent_json(call.request) for call in route.calls)
    assert "reply with exactly the word ANSWERED" in first["messages"][-1]["content"]
    assert "ANSWERED" not in second["messages"][-1]["content"]  # a second probe cannot be waved through
    assert turn["message"]["text"] == "Which of the calls in that launch were yours to make?"
    assert turn["message"]["fallback"] is False


def test_a_follow_up_that_praises_leads_or_asks_twice_is_replaced(
    llm_client: TestClient, llm_auth: dict[str, str], llm: respx.MockRouter
) -> None:
    for bad in (
        "Great answer! What did you personally decide?",
        "Wouldn't you agree the launch was mostly your call?",
        "What did you decide? And who else was involved?",
    ):
        llm.post("/chat/completions").mock(side_effect=follow_up([bad]))
        iid = start(llm_client, llm_auth)["id"]
        turn = answer(llm_client, llm_auth, iid, ANSWER)
        assert turn["message"]["text"] != bad and turn["message"]["fallback"] is True
        assert turn["message"]["text"].endswith("?") and turn["message"]["text"].count("?") == 1

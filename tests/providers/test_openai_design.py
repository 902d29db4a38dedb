"""A system design round with a model: the model phrases the question, the answers to the candidate's
own questions come from the scenario's facts before it (never from the model), the prompt runs the
round in phases without the story pattern, and the design notes reach the model as the candidate's words."""

from __future__ import annotations

import respx
from fastapi.testclient import TestClient

from tests.providers.fake_openai import follow_up, sent_json
from tests.utils.interviews import start, stream_answer

DESIGN = "design-ride-sharing-service"
QUESTION = "Which functional and non-functional requirements will you design for, given those numbers?"
OPENING = "How many riders a day should I plan for, 5 million or 50 million? I'd start from the rider's journey."
NOTES = "- gateway -> ride service -> matching\n- trips: DynamoDB keyed by trip_id"


def test_the_facts_come_first_then_the_models_question(
    llm_client: TestClient, llm_auth: dict[str, str], llm: respx.MockRouter
) -> None:
    route = llm.post("/chat/completions").mock(side_effect=follow_up([QUESTION]))
    iid = start(llm_client, llm_auth, DESIGN)["id"]
    with llm_client.stream(
        "POST",
        f"/api/interviews/{iid}/answers",
        json={"text": OPENING, "notes": NOTES},
        headers={**llm_auth, "Accept": "text/event-stream"},
    ) as response:
        body = response.read().decode()
    assert "About 20 million riders" in body.split("event: message")[0]  # streamed before the model's words
    stored = llm_client.get(f"/api/interviews/{iid}", headers=llm_auth).json()["messages"][-1]
    assert stored["text"].startswith("About 20 million riders") and stored["text"].endswith(QUESTION)
    assert stored["phase"] == "requirements" and stored["fallback"] is False

    system, *conversation = sent_json(route.calls.last.request)["messages"]
    assert "system design round" in system["content"] and "About 20 million riders" in system["content"]
    assert "Clarifying question about your role" not in system["content"]  # no story pattern for a design
    last = conversation[-1]["content"]
    assert "[The candidate's design notes]" in last and "keyed by trip_id" in last
    assert "phase: requirements" in last and "do not repeat it" in last
    noted = sent_json(llm.routes["notes"].calls.last.request)
    steps = noted["response_format"]["json_schema"]["schema"]["properties"]["satisfied"]["items"]
    assert {"estimation", "data_model", "failures"} <= set(steps["properties"]["step"]["enum"])
    assert "strategy" not in steps["properties"]["step"]["enum"]  # only in a reply to a strategic question
    assert "system design round" in noted["messages"][0]["content"]


def test_a_failing_model_still_answers_the_candidates_questions(
    llm_client: TestClient, llm_auth: dict[str, str], llm: respx.MockRouter
) -> None:
    llm.post("/chat/completions").mock(side_effect=follow_up(["Great question! How many?", " And why?"]))
    iid = start(llm_client, llm_auth, DESIGN)["id"]
    events = stream_answer(llm_client, llm_auth, iid, OPENING)
    names = [name for name, _ in events]
    assert "reset" in names and names[-1] == "message"
    stored = llm_client.get(f"/api/interviews/{iid}", headers=llm_auth).json()["messages"][-1]
    assert stored["fallback"] is True and stored["text"].startswith("About 20 million riders")
    assert stored["text"].count("About 20 million riders") == 1

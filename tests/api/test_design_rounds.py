"""A system design round through the HTTP API: the phase on every interviewer message and on the
interview, the phases with their suggested minutes, and design notes sent with answers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.utils.interviews import answer, start

DESIGN = "design-ride-sharing-service"
OPENING = "Before I start: how many riders a day, 5 million or 50 million? And is pooling in scope?"
NOTES = "components:\n- gateway -> ride service -> matching\n- trips: DynamoDB, partition key trip_id"


def test_a_design_interview_shows_its_phase_and_the_time_each_phase_is_suggested_to_take(
    client: TestClient, auth: dict[str, str]
) -> None:
    interview = start(client, auth, DESIGN)
    assert interview["phase"] == "requirements"
    assert interview["messages"][0]["phase"] == "requirements"
    plan = interview["phases"]
    assert [p["id"] for p in plan] == ["requirements", "estimation", "high_level", "deep_dive", "failures"]
    assert sum(p["minutes"] for p in plan) == 60 and all(p["minutes"] >= 1 for p in plan)
    assert start(client, auth, "design-aws-s3-from-scratch", level="L7")["phases"][-1]["id"] == "strategy"

    turn = answer(client, auth, interview["id"], OPENING)
    assert turn["message"]["phase"] == "requirements" and turn["message"]["probe"] == "requirements"
    assert "20 million riders" in turn["message"]["text"]  # answered from the scenario, not probed
    turn = answer(client, auth, interview["id"], "Functionally: request, match, track, pay. p99 match in 5 s.")
    assert turn["message"]["phase"] == "estimation"
    assert client.get(f"/api/interviews/{interview['id']}", headers=auth).json()["phase"] == "estimation"


def test_a_behavioural_interview_has_no_phase(client: TestClient, auth: dict[str, str]) -> None:
    interview = start(client, auth)
    assert interview["phase"] is None and interview["phases"] == []
    turn = answer(client, auth, interview["id"], "I led the migration of billing to a new ledger in 2023.")
    assert turn["message"]["phase"] is None


def test_notes_are_stored_with_the_answer_and_kept_in_the_transcript(client: TestClient, auth: dict[str, str]) -> None:
    iid = start(client, auth, DESIGN)["id"]
    url = f"/api/interviews/{iid}/answers"
    sent = client.post(url, json={"text": OPENING, "notes": NOTES}, headers=auth)
    assert sent.status_code == 200 and sent.json()["answer"]["notes"] == NOTES
    blank = client.post(url, json={"text": "Functionally: request, match.", "notes": "  \n "}, headers=auth).json()
    assert blank["answer"]["notes"] is None
    markdown = client.get(f"/api/interviews/{iid}/transcript.md", headers=auth).text
    assert "- Phases (suggested time): Requirements (" in markdown
    assert "### Estimation (about" in markdown
    assert "Design notes sent with this answer:" in markdown and "partition key trip_id" in markdown


def test_notes_over_the_limit_are_a_422_naming_the_field_and_the_limit_and_nothing_is_stored(
    client: TestClient, auth: dict[str, str], settings
) -> None:
    iid = start(client, auth, DESIGN)["id"]
    url = f"/api/interviews/{iid}/answers"
    response = client.post(url, json={"text": OPENING, "notes": "x" * (settings.max_notes_chars + 1)}, headers=auth)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "notes"] and str(settings.max_notes_chars) in detail["msg"]
    assert len(client.get(f"/api/interviews/{iid}", headers=auth).json()["messages"]) == 1
    assert client.post(url, json={"text": OPENING, "notes": 5}, headers=auth).status_code == 422
    assert client.get("/healthz").json()["max_notes_chars"] == settings.max_notes_chars


@pytest.mark.parametrize("whiteboard", [None, NOTES + "\n- drivers: Redis GEO set per city, keyed by driver_id"])
def test_the_notes_are_read_by_the_interviewer(
    client: TestClient, auth: dict[str, str], whiteboard: str | None
) -> None:
    """A data model on the whiteboard is not asked for again; without it, it is."""
    iid = start(client, auth, DESIGN)["id"]
    probes = []
    texts = [
        "Functionally: request, match, track, pay; p99 match within 5 seconds.",
        "20 million trips a day is about 230 a second, 700 at peak; trips at 2 KB are 40 GB a day.",
        "The rider app calls the gateway, which routes to the ride service; it calls matching, which reads "
        "the driver index and sends the offer over a websocket; the trip service publishes events to a queue.",
    ]
    for text in texts:
        turn = client.post(f"/api/interviews/{iid}/answers", json={"text": text, "notes": whiteboard}, headers=auth)
        probes.append(turn.json()["message"]["probe"])
    assert probes[-1] == ("matching-algorithm" if whiteboard else "data_model")


def test_a_round_ended_early_leaves_what_it_never_reached_not_assessed(
    client: TestClient, auth: dict[str, str]
) -> None:
    iid = start(client, auth, DESIGN)["id"]
    answer(client, auth, iid, OPENING)
    card = client.post(f"/api/interviews/{iid}/end", headers=auth).json()["scorecard"]
    scores = {d["name"]: d["score"] for d in card["dimensions"]}
    assert scores["Requirements clarification"] is not None  # the opening asked for them, and was answered
    for name in ("Estimation", "High-level design", "Data and storage", "Reliability and operations", "Trade-offs"):
        assert scores[name] is None, name

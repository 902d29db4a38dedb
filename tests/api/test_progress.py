"""Progress across attempts through the HTTP API: the rise after a second, stronger attempt, "practise
next" moving on, and "try again" with its change per dimension. Scripted candidates of clearly different
strength; no exact score of the offline scorer is asserted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from app.config import Settings
from tests.utils.answers import STRONG_STORY, VAGUE_STORY
from tests.utils.interviews import answer, new_identity, run, start

QUESTION = "disagree-with-your-manager"
PRINCIPLES = {"have_backbone", "earn_trust", "are_right_a_lot"}
BACKBONE = "lp-have-backbone"
DISAGREEMENT = [
    "In 2023 my manager wanted to launch the new billing service on a fixed date, and I disagreed because our load "
    "test showed p99 latency of 2.4 s against a 500ms target. I was the tech lead and I owned the launch readiness.",
    "I personally pulled the data from 3 load tests and I pushed back in a one-page memo: I proposed a two-week "
    "delay with a canary to 5% of traffic. I listened to his concern about the sales commitment.",
    "We weighed three options: launch on the date, launch behind a feature flag, or delay two weeks. The flag was "
    "cheaper but still exposed 20% of customers; I chose the delay because the data showed the risk. He disagreed, "
    "escalated it, and I committed to his final call to launch to 5% first.",
    "As a result the canary caught a connection-pool leak, we fixed it in 4 days, and the full launch hit p99 of "
    "420ms with zero sev-2 incidents. I learned to bring data early and to disagree in writing.",
    "Going forward I attach load-test data to every launch review, and at Amazon I would use the same written "
    "disagree-and-commit memo when I challenge a decision.",
]


def backdate(settings: Settings, days: float, *interview_ids: str) -> None:
    """Move interviews into the past, as if they had been taken days ago."""
    engine = sa.create_engine(settings.sqlalchemy_url)
    when = datetime.now(UTC) - timedelta(days=days)
    with engine.begin() as conn:
        for interview_id in interview_ids:
            conn.execute(
                sa.text("UPDATE interview SET created_at = :t, completed_at = :t WHERE id = :id"),
                {"t": when, "id": interview_id},
            )
    engine.dispose()


def progress(client: TestClient, auth: dict[str, str], level: str | None = None) -> dict[str, Any]:
    response = client.get("/api/progress" + (f"?level={level}" if level else ""), headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def series(data: dict[str, Any], dim_id: str) -> dict[str, Any]:
    return next(s for s in data["principles"] + data["dimensions"] if s["id"] == dim_id)


def test_before_any_interview_everything_is_unpractised(client, auth) -> None:
    data = progress(client, auth)
    assert (data["level"], data["interviews"]) == ("L6", 0)
    assert len(data["unpractised"]) == 16 and all(s["points"] == [] for s in data["principles"])
    assert data["practise_next"] is not None and "not practised" in data["practise_next"]["reason"]
    types = data["question_types"]
    assert types[0]["name"] == "System Design" and types[0]["frequency"] == 100
    assert progress(client, auth, "L7")["question_types"][1]["name"] == "Hiring/Development"


def test_a_second_stronger_attempt_shows_the_rise_and_practise_next_moves_on(client, auth, settings) -> None:
    first = start(client, auth, QUESTION)
    run(client, auth, first["id"], VAGUE_STORY)
    backdate(settings, 4, first["id"])
    weak = progress(client, auth)
    assert weak["interviews"] == 1
    assert series(weak, BACKBONE)["latest"] <= 2
    unpractised = {p["id"] for p in weak["unpractised"]}
    assert "have_backbone" not in unpractised and len(unpractised | PRINCIPLES) == 16
    assert weak["practise_next"]["leadership_principle"] in PRINCIPLES
    assert weak["practise_next"]["question_id"] != QUESTION

    response = client.post(f"/api/interviews/{first['id']}/retry", headers=auth)
    assert response.status_code == 201
    second = response.json()
    assert second["question"]["id"] == QUESTION and second["id"] != first["id"]
    run(client, auth, second["id"], DISAGREEMENT)

    change = client.get(f"/api/interviews/{second['id']}/comparison", headers=auth).json()
    assert change["previous_id"] == first["id"]
    backbone = next(d for d in change["dimensions"] if d["id"] == BACKBONE)
    assert backbone["after"] > backbone["before"] and backbone["change"] == backbone["after"] - backbone["before"]
    assert change["overall_after"] > change["overall_before"]

    risen = progress(client, auth)
    line = series(risen, BACKBONE)
    assert [p["interview_id"] for p in line["points"]] == [first["id"], second["id"]]
    assert line["points"][1]["score"] > line["points"][0]["score"]
    assert line["trend"] == "rising" and line["change"] > 0
    assert risen["practise_next"]["leadership_principle"] != "have_backbone"

    backdate(settings, 4, first["id"], second["id"])
    later = progress(client, auth)
    assert later["practise_next"]["leadership_principle"] != "have_backbone"
    assert later["practise_next"]["question_id"] != QUESTION
    conflict = next(t for t in later["question_types"] if t["id"] == "conflict_resolution")
    assert conflict["attempts"] == 2


def test_an_interview_ended_before_any_answer_is_not_progress(client, auth) -> None:
    interview = start(client, auth, QUESTION)
    assert client.post(f"/api/interviews/{interview['id']}/end", headers=auth).json()["scorecard"] is not None
    assert progress(client, auth)["interviews"] == 0


def test_try_again_needs_a_finished_interview(client, auth) -> None:
    interview = start(client, auth)
    answer(client, auth, interview["id"], STRONG_STORY[0])
    response = client.post(f"/api/interviews/{interview['id']}/retry", headers=auth)
    assert response.status_code == 409 and "finish or end it" in response.json()["detail"]
    response = client.get(f"/api/interviews/{interview['id']}/comparison", headers=auth)
    assert response.status_code == 404 and "no scorecard yet" in response.json()["detail"]
    client.post(f"/api/interviews/{interview['id']}/end", headers=auth)
    response = client.get(f"/api/interviews/{interview['id']}/comparison", headers=auth)
    assert response.status_code == 404 and "no earlier scored attempt" in response.json()["detail"]


def test_trying_a_story_practice_again_practises_the_story_again(client, auth) -> None:
    story = client.post(
        "/api/stories",
        json={"title": "Billing launch", "text": DISAGREEMENT[0], "principles": ["have_backbone"]},
        headers=auth,
    ).json()
    first = client.post("/api/interviews", json={"level": "L6", "story_id": story["id"]}, headers=auth).json()
    client.post(f"/api/interviews/{first['id']}/end", headers=auth)
    again = client.post(f"/api/interviews/{first['id']}/retry", headers=auth).json()
    assert again["story_id"] == story["id"] and again["question"]["id"] == first["question"]["id"]


def test_progress_and_attempts_are_private(client, auth) -> None:
    interview = start(client, auth, QUESTION)
    run(client, auth, interview["id"], VAGUE_STORY)
    _, other = new_identity(client)
    assert progress(client, other)["interviews"] == 0
    assert client.post(f"/api/interviews/{interview['id']}/retry", headers=other).status_code == 404
    assert client.get(f"/api/interviews/{interview['id']}/comparison", headers=other).status_code == 404
    assert client.get("/api/progress?level=L5", headers=auth).status_code == 422
    assert client.get("/api/progress").status_code == 401

"""An identity's data rights through the HTTP API: everything it stored exported as one JSON or Markdown
archive, and all of it deleted in one call, without touching anyone else's."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.utils.answers import STRONG_DESIGN, STRONG_STORY
from tests.utils.interviews import new_identity, run, start


def fill(client: TestClient, auth: dict[str, str]) -> dict[str, Any]:
    """One interview on its own, one finished loop, one loop in progress and one story."""
    alone = start(client, auth)
    run(client, auth, alone["id"], STRONG_STORY)
    done = client.post("/api/loops", json={"level": "L6", "seed": 1}, headers=auth).json()
    while done["next_interview"]:
        interview = client.get(f"/api/interviews/{done['next_interview']}", headers=auth).json()
        run(
            client,
            auth,
            interview["id"],
            STRONG_DESIGN if interview["question"]["category"] == "system_design" else STRONG_STORY,
        )
        done = client.get(f"/api/loops/{done['id']}", headers=auth).json()
    open_loop = client.post("/api/loops", json={"level": "L7", "seed": 2}, headers=auth).json()
    story = client.post(
        "/api/stories",
        json={"title": "Checkout latency", "text": STRONG_STORY[0], "principles": ["ownership"]},
        headers=auth,
    ).json()
    return {"alone": alone, "done": done, "open": open_loop, "story": story}


@pytest.mark.slow  # a whole loop of interviews
def test_the_json_export_holds_every_interview_loop_and_story(client, auth) -> None:
    mine = fill(client, auth)
    _, other = new_identity(client)
    fill(client, other)
    response = client.get("/api/export", headers=auth)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="mock-interview-export.json"'
    data = response.json()
    loop_interviews = [i for lp in (mine["done"], mine["open"]) for r in lp["rounds"] for i in r["interviews"]]
    assert {i["id"] for i in data["interviews"]} == {mine["alone"]["id"], *loop_interviews}
    alone = next(i for i in data["interviews"] if i["id"] == mine["alone"]["id"])
    assert alone == client.get(f"/api/interviews/{mine['alone']['id']}", headers=auth).json()
    loops = {item["loop"]["id"]: item for item in data["loops"]}
    assert set(loops) == {mine["done"]["id"], mine["open"]["id"]}
    assert (
        loops[mine["done"]["id"]]["debrief"]
        == client.get(f"/api/loops/{mine['done']['id']}/debrief", headers=auth).json()
    )
    assert loops[mine["open"]["id"]]["debrief"] is None
    assert [s["id"] for s in data["stories"]] == [mine["story"]["id"]]


@pytest.mark.slow  # a whole loop of interviews
def test_the_markdown_export_reads_as_one_document(client, auth) -> None:
    mine = fill(client, auth)
    response = client.get("/api/export?format=md", headers=auth)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/markdown")
    text = response.text
    assert text.startswith("# Mock interviewer: all your data")
    assert text.count("# Loop debrief (L6)") == 1
    assert f"Loop `{mine['open']['id']}` (L7): in progress, 0 of 5 rounds done" in text
    assert text.count("# Mock interview: ") == 1 + 7 + 9
    assert "### Checkout latency" in text and "- Principles: Ownership" in text
    assert client.get("/api/export?format=pdf", headers=auth).status_code == 422


@pytest.mark.slow  # a whole loop of interviews
def test_deleting_everything_takes_one_call_and_leaves_others_alone(client, auth) -> None:
    mine = fill(client, auth)
    _, other = new_identity(client)
    theirs = fill(client, other)
    response = client.delete("/api/data", headers=auth)
    assert response.status_code == 200
    assert response.json() == {"interviews": 1 + 7 + 9, "loops": 2, "stories": 1}
    assert client.get("/api/interviews", headers=auth).json()["count"] == 0
    assert client.get("/api/loops", headers=auth).json()["count"] == 0
    assert client.get("/api/stories", headers=auth).json()["count"] == 0
    assert client.get(f"/api/interviews/{mine['alone']['id']}", headers=auth).status_code == 404
    export = client.get("/api/export", headers=auth).json()
    assert (export["interviews"], export["loops"], export["stories"]) == ([], [], [])
    assert client.get("/api/progress", headers=auth).json()["interviews"] == 0

    assert client.get("/api/interviews", headers=other).json()["count"] == 1 + 7 + 9
    assert client.get(f"/api/loops/{theirs['done']['id']}/debrief", headers=other).status_code == 200
    assert client.get("/api/stories", headers=other).json()["count"] == 1

    assert start(client, auth)["status"] == "in_progress"  # the token still works, on an empty identity
    assert client.delete("/api/data", headers=auth).json() == {"interviews": 1, "loops": 0, "stories": 0}


def test_data_rights_need_a_token(client) -> None:
    assert client.get("/api/export").status_code == 401
    assert client.delete("/api/data").status_code == 401

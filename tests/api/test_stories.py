"""The story bank through the HTTP API: stories written out or saved from an interview, the principles they
cover, practising one in an interview, and the same privacy as interviews."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.main import create_app
from tests.utils.answers import STRONG_STORY, VAGUE_STORY
from tests.utils.interviews import answer, new_identity, run, start


def add(client: TestClient, auth: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"title": "Checkout latency", "text": "\n".join(STRONG_STORY), **fields}
    response = client.post("/api/stories", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return response.json()


def bank(client: TestClient, auth: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/stories", headers=auth)
    assert response.status_code == 200
    return response.json()


def test_a_saved_story_appears_under_its_principles_and_the_rest_are_listed_without_one(client, auth) -> None:
    empty = bank(client, auth)
    assert empty["count"] == 0 and len(empty["coverage"]["without_story"]) == 16

    story = add(client, auth, principles=["ownership", "dive_deep"], numbers=["timeouts 4% -> 0.3%"])
    assert story["principles"] == ["ownership", "dive_deep"] and not story["lacks_numbers"]
    result = bank(client, auth)
    rows = {r["id"]: r["stories"] for r in result["coverage"]["principles"]}
    assert rows["ownership"] == [story["id"]] and rows["dive_deep"] == [story["id"]]
    assert rows["frugality"] == []
    without = result["coverage"]["without_story"]
    assert "ownership" not in without and "dive_deep" not in without and len(without) == 14
    assert result["coverage"]["single_story"] == ["ownership", "dive_deep"]

    second = add(client, auth, title="Team turnaround", principles=["ownership"], numbers=[])
    assert second["lacks_numbers"]
    result = bank(client, auth)
    assert result["coverage"]["single_story"] == ["dive_deep"]
    assert result["coverage"]["lacking_numbers"] == [second["id"]]


def test_saving_an_interviews_answers_suggests_principles_and_numbers(client, auth) -> None:
    interview = start(client, auth, "own-complex-project-end-to-end")
    run(client, auth, interview["id"], STRONG_STORY)
    suggestion = client.get(f"/api/interviews/{interview['id']}/story", headers=auth).json()
    assert suggestion["text"].startswith(STRONG_STORY[0])
    assert "ownership" in suggestion["principles"]
    assert any("4%" in n for n in suggestion["numbers"])
    assert "Tell me about owning a complex project end-to-end" in suggestion["title"]

    story = add(client, auth, title=None, text=None, interview_id=interview["id"])
    assert (story["text"], story["principles"], story["numbers"]) == (
        suggestion["text"],
        suggestion["principles"],
        suggestion["numbers"],
    )
    assert story["source_interview_id"] == interview["id"]

    one = client.get(f"/api/interviews/{interview['id']}", headers=auth).json()["messages"][1]
    single = add(client, auth, title="Just the start", text=None, interview_id=interview["id"], seq=one["seq"])
    assert single["text"] == one["text"] and single["title"] == "Just the start"


def test_a_story_is_edited_and_deleted(client, auth) -> None:
    story = add(client, auth, principles=["ownership"])
    response = client.patch(
        f"/api/stories/{story['id']}",
        json={"principles": ["earn_trust", "earn_trust"], "numbers": ["$2M"]},
        headers=auth,
    )
    assert response.status_code == 200
    edited = response.json()
    assert edited["principles"] == ["earn_trust"] and edited["numbers"] == ["$2M"] and edited["title"] == story["title"]
    assert edited["updated_at"] >= story["updated_at"]
    assert client.get(f"/api/stories/{story['id']}", headers=auth).json() == edited
    assert client.delete(f"/api/stories/{story['id']}", headers=auth).status_code == 204
    assert client.get(f"/api/stories/{story['id']}", headers=auth).status_code == 404
    assert bank(client, auth)["count"] == 0


def test_practising_a_story_drills_it(client, auth) -> None:
    story = add(client, auth, principles=["have_backbone"])
    response = client.post("/api/interviews", json={"level": "L6", "story_id": story["id"]}, headers=auth)
    assert response.status_code == 201, response.text
    interview = response.json()
    assert interview["story_id"] == story["id"]
    assert "have_backbone" in interview["question"]["leadership_principles"]
    assert STRONG_STORY[0] in interview["question"]["context"]
    opening = interview["messages"][0]["text"]
    assert opening.startswith(interview["question"]["text"]) and '"Checkout latency"' in opening
    turn = answer(client, auth, interview["id"], STRONG_STORY[0])
    assert turn["message"]["probe"]
    assert client.get(f"/api/stories/{story['id']}", headers=auth).json()["practised_in"] == [interview["id"]]
    transcript = client.get(f"/api/interviews/{interview['id']}/transcript.md", headers=auth).text
    assert "Context: The candidate is practising their story" in transcript

    chosen = client.post(
        "/api/interviews",
        json={"level": "L6", "story_id": story["id"], "question_id": "own-complex-project-end-to-end"},
        headers=auth,
    ).json()
    assert chosen["question"]["id"] == "own-complex-project-end-to-end" and chosen["story_id"] == story["id"]

    assert client.delete(f"/api/stories/{story['id']}", headers=auth).status_code == 204
    kept = client.get(f"/api/interviews/{interview['id']}", headers=auth)
    assert kept.status_code == 200 and kept.json()["story_id"] is None


def test_a_story_told_in_two_rounds_of_a_loop_is_overused(client, auth) -> None:
    story = add(client, auth, principles=["ownership"])
    other = add(client, auth, title="Other", text="\n".join(VAGUE_STORY))
    loop = client.post("/api/loops", json={"level": "L6", "seed": 1}, headers=auth).json()
    for position in (1, 2):
        run(client, auth, loop["rounds"][position]["interviews"][0], STRONG_STORY)
    overused = bank(client, auth)["coverage"]["overused"]
    assert [(o["story_id"], o["loop_id"]) for o in overused] == [(story["id"], loop["id"])]
    assert overused[0]["rounds"] == [loop["rounds"][1]["name"], loop["rounds"][2]["name"]]
    assert other["id"] not in {o["story_id"] for o in overused}


def test_stories_are_private(client, auth) -> None:
    story = add(client, auth)
    _, other = new_identity(client)
    for method in ("GET", "PATCH", "DELETE"):
        body = {"title": "mine now"} if method == "PATCH" else None
        response = client.request(method, f"/api/stories/{story['id']}", json=body, headers=other)
        assert response.status_code == 404 and response.json()["detail"] == f"story {story['id']!r} not found"
    assert bank(client, other)["count"] == 0
    response = client.post("/api/interviews", json={"level": "L6", "story_id": story["id"]}, headers=other)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "story_id"]
    interview = start(client, auth)
    answer(client, auth, interview["id"], STRONG_STORY[0])
    response = client.get(f"/api/interviews/{interview['id']}/story", headers=other)
    assert response.status_code == 404 and response.json()["detail"] == f"interview {interview['id']!r} not found"


def test_bad_input_is_a_422_naming_the_field(client, auth) -> None:
    def problem(body: dict[str, Any]) -> tuple[list[Any], str]:
        response = client.post("/api/stories", json=body, headers=auth)
        assert response.status_code == 422, response.text
        return response.json()["detail"][0]["loc"], response.json()["detail"][0]["msg"]

    assert problem({"text": "a story"})[0] == ["body", "title"]
    assert problem({"title": "t"})[0] == ["body", "text"]
    assert problem({"title": "t", "text": "   "}) == (["body", "text"], "the story text is empty")
    loc, message = problem({"title": "t", "text": "x" * 20_001})
    assert loc == ["body", "text"] and "the limit is 20000 characters" in message
    assert problem({"title": "t" * 201, "text": "x"})[0] == ["body", "title"]
    assert problem({"title": "t", "text": "x", "principles": ["charm"]})[0] == ["body", "principles", 0]
    assert problem({"title": "t", "text": "x", "numbers": ["1"] * 21})[0] == ["body", "numbers"]
    assert problem({"title": "t", "text": "x", "seq": 2})[0] == ["body", "seq"]
    assert problem({"title": "t", "interview_id": "nope"})[0] == ["body", "interview_id"]
    assert problem({"title": "t", "text": "x", "interview_id": ""})[0] == ["body", "interview_id"]
    assert problem({"title": "t", "text": "x", "mood": "good"})[0] == ["body", "mood"]
    assert problem({"title": "\u0000\u0001", "text": "x"}) == (["body", "title"], "the title is empty")
    interview = start(client, auth)
    assert problem({"interview_id": interview["id"]}) == (
        ["body", "interview_id"],
        f"interview {interview['id']!r} has no answers yet",
    )
    answer(client, auth, interview["id"], STRONG_STORY[0])
    assert problem({"interview_id": interview["id"], "seq": 1})[0] == ["body", "seq"]
    story = add(client, auth)
    response = client.patch(f"/api/stories/{story['id']}", json={"text": ""}, headers=auth)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "text"]
    for bad in ("x" * 33, ""):
        response = client.post("/api/interviews", json={"level": "L6", "story_id": bad}, headers=auth)
        assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "story_id"]
    response = client.get(f"/api/interviews/{interview['id']}/story?seq=1", headers=auth)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "seq"]


def test_a_story_keeps_exactly_what_was_written(client, auth) -> None:
    text = "Line one with <script>alert(1)</script>\n\nLine two: “quotes” & ünïcode."
    story = add(client, auth, title="  Trimmed  ", text=text)
    assert story["title"] == "Trimmed" and story["text"] == text


def test_stories_per_token_are_limited(make_settings) -> None:
    with TestClient(create_app(make_settings(max_stories_per_token=2))) as client:
        _, auth = new_identity(client)
        add(client, auth)
        add(client, auth)
        response = client.post("/api/stories", json={"title": "t", "text": "x"}, headers=auth)
        assert response.status_code == 429 and "the limit is 2" in response.json()["detail"]

"""The interview through HTTP: the drill, its depth rule, persistence, identity and every bad input."""

from __future__ import annotations

from itertools import pairwise

from fastapi.testclient import TestClient

from app.main import create_app
from app.planner import GENERIC_PROBES
from tests.utils.answers import STRONG_STORY, VAGUE_STORY
from tests.utils.interviews import answer, new_identity, run, start

PROBES = set(GENERIC_PROBES)


def test_start_asks_the_bank_question_exactly(client: TestClient, auth: dict[str, str]) -> None:
    interview = start(client, auth)
    assert interview["status"] == "in_progress"
    assert interview["depth"] == 0
    assert interview["awaiting"] == "candidate"
    assert interview["messages"] == [
        {**interview["messages"][0], "role": "interviewer", "text": "Tell me about owning a complex project end-to-end"}
    ]
    assert interview["question"]["id"] == "own-complex-project-end-to-end"


def test_every_follow_up_carries_probe_and_reason_and_depth_stays_in_3_to_5(
    client: TestClient, auth: dict[str, str]
) -> None:
    interview = start(client, auth)
    turns = run(client, auth, interview["id"], STRONG_STORY)
    follow_ups = [t["message"] for t in turns if t["status"] == "in_progress"]
    assert 3 <= len(follow_ups) <= 5
    own_ids = {f["id"] for f in interview["question"]["follow_ups"]}
    for depth, message in enumerate(follow_ups, 1):
        assert message["role"] == "interviewer"
        assert message["probe"] in PROBES | own_ids
        assert message["reason"]
        assert message["depth"] == depth
        assert message["text"].strip().endswith("?") or "Walk me through" in message["text"]
    assert turns[-1]["depth"] == len(follow_ups)  # the closing message is not a follow-up
    assert turns[0]["answer"]["text"] == STRONG_STORY[0] and turns[0]["answer"]["role"] == "candidate"
    assert turns[-1]["scorecard"]["recommendation"] in {"Strong Hire", "Hire", "No Hire", "Strong No Hire"}


def test_vague_answers_are_drilled_to_the_maximum_depth(client: TestClient, auth: dict[str, str]) -> None:
    interview = start(client, auth)
    turns = run(client, auth, interview["id"], VAGUE_STORY)
    probes = [t["message"]["probe"] for t in turns if t["status"] == "in_progress"]
    assert len(probes) == 5
    # An opening with nothing specific in it is pressed once for a real story; then their own role.
    assert probes[:2] == ["clarify", "role"]
    assert "metrics" in probes
    gaps = [p for p in probes if p != "clarify"]
    assert len(set(gaps)) == len(gaps)  # never the same gap twice; a dodge may be pressed


def test_the_whole_interview_is_stored_and_reviewable(client: TestClient, auth: dict[str, str]) -> None:
    interview = start(client, auth)
    run(client, auth, interview["id"], STRONG_STORY)
    stored = client.get(f"/api/interviews/{interview['id']}", headers=auth).json()
    assert stored["status"] == "completed"
    assert stored["awaiting"] is None
    roles = [m["role"] for m in stored["messages"]]
    assert roles[0] == "interviewer" and roles[-1] == "interviewer"
    assert all(a != b for a, b in pairwise(roles))  # strictly alternating
    assert [m["seq"] for m in stored["messages"]] == list(range(1, len(roles) + 1))
    assert stored["messages"][1]["text"] == STRONG_STORY[0]
    assert stored["scorecard"]["dimensions"]
    assert all(m["created_at"].endswith("Z") or "+00:00" in m["created_at"] for m in stored["messages"])

    markdown = client.get(f"/api/interviews/{interview['id']}/transcript.md", headers=auth)
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# Mock interview: Tell me about owning a complex project end-to-end")
    assert STRONG_STORY[0][:60] in markdown.text
    assert "## Scorecard" in markdown.text and stored["scorecard"]["recommendation"] in markdown.text


def test_unicode_is_stored_exactly_and_control_characters_are_stripped(
    client: TestClient, auth: dict[str, str]
) -> None:
    interview = start(client, auth)
    text = 'I led 🚀 the rollout — 東京 and عربي, naïve cafe\u0301 "quoted" <b>not html</b>\n\ttabbed'
    answer(client, auth, interview["id"], text + "\x00\x07\x1b[31m")
    stored = client.get(f"/api/interviews/{interview['id']}", headers=auth).json()
    assert stored["messages"][1]["text"] == text + "[31m"


def test_bad_answers_get_clear_4xx(client: TestClient, auth: dict[str, str], settings) -> None:
    iid = start(client, auth)["id"]
    url = f"/api/interviews/{iid}/answers"
    for body in ({"text": ""}, {"text": "  \n\t "}, {"text": "\x00\x01"}):
        response = client.post(url, json=body, headers=auth)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "text"]
    too_long = client.post(url, json={"text": "x" * (settings.max_answer_chars + 1)}, headers=auth)
    assert too_long.status_code == 422
    assert str(settings.max_answer_chars) in too_long.json()["detail"][0]["msg"]
    assert client.post(url, json={}, headers=auth).status_code == 422
    assert client.post(url, json={"text": 5}, headers=auth).status_code == 422
    assert client.post(url, json=["text"], headers=auth).status_code == 422
    assert (
        client.post(url, content=b"{not json", headers={**auth, "content-type": "application/json"}).status_code == 422
    )
    surrogate = client.post(
        url, content=b'{"text": "abc \\ud800 def"}', headers={**auth, "content-type": "application/json"}
    )
    assert surrogate.status_code == 422
    level = client.post(
        "/api/interviews", content=b'{"level": "\\udfff"}', headers={**auth, "content-type": "application/json"}
    )
    assert level.status_code == 422 and level.json()["detail"][0]["loc"] == ["body", "level"]
    assert client.post(url, json={"text": "ok", "extra": 1}, headers=auth).status_code == 422
    # None of these were stored.
    assert len(client.get(f"/api/interviews/{iid}", headers=auth).json()["messages"]) == 1


def test_body_over_the_limit_is_refused_before_it_is_read(make_settings) -> None:
    with TestClient(create_app(make_settings(max_body_bytes=10_000))) as c:
        _, auth = new_identity(c)
        response = c.post(
            "/api/interviews/x/answers",
            content=b"{" + b" " * 20_000 + b"}",
            headers={**auth, "content-type": "application/json"},
        )
        assert response.status_code == 413
        assert "10000" in response.json()["detail"][0]["msg"]


def test_answering_a_completed_interview_is_a_conflict(client: TestClient, auth: dict[str, str]) -> None:
    iid = start(client, auth)["id"]
    ended = client.post(f"/api/interviews/{iid}/end", headers=auth)
    assert ended.status_code == 200
    assert ended.json()["status"] == "completed" and ended.json()["ended_early"] is True
    assert ended.json()["scorecard"] is not None
    response = client.post(f"/api/interviews/{iid}/answers", json={"text": "more"}, headers=auth)
    assert response.status_code == 409
    assert "completed" in response.json()["detail"]
    assert client.post(f"/api/interviews/{iid}/end", headers=auth).status_code == 200  # ending twice is harmless


def test_identity_is_required_and_interviews_are_private(client: TestClient, auth: dict[str, str]) -> None:
    iid = start(client, auth)["id"]
    assert client.get("/api/interviews").status_code == 401
    assert client.get("/api/interviews").headers["www-authenticate"] == "Bearer"
    assert client.get("/api/interviews", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/interviews", headers={"Authorization": "Basic abc"}).status_code == 401
    _, other = new_identity(client)
    for method, path, body in (
        ("GET", f"/api/interviews/{iid}", None),
        ("GET", f"/api/interviews/{iid}/transcript.md", None),
        ("GET", f"/api/interviews/{iid}/scorecard", None),
        ("POST", f"/api/interviews/{iid}/answers", {"text": "hi"}),
        ("POST", f"/api/interviews/{iid}/end", None),
        ("POST", f"/api/interviews/{iid}/scorecard", None),
        ("DELETE", f"/api/interviews/{iid}", None),
    ):
        response = client.request(method, path, json=body, headers=other)
        assert response.status_code == 404, (method, path, response.text)
    assert client.get("/api/interviews", headers=other).json()["count"] == 0
    assert client.get(f"/api/interviews/{iid}", headers=auth).status_code == 200


def test_unknown_ids_are_404(client: TestClient, auth: dict[str, str]) -> None:
    for path in ("/api/interviews/nope", "/api/interviews/" + "0" * 32, "/api/interviews/%F0%9F%9A%80/transcript.md"):
        assert client.get(path, headers=auth).status_code == 404
    assert client.delete("/api/interviews/nope", headers=auth).status_code == 404


def test_start_validates_its_input(client: TestClient, auth: dict[str, str]) -> None:
    bad = [
        {},
        {"level": "L5"},
        {"level": "L6", "question_id": "no-such-question"},
        {"level": "L6", "category": "cooking"},
        {
            "level": "L6",
            "category": "system_design",
            "leadership_principle": "frugality",
            "question_type": "team_turnaround",
        },
    ]
    for body in bad:
        response = client.post("/api/interviews", json=body, headers=auth)
        assert response.status_code == 422, body
        assert response.json()["detail"]


def test_surprise_pick_is_reproducible_and_honours_filters(client: TestClient, auth: dict[str, str]) -> None:
    body = {"level": "L7", "category": "behavioral", "seed": 42}
    first = client.post("/api/interviews", json=body, headers=auth).json()
    second = client.post("/api/interviews", json=body, headers=auth).json()
    assert first["question"]["id"] == second["question"]["id"]
    assert first["question"]["category"] == "behavioral" and "L7" in first["question"]["levels"]


def test_list_is_newest_first_and_paginated(client: TestClient, auth: dict[str, str]) -> None:
    ids = [
        start(client, auth, q)["id"]
        for q in ("own-complex-project-end-to-end", "design-ride-sharing-service", "disagree-with-your-manager")
    ]
    page = client.get("/api/interviews?limit=2", headers=auth).json()
    assert page["count"] == 3 and page["limit"] == 2
    assert [i["id"] for i in page["data"]] == ids[::-1][:2]
    rest = client.get("/api/interviews?limit=2&offset=2", headers=auth).json()
    assert [i["id"] for i in rest["data"]] == [ids[0]]
    assert client.get("/api/interviews?limit=0", headers=auth).status_code == 422
    assert client.get("/api/interviews?limit=abc", headers=auth).status_code == 422
    assert client.get("/api/interviews?offset=-1", headers=auth).status_code == 422


def test_delete_removes_everything(client: TestClient, auth: dict[str, str]) -> None:
    iid = start(client, auth)["id"]
    run(client, auth, iid, STRONG_STORY)
    assert client.delete(f"/api/interviews/{iid}", headers=auth).status_code == 204
    assert client.get(f"/api/interviews/{iid}", headers=auth).status_code == 404
    assert client.get(f"/api/interviews/{iid}/scorecard", headers=auth).status_code == 404
    assert client.get("/api/interviews", headers=auth).json()["count"] == 0


def test_scorecard_is_404_until_scored_and_can_be_redone(client: TestClient, auth: dict[str, str]) -> None:
    iid = start(client, auth)["id"]
    missing = client.get(f"/api/interviews/{iid}/scorecard", headers=auth)
    assert missing.status_code == 404 and "scorecard" in missing.json()["detail"]
    assert client.post(f"/api/interviews/{iid}/scorecard", headers=auth).status_code == 404
    run(client, auth, iid, STRONG_STORY)
    card = client.get(f"/api/interviews/{iid}/scorecard", headers=auth).json()
    again = client.post(f"/api/interviews/{iid}/scorecard", headers=auth).json()
    assert again["recommendation"] == card["recommendation"] and again["scorer"] == "offline"


def test_idempotency_key_replays_instead_of_storing_twice(client: TestClient, auth: dict[str, str]) -> None:
    iid = start(client, auth)["id"]
    headers = {**auth, "Idempotency-Key": "answer-1"}
    first = client.post(f"/api/interviews/{iid}/answers", json={"text": STRONG_STORY[0]}, headers=headers)
    again = client.post(f"/api/interviews/{iid}/answers", json={"text": STRONG_STORY[0]}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert len(client.get(f"/api/interviews/{iid}", headers=auth).json()["messages"]) == 3


def test_interviews_survive_a_restart(make_settings) -> None:
    settings = make_settings()
    with TestClient(create_app(settings)) as c:
        _, auth = new_identity(c)
        iid = start(c, auth)["id"]
        answer(c, auth, iid, STRONG_STORY[0])
    with TestClient(create_app(settings)) as c:
        resumed = c.get(f"/api/interviews/{iid}", headers=auth).json()
        assert resumed["depth"] == 1 and resumed["awaiting"] == "candidate"
        turns = run(c, auth, iid, STRONG_STORY[1:])
        assert turns[-1]["status"] == "completed"

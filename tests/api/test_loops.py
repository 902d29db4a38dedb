"""Loops through the HTTP API: rounds as the seed builds them, each an ordinary interview, and a debrief
consistent with the rounds' scorecards. Scripted candidates whose strength differs clearly; the offline
scorer's exact scores are never asserted."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.domain.scorecard import RECOMMENDATIONS
from app.main import create_app
from tests.utils.answers import STRONG_DESIGN, STRONG_STORY, VAGUE_DESIGN, VAGUE_STORY
from tests.utils.interviews import answer, new_identity, run

HIRES = {"Hire", "Strong Hire"}
OTHER_STORY = [
    "In 2022 I inherited a platform team of 9 whose on-call pages had reached 140 a week. I was the manager and I "
    "set the goal of halving them in one quarter.",
    "I personally ran the weekly page review and I chose to fund an error budget instead of a rewrite, because the "
    "rewrite would have frozen features for two quarters.",
    "Pages fell from 140 to 35 a week and attrition on the team dropped from 3 people a half to none. I learned to "
    "measure toil before arguing about architecture, and I now start every team plan with a toil audit.",
]


@pytest.fixture
def settings(make_settings) -> Settings:
    """A whole loop, with a design round of twenty-odd turns, is more answers than one client may send in
    a minute; the tests take it far faster than a person would."""
    return make_settings(rate_limit_per_minute=10_000)


def start_loop(client: TestClient, auth: dict[str, str], level: str = "L6", seed: int = 1) -> dict[str, Any]:
    response = client.post("/api/loops", json={"level": level, "seed": seed}, headers=auth)
    assert response.status_code == 201, response.text
    return response.json()


def take_loop(client: TestClient, auth: dict[str, str], loop: dict[str, Any], *, strong: bool) -> dict[str, Any]:
    """Answer every round in order, as the loop says to take them, until it is completed."""
    stories = [STRONG_STORY, OTHER_STORY]
    while loop["next_interview"]:
        interview = client.get(f"/api/interviews/{loop['next_interview']}", headers=auth).json()
        design = interview["question"]["category"] == "system_design"
        if strong:
            script = STRONG_DESIGN if design else stories[loop["rounds_done"] % 2]
        else:
            script = VAGUE_DESIGN if design else VAGUE_STORY
        run(client, auth, interview["id"], script)
        after = client.get(f"/api/loops/{loop['id']}", headers=auth).json()
        assert after["next_interview"] != loop["next_interview"]
        loop = after
    return loop


def expected_vote(cards: list[dict[str, Any]]) -> str | None:
    """A round votes the floor of its interviews' mean recommendation."""
    ranks = [RECOMMENDATIONS.index(c["recommendation"]) for c in cards if c and c["recommendation"]]
    return RECOMMENDATIONS[sum(ranks) // len(ranks)] if ranks else None


def scorecards(client: TestClient, auth: dict[str, str], ids: list[str]) -> list[dict[str, Any]]:
    return [client.get(f"/api/interviews/{i}", headers=auth).json()["scorecard"] for i in ids]


def assert_consistent(client: TestClient, auth: dict[str, str], loop: dict[str, Any], debrief: dict[str, Any]) -> None:
    assert [r["position"] for r in debrief["rounds"]] == list(range(len(loop["rounds"])))
    for planned, voted in zip(loop["rounds"], debrief["rounds"], strict=True):
        assert voted["interviews"] == planned["interviews"] and voted["name"] == planned["name"]
        cards = scorecards(client, auth, planned["interviews"])
        assert voted["vote"] == expected_vote(cards)
        for card in cards:
            assert card["level"] == loop["level"]
    assert len(debrief["principles"]) == 16
    for row in debrief["principles"]:
        assert [c["position"] for c in row["cells"]] == list(range(len(loop["rounds"])))
        assert {c["rating"] for c in row["cells"]} <= {"strong", "weak", "none", "red_flagged"}
    assert debrief["decision"] in RECOMMENDATIONS
    assert debrief["level_verdict"] in ("below L6", "L6", "L7")
    assert debrief["reasons"] and 1 <= len(debrief["changes"]) <= 3
    votes = [r["vote"] for r in debrief["rounds"]]
    if sum(v in HIRES for v in votes) * 2 <= len(votes) or "Strong No Hire" in votes:
        assert debrief["decision"] not in HIRES


@pytest.mark.slow  # a whole loop of interviews
@pytest.mark.parametrize(
    ("level", "names"),
    [
        ("L6", ["System Design Round", "Hiring Manager Round", "Bar Raiser Round", "Peer Manager Round"]),
        (
            "L7",
            [
                "System Design Round",
                "Hiring Manager Round",
                "Bar Raiser Round",
                "Peer Manager Round",
                "Senior Leader Round (L7)",
            ],
        ),
    ],
)
def test_a_loop_runs_to_the_end_and_its_debrief_follows_the_scorecards(client, auth, level, names) -> None:
    loop = start_loop(client, auth, level)
    assert [r["name"] for r in loop["rounds"]] == names
    assert loop["status"] == "in_progress" and loop["rounds_done"] == 0
    assert all(r["status"] == "not_started" and 1 <= len(r["interviews"]) <= 2 for r in loop["rounds"])
    assert loop["next_interview"] == loop["rounds"][0]["interviews"][0]
    asked = [q["question_id"] for r in loop["rounds"] for q in r["questions"]]
    assert len(asked) == len(set(asked))

    done = take_loop(client, auth, loop, strong=True)
    assert done["status"] == "completed" and done["rounds_done"] == len(names) and done["completed_at"]
    assert all(r["status"] == "completed" for r in done["rounds"])

    response = client.get(f"/api/loops/{loop['id']}/debrief", headers=auth)
    assert response.status_code == 200, response.text
    debrief = response.json()
    assert_consistent(client, auth, done, debrief)
    assert debrief["level"] == level and debrief["writer"] == "offline"


@pytest.mark.slow  # a whole loop of interviews
def test_a_vague_candidates_loop_is_not_a_hire(client, auth) -> None:
    loop = take_loop(client, auth, start_loop(client, auth, "L6", seed=2), strong=False)
    debrief = client.get(f"/api/loops/{loop['id']}/debrief", headers=auth).json()
    assert_consistent(client, auth, loop, debrief)
    assert all(r["vote"] in ("No Hire", "Strong No Hire") for r in debrief["rounds"])
    assert debrief["decision"] in ("No Hire", "Strong No Hire")
    assert all(row["best"] != "strong" for row in debrief["principles"])


@pytest.mark.slow  # a whole loop of interviews
def test_a_strong_candidate_does_better_than_a_vague_one(client, auth) -> None:
    strong = take_loop(client, auth, start_loop(client, auth, "L6", seed=3), strong=True)
    vague = take_loop(client, auth, start_loop(client, auth, "L6", seed=3), strong=False)
    ranks = []
    for loop in (strong, vague):
        debrief = client.get(f"/api/loops/{loop['id']}/debrief", headers=auth).json()
        ranks.append(sum(RECOMMENDATIONS.index(r["vote"]) for r in debrief["rounds"]))
    assert ranks[0] > ranks[1]


@pytest.mark.slow  # a whole loop of interviews
def test_the_same_story_in_two_rounds_is_flagged_in_the_debrief(client, auth) -> None:
    loop = start_loop(client, auth)
    while loop["next_interview"]:
        run(client, auth, loop["next_interview"], STRONG_STORY)
        loop = client.get(f"/api/loops/{loop['id']}", headers=auth).json()
    debrief = client.get(f"/api/loops/{loop['id']}/debrief", headers=auth).json()
    (repeat,) = debrief["repeated_stories"]
    assert len(repeat["positions"]) == len(loop["rounds"])
    assert "4%" in repeat["evidence"]
    assert any("The same story was told in the" in r for r in debrief["reasons"])
    assert any(c.startswith("Bring a different story") for c in debrief["changes"])


def test_the_debrief_waits_for_every_round_unless_the_loop_is_ended(client, auth) -> None:
    loop = start_loop(client, auth)
    first = loop["next_interview"]
    run(client, auth, first, STRONG_DESIGN)
    response = client.get(f"/api/loops/{loop['id']}/debrief", headers=auth)
    assert response.status_code == 404
    assert "1 of 4" in response.json()["detail"] and "/end" in response.json()["detail"]
    assert client.get(f"/api/loops/{loop['id']}/debrief.md", headers=auth).status_code == 404

    second = client.get(f"/api/loops/{loop['id']}", headers=auth).json()["next_interview"]
    answer(client, auth, second, STRONG_STORY[0])
    ended = client.post(f"/api/loops/{loop['id']}/end", headers=auth).json()
    assert ended["status"] == "completed" and ended["ended_early"] and ended["next_interview"] is None
    assert [r["status"] for r in ended["rounds"]] == ["completed", "completed", "skipped", "skipped"]
    assert ended["rounds_done"] == 2
    interviews = [
        client.get(f"/api/interviews/{i}", headers=auth).json() for r in ended["rounds"] for i in r["interviews"]
    ]
    assert all(i["status"] == "completed" for i in interviews)
    assert next(i for i in interviews if i["id"] == second)["ended_early"]

    debrief = client.get(f"/api/loops/{loop['id']}/debrief", headers=auth).json()
    assert debrief["ended_early"]
    assert debrief["rounds"][0]["vote"] is not None
    assert [r["vote"] for r in debrief["rounds"][2:]] == [None, None]
    assert debrief["decision"] not in HIRES
    again = client.post(f"/api/loops/{loop['id']}/end", headers=auth)
    assert again.status_code == 200 and again.json()["completed_at"] == ended["completed_at"]


@pytest.mark.slow  # a whole loop of interviews
def test_the_debrief_reads_as_markdown(client, auth) -> None:
    loop = take_loop(client, auth, start_loop(client, auth), strong=True)
    response = client.get(f"/api/loops/{loop['id']}/debrief.md", headers=auth)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    text = response.text
    assert text.startswith("# Loop debrief (L6)")
    for heading in ("## Reasons", "## Votes", "## Leadership principles by round", "## What would most change"):
        assert heading in text
    assert "| Customer Obsession |" in text
    for r in loop["rounds"]:
        assert r["name"] in text


@pytest.mark.slow  # a whole loop of interviews
def test_writing_the_debrief_offline_keeps_codes_reasons(client, auth) -> None:
    loop = take_loop(client, auth, start_loop(client, auth), strong=True)
    computed = client.get(f"/api/loops/{loop['id']}/debrief", headers=auth).json()
    written = client.post(f"/api/loops/{loop['id']}/debrief", headers=auth).json()
    assert written == computed


def test_a_round_interview_works_like_any_interview(client, auth) -> None:
    loop = start_loop(client, auth)
    interview_id = loop["rounds"][1]["interviews"][0]
    interview = client.get(f"/api/interviews/{interview_id}", headers=auth).json()
    assert interview["loop_id"] == loop["id"]
    listed = client.get("/api/interviews?limit=100", headers=auth).json()
    assert {i["loop_id"] for i in listed["data"]} == {loop["id"]}
    assert listed["count"] == sum(len(r["interviews"]) for r in loop["rounds"])
    turn = answer(client, auth, interview_id, STRONG_STORY[0])
    assert turn["message"]["role"] == "interviewer" and turn["message"]["probe"]
    after = client.get(f"/api/loops/{loop['id']}", headers=auth).json()
    assert after["rounds"][1]["status"] == "in_progress" and after["rounds"][1]["questions"][0]["started"]


def test_loops_are_listed_newest_first_and_deleted_with_their_interviews(client, auth) -> None:
    first, second = start_loop(client, auth, seed=1), start_loop(client, auth, "L7", seed=2)
    page = client.get("/api/loops", headers=auth).json()
    assert [lp["id"] for lp in page["data"]] == [second["id"], first["id"]] and page["count"] == 2
    assert client.delete(f"/api/loops/{first['id']}", headers=auth).status_code == 204
    assert client.get(f"/api/loops/{first['id']}", headers=auth).status_code == 404
    for r in first["rounds"]:
        for interview_id in r["interviews"]:
            assert client.get(f"/api/interviews/{interview_id}", headers=auth).status_code == 404
    assert client.get(f"/api/loops/{second['id']}", headers=auth).status_code == 200


def test_a_deleted_round_interview_leaves_the_round_without_it(client, auth) -> None:
    loop = start_loop(client, auth)
    gone = loop["rounds"][1]["interviews"][0]
    assert client.delete(f"/api/interviews/{gone}", headers=auth).status_code == 204
    after = client.get(f"/api/loops/{loop['id']}", headers=auth).json()
    assert gone not in after["rounds"][1]["interviews"] and len(after["rounds"][1]["interviews"]) == 1


def test_another_tokens_loop_is_a_404(client, auth) -> None:
    loop = start_loop(client, auth)
    _, other = new_identity(client)
    for method, path in [
        ("GET", ""),
        ("GET", "/debrief"),
        ("POST", "/debrief"),
        ("GET", "/debrief.md"),
        ("POST", "/end"),
        ("DELETE", ""),
    ]:
        response = client.request(method, f"/api/loops/{loop['id']}{path}", headers=other)
        assert response.status_code == 404, (method, path)
        assert response.json()["detail"] == f"loop {loop['id']!r} not found"
    assert client.get("/api/loops", headers=other).json()["count"] == 0
    assert client.get(f"/api/loops/{loop['id']}", headers=auth).status_code == 200


def test_bad_input_gets_a_4xx_naming_the_field(client, auth) -> None:
    response = client.post("/api/loops", json={"level": "L9"}, headers=auth)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "level"]
    response = client.post("/api/loops", json={"level": "L6", "rounds": 9}, headers=auth)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "rounds"]
    response = client.post("/api/loops", json={"level": "L6", "seed": False}, headers=auth)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "seed"]
    assert client.post("/api/loops", json={"level": "L6"}).status_code == 401
    assert client.get("/api/loops?limit=0", headers=auth).status_code == 422


def test_a_loop_counts_against_the_interview_limit(make_settings) -> None:
    with TestClient(create_app(make_settings(max_interviews_per_token=8))) as client:
        _, auth = new_identity(client)
        assert client.post("/api/loops", json={"level": "L6"}, headers=auth).status_code == 201
        response = client.post("/api/loops", json={"level": "L6"}, headers=auth)
        assert response.status_code == 429
        assert "needs 7 more" in response.json()["detail"] and "the limit is 8" in response.json()["detail"]
        assert client.get("/api/loops", headers=auth).json()["count"] == 1


def test_a_new_loop_leaves_recently_asked_questions_for_later(client, auth) -> None:
    first = start_loop(client, auth, seed=5)
    second = start_loop(client, auth, seed=5)
    asked = [{q["question_id"] for r in loop["rounds"] for q in r["questions"]} for loop in (first, second)]
    assert len(asked[0] & asked[1]) <= 1

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.utils.answers import STRONG_STORY
from tests.utils.interviews import run, start


def test_every_question_is_served(client: TestClient) -> None:
    body = client.get("/api/questions").json()
    assert body["count"] == len(body["data"]) >= 66
    assert sum(q["source"] == "seed" for q in body["data"]) == 40


def test_filters_are_query_parameters(client: TestClient) -> None:
    body = client.get("/api/questions", params={"level": "L7", "category": "system_design"}).json()
    assert body["count"] == 5
    assert client.get(
        "/api/questions", params={"round": "senior_leader", "question_type": "strategic_thinking"}
    ).json()["count"]
    bad = client.get("/api/questions", params={"level": "L9"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "level"]


def test_one_question_with_its_follow_ups_and_success_factor(client: TestClient) -> None:
    q = client.get("/api/questions/design-ride-sharing-service").json()
    assert q["text"] == "Design a Ride-Sharing Service (Uber/Lyft)"
    assert q["duration"] == {"text": "45-60 minutes", "min_minutes": 45, "max_minutes": 60}
    assert q["success_factor"] == "Scalability thinking" and q["frequency"] == {"L6": 100, "L7": 100}
    assert {"heading": "Follow-ups", "text": "How would you handle surge pricing?"}.items() <= q["follow_ups"][
        0
    ].items()


def test_unknown_question_is_a_clear_404(client: TestClient) -> None:
    response = client.get("/api/questions/nope")
    assert response.status_code == 404 and "nope" in response.json()["detail"]


def test_health_and_docs(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["provider"] == "offline" and health["questions"] >= 66
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/tokens",
        "/api/questions",
        "/api/questions/{question_id}",
        "/api/interviews",
        "/api/interviews/{interview_id}",
        "/api/interviews/{interview_id}/answers",
        "/api/interviews/{interview_id}/end",
        "/api/interviews/{interview_id}/scorecard",
        "/api/interviews/{interview_id}/transcript.md",
    ):
        assert path in paths


def test_framework_is_served(client: TestClient) -> None:
    framework = client.get("/api/framework").json()
    assert framework["depth_rule"]["min_follow_ups"] == 3 and len(framework["leadership_principles"]) == 16


def test_the_page_is_served_with_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/healthz").headers["x-content-type-options"] == "nosniff"


def test_no_rubric_reaches_a_candidate_before_the_interview_is_over(client: TestClient) -> None:
    """What tells the interviewer a follow-up was answered (keywords, covered steps) is never served; what strong
    answers do (the success pattern) is shown once the candidate's own interview is over."""
    listed = client.get("/api/questions").text
    assert '"keywords"' not in listed and '"covers"' not in listed
    one = client.get("/api/questions/own-complex-project-end-to-end").json()
    assert one["success_pattern"] is None and all(set(f) == {"id", "heading", "text"} for f in one["follow_ups"])
    auth = {"Authorization": f"Bearer {client.post('/api/tokens').json()['token']}"}
    created = start(client, auth)
    assert created["question"]["success_pattern"] is None and "keywords" not in str(created)
    run(client, auth, created["id"], STRONG_STORY)
    done = client.get(f"/api/interviews/{created['id']}", headers=auth).json()
    assert done["question"]["success_pattern"].startswith("Makes the candidate's personal role explicit")

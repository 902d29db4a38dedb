from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.testclient import TestClient


def new_identity(client: TestClient) -> tuple[str, dict[str, str]]:
    """A fresh candidate token and the header that carries it."""
    token = client.post("/api/tokens").json()["token"]
    return token, {"Authorization": f"Bearer {token}"}


def start(
    client: TestClient, auth: dict[str, str], question_id: str = "own-complex-project-end-to-end", level: str = "L6"
) -> dict[str, Any]:
    response = client.post("/api/interviews", json={"question_id": question_id, "level": level}, headers=auth)
    assert response.status_code == 201, response.text
    return response.json()


def answer(client: TestClient, auth: dict[str, str], interview_id: str, text: str) -> dict[str, Any]:
    response = client.post(f"/api/interviews/{interview_id}/answers", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def run(client: TestClient, auth: dict[str, str], interview_id: str, answers: Sequence[str]) -> list[dict[str, Any]]:
    """Answer until the interviewer closes; the answers cycle if the drill goes deeper than the list. A
    design round runs through its phases and deep dives, so it takes far more turns than a story."""
    turns = []
    for i in range(60):
        turn = answer(client, auth, interview_id, answers[i % len(answers)])
        turns.append(turn)
        if turn["status"] == "completed":
            return turns
    raise AssertionError("the interview never closed")


def stream_answer(client: TestClient, auth: dict[str, str], interview_id: str, text: str) -> list[tuple[str, str]]:
    """Answer with ``Accept: text/event-stream``; the server-sent events as (name, data) pairs."""
    with client.stream(
        "POST",
        f"/api/interviews/{interview_id}/answers",
        json={"text": text},
        headers={**auth, "Accept": "text/event-stream"},
    ) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        return parse_sse(response.iter_lines())


def parse_sse(lines: Iterable[str]) -> list[tuple[str, str]]:
    events, name, data = [], "message", []
    for line in lines:
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif not line.strip() and data:
            events.append((name, "\n".join(data)))
            name, data = "message", []
    return events

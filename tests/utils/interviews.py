from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.testclient import TestClient


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
    """Answer until the interviewer closes; the answers cycle if the drill goes deeper than the list."""
    turns = []
    for i in range(10):
        turn = answer(client, auth, interview_id, answers[i % len(answers)])
        turns.append(turn)
        if turn["status"] == "completed":
            return turns
    raise AssertionError("the interview never closed")

"""Request-rate limits over HTTP: a clear 429 naming the setting, Retry-After, nothing stored, others unaffected."""

from __future__ import annotations

import pytest
import redis
from fastapi.testclient import TestClient

from app.main import create_app
from tests.utils.interviews import new_identity, start


def test_a_client_over_the_request_limit_gets_429_and_others_do_not(make_settings) -> None:
    with TestClient(create_app(make_settings(rate_limit_per_minute=3))) as client:
        _, auth = new_identity(client)
        _, other = new_identity(client)
        interview = start(client, auth)
        answer = client.post(f"/api/interviews/{interview['id']}/answers", json={"text": "An answer."}, headers=auth)
        assert answer.status_code == 200
        assert client.get("/api/interviews", headers=auth).status_code == 200
        refused = client.post(f"/api/interviews/{interview['id']}/answers", json={"text": "Another."}, headers=auth)
        assert refused.status_code == 429
        assert "RATE_LIMIT_PER_MINUTE" in refused.json()["detail"] and "3 per 60 s" in refused.json()["detail"]
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert client.get("/api/interviews", headers=other).status_code == 200
        assert client.get("/healthz").status_code == 200
    with TestClient(create_app(make_settings(rate_limit_per_minute=0))) as client:
        stored = client.get(f"/api/interviews/{interview['id']}", headers=auth).json()
        assert [m["text"] for m in stored["messages"] if m["role"] == "candidate"] == ["An answer."]


def test_requests_without_a_token_are_counted_per_address(make_settings) -> None:
    with TestClient(create_app(make_settings(rate_limit_per_minute=2))) as client:
        assert [client.get("/api/questions").status_code for _ in range(3)] == [200, 200, 429]
        _, auth = new_identity(client)
        assert client.get("/api/questions", headers=auth).status_code == 200


def test_token_creation_is_limited_per_address(make_settings) -> None:
    with TestClient(create_app(make_settings(token_creation_per_hour=2))) as client:
        assert [client.post("/api/tokens").status_code for _ in range(3)] == [201, 201, 429]
        refused = client.post("/api/tokens")
        assert "TOKEN_CREATION_PER_HOUR" in refused.json()["detail"]
        assert 1 <= int(refused.headers["Retry-After"]) <= 3600


def test_zero_turns_a_limit_off(make_settings) -> None:
    with TestClient(create_app(make_settings(rate_limit_per_minute=0, token_creation_per_hour=0))) as client:
        assert {client.post("/api/tokens").status_code for _ in range(40)} == {201}
        assert {client.get("/api/questions").status_code for _ in range(150)} == {200}


def test_guessed_tokens_count_against_the_guessers_address(make_settings) -> None:
    """A new made-up token per request must not buy a fresh budget each time."""
    with TestClient(create_app(make_settings(rate_limit_per_minute=3))) as client:
        statuses = [
            client.get("/api/interviews", headers={"Authorization": f"Bearer mi_guess{i}"}).status_code
            for i in range(5)
        ]
        assert statuses == [401, 401, 401, 429, 429]
        assert client.get("/api/questions").status_code == 429  # the same address, no token
        _, auth = new_identity(client)
        assert client.get("/api/interviews", headers=auth).status_code == 200  # a real identity has its own


REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_with_redis_every_process_shares_the_counts(make_settings) -> None:
    """Two app instances (two processes behind a load balancer) draw on one budget per client."""
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter("LIMITS*testclient*"):  # an earlier run's counts for the test client's address
        store.delete(key)
    settings = make_settings(rate_limit_per_minute=4, token_creation_per_hour=0, redis_url=REDIS_URL)
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        statuses = [(one if i % 2 else two).get("/api/questions").status_code for i in range(6)]
        assert statuses == [200, 200, 200, 200, 429, 429]


def test_an_unreachable_redis_does_not_refuse_candidates(make_settings) -> None:
    settings = make_settings(rate_limit_per_minute=2, redis_url="redis://127.0.0.1:1/0")
    with TestClient(create_app(settings)) as client:
        assert {client.get("/api/questions").status_code for _ in range(4)} == {200}

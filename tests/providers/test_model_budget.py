"""A model that is down or never answers: it costs a turn its budget at most, a refused connection nothing,
the candidate is told, and /readyz and the start-up log say so."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
import respx
from fastapi.testclient import TestClient

from app.main import create_app
from tests.providers.conftest import make_provider
from tests.providers.fake_openai import BASE_URL, stream_response
from tests.utils.interviews import answer, new_identity, start

ANSWER = "We shipped the new checkout flow in 6 weeks, and conversion rose from 61% to 68% in the first month."


async def never_answers(_request: httpx.Request) -> httpx.Response:
    await asyncio.Event().wait()  # accepted, never answered; the turn's budget cancels it
    raise AssertionError("unreachable")


@pytest.fixture
def model() -> respx.MockRouter:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


def test_a_model_that_never_answers_costs_the_turn_its_budget_and_the_candidate_is_told(
    make_settings, model: respx.MockRouter
) -> None:
    settings = make_settings(
        openai_base_url=BASE_URL, openai_timeout=600, openai_max_retries=2, turn_budget_seconds=0.2,
        scoring_budget_seconds=0.2,
    )  # fmt: skip
    model.get("/models").mock(return_value=httpx.Response(200, json={"object": "list", "data": []}))
    model.post("/chat/completions").mock(side_effect=never_answers)
    with TestClient(create_app(settings, provider=make_provider(settings))) as client:
        _, auth = new_identity(client)
        iid = start(client, auth)["id"]
        turn = answer(client, auth, iid, ANSWER)
        assert turn["message"]["fallback"] is True
        assert turn["message"]["fallback_reason"] == "the model did not answer within 0.2 s (TURN_BUDGET_SECONDS)"
        assert turn["message"]["text"].strip()
        ended = client.post(f"/api/interviews/{iid}/end", headers=auth).json()
    assert ended["scorecard"]["scorer"] == "offline"
    assert any("SCORING_BUDGET_SECONDS" in note for note in ended["scorecard"]["notes"])


def test_a_refused_connection_is_not_retried(make_settings, model: respx.MockRouter, caplog) -> None:
    settings = make_settings(openai_base_url=BASE_URL, openai_timeout=30, openai_max_retries=2)
    models = model.get("/models").mock(side_effect=httpx.ConnectError("Connection refused"))
    completions = model.post("/chat/completions").mock(side_effect=httpx.ConnectError("Connection refused"))
    with caplog.at_level(logging.WARNING), TestClient(create_app(settings, provider=make_provider(settings))) as client:
        _, auth = new_identity(client)
        turn = answer(client, auth, start(client, auth)["id"], ANSWER)
        ready = client.get("/readyz")
        client.get("/readyz")
    assert models.call_count == 1, "the start-up check is reused by /readyz for a few seconds"
    assert completions.call_count == 2, "one call each for the notes and the follow-up, none retried"
    assert turn["message"]["fallback"] is True
    assert "connection refused" in turn["message"]["fallback_reason"]
    assert "timed out" not in turn["message"]["fallback_reason"].lower()
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "degraded" and body["database"] == "ok" and body["model"]["state"] == "unreachable"
    started = [r.getMessage() for r in caplog.records if "the model endpoint does not answer" in r.getMessage()]
    assert len(started) == 1 and "http://llm.test" in started[0]


def test_timeouts_and_server_errors_keep_the_sdk_retries(make_settings, model: respx.MockRouter) -> None:
    settings = make_settings(openai_base_url=BASE_URL, openai_timeout=30, openai_max_retries=1)
    model.get("/models").mock(return_value=httpx.Response(404))
    model.post("/chat/completions", json__response_format__json_schema__name="answer_notes").mock(
        return_value=httpx.Response(500, headers={"retry-after-ms": "1"})
    )
    follow_up = "Which part of that launch did you decide on your own, and what did it change?"
    completions = model.post("/chat/completions").mock(
        side_effect=[httpx.Response(503, headers={"retry-after-ms": "1"}), stream_response([follow_up])]
    )
    with TestClient(create_app(settings, provider=make_provider(settings))) as client:
        _, auth = new_identity(client)
        turn = answer(client, auth, start(client, auth)["id"], ANSWER)
        ready = client.get("/readyz").json()
    assert completions.call_count == 2 and turn["message"]["text"] == follow_up
    assert ready["status"] == "ready" and ready["model"]["state"] == "ok"  # a server without /models still answers


def test_a_refused_key_is_not_ready(make_settings, model: respx.MockRouter) -> None:
    settings = make_settings(openai_base_url=BASE_URL, openai_api_key="sk-wrong")
    model.get("/models").mock(return_value=httpx.Response(401, json={"error": {"message": "bad key"}}))
    with TestClient(create_app(settings, provider=make_provider(settings))) as client:
        body = client.get("/readyz").json()
    assert body["status"] == "degraded" and body["model"]["state"] == "refused_key"
    assert "OPENAI_API_KEY" in body["model"]["detail"]


def test_offline_is_ready_without_a_model(client: TestClient) -> None:
    body = client.get("/readyz").json()
    assert body == {**body, "status": "ready", "database": "ok"}
    assert body["model"]["state"] == "offline" and body["model"]["provider"] == "offline"

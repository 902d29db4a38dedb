"""A loop's debrief written by a model through the real SDK: asked once, bounded by code, kept with the
scorecards it read, and never needed: a failing model leaves code's reasons."""

from __future__ import annotations

import json
from typing import Any

import httpx
import respx
from fastapi.testclient import TestClient

from tests.providers.fake_openai import completion, follow_up, sent_json
from tests.utils.answers import STRONG_STORY
from tests.utils.interviews import answer

QUOTE = "I led the investigation and I found that a synchronous call to the fraud service added 800ms at p99"


def prose(reasons: list[str], decision: str | None = None) -> httpx.Response:
    return httpx.Response(200, json=completion(json.dumps({"reasons": reasons, "decision": decision})))


def ended_loop(client: TestClient, auth: dict[str, str], llm: respx.MockRouter) -> dict[str, Any]:
    """A loop whose first behavioural interview was answered, then ended early."""
    llm.post("/chat/completions", name="judge", json__response_format__json_schema__name="scorecard").mock(
        return_value=httpx.Response(500, json={"error": {"message": "judge down"}})
    )
    llm.post("/chat/completions", name="phrase").mock(side_effect=follow_up(["What did you personally do?"]))
    loop = client.post("/api/loops", json={"level": "L6", "seed": 1}, headers=auth).json()
    interview = loop["rounds"][1]["interviews"][0]
    for text in STRONG_STORY[:2]:
        answer(client, auth, interview, text)
    return client.post(f"/api/loops/{loop['id']}/end", headers=auth).json()


def debrief_route(llm: respx.MockRouter, response: httpx.Response) -> respx.Route:
    return llm.route(
        method="POST", path__regex="/chat/completions$", json__response_format__json_schema__name="debrief"
    ).mock(return_value=response)


def test_the_model_writes_the_reasons_and_code_keeps_the_rules(llm_client, llm_auth, llm) -> None:
    route = debrief_route(llm, prose([f'The Hiring Manager Round heard "{QUOTE}", and little else.']))
    loop = ended_loop(llm_client, llm_auth, llm)
    computed = llm_client.get(f"/api/loops/{loop['id']}/debrief", headers=llm_auth).json()
    assert computed["writer"] == "offline" and not route.called  # a read never calls a model

    written = llm_client.post(f"/api/loops/{loop['id']}/debrief", headers=llm_auth).json()
    assert route.call_count == 1
    body = sent_json(route.calls.last.request)
    assert body["response_format"]["json_schema"]["name"] == "debrief"
    user = body["messages"][1]["content"]
    assert f"<candidate_answer>\n{STRONG_STORY[0]}\n</candidate_answer>" in user
    assert f"Decision: {computed['decision']}" in user
    assert (written["writer"], written["model"]) == ("openai", "test-model")
    assert written["reasons"][0].startswith("The Hiring Manager Round heard")
    assert written["reasons"][1:] == computed["reasons"][1:]
    assert written["decision"] == computed["decision"]
    assert llm_client.get(f"/api/loops/{loop['id']}/debrief", headers=llm_auth).json() == written
    assert route.call_count == 1


def test_the_model_cannot_raise_the_decision_nor_invent_a_quote(llm_client, llm_auth, llm) -> None:
    debrief_route(
        llm,
        prose(
            ['They said "I doubled revenue in a week".', "A Strong Hire in my view.", "The loop was cut short."],
            "Strong Hire",
        ),
    )
    loop = ended_loop(llm_client, llm_auth, llm)
    computed = llm_client.get(f"/api/loops/{loop['id']}/debrief", headers=llm_auth).json()
    written = llm_client.post(f"/api/loops/{loop['id']}/debrief", headers=llm_auth).json()
    assert written["decision"] == computed["decision"] != "Strong Hire"
    assert written["reasons"][0] == "The loop was cut short."
    assert any("2 sentence(s)" in n for n in written["notes"])


def test_a_failing_model_leaves_codes_reasons(llm_client, llm_auth, llm) -> None:
    debrief_route(llm, httpx.Response(500, json={"error": {"message": "down"}}))
    loop = ended_loop(llm_client, llm_auth, llm)
    computed = llm_client.get(f"/api/loops/{loop['id']}/debrief", headers=llm_auth).json()
    written = llm_client.post(f"/api/loops/{loop['id']}/debrief", headers=llm_auth)
    assert written.status_code == 200
    assert written.json()["reasons"] == computed["reasons"] and written.json()["writer"] == "offline"
    assert any("could not write this debrief" in n for n in written.json()["notes"])


def test_written_prose_is_shown_only_while_the_scorecards_it_read_stand(llm_client, llm_auth, llm) -> None:
    debrief_route(llm, prose(["The loop ended after one answered question."]))
    loop = ended_loop(llm_client, llm_auth, llm)
    llm_client.post(f"/api/loops/{loop['id']}/debrief", headers=llm_auth)
    assert llm_client.get(f"/api/loops/{loop['id']}/debrief", headers=llm_auth).json()["writer"] == "openai"
    gone = loop["rounds"][3]["interviews"][0]
    assert llm_client.delete(f"/api/interviews/{gone}", headers=llm_auth).status_code == 204
    after = llm_client.get(f"/api/loops/{loop['id']}/debrief", headers=llm_auth).json()
    assert after["writer"] == "offline" and after["reasons"][0] != "The loop ended after one answered question."

"""The OpenAPI schema fuzzed in-process: no input a client can send gets a 5xx, and every response
matches the documented schema (status code, content type, headers, body).

The schema is loaded eagerly from a module-level app: schemathesis' lazy ``from_fixture`` loader does
not work with pytest 9 (it writes ``request.node._nodeid``, which pytest 9 no longer has).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.config import Settings
from app.main import create_app
from tests.utils.answers import STRONG_STORY

pytestmark = pytest.mark.slow  # Fuzzing every operation of the API runs long.

_DIR = Path(tempfile.mkdtemp(prefix="fuzz-"))
# SQLite even in the PostgreSQL pass: other tests reset that database under a module-level app. No request
# limit: the fuzzer sends more requests a minute than a client may (tests/api/test_rate_limits.py tests it).
APP = create_app(
    Settings(_env_file=None, database_url="", db_path=_DIR / "x.db", log_level="WARNING", rate_limit_per_minute=0)
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# Unknown query parameters are ignored by design (as in most HTTP APIs), not a schema violation to refuse.
schema.config.generation.update(allow_extra_parameters=False)
LIVE: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def live() -> Iterator[dict[str, Any]]:
    """A token, and two real interviews for path parameters: one in progress, one completed."""
    client = TestClient(APP)
    token = client.post("/api/tokens").json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    body = {"level": "L6", "question_id": "own-complex-project-end-to-end"}
    open_id = client.post("/api/interviews", json=body, headers=auth).json()["id"]
    done_id = client.post("/api/interviews", json=body, headers=auth).json()["id"]
    for text in STRONG_STORY * 2:
        turn = client.post(f"/api/interviews/{done_id}/answers", json={"text": text}, headers=auth).json()
        if turn["status"] == "completed":
            break
    loop_id = client.post("/api/loops", json={"level": "L6"}, headers=auth).json()["id"]
    story = {"title": "A story", "text": STRONG_STORY[0], "principles": ["ownership"]}
    story_id = client.post("/api/stories", json=story, headers=auth).json()["id"]
    LIVE.update(auth=auth, ids=[open_id, done_id], real={"loop_id": [loop_id], "story_id": [story_id]})
    yield LIVE
    APP.state.context.db.close()
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> st.SearchStrategy:
    """Half the time aim at a real interview (loop, story), so routes get past the 404 into their real work."""
    if not path_parameters or not LIVE:
        return st.just(path_parameters)
    known = {"interview_id": LIVE["ids"], **LIVE["real"]}
    name = next((n for n in known if n in path_parameters), None)
    if name is None:
        return st.just(path_parameters)
    real = st.sampled_from(known[name]).map(lambda value: {**path_parameters, name: value})
    return st.one_of(st.just(path_parameters), real)


# positive_data_acceptance: a schema-valid but unknown question_id is refused with 422, by choice.
KNOWN_GAPS = [positive_data_acceptance]
SETTINGS = settings(
    max_examples=40, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@schema.parametrize()
@SETTINGS
def test_no_5xx_and_documented_responses_match_their_schema(case: Any) -> None:
    """Every check but KNOWN_GAPS: no 5xx, content types, headers and bodies as documented, bad input
    refused, no access without a token."""
    case.call_and_validate(headers=LIVE["auth"], excluded_checks=KNOWN_GAPS)


# What the fuzz checks, pinned on the OpenAPI document and a few direct requests, so a regression
# names itself instead of waiting for the fuzzer to find an example.
OPENAPI = APP.openapi()
AUTHENTICATED = [
    (path, method)
    for path, item in OPENAPI["paths"].items()
    for method, op in item.items()
    if path.startswith(("/api/interviews", "/api/loops", "/api/stories", "/api/progress", "/api/export", "/api/data"))
]


def test_401_is_documented_on_authenticated_routes() -> None:
    missing = [f"{m.upper()} {p}" for p, m in AUTHENTICATED if "401" not in OPENAPI["paths"][p][m]["responses"]]
    assert not missing, missing


def test_404_is_documented_where_an_id_is_looked_up() -> None:
    paths = [(p, m) for p, item in OPENAPI["paths"].items() for m in item if "{" in p]
    missing = [f"{m.upper()} {p}" for p, m in paths if "404" not in OPENAPI["paths"][p][m]["responses"]]
    assert not missing, missing


def test_409_and_413_are_documented_on_answers() -> None:
    responses = OPENAPI["paths"]["/api/interviews/{interview_id}/answers"]["post"]["responses"]
    assert {"409", "413"} <= set(responses), sorted(responses)


def test_an_empty_answer_is_invalid_by_the_schema() -> None:
    text = OPENAPI["components"]["schemas"]["AnswerCreate"]["properties"]["text"]
    assert text.get("minLength", 0) >= 1 or "pattern" in text, text


def test_a_405_names_every_method_of_the_path() -> None:
    """Two routes serve /api/interviews (GET lists, POST starts); Starlette's 405 named only the first."""
    client = TestClient(APP)
    response = client.request("OPTIONS", "/api/interviews", headers=LIVE["auth"])
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD", "POST"}
    response = client.request("PUT", f"/api/interviews/{LIVE['ids'][0]}", headers=LIVE["auth"])
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"DELETE", "GET", "HEAD"}


def test_a_body_that_is_not_utf8_gets_the_documented_422_naming_the_body() -> None:
    response = TestClient(APP).post(
        "/api/interviews", content=b"\xff{", headers={**LIVE["auth"], "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert "422" in OPENAPI["paths"]["/api/interviews"]["post"]["responses"]
    assert response.json()["detail"][0]["loc"] == ["body"]

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
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    positive_data_acceptance,
    status_code_conformance,
)

from app.config import Settings
from app.main import create_app
from tests.utils.answers import STRONG_STORY

_DIR = Path(tempfile.mkdtemp(prefix="fuzz-"))
# SQLite even when DATABASE_URL is set: other tests reset the PostgreSQL schema under a module-level app.
APP = create_app(Settings(_env_file=None, database_url="", db_path=_DIR / "x.db", log_level="WARNING"))
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
    LIVE.update(auth=auth, ids=[open_id, done_id])
    yield LIVE
    APP.state.runtime.engine.dispose()
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> st.SearchStrategy:
    """Half the time aim at a real interview, so routes get past the 404 into their real work."""
    if not path_parameters or "interview_id" not in path_parameters or not LIVE:
        return st.just(path_parameters)
    real = st.sampled_from(LIVE["ids"]).map(lambda iid: {**path_parameters, "interview_id": iid})
    return st.one_of(st.just(path_parameters), real)


# status_code_conformance: only FastAPI's undocumented 400 for a malformed body is left (xfail below);
# positive_data_acceptance: a schema-valid but unknown question_id is refused with 422, by choice;
# allow_header_conformance: see the xfail below.
KNOWN_GAPS = [status_code_conformance, positive_data_acceptance, allow_header_conformance]
SETTINGS = settings(
    max_examples=40, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@schema.parametrize()
@SETTINGS
def test_no_5xx_and_documented_responses_match_their_schema(case: Any) -> None:
    """Every check but KNOWN_GAPS: no 5xx, content types, headers and bodies as documented, bad input
    refused, no access without a token."""
    case.call_and_validate(headers=LIVE["auth"], excluded_checks=KNOWN_GAPS)


# The gaps behind KNOWN_GAPS, one test each, on the OpenAPI document and a few direct requests:
# schemathesis' own plugin crashes (INTERNALERROR) when a strict xfail on one of its generated tests
# passes, so these do not use it. When all the xfails below pass, drop KNOWN_GAPS from the fuzz test.
OPENAPI = APP.openapi()
AUTHENTICATED = [
    (path, method)
    for path, item in OPENAPI["paths"].items()
    for method, op in item.items()
    if path.startswith("/api/interviews")
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


@pytest.mark.xfail(reason="a 405 on a path served by two routes names only one method in its Allow header", strict=True)
def test_a_405_names_every_allowed_method() -> None:
    response = TestClient(APP).request("OPTIONS", "/api/interviews", headers=LIVE["auth"])
    assert response.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in response.headers.get("allow", "").split(",")}


@pytest.mark.xfail(reason="a body that is not valid JSON gets FastAPI's 400, which no route documents", strict=True)
def test_a_malformed_body_gets_a_documented_status() -> None:
    response = TestClient(APP).post(
        "/api/interviews", content=b"\xff{", headers={**LIVE["auth"], "Content-Type": "application/json"}
    )
    assert response.status_code < 500
    assert str(response.status_code) in OPENAPI["paths"]["/api/interviews"]["post"]["responses"]

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

from app.config import Settings
from app.main import create_app
from tests.utils.answers import STRONG_STORY

_DIR = Path(tempfile.mkdtemp(prefix="fuzz-"))
APP = create_app(Settings(_env_file=None, db_path=_DIR / "x.db", log_level="WARNING"))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
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
    if "interview_id" not in path_parameters or not LIVE:
        return st.just(path_parameters)
    real = st.sampled_from(LIVE["ids"]).map(lambda iid: {**path_parameters, "interview_id": iid})
    return st.one_of(st.just(path_parameters), real)


@schema.parametrize()
@settings(max_examples=40, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_5xx_and_every_response_matches_the_schema(case: Any) -> None:
    case.call_and_validate(headers=LIVE["auth"])

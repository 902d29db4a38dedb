"""Fixtures for resilience tests: the fake model and the service as real processes on localhost,
uvicorn in a thread for in-process providers, and the database backends to run them on.

Waiting is always on a condition (a response, a counter in the fake model's /stats, a field in GET),
polled with a deadline; never a bare sleep standing in for synchronisation.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from app.devtools import procs
from tests.conftest import reset_postgres

QUESTION = "own-complex-project-end-to-end"


def wait_for(condition: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, pg_url: str) -> str:
    """'' (SQLite in the test's tmp_path) or this run's own PostgreSQL database, emptied."""
    if request.param == "postgresql":
        if not pg_url:
            pytest.skip("set TEST_DATABASE_URL=postgresql://... to run this on PostgreSQL")
        reset_postgres(pg_url)
        return pg_url
    return ""


@pytest.fixture(scope="module")
def fake_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[procs.Server]:
    server = procs.fake_model(tmp_path_factory.mktemp("fake"), {"ttft_ms": 0}).start()
    yield server
    server.stop()


@pytest.fixture
def model(fake_model: procs.Server) -> procs.FakeControl:
    """The module's fake model, back to a fast, fault-free configuration with no history."""
    control = procs.FakeControl(fake_model.url)
    control.set(
        ttft_ms=0.0,
        tokens_per_s=0.0,
        error_rate=0.0,
        timeout_rate=0.0,
        cut_rate=0.0,
        script=[],
        script_for=[],
        hold=False,
        hold_for=[],
        judge="valid",
        notes="valid",
        hang_s=600.0,
    )
    control.reset()
    return control


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., procs.Server]]:
    """Start service processes (``spawn(model_url=..., database_url=..., **settings)``); all are
    stopped (SIGTERM, then SIGKILL) when the test ends, whatever happened."""
    started: list[procs.Server] = []

    def start(name: str = "service", **kwargs: Any) -> procs.Server:
        kwargs.setdefault("db_path", tmp_path / "interviews.db")
        server = procs.service(tmp_path, name=f"{name}-{len(started)}", **kwargs)
        started.append(server)
        return server.start(timeout=60)

    yield start
    for server in started:
        server.stop(grace=5)


class ThreadServer:
    """uvicorn serving an app object in a thread of this process (so tests can hand it a provider)."""

    def __init__(self, app: Any) -> None:
        self.port = procs.free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        async def serve() -> None:
            self.loop = asyncio.get_running_loop()
            await self.server.serve()

        asyncio.run(serve())

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        wait_for(lambda: self.server.started, 30, "uvicorn to start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


class Api:
    """A tiny synchronous client for one service: token, start, answer, get."""

    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=timeout)
        self.auth = {"Authorization": f"Bearer {self.http.post('/api/tokens').json()['token']}"}

    def using(self, base_url: str) -> Api:
        """The same identity against another process."""
        other = Api.__new__(Api)
        other.http = httpx.Client(base_url=base_url, timeout=self.http.timeout)
        other.auth = self.auth
        return other

    def start(self) -> dict[str, Any]:
        response = self.http.post("/api/interviews", json={"level": "L6", "question_id": QUESTION}, headers=self.auth)
        assert response.status_code == 201, response.text
        return response.json()

    def answer(self, interview_id: str, text: str, **headers: str) -> httpx.Response:
        return self.http.post(
            f"/api/interviews/{interview_id}/answers", json={"text": text}, headers={**self.auth, **headers}
        )

    def get(self, interview_id: str) -> dict[str, Any]:
        response = self.http.get(f"/api/interviews/{interview_id}", headers=self.auth)
        assert response.status_code == 200, response.text
        return response.json()

    def close(self) -> None:
        self.http.close()


def assert_well_formed(interview: dict[str, Any], answers: list[str] | None = None) -> None:
    """Messages numbered 1..n without a gap, roles alternating, each follow-up one level deeper,
    and (if given) the candidate's answers exactly these, in this order."""
    messages = interview["messages"]
    assert [m["seq"] for m in messages] == list(range(1, len(messages) + 1))
    assert [m["role"] for m in messages] == ["interviewer", "candidate"] * (len(messages) // 2) + (
        ["interviewer"] if len(messages) % 2 else []
    )
    follow_ups = [m for m in messages[1:] if m["role"] == "interviewer" and m["probe"]]
    assert [m["depth"] for m in follow_ups] == list(range(1, len(follow_ups) + 1))
    if answers is not None:
        assert [m["text"] for m in messages if m["role"] == "candidate"] == answers

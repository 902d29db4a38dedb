"""The database settings a deployment chooses take effect, and an app outlives a restart of its lifespan."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.runtime import build_runtime
from tests.conftest import PG_URL

sqlite_only = pytest.mark.skipif(bool(PG_URL), reason="an SQLite setting")


@sqlite_only
@pytest.mark.parametrize(("setting", "pragma"), [("NORMAL", 1), ("FULL", 2)])
def test_sqlite_synchronous_follows_the_setting(make_settings, setting: str, pragma: int) -> None:
    runtime = build_runtime(make_settings(sqlite_synchronous=setting))
    with runtime.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == pragma
    runtime.engine.dispose()


@sqlite_only
def test_sqlite_synchronous_is_normal_unless_set(make_settings) -> None:
    """Commits survive the process being killed (tests/resilience/test_crash_restart.py) without a disk sync each."""
    assert make_settings().sqlite_synchronous == "NORMAL"


def test_an_app_serves_again_after_a_shutdown_and_start(settings) -> None:
    """Shutdown closes the database connections; a new start (tests, embedding servers) opens them again."""
    app = create_app(settings)
    for _ in range(2):
        with TestClient(app) as client:
            assert client.post("/api/tokens").status_code == 201

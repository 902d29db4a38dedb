"""Fixtures: settings on a throw-away database, a client on the real app, and an authenticated header.

The suite never reads DATABASE_URL, so running it cannot touch a user's database. SQLite files live
in each test's tmp_path; with TEST_DATABASE_URL (PostgreSQL) the run creates a database of its own,
with a unique name, resets it before each test, and drops it at the end. No test can reach a real
model: the model settings are cleared here, and LLM tests pass their own respx-intercepted client.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from app.config import Settings, get_settings
from app.main import create_app
from tests.utils.interviews import new_identity

SERVER_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
IS_PG = SERVER_URL.startswith(("postgres://", "postgresql://", "postgresql+psycopg://"))
# Settings the developer may have exported that must not leak into a test.
_ENVIRONMENT = (
    "DATABASE_URL",
    "DB_PATH",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "QUESTION_BANK_DIR",
    "QUESTION_BANK_REPLACE",
    "PROMPTS_DIR",
    "MOCK_INTERVIEW_TOKEN",
    "REDIS_URL",
)


def _sqlalchemy(url: str) -> str:
    return Settings(_env_file=None, database_url=url).sqlalchemy_url


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A PostgreSQL database of this run's own on the TEST_DATABASE_URL server, dropped at the end."""
    if not IS_PG:
        yield ""
        return
    name = f"mock_interview_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(_sqlalchemy(SERVER_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(_sqlalchemy(SERVER_URL)).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def reset_postgres(url: str) -> None:
    """Empty this run's own database (never anyone else's: ``url`` comes from ``pg_url``)."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in _ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def make_settings(tmp_path: Path, pg_url: str):
    """Settings on this test's own database; extra keyword arguments override fields."""
    if pg_url:
        reset_postgres(pg_url)

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "db_path": tmp_path / "interviews.db",
            "database_url": pg_url,
            "log_level": "WARNING",
            "cli_token_file_path": tmp_path / "cli-token",
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)  # type: ignore[arg-type]

    return make


@pytest.fixture
def settings(make_settings) -> Settings:
    return make_settings()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def auth(client: TestClient) -> dict[str, str]:
    return new_identity(client)[1]

"""Fixtures: settings on a throw-away database (SQLite, or PostgreSQL when DATABASE_URL says so),
a client on the real app, and an authenticated header. No test can reach a real model: the model
settings are cleared here, and LLM tests pass their own respx-intercepted client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from app.config import Settings, get_settings
from app.main import create_app
from tests.utils.interviews import new_identity

PG_URL = os.environ.get("DATABASE_URL", "")


def reset_postgres(url: str) -> None:
    engine = sa.create_engine(Settings(_env_file=None, database_url=url).sqlalchemy_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(autouse=True)
def _no_real_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "QUESTION_BANK_DIR", "MOCK_INTERVIEW_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def make_settings(tmp_path: Path):
    """Settings on this test's own database; extra keyword arguments override fields."""
    if PG_URL:
        reset_postgres(PG_URL)

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "db_path": tmp_path / "interviews.db",
            "database_url": PG_URL,
            "log_level": "WARNING",
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

"""The database settings a deployment chooses take effect, and an app outlives a restart of its lifespan."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from app.interviews import repo
from app.interviews.context import build_context
from app.main import create_app
from app.store.tables import Scorecard
from tests.conftest import IS_PG

sqlite_only = pytest.mark.skipif(IS_PG, reason="an SQLite setting")


@sqlite_only
@pytest.mark.parametrize(("setting", "pragma"), [("NORMAL", 1), ("FULL", 2)])
def test_sqlite_synchronous_follows_the_setting(make_settings, setting: str, pragma: int) -> None:
    ctx = build_context(make_settings(sqlite_synchronous=setting))
    with ctx.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == pragma
    ctx.db.close()


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


def test_storing_a_scorecard_again_replaces_it_and_releases_the_turn(make_settings) -> None:
    """Rescoring goes through the same write as the closing turn's scoring."""
    ctx = build_context(make_settings())
    engine = ctx.db.engine
    owner = repo.token_id(engine, repo.create_token(engine))
    question = next(iter(ctx.bank.questions.values()))
    snap = repo.create_interview(
        engine, owner, question, "L6", provider="offline", model=None, prompt_hash="h", limit=9
    )
    for data in ('{"first": 1}', '{"second": 2}'):
        card = Scorecard(
            interview_id=snap.interview.id, scorer="x", recommendation="Hire", level_verdict="L6", data=data
        )
        stored = repo.store_scorecard(engine, snap, card)
        assert stored.scorecard is not None and stored.scorecard.data == data
        assert stored.interview.turn_started_at is None
    reloaded = repo.load(engine, owner, snap.interview.id)
    assert reloaded.scorecard is not None and reloaded.scorecard.data == '{"second": 2}'
    assert reloaded.interview.turn_started_at is None
    ctx.db.close()


@sqlite_only
def test_an_sqlite_transaction_holds_the_write_lock_from_its_first_read(make_settings) -> None:
    """What makes a read-then-write turn atomic on SQLite, which has no row locks."""
    ctx = build_context(make_settings())
    engine = ctx.db.engine
    with engine.connect() as reader, engine.connect() as writer:
        reader.exec_driver_sql("SELECT 1 FROM interview").all()
        writer.connection.dbapi_connection.execute("PRAGMA busy_timeout=0")  # type: ignore[union-attr]
        with pytest.raises(OperationalError, match="locked"):
            writer.exec_driver_sql("SELECT 1 FROM interview")
        reader.commit()
    with engine.connect() as writer:
        writer.exec_driver_sql("SELECT 1 FROM interview").all()
    ctx.db.close()

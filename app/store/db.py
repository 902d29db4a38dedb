"""Engine, sessions and migrations.

The schema only changes through the ordered Alembic revisions in ``migrations/versions``, run at
start-up, so a database file from an older release is upgraded in place instead of breaking.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_ADVISORY_LOCK_ID = 7_460_219  # any constant: serialises migrations of processes sharing one PostgreSQL


def make_engine(url: str, *, sqlite_synchronous: str = "NORMAL") -> Engine:
    """``sqlite_synchronous``: NORMAL keeps every commit through a crash of the process (WAL), and only
    an OS crash or power cut can lose the last ones; FULL also syncs the disk on every commit."""
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", partial(_sqlite_pragmas, synchronous=sqlite_synchronous))
        # SQLAlchemy's recipe emits BEGIN from a "begin" event, but any connection event makes every
        # statement dispatch its execute hooks too: a sixth of a turn's database CPU (bench/RESULTS.md).
        engine.dialect.do_begin = _sqlite_begin_immediate  # type: ignore[method-assign]
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_connection: object, _record: object, *, synchronous: str) -> None:
    # pysqlite would open its transaction only at the first write; we begin it ourselves (below).
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL lets readers proceed while a turn commits; busy_timeout waits for the writer instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(dbapi_connection: Any) -> None:
    """SQLite has no row locks: a transaction that reads an interview and then writes to it must hold the
    write lock from its first read, or a concurrent close can slip in between (PostgreSQL uses
    SELECT ... FOR UPDATE for the same guarantee)."""
    dbapi_connection.execute("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe to run from several processes at once."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session

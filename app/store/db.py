"""Engine, sessions, migrations, and the one way database work leaves the event loop.

The schema only changes through the ordered Alembic revisions in ``migrations/versions``, run at
start-up, so a database file from an older release is upgraded in place instead of breaking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import anyio.to_thread
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from anyio import CapacityLimiter
from sqlalchemy.engine import Engine
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_ADVISORY_LOCK_ID = 7_460_219  # any constant: serialises migrations of processes sharing one PostgreSQL
P = ParamSpec("P")
R = TypeVar("R")


def make_engine(url: str, *, sqlite_synchronous: str = "NORMAL") -> Engine:
    """``sqlite_synchronous``: NORMAL keeps every commit through a crash of the process (WAL), and only
    an OS crash or power cut can lose the last ones; FULL also syncs the disk on every commit."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    path = sa.engine.make_url(url).database
    if path and path != ":memory:":
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    sa.event.listen(engine, "connect", partial(_sqlite_pragmas, synchronous=sqlite_synchronous))
    sa.event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: object, *, synchronous: str) -> None:
    # pysqlite would open its transaction only at the first write; the "begin" event opens it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed while a turn commits; busy_timeout waits for the writer instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection: sa.Connection) -> None:
    """SQLite has no row locks: a transaction that reads an interview and then writes to it must hold the
    write lock from its first read, or a concurrent close can slip in between (PostgreSQL uses
    SELECT ... FOR UPDATE for the same guarantee). SQLAlchemy's documented recipe for pysqlite."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe to run from several processes at once."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ping(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


class Database:
    """The engine, and the way the async service reaches it: each repository call runs in a worker
    thread (anyio's, as FastAPI's own sync routes do), at most ``threads`` at once. One for SQLite,
    which has one writer at a time anyway; a pool's worth for PostgreSQL."""

    def __init__(self, engine: Engine, threads: int) -> None:
        self.engine = engine
        self._limiter = CapacityLimiter(threads)

    async def run(self, fn: Callable[Concatenate[Engine, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        return await anyio.to_thread.run_sync(partial(fn, self.engine, *args, **kwargs), limiter=self._limiter)

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session

"""The schema only changes through migrations, and the migrations match the tables the code uses."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import app.store.tables  # noqa: F401
from app.store.db import MIGRATIONS_DIR, make_engine, migrate

HEAD = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def test_migrations_produce_exactly_the_models_schema(settings) -> None:
    engine = make_engine(settings.sqlalchemy_url)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_migrating_twice_and_an_existing_database_is_harmless(settings) -> None:
    engine = make_engine(settings.sqlalchemy_url)
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO token (token_hash, created_at) VALUES ('abc', CURRENT_TIMESTAMP)"))
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM token")).scalar() == 1
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    engine.dispose()

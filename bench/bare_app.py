"""The baseline: a bare FastAPI route that does one database INSERT per request, nothing else.

Run the same way as the service (``uvicorn bench.bare_app:create_app --factory``), on the same kind
of database (``DATABASE_URL``, else the SQLite file at ``DB_PATH``), with the database work off the
event loop on a pool of as many threads as the service gives its database (one for SQLite). The load
driver posts to it beside the interviews, with the same client, concurrency and think time: its latency
is what a minimal FastAPI route with one write costs on this machine at that moment, for context.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa
from fastapi import FastAPI
from pydantic import BaseModel

from app.config import Settings
from app.store.db import make_engine

metadata = sa.MetaData()
rows = sa.Table(
    "bench_bare",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("text", sa.Text, nullable=False),
)


class Body(BaseModel):
    text: str


class Stored(BaseModel):
    id: int


def create_app() -> FastAPI:
    settings = Settings(
        _env_file=None,
        database_url=os.environ.get("DATABASE_URL", ""),
        db_path=Path(os.environ.get("DB_PATH", "bench-bare.db")),
    )
    engine = make_engine(settings.sqlalchemy_url)
    threads = ThreadPoolExecutor(settings.db_thread_count, thread_name_prefix="db")
    metadata.create_all(engine)
    app = FastAPI()

    def insert(text: str) -> int:
        with engine.begin() as conn:
            key = conn.execute(rows.insert().values(text=text)).inserted_primary_key
            assert key is not None
            return int(key[0])

    @app.post("/bare", response_model=Stored)
    async def bare(body: Body) -> Stored:
        return Stored(id=await asyncio.get_running_loop().run_in_executor(threads, insert, body.text))

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app

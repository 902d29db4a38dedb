"""Processes and databases only the benchmark needs: the bare route, the /healthz probe, and a PostgreSQL
database of its own for each service it starts. The fake model and the service come from
``app.devtools.procs``, which the resilience tests share."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from app.devtools.procs import ROOT, Server, uvicorn_argv


def bare(workdir: Path, *, database_url: str = "") -> Server:
    """``bench.bare_app``: one INSERT per request, on the same kind of database as the service."""
    env = {"DATABASE_URL": database_url, "DB_PATH": str(workdir / "bare.db")}
    return Server("bare", uvicorn_argv("bench.bare_app:create_app"), env, workdir / "bare.log")


def start_probe(url: str, out: Path, interval: float = 0.02) -> subprocess.Popen[bytes]:
    """``bench.probe`` in a process of its own: /healthz latencies, unaffected by the driver's load."""
    argv = [sys.executable, "-m", "bench.probe", url, str(out), "--interval", str(interval)]
    return subprocess.Popen(argv, cwd=ROOT)


def read_probe(proc: subprocess.Popen[bytes], out: Path) -> list[tuple[float, float, float]]:
    """(sent, answered, ms) of every /healthz the probe made."""
    proc.terminate()
    proc.wait(30)
    rows = []
    for line in (out.read_text() if out.exists() else "").splitlines():
        sent, answered, ms = line.split()
        rows.append((float(sent), float(answered), float(ms)))
    return rows


def _libpq(url: str) -> str:
    """A SQLAlchemy or libpq PostgreSQL URL as libpq takes it (no ``+driver``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_database(server_url: str, prefix: str = "bench") -> Iterator[str]:
    """A new, empty database with a unique name on the server ``server_url`` points at, dropped afterwards.

    ``server_url`` only says where the server is and who connects: its own database is where the
    CREATE DATABASE runs, and nothing in it is touched.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = _libpq(server_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(_libpq(server_url)).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

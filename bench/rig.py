"""One run's processes: the fake model for the whole run, and a fresh service (and bare route) per phase,
each on a database of its own."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from app.devtools import procs
from bench import servers
from bench.options import Options


class Rig:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.work = Path(tempfile.mkdtemp(prefix="bench-"))
        self.fake = procs.fake_model(self.work, {"record_prompts": False, **options.model.control()})
        self.control = procs.FakeControl(self.fake.url)

    def __enter__(self) -> Rig:
        self.fake.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.fake.stop()

    def log(self, text: str) -> None:
        print(text, flush=True)

    def usual_model(self, **values: Any) -> None:
        """The run's model timing, nothing held, prompts not kept (they cost the fake model memory)."""
        self.control.set(**{"hold": False, "record_prompts": False, **self.options.model.control(), **values})

    @contextmanager
    def database(self) -> Iterator[str]:
        """'' for SQLite (each server gets a file in the work dir), else a new PostgreSQL database."""
        if not self.options.database_url:
            yield ""
            return
        with servers.scratch_database(self.options.database_url) as url:
            yield url

    @contextmanager
    def service(self, name: str, **settings: Any) -> Iterator[procs.Server]:
        """The real service with its default settings, apart from ``settings``, on a fresh database."""
        with self.database() as url:
            server = procs.service(
                self.work,
                model_url=self.fake.url,
                database_url=url,
                db_path=self.work / f"{name}.db",
                name=name,
                **settings,
            )
            server.start(timeout=60)
            try:
                yield server
            finally:
                server.stop()

    @contextmanager
    def bare(self) -> Iterator[procs.Server]:
        with self.database() as url:
            server = servers.bare(self.work, database_url=url).start(timeout=60)
            try:
                yield server
            finally:
                server.stop()

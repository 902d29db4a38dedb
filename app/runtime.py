"""Everything a request needs, built once from the settings: bank, database, prompts, providers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any, Concatenate, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

import yaml
from sqlalchemy.engine import Engine

from app.bank.loader import Bank, load_bank
from app.config import Settings
from app.interviews import repo
from app.planner import Bounds
from app.prompts import Prompts
from app.providers.base import Provider
from app.providers.factory import build_provider
from app.providers.offline import OfflineProvider
from app.ratelimit import Rate, RateLimiter
from app.scoring.offline import OfflineJudge
from app.store.db import make_engine, migrate

DB_CALLS_PER_THREAD = 4
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Runtime:
    settings: Settings
    bank: Bank
    engine: Engine
    prompts: Prompts
    provider: Provider
    offline: OfflineProvider
    requests: RateLimiter | None = None
    token_creation: RateLimiter | None = None
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    _owners: dict[str, int] = field(default_factory=dict)
    _db_threads: ThreadPoolExecutor | None = field(default=None, init=False)
    _db_gates: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = field(
        default_factory=WeakKeyDictionary, init=False
    )

    async def db(self, fn: Callable[Concatenate[Engine, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run one repo function in a database thread, off the event loop.

        The database has threads of its own (one for SQLite: one writer at a time, not busy-wait
        back-offs). A few calls per thread may wait in the threads' own queue, so a finished write
        starts the next at once instead of waiting for a busy event loop to hand it over; the gate
        keeps a burst of answers from queueing there all at once and taking the GIL from the loop
        until they are done (bench/RESULTS.md).
        """
        loop = asyncio.get_running_loop()
        gate = self._db_gates.get(loop)
        if gate is None:
            gate = self._db_gates[loop] = asyncio.Semaphore(DB_CALLS_PER_THREAD * self.settings.db_thread_count)
        if self._db_threads is None:
            self._db_threads = ThreadPoolExecutor(self.settings.db_thread_count, thread_name_prefix="db")
        async with gate:
            return await loop.run_in_executor(self._db_threads, partial(fn, self.engine, *args, **kwargs))

    def close(self) -> None:
        """Finish the database work already queued, then close the connections; the next call reopens both."""
        threads, self._db_threads = self._db_threads, None
        if threads is not None:
            threads.shutdown(wait=True)
        self.engine.dispose()

    async def owner(self, raw_token: str) -> int:
        """The identity behind a token. Tokens are never reassigned, so a found one is remembered."""
        key = repo.hash_token(raw_token)
        if key not in self._owners:
            if len(self._owners) > 100_000:
                self._owners.clear()
            self._owners[key] = await self.db(repo.token_id, raw_token)
        return self._owners[key]

    @property
    def bounds(self) -> Bounds:
        return Bounds(self.settings.min_follow_ups, self.settings.max_follow_ups)

    @cached_property
    def scoring_spec(self) -> dict[str, Any]:
        return yaml.safe_load((self.prompts.directory / "scoring.yaml").read_text(encoding="utf-8"))


def build_runtime(settings: Settings, provider: Provider | None = None) -> Runtime:
    """Load and validate everything up front, so a broken bank or database stops start-up, not a request."""
    bank = load_bank(settings.question_bank_dir, replace=settings.question_bank_replace)
    engine = make_engine(settings.sqlalchemy_url, sqlite_synchronous=settings.sqlite_synchronous)
    migrate(engine)
    prompts = Prompts(settings.prompts_dir)
    offline = OfflineProvider(prompts, OfflineJudge(bank.framework))
    return Runtime(
        settings=settings,
        bank=bank,
        engine=engine,
        prompts=prompts,
        provider=provider or build_provider(settings, prompts, offline),
        offline=offline,
        requests=_limiter(settings.rate_limit_per_minute, 60.0),
        token_creation=_limiter(settings.token_creation_per_hour, 3600.0),
    )


def _limiter(limit: int, period: float) -> RateLimiter | None:
    return RateLimiter(Rate(limit, period)) if limit else None

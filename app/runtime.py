"""Everything a request needs, built once from the settings: bank, database, prompts, providers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Concatenate, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

import anyio
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

    _limiters: WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = field(
        default_factory=WeakKeyDictionary
    )
    _owners: dict[str, int] = field(default_factory=dict)

    async def db(self, fn: Callable[Concatenate[Engine, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run one repo function in a worker thread, off the event loop.

        Database work has its own small limiter, so a burst of turns queues here instead of taking
        every worker thread (and SQLite gets one writer at a time instead of busy-wait back-offs).
        """
        loop = asyncio.get_running_loop()
        limiter = self._limiters.get(loop)
        if limiter is None:
            limiter = self._limiters[loop] = anyio.CapacityLimiter(self.settings.db_thread_count)
        return await anyio.to_thread.run_sync(lambda: fn(self.engine, *args, **kwargs), limiter=limiter)

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

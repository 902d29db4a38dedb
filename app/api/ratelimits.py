"""Request-rate limits: a flood of answers would otherwise become a flood of paid model calls.

A moving window per client (``limits``): at most N requests in any 60 seconds, N tokens in any hour.
The counts live in this process's memory, or with ``REDIS_URL`` in Redis, where every process behind
a load balancer shares them. If Redis stops answering, requests are let through (and the failure is
logged): a limit is protection, not a reason to refuse candidates.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from app.config import Settings
from app.errors import RateLimited

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    item: RateLimitItem
    what: str
    setting: str

    def describe(self) -> str:
        seconds = self.item.get_expiry()
        return f"{self.item.amount} per {seconds} s ({self.setting})"


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.storage: Storage = MemoryStorage()
        if settings.redis_url:
            shared = storage_from_string(_async_uri(settings.redis_url), implementation="redispy")
            assert isinstance(shared, Storage)
            self.storage = shared
        self._limiter = MovingWindowRateLimiter(self.storage)
        per_minute, per_hour = settings.rate_limit_per_minute, settings.token_creation_per_hour
        self.requests = (
            Limit(RateLimitItemPerMinute(per_minute), "requests from this client", "RATE_LIMIT_PER_MINUTE")
            if per_minute
            else None
        )
        self.token_creation = (
            Limit(RateLimitItemPerHour(per_hour), "new tokens from this address", "TOKEN_CREATION_PER_HOUR")
            if per_hour
            else None
        )

    async def check(self, limit: Limit | None, client: str) -> None:
        """Count one request of ``client``; raise RateLimited, with the wait, when it is over the limit."""
        if limit is None:
            return
        try:
            if await self._limiter.hit(limit.item, client):
                return
            stats = await self._limiter.get_window_stats(limit.item, client)
        except Exception as exc:  # the storage (Redis) is down: let the request through
            log.warning("rate limit storage unavailable, request not counted: %s", exc)
            return
        wait = max(1, math.ceil(stats.reset_time - time.time()))
        raise RateLimited(
            f"too many {limit.what}: the limit is {limit.describe()}; retry in {wait} s", retry_after=wait
        )

    async def ready(self) -> bool:
        try:
            return bool(await self.storage.check())
        except Exception:
            return False


def _async_uri(url: str) -> str:
    return url if url.startswith("async+") else "async+" + url

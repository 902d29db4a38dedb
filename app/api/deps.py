"""Dependencies that keep routes to one line of work: the runtime, the caller's identity, the rate limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.errors import RateLimited, Unauthorized
from app.ratelimit import RateLimiter
from app.runtime import Runtime

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/tokens.")


async def get_runtime(request: Request) -> Runtime:
    """Async on purpose: FastAPI runs a plain ``def`` dependency in the thread pool, a hop per request."""
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def current_owner(
    rt: RuntimeDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> int:
    if credentials is None or not credentials.credentials:
        raise Unauthorized(
            "missing bearer token: create one with POST /api/tokens and send 'Authorization: Bearer <token>'"
        )
    if len(credentials.credentials) > 200:
        raise Unauthorized("invalid token; create one with POST /api/tokens")
    return await rt.owner(credentials.credentials)


Owner = Annotated[int, Depends(current_owner)]


def _address(request: Request) -> str:
    return "address:" + (request.client.host if request.client else "unknown")


def _check(limiter: RateLimiter | None, client: str, what: str, setting: str) -> None:
    if limiter is None:
        return
    if wait := limiter.check(client):
        rate = limiter.rate
        raise RateLimited(
            f"too many {what}: the limit is {rate.limit} per {int(rate.period)} s ({setting}); retry in {int(wait)} s",
            retry_after=wait,
        )


async def limit_requests(request: Request, rt: RuntimeDep) -> None:
    """Counted per token before it is looked up, so guessing tokens is limited too; per address without one.

    The header is read directly: the bearer scheme as a dependency would mark public routes as needing a token.
    """
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    client = token.strip()[:200] if scheme.lower() == "bearer" and token.strip() else _address(request)
    _check(rt.requests, client, "requests from this client", "RATE_LIMIT_PER_MINUTE")


async def limit_token_creation(request: Request, rt: RuntimeDep) -> None:
    _check(rt.token_creation, _address(request), "new tokens from this address", "TOKEN_CREATION_PER_HOUR")

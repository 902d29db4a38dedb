"""Dependencies that keep routes to one line of work: the service context, the caller's identity, the limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.ratelimits import RateLimits
from app.errors import Unauthorized
from app.interviews import service
from app.interviews.context import Context

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/tokens.")
MAX_TOKEN_CHARS = 200


async def get_context(request: Request) -> Context:
    """Async on purpose: FastAPI runs a plain ``def`` dependency in the thread pool, a hop per request."""
    return request.app.state.context


async def get_limits(request: Request) -> RateLimits:
    return request.app.state.limits


ContextDep = Annotated[Context, Depends(get_context)]
LimitsDep = Annotated[RateLimits, Depends(get_limits)]


async def current_owner(
    ctx: ContextDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> int:
    if credentials is None or not credentials.credentials:
        raise Unauthorized(
            "missing bearer token: create one with POST /api/tokens and send 'Authorization: Bearer <token>'"
        )
    if len(credentials.credentials) > MAX_TOKEN_CHARS:
        raise Unauthorized("invalid token; create one with POST /api/tokens")
    return await service.owner_of(ctx, credentials.credentials)


Owner = Annotated[int, Depends(current_owner)]


def _address(request: Request) -> str:
    return "address:" + (request.client.host if request.client else "unknown")


async def _client(request: Request, ctx: Context) -> str:
    """Who a request counts against: its identity when the token is valid, else its address, so guessing
    tokens costs the guesser's own address its budget.

    The header is read directly: the bearer scheme as a dependency would mark public routes as needing a token.
    """
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token and len(token) <= MAX_TOKEN_CHARS:
        try:
            return f"owner:{await service.owner_of(ctx, token)}"
        except Unauthorized:
            pass
    return _address(request)


async def limit_requests(request: Request, ctx: ContextDep, limits: LimitsDep) -> None:
    await limits.check(limits.requests, await _client(request, ctx))


async def limit_token_creation(request: Request, limits: LimitsDep) -> None:
    await limits.check(limits.token_creation, _address(request))

"""Dependencies that keep routes to one line of work: the runtime and the caller's identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.errors import Unauthorized
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

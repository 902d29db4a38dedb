"""Service errors become HTTP responses here, once, with the field and the limit named."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from app.errors import InvalidInput, RateLimited, ServiceError, Unauthorized


class ErrorPublic(BaseModel):
    detail: str | list[dict[str, Any]]


RATE_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorPublic, "description": "Over RATE_LIMIT_PER_MINUTE; the Retry-After header says when to retry."}
}


async def _service_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    if isinstance(exc, InvalidInput):
        detail: object = [{"loc": list(exc.loc), "msg": exc.message, "type": exc.kind}]
    else:
        detail = exc.message
    headers = None
    if isinstance(exc, Unauthorized):
        headers = {"WWW-Authenticate": "Bearer"}
    elif isinstance(exc, RateLimited):
        headers = {"Retry-After": str(int(exc.retry_after))}
    return JSONResponse({"detail": detail}, status_code=exc.status, headers=headers)


async def _validation_error(_request: Request, exc: Exception) -> Response:
    """FastAPI's own 422, serialised ASCII-safe: the echoed input may hold an unpaired surrogate,
    which the default UTF-8 response cannot encode (that would be a 500)."""
    assert isinstance(exc, RequestValidationError)
    body = json.dumps({"detail": jsonable_encoder(exc.errors())}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)

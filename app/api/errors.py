"""Service errors become HTTP responses here, once, with the field and the limit named."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

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


# FastAPI's words when a body cannot even be decoded (bytes that are not UTF-8); JSON that does not
# parse already gets a 422 "json_invalid", and this one should too.
_UNDECODABLE_BODY = "There was an error parsing the body"


def _allowed_methods(app: FastAPI, path: str) -> set[str]:
    """Every method the public contract (the OpenAPI document) gives this path; 405s are rare, so
    the document, which FastAPI builds once, is read each time instead of kept beside it."""
    allowed: set[str] = set()
    for template, operations in app.openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), path):
            allowed |= {m.upper() for m in operations}
    return allowed | ({"HEAD"} if "GET" in allowed else set())


async def _http_error(request: Request, exc: Exception) -> Response:
    """Two of Starlette's answers made to match the contract: an undecodable body is a 422 like any
    other malformed JSON, and a 405 lists every method of the path, not only the first route's."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and exc.detail == _UNDECODABLE_BODY:
        detail = [{"loc": ["body"], "msg": "the request body is not valid UTF-8 JSON", "type": "json_invalid"}]
        return Response(json.dumps({"detail": detail}), status_code=422, media_type="application/json")
    if exc.status_code == 405 and (allowed := _allowed_methods(request.app, request.url.path)):
        exc = HTTPException(405, exc.detail, headers={**(exc.headers or {}), "Allow": ", ".join(sorted(allowed))})
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)

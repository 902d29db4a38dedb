"""Service errors become HTTP responses here, once, with the field and the limit named."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.errors import InvalidInput, ServiceError, Unauthorized


async def _service_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    if isinstance(exc, InvalidInput):
        detail: object = [{"loc": list(exc.loc), "msg": exc.message, "type": exc.kind}]
    else:
        detail = exc.message
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
    return JSONResponse({"detail": detail}, status_code=exc.status, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)

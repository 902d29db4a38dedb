"""Cache headers: the question bank and framework (the same for everyone, fixed while the process runs) carry
an ETag and are revalidated, answering 304 when unchanged; every other API answer is ``no-store``, since
it belongs to one identity."""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REVALIDATED = ("/api/questions", "/api/framework")
NOT_STORED = ("/api/", "/healthz", "/readyz")


def etag_of(body: bytes) -> str:
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether a client's If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET)."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


class CacheHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(NOT_STORED):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET" and path.startswith(REVALIDATED):
            await self._revalidated(scope, receive, send)
            return

        async def no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, no_store)

    async def _revalidated(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message = {}
        body = bytearray()

        async def collect(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, collect)
        headers = MutableHeaders(scope=start)
        if start["status"] != 200:
            headers["cache-control"] = "no-store"
            await send(start)
            await send({"type": "http.response.body", "body": bytes(body)})
            return
        etag = etag_of(bytes(body))
        headers["etag"] = etag
        headers["cache-control"] = "no-cache"
        if matches(Headers(scope=scope).get("if-none-match"), etag):
            del headers["content-length"]
            del headers["content-type"]
            await send({**start, "status": 304})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        await send({"type": "http.response.body", "body": bytes(body)})

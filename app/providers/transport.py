"""The HTTP client under the SDK: a refused connection fails the call at once instead of being retried.

The SDK retries connection errors with backoff, which for a server that is not running only delays the
offline phrasing; it passes its own errors through without retrying, so a refused connection is raised
as one of them. Timeouts, 429 and 5xx keep the SDK's retries.
"""

from __future__ import annotations

import httpx
import openai

# A turn has its notes and its follow-up at the model at once (and a probe the model finds answered a second phrasing),
# so the SDK's default of 1,000 connections would queue half of 1,000 interviews waiting on the model.
# Keep-alive stays at the SDK's default.
LIMITS = httpx.Limits(max_connections=4000, max_keepalive_connections=100)


class ModelUnreachable(openai.OpenAIError):
    """Nothing accepts connections at the model server's address."""


class FailFastTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._inner.handle_async_request(request)
        except httpx.ConnectError as exc:
            where = f"{request.url.scheme}://{request.url.netloc.decode()}"
            raise ModelUnreachable(
                f"cannot connect to the model server at {where}: connection refused or no such host ({exc}); "
                "is it running? Check OPENAI_BASE_URL"
            ) from exc

    async def aclose(self) -> None:
        await self._inner.aclose()


def http_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=FailFastTransport(httpx.AsyncHTTPTransport(limits=LIMITS)))

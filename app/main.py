"""The app factory: `uvicorn app.main:create_app --factory`, or `mock-interview serve`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from app.api import data, errors, health, interviews, loops, progress, questions, stories, tokens
from app.api.caching import CacheHeadersMiddleware
from app.api.docs import DOCS_ASSETS_DIR
from app.api.head import HeadAsGetMiddleware
from app.api.headers import SecurityHeadersMiddleware
from app.api.limits import BodyLimitMiddleware
from app.api.ratelimits import RateLimits
from app.config import Settings, get_settings
from app.interviews import service
from app.interviews.context import build_context
from app.interviews.readiness import warn_if_model_unreachable
from app.providers.base import Provider

WEB_DIR = Path(__file__).resolve().parent / "web"
STATIC_DIR = WEB_DIR / "static"
# Below this many bytes gzip saves less than its own header costs.
GZIP_MINIMUM_BYTES = 500


def create_app(settings: Settings | None = None, provider: Provider | None = None) -> FastAPI:
    """``provider`` replaces the model the settings name (tests hand in scripted ones)."""
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    context = build_context(settings, provider)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await warn_if_model_unreachable(context)
        sweeper = asyncio.create_task(service.sweep_forever(context))
        try:
            yield
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
            await context.aclose()

    app = FastAPI(
        title="Amazon L6/L7 mock interviewer",
        version="0.1.0",
        description="Real Amazon L6/L7 questions, bar-raiser follow-ups 3-5 levels deep, and a scorecard "
        "against the success factors that decide those loops.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.context = context
    app.state.limits = RateLimits(settings)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(CacheHeadersMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES)  # never text/event-stream
    app.add_middleware(HeadAsGetMiddleware)
    errors.install(app)
    for module in (health, tokens, questions, interviews, progress, loops, stories, data):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS_DIR), name="docs-assets")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        """Swagger UI from the packaged copy: nothing is loaded from another origin."""
        return FileResponse(WEB_DIR / "docs.html")

    return app

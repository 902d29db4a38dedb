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

from app.api import data, errors, health, interviews, loops, progress, questions, stories, tokens
from app.api.headers import SecurityHeadersMiddleware
from app.api.limits import BodyLimitMiddleware
from app.api.ratelimits import RateLimits
from app.config import Settings, get_settings
from app.interviews import service
from app.interviews.context import build_context
from app.providers.base import Provider

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"


def create_app(settings: Settings | None = None, provider: Provider | None = None) -> FastAPI:
    """``provider`` replaces the model the settings name (tests hand in scripted ones)."""
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    context = build_context(settings, provider)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
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
    )
    app.state.context = context
    app.state.limits = RateLimits(settings)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    errors.install(app)
    for module in (health, tokens, questions, interviews, progress, loops, stories, data):
        app.include_router(module.router)
    if (STATIC_DIR / "index.html").exists():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

        @app.get("/", include_in_schema=False)
        async def index() -> FileResponse:
            return FileResponse(STATIC_DIR / "index.html")

    return app

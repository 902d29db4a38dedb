"""The app factory: `uvicorn app.main:create_app --factory`, or `mock-interview serve`."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from app.api import errors, health, interviews, questions, tokens
from app.api.headers import SecurityHeadersMiddleware
from app.api.limits import BodyLimitMiddleware
from app.config import Settings, get_settings
from app.providers.base import Provider
from app.runtime import build_runtime

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
GC_THRESHOLD = 10_000


def create_app(settings: Settings | None = None, provider: Provider | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    runtime = build_runtime(settings, provider)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # What start-up built (bank, schemas, templates, the ORM) lives as long as the process: out of
        # the collector's sight, full collections under load stop rescanning it (p99 halved, bench/RESULTS.md).
        gc.collect()
        gc.freeze()
        # A turn's objects mostly die by reference counting; at the default threshold of 700 the collector
        # still ran every five turns or so (0.3 ms of CPU a turn), at 10,000 twice in 1,000 turns (bench/RESULTS.md).
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
        # The database thread needs the GIL back after every SQLite call; at the default 5 ms switch
        # interval a busy event loop kept it waiting that long each time (bench/RESULTS.md).
        sys.setswitchinterval(0.001)
        yield
        # Let turns that are still running (e.g. for a client that hung up) store their messages.
        if runtime.tasks:
            await asyncio.wait(list(runtime.tasks), timeout=settings.openai_timeout)
        await runtime.provider.aclose()
        runtime.close()

    app = FastAPI(
        title="Amazon L6/L7 mock interviewer",
        version="0.1.0",
        description="Real Amazon L6/L7 questions, bar-raiser follow-ups 3-5 levels deep, and a scorecard "
        "against the success factors that decide those loops.",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    errors.install(app)
    for module in (health, tokens, questions, interviews):
        app.include_router(module.router)
    if (STATIC_DIR / "index.html").exists():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

        @app.get("/", include_in_schema=False)
        async def index() -> FileResponse:
            return FileResponse(STATIC_DIR / "index.html")

    return app

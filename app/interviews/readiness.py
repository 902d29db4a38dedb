"""Readiness: whether the database and the model endpoint answer. The service stays usable without the
model (turns fall back to the built-in interviewer), so only the database makes it unavailable."""

from __future__ import annotations

import logging
import time
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from app.interviews.context import Context
from app.providers.reachability import ModelCheck, ModelState, check_model
from app.store.db import ping

log = logging.getLogger(__name__)
MODEL_CHECK_SECONDS = 10.0


class ModelReadiness(BaseModel):
    provider: str
    model: str | None
    state: ModelState = Field(description="ok, unreachable, refused_key, or offline (no model configured).")
    detail: str


class Readiness(BaseModel):
    status: Literal["ready", "degraded", "unavailable"] = Field(
        description="ready; degraded: the model does not answer and the built-in interviewer is used; "
        "unavailable: the database does not answer."
    )
    database: Literal["ok", "unavailable"]
    model: ModelReadiness


async def readiness(ctx: Context) -> Readiness:
    try:
        await ctx.db.run(ping)
        database: Literal["ok", "unavailable"] = "ok"
    except SQLAlchemyError as exc:
        log.warning("readiness: the database does not answer: %s", exc)
        database = "unavailable"
    check = await _model(ctx)
    model = ModelReadiness(provider=ctx.provider.name, model=ctx.provider.model, state=check.state, detail=check.detail)
    status: Literal["ready", "degraded", "unavailable"] = "ready" if check.ok else "degraded"
    return Readiness(status="unavailable" if database != "ok" else status, database=database, model=model)


async def _model(ctx: Context) -> ModelCheck:
    """The model's state, asked again at most every MODEL_CHECK_SECONDS: a load balancer probing /readyz
    every few seconds must not become a stream of requests to the model's server."""
    now = time.monotonic()
    if ctx.model_check is None or now - ctx.model_check[0] > MODEL_CHECK_SECONDS:
        ctx.model_check = (now, await check_model(ctx.settings))
    return ctx.model_check[1]


async def warn_if_model_unreachable(ctx: Context) -> None:
    """At start-up: say clearly, once, that the model does not answer, rather than on every turn."""
    check = await _model(ctx)
    if not check.ok:
        log.warning(
            "the model endpoint does not answer: %s. Interviews still work: follow-ups and scores come from "
            "the built-in interviewer until it does (GET /readyz checks again).",
            check.detail,
        )

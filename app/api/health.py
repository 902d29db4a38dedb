from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel

from app.api.deps import ContextDep
from app.interviews.readiness import Readiness, readiness

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    provider: str
    model: str | None
    questions: int
    max_answer_chars: int
    max_notes_chars: int
    min_follow_ups: int
    max_follow_ups: int


@router.get("/healthz", response_model=Health)
async def healthz(ctx: ContextDep) -> Health:
    """Liveness, and which interviewer (offline or a model) is configured. Touches neither the database nor the
    model, so it stays fast; /readyz checks both."""
    return Health(
        status="ok",
        provider=ctx.provider.name,
        model=ctx.provider.model,
        questions=len(ctx.bank),
        max_answer_chars=ctx.settings.max_answer_chars,
        max_notes_chars=ctx.settings.max_notes_chars,
        min_follow_ups=ctx.bounds.min_follow_ups,
        max_follow_ups=ctx.bounds.max_follow_ups,
    )


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness, "description": "No database."}})
async def readyz(ctx: ContextDep, response: Response) -> Readiness:
    """Readiness: whether the database and the model endpoint answer (503 only without the database)."""
    ready = await readiness(ctx)
    if ready.status == "unavailable":
        response.status_code = 503
    return ready

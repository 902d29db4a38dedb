from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from app.api.deps import ContextDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    provider: str
    model: str | None
    questions: int
    max_answer_chars: int
    min_follow_ups: int
    max_follow_ups: int


@router.get("/healthz", response_model=Health)
async def healthz(ctx: ContextDep) -> Health:
    """Liveness, and which interviewer (offline or a model) is active. Touches no database, so it stays fast."""
    return Health(
        status="ok",
        provider=ctx.provider.name,
        model=ctx.provider.model,
        questions=len(ctx.bank),
        max_answer_chars=ctx.settings.max_answer_chars,
        min_follow_ups=ctx.bounds.min_follow_ups,
        max_follow_ups=ctx.bounds.max_follow_ups,
    )

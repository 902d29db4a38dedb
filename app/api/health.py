from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from app.api.deps import RuntimeDep

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
async def healthz(rt: RuntimeDep) -> Health:
    """Liveness, and which interviewer (offline or a model) is active. Touches no database, so it stays fast."""
    return Health(
        status="ok",
        provider=rt.provider.name,
        model=rt.provider.model,
        questions=len(rt.bank),
        max_answer_chars=rt.settings.max_answer_chars,
        min_follow_ups=rt.bounds.min_follow_ups,
        max_follow_ups=rt.bounds.max_follow_ups,
    )

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


@router.get("/healthz", response_model=Health)
async def healthz(rt: RuntimeDep) -> Health:
    """Liveness, and which interviewer (offline or a model) is active. Touches no database, so it stays fast."""
    return Health(status="ok", provider=rt.provider.name, model=rt.provider.model, questions=len(rt.bank))

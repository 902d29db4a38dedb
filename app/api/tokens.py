from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import RuntimeDep
from app.interviews import repo
from app.interviews.schemas import TokenPublic

router = APIRouter(prefix="/api", tags=["tokens"])


@router.post("/tokens", response_model=TokenPublic, status_code=201)
async def create_token(rt: RuntimeDep) -> TokenPublic:
    """A new candidate identity; send the token as 'Authorization: Bearer <token>'. It is shown only once."""
    return TokenPublic(token=await rt.db(repo.create_token))

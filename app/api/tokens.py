from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from app.api.deps import ContextDep, limit_token_creation
from app.api.errors import ErrorPublic
from app.interviews import service
from app.interviews.schemas import TokenPublic

router = APIRouter(prefix="/api", tags=["tokens"])


TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorPublic, "description": "Over TOKEN_CREATION_PER_HOUR for this address; see Retry-After."}
}


@router.post(
    "/tokens",
    response_model=TokenPublic,
    status_code=201,
    responses=TOO_MANY,
    dependencies=[Depends(limit_token_creation)],
)
async def create_token(ctx: ContextDep) -> TokenPublic:
    """A new candidate identity; send the token as 'Authorization: Bearer <token>'. It is shown only once."""
    return TokenPublic(token=await service.create_token(ctx))

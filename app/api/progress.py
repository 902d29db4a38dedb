"""Progress across attempts, "practise next", and "try again"."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from app.api.deps import ContextDep, Owner, limit_requests
from app.api.errors import RATE_LIMITED, ErrorPublic
from app.bank.models import Level
from app.coaching import progress
from app.coaching.schemas import ProgressPublic
from app.interviews.schemas import InterviewPublic
from app.practice.compare import Comparison

_AUTH: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "Missing or invalid bearer token."},
    **RATE_LIMITED,
}
router = APIRouter(prefix="/api", tags=["progress"], responses=_AUTH, dependencies=[Depends(limit_requests)])


@router.get("/progress", response_model=ProgressPublic)
async def get_progress(
    ctx: ContextDep,
    owner: Owner,
    level: Annotated[
        Level | None, Query(description="The level whose frequency table applies; default: your latest.")
    ] = None,
) -> ProgressPublic:
    """Each principle's and dimension's scores across your interviews with the trend, the principles not
    practised, how you do on the question types asked most at the level, and what to practise next."""
    return await progress.progress(ctx, owner, level)


@router.post(
    "/interviews/{interview_id}/retry",
    response_model=InterviewPublic,
    status_code=201,
    tags=["interviews"],
    responses={
        404: {"model": ErrorPublic, "description": "No such interview for this token."},
        409: {"model": ErrorPublic, "description": "The interview is still in progress."},
    },
)
async def retry(ctx: ContextDep, owner: Owner, interview_id: str) -> InterviewPublic:
    """Try again: the same question at the same level, as a new interview."""
    return await progress.retry(ctx, owner, interview_id)


@router.get(
    "/interviews/{interview_id}/comparison",
    response_model=Comparison,
    tags=["interviews"],
    responses={404: {"model": ErrorPublic, "description": "Not scored yet, or no earlier scored attempt."}},
)
async def comparison(ctx: ContextDep, owner: Owner, interview_id: str) -> Comparison:
    """The change per dimension against the previous scored attempt at the same question."""
    return await progress.comparison(ctx, owner, interview_id)

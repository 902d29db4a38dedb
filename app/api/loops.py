"""Loops: a simulated interview loop whose rounds are interviews, and its debrief."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from app.api.deps import ContextDep, Owner, limit_requests
from app.api.errors import RATE_LIMITED, ErrorPublic
from app.coaching import loops
from app.coaching.markdown import debrief_markdown
from app.coaching.schemas import LoopCreate, LoopPublic, LoopsPublic
from app.domain.debrief import DebriefData

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "Missing or invalid bearer token."},
    404: {"model": ErrorPublic, "description": "No such loop for this token."},
    **RATE_LIMITED,
}
NOT_YET: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorPublic, "description": "No such loop, or a round is not done yet and the loop was not ended."}
}
router = APIRouter(prefix="/api/loops", tags=["loops"], responses=_ERRORS, dependencies=[Depends(limit_requests)])


@router.post("", response_model=LoopPublic, status_code=201)
async def start_loop(ctx: ContextDep, owner: Owner, body: LoopCreate) -> LoopPublic:
    """Start a loop at a level: its rounds and their interviews, chosen as the seed's rounds and frequency table say."""
    return await loops.create(ctx, owner, body)


@router.get("", response_model=LoopsPublic)
async def list_loops(
    ctx: ContextDep,
    owner: Owner,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> LoopsPublic:
    """Your loops, newest first."""
    return await loops.list_(ctx, owner, limit, offset)


@router.get("/{loop_id}", response_model=LoopPublic)
async def get_loop(ctx: ContextDep, owner: Owner, loop_id: str) -> LoopPublic:
    """One loop: its rounds (each with its name and its interviews' ids), what to take next, and its status."""
    return await loops.get(ctx, owner, loop_id)


@router.post("/{loop_id}/end", response_model=LoopPublic)
async def end_loop(ctx: ContextDep, owner: Owner, loop_id: str) -> LoopPublic:
    """End the loop now: its open interviews are ended and scored, and the debrief covers what was taken."""
    return await loops.end(ctx, owner, loop_id)


@router.get("/{loop_id}/debrief", response_model=DebriefData, responses=NOT_YET)
async def get_debrief(ctx: ContextDep, owner: Owner, loop_id: str) -> DebriefData:
    """The debrief: votes, the principle matrix, the decision and level; 404 until every round is done."""
    return await loops.debrief(ctx, owner, loop_id)


@router.post("/{loop_id}/debrief", response_model=DebriefData, responses=NOT_YET)
async def write_debrief(ctx: ContextDep, owner: Owner, loop_id: str) -> DebriefData:
    """Have the model (when one is configured) write the debrief's reasons, bounded by code, and keep them."""
    return await loops.write_debrief(ctx, owner, loop_id)


@router.get(
    "/{loop_id}/debrief.md",
    response_class=Response,
    responses={
        200: {"content": {"text/markdown": {"schema": {"type": "string"}}}, "description": "Markdown."},
        **NOT_YET,
    },
)
async def debrief_md(ctx: ContextDep, owner: Owner, loop_id: str) -> Response:
    """The debrief as readable Markdown."""
    debrief = await loops.debrief(ctx, owner, loop_id)
    loop = await loops.get(ctx, owner, loop_id)
    return Response(
        debrief_markdown(loop, debrief),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="debrief-{loop_id}.md"'},
    )


@router.delete("/{loop_id}", status_code=204)
async def delete_loop(ctx: ContextDep, owner: Owner, loop_id: str) -> Response:
    """Delete the loop and its rounds' interviews."""
    await loops.delete(ctx, owner, loop_id)
    return Response(status_code=204)

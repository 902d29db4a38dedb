"""Data rights: export everything an identity stored, or delete all of it, in one call each."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from app.api.deps import ContextDep, Owner, limit_requests
from app.api.errors import RATE_LIMITED, ErrorPublic
from app.coaching import data_rights
from app.coaching.schemas import DeletedPublic, ExportPublic

_AUTH: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "Missing or invalid bearer token."},
    **RATE_LIMITED,
}
router = APIRouter(prefix="/api", tags=["your data"], responses=_AUTH, dependencies=[Depends(limit_requests)])


@router.get(
    "/export",
    response_model=ExportPublic,
    responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}}, "description": "The archive."}},
)
async def export(
    ctx: ContextDep, owner: Owner, format: Annotated[Literal["json", "md"], Query()] = "json"
) -> ExportPublic | Response:
    """All your interviews, loops (with their debriefs) and stories, as one JSON or Markdown archive."""
    stamp = "mock-interview-export"
    if format == "md":
        return Response(
            await data_rights.export_md(ctx, owner),
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{stamp}.md"'},
        )
    body = (await data_rights.export(ctx, owner)).model_dump_json()
    return Response(
        body, media_type="application/json", headers={"Content-Disposition": f'attachment; filename="{stamp}.json"'}
    )


@router.delete("/data", response_model=DeletedPublic)
async def delete_all(ctx: ContextDep, owner: Owner) -> DeletedPublic:
    """Delete all your interviews, loops and stories, and say how many there were. The token stays valid, empty."""
    return await data_rights.delete_all(ctx, owner)

"""The story bank: your stories, the principles they show, and how well they cover the principles."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from app.api.deps import ContextDep, Owner, limit_requests
from app.api.errors import RATE_LIMITED, ErrorPublic
from app.coaching import stories
from app.coaching.schemas import StoriesPublic, StoryCreate, StoryPublic, StoryUpdate
from app.practice.stories import Suggestion

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "Missing or invalid bearer token."},
    **RATE_LIMITED,
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorPublic, "description": "No such story for this token."}
}
router = APIRouter(prefix="/api", tags=["stories"], responses=_ERRORS, dependencies=[Depends(limit_requests)])


@router.get("/stories", response_model=StoriesPublic)
async def list_stories(ctx: ContextDep, owner: Owner) -> StoriesPublic:
    """Your stories, and the bank's coverage: principles without a story or with one, stories without numbers,
    stories told in two rounds of one loop."""
    return await stories.list_(ctx, owner)


@router.post("/stories", response_model=StoryPublic, status_code=201)
async def create_story(ctx: ContextDep, owner: Owner, body: StoryCreate) -> StoryPublic:
    """Save a story: written out, or an interview's answers (``interview_id``, optionally one ``seq``)."""
    return await stories.create(ctx, owner, body)


@router.get("/stories/{story_id}", response_model=StoryPublic, responses=NOT_FOUND)
async def get_story(ctx: ContextDep, owner: Owner, story_id: str) -> StoryPublic:
    """One story, with the interviews that practised it."""
    return await stories.get(ctx, owner, story_id)


@router.patch("/stories/{story_id}", response_model=StoryPublic, responses=NOT_FOUND)
async def update_story(ctx: ContextDep, owner: Owner, story_id: str, body: StoryUpdate) -> StoryPublic:
    """Change a story's title, text, principles or numbers (the fields sent)."""
    return await stories.update(ctx, owner, story_id, body)


@router.delete("/stories/{story_id}", status_code=204, responses=NOT_FOUND)
async def delete_story(ctx: ContextDep, owner: Owner, story_id: str) -> Response:
    """Delete the story; the interviews that practised it stay."""
    await stories.delete(ctx, owner, story_id)
    return Response(status_code=204)


@router.get(
    "/interviews/{interview_id}/story",
    response_model=Suggestion,
    tags=["interviews"],
    responses={404: {"model": ErrorPublic, "description": "No such interview for this token."}},
)
async def suggest_story(
    ctx: ContextDep, owner: Owner, interview_id: str, seq: Annotated[int | None, Query(ge=1, le=10_000)] = None
) -> Suggestion:
    """The story this interview's answers (or one answer, ``seq``) would make: its text, a title, and the
    principles and numbers they show. Nothing is saved; POST /api/stories with ``interview_id`` saves it."""
    return await stories.suggestion(ctx, owner, interview_id, seq)

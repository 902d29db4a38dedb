from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from app.api.deps import ContextDep, Owner, limit_requests
from app.api.errors import RATE_LIMITED, ErrorPublic
from app.domain.scorecard import ScorecardData
from app.interviews import service
from app.interviews.schemas import AnswerCreate, InterviewCreate, InterviewPublic, InterviewsPublic, TurnPublic
from app.interviews.streaming import Final, TurnEvent
from app.interviews.transcript import render
from app.providers.base import Delta, Reset

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "Missing or invalid bearer token."},
    404: {"model": ErrorPublic, "description": "No such interview for this token."},
    413: {"model": ErrorPublic, "description": "Request body over MAX_BODY_BYTES."},
    **RATE_LIMITED,
}
router = APIRouter(
    prefix="/api/interviews", tags=["interviews"], responses=_ERRORS, dependencies=[Depends(limit_requests)]
)
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorPublic,
        "description": "Completed interview, a reply to this turn is pending, or reply_to names a question that "
        "is no longer the current one (detail loc ['body', 'reply_to'], type 'stale_reply').",
    }
}
LIMIT: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorPublic,
        "description": "This token has reached MAX_INTERVIEWS_PER_TOKEN, or is over RATE_LIMIT_PER_MINUTE.",
    }
}

IdempotencyKey = Annotated[
    str | None,
    Header(max_length=200, description="Retrying with the same key returns the first result instead of a 409."),
]
SSE_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
        "description": "With 'Accept: text/event-stream': 'delta' events ({text}), possibly 'reset' ({reason}) when "
        "a failing model's text is withdrawn, then one 'message' event carrying the stored turn.",
    }
}


@router.post("", response_model=InterviewPublic, status_code=201, responses=LIMIT)
async def start_interview(ctx: ContextDep, owner: Owner, body: InterviewCreate) -> InterviewPublic:
    """Start an interview: a given question, or a weighted pick that follows the seed's frequency table."""
    return await service.start(ctx, owner, body)


@router.get("", response_model=InterviewsPublic)
async def list_interviews(
    ctx: ContextDep,
    owner: Owner,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> InterviewsPublic:
    """Your interviews, newest first."""
    return await service.list_(ctx, owner, limit, offset)


@router.get("/{interview_id}", response_model=InterviewPublic)
async def get_interview(ctx: ContextDep, owner: Owner, interview_id: str) -> InterviewPublic:
    """One interview with its question, every message, depth, status and scorecard."""
    return await service.get(ctx, owner, interview_id)


def _sse(event: TurnEvent) -> ServerSentEvent:
    if isinstance(event, Delta):
        return ServerSentEvent(json.dumps({"text": event.text}, ensure_ascii=False), event="delta")
    if isinstance(event, Reset):
        return ServerSentEvent(json.dumps({"reason": event.reason}), event="reset")
    return ServerSentEvent(event.turn.model_dump_json(), event="message")


@router.post("/{interview_id}/answers", response_model=TurnPublic, responses={**SSE_DOC, **CONFLICT})
async def answer(
    ctx: ContextDep,
    owner: Owner,
    interview_id: str,
    body: AnswerCreate,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> TurnPublic | EventSourceResponse:
    """Answer the current question; the reply is the interviewer's next follow-up (or the close)."""
    streaming = "text/event-stream" in request.headers.get("accept", "")
    events = await service.answer(ctx, owner, interview_id, body.text, idempotency_key, body.reply_to, notes=body.notes)
    if streaming:

        async def stream() -> AsyncIterator[ServerSentEvent]:
            async for event in events:
                yield _sse(event)

        return EventSourceResponse(stream(), ping=15)
    async for event in events:
        if isinstance(event, Final):
            return event.turn
    raise RuntimeError("turn ended without a final message")


@router.post("/{interview_id}/end", response_model=InterviewPublic)
async def end_interview(ctx: ContextDep, owner: Owner, interview_id: str) -> InterviewPublic:
    """End the interview now; it is scored on what was said. Ending a completed interview changes nothing."""
    return await service.end(ctx, owner, interview_id)


@router.get("/{interview_id}/scorecard", response_model=ScorecardData)
async def get_scorecard(ctx: ContextDep, owner: Owner, interview_id: str) -> ScorecardData:
    """The scorecard; 404 until the interview is completed and scored."""
    return await service.scorecard(ctx, owner, interview_id)


@router.post("/{interview_id}/scorecard", response_model=ScorecardData)
async def rescore(ctx: ContextDep, owner: Owner, interview_id: str) -> ScorecardData:
    """Score a completed interview again, e.g. after configuring a model."""
    return await service.rescore(ctx, owner, interview_id)


@router.get(
    "/{interview_id}/transcript.md",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}}, "description": "Markdown."}},
)
async def transcript(ctx: ContextDep, owner: Owner, interview_id: str) -> Response:
    """The interview as readable Markdown, with its scorecard."""
    interview = await service.get(ctx, owner, interview_id)
    return Response(
        render(interview, ctx.content.probes),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="interview-{interview.id}.md"'},
    )


@router.delete("/{interview_id}", status_code=204)
async def delete_interview(ctx: ContextDep, owner: Owner, interview_id: str) -> Response:
    """Delete the interview, its messages and its scorecard."""
    await service.delete(ctx, owner, interview_id)
    return Response(status_code=204)

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from app.api.deps import ContextDep, limit_requests
from app.api.errors import RATE_LIMITED, ErrorPublic
from app.bank.models import Framework
from app.bank.select import QuestionFilter, filter_questions
from app.errors import NotFound
from app.interviews.schemas import QuestionPublic, QuestionsPublic
from app.interviews.views import question_public

router = APIRouter(prefix="/api", tags=["questions"], responses=RATE_LIMITED, dependencies=[Depends(limit_requests)])


@router.get("/questions", response_model=QuestionsPublic)
async def list_questions(ctx: ContextDep, flt: Annotated[QuestionFilter, Query()]) -> QuestionsPublic:
    """The question bank, filtered by category, level, leadership principle, round and question type."""
    data = [question_public(ctx.bank, q) for q in filter_questions(ctx.bank, flt)]
    return QuestionsPublic(data=data, count=len(data))


@router.get(
    "/questions/{question_id}",
    response_model=QuestionPublic,
    responses={404: {"model": ErrorPublic, "description": "No question with this id."}},
)
async def get_question(ctx: ContextDep, question_id: str) -> QuestionPublic:
    """One question with its context, follow-ups, success pattern and success factor."""
    question = ctx.bank.questions.get(question_id)
    if question is None:
        raise NotFound(f"no question with id {question_id!r}; GET /api/questions lists them")
    return question_public(ctx.bank, question)


class ProbePublic(BaseModel):
    id: str
    label: str
    reason: str


class FrameworkPublic(Framework):
    """The seed's framework, with the interviewer's probe vocabulary (how each probe reads to a person)."""

    probes: list[ProbePublic]


@router.get("/framework", response_model=FrameworkPublic)
async def get_framework(ctx: ContextDep) -> FrameworkPublic:
    """The seed's interview framework (deep-dive pattern, follow-up patterns, frequency table, rounds) and
    the interviewer's probes."""
    probes = [ProbePublic(id=p.id, label=p.label, reason=p.reason) for p in ctx.content.probes.probes]
    return FrameworkPublic(**ctx.bank.framework.model_dump(), probes=probes)

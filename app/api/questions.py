from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.api.deps import RuntimeDep, limit_requests
from app.api.errors import RATE_LIMITED, ErrorPublic
from app.bank.models import Framework
from app.bank.select import QuestionFilter, filter_questions
from app.errors import NotFound
from app.interviews.schemas import QuestionPublic, QuestionsPublic
from app.interviews.service import question_public

router = APIRouter(prefix="/api", tags=["questions"], responses=RATE_LIMITED, dependencies=[Depends(limit_requests)])


@router.get("/questions", response_model=QuestionsPublic)
async def list_questions(rt: RuntimeDep, flt: Annotated[QuestionFilter, Query()]) -> QuestionsPublic:
    """The question bank, filtered by category, level, leadership principle, round and question type."""
    data = [question_public(rt, q) for q in filter_questions(rt.bank, flt)]
    return QuestionsPublic(data=data, count=len(data))


@router.get(
    "/questions/{question_id}",
    response_model=QuestionPublic,
    responses={404: {"model": ErrorPublic, "description": "No question with this id."}},
)
async def get_question(rt: RuntimeDep, question_id: str) -> QuestionPublic:
    """One question with its context, follow-ups, success pattern and success factor."""
    question = rt.bank.questions.get(question_id)
    if question is None:
        raise NotFound(f"no question with id {question_id!r}; GET /api/questions lists them")
    return question_public(rt, question)


@router.get("/framework", response_model=Framework)
async def get_framework(rt: RuntimeDep) -> Framework:
    """The seed's interview framework: deep-dive pattern, follow-up patterns, frequency table, rounds."""
    return rt.bank.framework

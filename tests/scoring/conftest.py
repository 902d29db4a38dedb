from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from app.bank.loader import Bank, load_bank
from app.bank.models import Question
from app.content import load_content
from app.domain.dialogue import Turn
from app.domain.scorecard import ScorecardData
from app.interviews.service import score_transcript
from app.providers.base import JudgeRequest, Provider, Usage
from app.providers.factory import offline_provider as build_offline
from app.providers.fallback import FallbackProvider
from app.providers.offline import OfflineProvider
from app.scoring.rubric import build_rubric
from tests.utils.transcripts import answered

CONTENT = load_content()
SPEC = CONTENT.scoring


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


def transcript(question: Question, answers: Sequence[str]) -> list[Turn]:
    """The answers as an interview: each read as the service reads it, each followed by a probe."""
    turns = [Turn("interviewer", question.text, seq=1)]
    for text in answers:
        turns = answered(question, turns, text)
        turns.append(Turn("interviewer", "What else?", probe="metrics", seq=len(turns) + 1))
    return turns


def judge_request(bank: Bank, question_id: str, answers: Sequence[str], level: str = "L6") -> JudgeRequest:
    question = bank.questions[question_id]
    return JudgeRequest(
        "test-interview",
        question,
        level,
        bank.framework,
        transcript(question, answers),
        build_rubric(question, bank.framework, SPEC, level),
    )


def offline_provider(bank: Bank) -> OfflineProvider:
    return build_offline(CONTENT)


def run_score(
    bank: Bank, question_id: str, answers: Sequence[str], provider: Provider | None = None, level: str = "L6"
) -> ScorecardData:
    return score_with_usage(bank, question_id, answers, provider, level)[0]


def score_with_usage(
    bank: Bank, question_id: str, answers: Sequence[str], provider: Provider | None = None, level: str = "L6"
) -> tuple[ScorecardData, Usage]:
    """What the service does at the close (a model falls back offline), on the answers read as it reads them."""
    offline = offline_provider(bank)
    judge: Provider = FallbackProvider(provider, offline, budget_s=60) if provider else offline
    question = bank.questions[question_id]
    closing = score_transcript(
        judge, bank.framework, SPEC, "test-interview", question, level, transcript(question, answers)
    )
    return asyncio.run(closing)

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
import yaml

from app.bank.loader import Bank, load_bank
from app.config import Settings
from app.planner import Turn
from app.prompts import Prompts
from app.providers.base import JudgeRequest, Provider
from app.providers.offline import OfflineProvider
from app.scoring.models import ScorecardData
from app.scoring.offline import OfflineJudge
from app.scoring.rubric import build_rubric
from app.scoring.scorer import score

PROMPTS = Prompts(Settings(_env_file=None).prompts_dir)
SPEC = yaml.safe_load((PROMPTS.directory / "scoring.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


def transcript(question_text: str, answers: Sequence[str]) -> list[Turn]:
    turns = [Turn("interviewer", question_text)]
    for text in answers:
        turns += [Turn("candidate", text), Turn("interviewer", "What else?", probe="metrics")]
    return turns


def judge_request(bank: Bank, question_id: str, answers: Sequence[str], level: str = "L6") -> JudgeRequest:
    question = bank.questions[question_id]
    return JudgeRequest(
        "test-interview",
        question,
        level,
        bank.framework,
        transcript(question.text, answers),
        build_rubric(question, bank.framework, SPEC),
    )


def offline_provider(bank: Bank) -> OfflineProvider:
    return OfflineProvider(PROMPTS, OfflineJudge(bank.framework))


def run_score(
    bank: Bank, question_id: str, answers: Sequence[str], provider: Provider | None = None, level: str = "L6"
) -> ScorecardData:
    offline = offline_provider(bank)
    card, _ = asyncio.run(score(judge_request(bank, question_id, answers, level), provider or offline, offline))
    return card

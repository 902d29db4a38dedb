"""Choosing questions: by id, by filters, and the weighted pick that mirrors real loops."""

from __future__ import annotations

import random
from collections import defaultdict

from pydantic import BaseModel

from app.bank.loader import Bank
from app.bank.models import Category, LeadershipPrinciple, Level, Question, QuestionType, Round


class QuestionFilter(BaseModel):
    category: Category | None = None
    level: Level | None = None
    leadership_principle: LeadershipPrinciple | None = None
    round: Round | None = None
    question_type: QuestionType | None = None


class NoQuestionError(LookupError):
    """No question matches; the message says which filters to loosen."""


def matches(question: Question, flt: QuestionFilter) -> bool:
    return (
        (flt.category is None or question.category == flt.category)
        and (flt.level is None or flt.level in question.levels)
        and (flt.leadership_principle is None or flt.leadership_principle in question.leadership_principles)
        and (flt.round is None or flt.round in question.rounds)
        and (flt.question_type is None or question.question_type == flt.question_type)
    )


def filter_questions(bank: Bank, flt: QuestionFilter) -> list[Question]:
    return [q for q in bank.questions.values() if matches(q, flt)]


def type_weights(bank: Bank, level: Level) -> dict[QuestionType | None, float]:
    """The frequency table's percent for each type at this level; None is the pool that fits no type."""
    weights: dict[QuestionType | None, float] = {
        info.id: float(info.frequency.get(level, 0)) for info in bank.framework.question_types
    }
    weights[None] = float(bank.framework.untyped_frequency.get(level, 0))
    return weights


def pick_question(bank: Bank, flt: QuestionFilter, rng: random.Random | None = None) -> Question:
    """Pick a type in proportion to how often loops at this level ask it, then a question of that type.

    Weighting types rather than questions keeps the table's ratios (Strategic Thinking 40% at L6,
    90% at L7) however many questions of each type the bank happens to hold.
    """
    rng = rng or random.Random()
    pool = filter_questions(bank, flt)
    if not pool:
        given = {k: str(v) for k, v in flt.model_dump(exclude_none=True).items()}
        raise NoQuestionError(f"no question matches {given or 'the bank'}; loosen a filter")
    by_type: dict[QuestionType | None, list[Question]] = defaultdict(list)
    for question in sorted(pool, key=lambda q: q.id):
        by_type[question.question_type].append(question)
    if flt.level is None:
        weights = {t: 1.0 for t in by_type}
    else:
        table = type_weights(bank, flt.level)
        weights = {t: table.get(t, 0.0) for t in by_type}
    types = sorted(by_type, key=lambda t: t or "")
    if sum(weights[t] for t in types) <= 0:
        weights = {t: 1.0 for t in types}
    chosen = rng.choices(types, weights=[weights[t] for t in types])[0]
    return rng.choice(by_type[chosen])

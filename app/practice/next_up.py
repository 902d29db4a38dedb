""" "Practise next": the question that would help most now. Pure.

Each principle's need is how weak its latest score is (an unpractised one counts as a middling score),
weighed by how often the questions asked at the level test it (drawn as the seed's frequency table says).
A principle practised in the last ``spacing_days`` waits, so a weak one comes back after a few days
rather than at once; among the questions that test the chosen principle, one answered in the last
``recent_days`` is suggested only when there is no other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from app.bank.loader import Bank
from app.bank.models import Level, Question, QuestionType
from app.bank.select import type_weights
from app.practice.progress import Attempt, principle_series
from app.practice.spec import NextWording, PracticeSpec

# However rare a principle's questions, need decides at least half of its priority.
FREQUENCY_SHARE = 0.5


class NextUp(BaseModel):
    question_id: str
    question_text: str
    leadership_principle: str
    principle_name: str
    reason: str
    due: bool = Field(description="False when every principle was practised within the spacing; this one is next.")


def _ago(then: datetime, now: datetime) -> str:
    days = (now - then).days
    return "today" if days < 1 else "yesterday" if days == 1 else f"{days} days ago"


def principle_share(bank: Bank, level: Level) -> dict[str, float]:
    """For each principle, the percent of questions at this level that test it, drawn the way loops draw
    them: a question type in proportion to the seed's frequency table, then one question of that type."""
    weights = type_weights(bank, level)
    by_type: dict[QuestionType | None, list[Question]] = {}
    for q in bank.questions.values():
        if level in q.levels:
            by_type.setdefault(q.question_type, []).append(q)
    total = sum(weights.get(t, 0.0) for t in by_type) or 1.0
    share: dict[str, float] = {}
    for question_type, questions in by_type.items():
        for q in questions:
            for p in q.leadership_principles:
                share[p.value] = share.get(p.value, 0.0) + 100 * weights.get(question_type, 0.0) / total / len(
                    questions
                )
    return share


def _question_for(
    bank: Bank, level: Level, principle: str, attempts: Sequence[Attempt], now: datetime, recent_days: float
) -> Question | None:
    weights = type_weights(bank, level)
    last: dict[str, datetime] = {}
    for a in attempts:
        last[a.question.id] = max(a.at, last.get(a.question.id, a.at))
    recent = {qid for qid, at in last.items() if now - at < timedelta(days=recent_days)}
    pool = [q for q in bank.questions.values() if level in q.levels and principle in q.leadership_principles]

    def rank(q: Question) -> tuple[bool, float, bool, float, str]:
        answered = last[q.id].timestamp() if q.id in last else float("-inf")
        primary = q.leadership_principles[0].value == principle
        return (q.id in recent, answered, not primary, -weights.get(q.question_type, 0.0), q.id)

    return min(pool, key=rank, default=None)


def practise_next(
    bank: Bank,
    spec: PracticeSpec,
    wording: NextWording,
    level: Level,
    attempts: Sequence[Attempt],
    now: datetime,
) -> NextUp | None:
    frequency = principle_share(bank, level)
    most = max(frequency.values(), default=1.0)
    spacing = timedelta(days=spec.spacing_days)
    scored = []
    infos = bank.framework.leadership_principles
    for order, (info, s) in enumerate(zip(infos, principle_series(bank.framework, attempts), strict=True)):
        principle = info.id.value
        if principle not in frequency:
            continue
        latest = s.latest if s.latest is not None else spec.unpractised_score
        need = (4 - latest) / 3 * (FREQUENCY_SHARE + (1 - FREQUENCY_SHARE) * frequency[principle] / most)
        due_at = s.last_practised + spacing if s.last_practised else now
        scored.append((due_at <= now, need, -order, due_at, principle, s))
    if not scored:
        return None
    due = [item for item in scored if item[0]]
    if due:
        _, _, _, _, principle, chosen = max(due)
    else:
        _, _, _, _, principle, chosen = min(scored, key=lambda item: item[3])
    question = _question_for(bank, level, principle, attempts, now, spec.recent_days)
    if question is None:
        return None
    percent = round(frequency[principle])
    if not due:
        reason = wording.waiting.format(days=f"{spec.spacing_days:g}", principle=chosen.name)
    elif chosen.latest is None or chosen.last_practised is None:
        reason = wording.unpractised.format(principle=chosen.name, frequency=percent, level=level.value)
    else:
        reason = wording.weakest.format(
            principle=chosen.name,
            score=chosen.latest,
            ago=_ago(chosen.last_practised, now),
            frequency=percent,
            level=level.value,
        )
    return NextUp(
        question_id=question.id,
        question_text=question.text,
        leadership_principle=principle,
        principle_name=chosen.name,
        reason=reason,
        due=bool(due),
    )

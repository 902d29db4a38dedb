"""Progress across attempts, "practise next", and "try again" with the change it made."""

from __future__ import annotations

from datetime import UTC, datetime

from app.bank.models import Level
from app.coaching import attempts_repo
from app.coaching.schemas import ProgressPublic
from app.domain.scorecard import ScorecardData
from app.errors import Conflict, NotFound
from app.interviews import repo, service
from app.interviews.context import Context
from app.interviews.schemas import InterviewCreate, InterviewPublic
from app.practice.compare import Comparison, compare
from app.practice.next_up import practise_next
from app.practice.progress import (
    Attempt,
    PrincipleName,
    dimension_series,
    principle_series,
    type_progress,
)
from app.store.tables import Interview, Scorecard


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _attempt(interview: Interview, card: Scorecard) -> Attempt:
    return Attempt(
        interview_id=interview.id,
        question=repo.Snapshot(interview, []).question,
        level=interview.level,
        at=_utc(interview.completed_at or interview.updated_at),
        card=ScorecardData.model_validate_json(card.data),
    )


async def progress(ctx: Context, owner: int, level: Level | None = None, now: datetime | None = None) -> ProgressPublic:
    """From the interviews that had something to score; ``level`` defaults to the newest one's (L6 before any)."""
    attempts = [
        a
        for row in await ctx.db.run(attempts_repo.scored, owner)
        if (a := _attempt(*row)).card.overall_score is not None
    ]
    level = level or (Level(attempts[-1].level) if attempts else Level.L6)
    framework = ctx.bank.framework
    principles = principle_series(framework, attempts)
    return ProgressPublic(
        level=level,
        interviews=len(attempts),
        principles=principles,
        unpractised=[
            PrincipleName(id=p.id.value, name=s.name)
            for p, s in zip(framework.leadership_principles, principles, strict=True)
            if not s.points
        ],
        dimensions=dimension_series(attempts),
        question_types=type_progress(framework, level, attempts),
        practise_next=practise_next(
            ctx.bank, ctx.practice.spec, ctx.practice.wording.next, level, attempts, now or datetime.now(UTC)
        ),
    )


async def retry(ctx: Context, owner: int, interview_id: str) -> InterviewPublic:
    """The same question again, at the same level (and with the same story), as a new interview."""
    snap = await ctx.db.run(repo.load, owner, interview_id)
    interview = snap.interview
    if interview.status != "completed":
        raise Conflict("this interview is still in progress: finish or end it, then try the question again")
    if interview.question_id not in ctx.bank.questions:
        raise Conflict(f"question {interview.question_id!r} is no longer in the bank")
    body = InterviewCreate(level=Level(interview.level), question_id=interview.question_id, story_id=interview.story_id)
    return await service.start(ctx, owner, body)


async def comparison(ctx: Context, owner: int, interview_id: str) -> Comparison:
    snap = await ctx.db.run(repo.load, owner, interview_id)
    if snap.scorecard is None:
        raise NotFound("this interview has no scorecard yet; it is compared once it is scored")
    previous = await ctx.db.run(attempts_repo.previous_attempt, owner, snap.interview)
    if previous is None:
        raise NotFound("there is no earlier scored attempt at this question to compare with")
    before, after = _attempt(*previous), _attempt(snap.interview, snap.scorecard)
    return compare(snap.interview.question_id, before.interview_id, before.card, after.interview_id, after.card)

"""Stored rows as the public shapes the API, the CLI and the page read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC

from app.bank.loader import Bank
from app.bank.models import Category, Level, Question
from app.content import DesignSpec
from app.design.round import phase_plan
from app.domain.assessment import AnswerAssessment
from app.domain.dialogue import Bounds, Turn, depth_of
from app.domain.scorecard import ScorecardData
from app.interviews import repo
from app.interviews.language import answer_notices
from app.interviews.schemas import (
    FollowUpPublic,
    InterviewPublic,
    InterviewSummary,
    MessagePublic,
    PhasePublic,
    QuestionPublic,
    TurnPublic,
    UsagePublic,
)
from app.interviews.timing import active_seconds
from app.store.tables import Interview, Message, Scorecard


def question_public(bank: Bank, question: Question, *, reveal: bool = False) -> QuestionPublic:
    """The question as candidates see it; ``reveal`` adds the success pattern and a design question's
    scenario (after their interview). Before that the scenario stays hidden: its facts are answered when the
    candidate asks, as in the room."""
    info = next((t for t in bank.framework.question_types if t.id == question.question_type), None)
    return QuestionPublic(
        **question.model_dump(exclude={"follow_ups", "success_pattern", "scenario"}),
        follow_ups=[FollowUpPublic(id=f.id, heading=f.heading, text=f.text) for f in question.follow_ups],
        success_pattern=question.success_pattern if reveal else None,
        scenario=question.scenario if reveal else None,
        question_type_name=info.name if info else None,
        frequency=dict(info.frequency) if info else None,
        success_factor=info.success_factor if info else None,
    )


def turns_of(messages: Sequence[Message]) -> list[Turn]:
    return [
        Turn(
            role=m.role,  # type: ignore[arg-type]
            text=m.text,
            probe=m.probe,
            assessment=AnswerAssessment.model_validate_json(m.assessment) if m.assessment else None,
            target=m.target,
            seq=m.seq,
            phase=m.phase,
            notes=m.notes,
            at=m.created_at if m.created_at.tzinfo else m.created_at.replace(tzinfo=UTC),
        )
        for m in messages
    ]


def message_public(m: Message) -> MessagePublic:
    public = MessagePublic.model_validate(m.model_dump(exclude={"assessment"}))
    if m.assessment:
        public.assessment = AnswerAssessment.model_validate_json(m.assessment)
    if m.role == "candidate":
        public.notices = answer_notices(m.text)
    return public


def scorecard_data(card: Scorecard | None) -> ScorecardData | None:
    return ScorecardData.model_validate_json(card.data) if card else None


def phases_public(question: Question, level: str, design: DesignSpec) -> list[PhasePublic]:
    """A design round's phases with their suggested minutes; none for a behavioural question."""
    if question.category != Category.SYSTEM_DESIGN:
        return []
    return [PhasePublic(id=p.id, label=p.label, minutes=round(m)) for p, m in phase_plan(question, level, design)]


def interview_public(bank: Bank, bounds: Bounds, snap: repo.Snapshot, design: DesignSpec) -> InterviewPublic:
    interview, messages = snap.interview, snap.messages
    awaiting = None
    if interview.status != "completed":
        awaiting = "interviewer" if messages and messages[-1].role == "candidate" else "candidate"
    usage = UsagePublic(
        prompt_tokens=sum(m.prompt_tokens or 0 for m in messages),
        completion_tokens=sum(m.completion_tokens or 0 for m in messages),
        cached_tokens=sum(m.cached_tokens or 0 for m in messages),
    )
    if snap.scorecard:
        usage.prompt_tokens += snap.scorecard.prompt_tokens or 0
        usage.completion_tokens += snap.scorecard.completion_tokens or 0
    return InterviewPublic(
        id=interview.id,
        status=interview.status,
        level=interview.level,
        depth=depth_of(turns_of(messages)),
        min_follow_ups=bounds.min_follow_ups,
        max_follow_ups=bounds.max_follow_ups,
        awaiting=awaiting,
        ended_early=interview.ended_early,
        phase=interview.phase,
        phases=phases_public(snap.question, interview.level, design),
        question=question_public(bank, snap.question, reveal=interview.status == "completed"),
        messages=[message_public(m) for m in messages],
        scorecard=scorecard_data(snap.scorecard),
        provider=interview.provider,
        model=interview.model,
        prompt_hash=interview.prompt_hash,
        usage=usage,
        active_seconds=active_seconds(
            [m.created_at for m in messages] + ([interview.completed_at] if interview.completed_at else [])
        ),
        created_at=interview.created_at,
        updated_at=interview.updated_at,
        completed_at=interview.completed_at,
        loop_id=interview.loop_id,
        story_id=interview.story_id,
    )


def turn_public(snap: repo.Snapshot, reply: Message) -> TurnPublic:
    answered = next((m for m in snap.messages if m.seq == reply.seq - 1 and m.role == "candidate"), None)
    return TurnPublic(
        answer=message_public(answered) if answered else None,
        message=message_public(reply),
        depth=depth_of(turns_of(snap.messages)),
        status=snap.interview.status,
        scorecard=scorecard_data(snap.scorecard),
    )


def summary(interview: Interview, depth: int, card: Scorecard | None) -> InterviewSummary:
    question = repo.Snapshot(interview, []).question
    return InterviewSummary(
        id=interview.id,
        question_id=question.id,
        question_text=question.text,
        category=question.category,
        level=Level(interview.level),
        status=interview.status,
        depth=depth,
        recommendation=(card.recommendation or None) if card else None,
        created_at=interview.created_at,
        updated_at=interview.updated_at,
        completed_at=interview.completed_at,
        loop_id=interview.loop_id,
    )

"""SQLModel tables. Only the service reads and writes them; endpoints return schemas, never rows."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _created() -> sa.Column:
    return sa.Column(sa.DateTime(timezone=True), nullable=False)


class Token(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_created())


class Interview(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    token_id: int = Field(foreign_key="token.id", index=True)
    question_id: str = Field(max_length=80, index=True)
    question_json: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    level: str = Field(max_length=4)
    status: str = Field(max_length=16, default="in_progress")
    ended_early: bool = False
    provider: str = Field(max_length=32)
    model: str | None = Field(default=None, max_length=200)
    prompt_hash: str | None = Field(default=None, max_length=64)
    phase: str | None = Field(default=None, max_length=16, description="System design: the current phase.")
    turn_started_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True, index=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=_created())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_created())
    completed_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime(timezone=True)))
    loop_id: str | None = Field(default=None, foreign_key="loop.id", index=True, max_length=32)
    loop_round: int | None = Field(default=None, description="The position of its round in the loop.")
    story_id: str | None = Field(default=None, foreign_key="story.id", index=True, max_length=32)


class Message(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("interview_id", "seq", name="uq_message_interview_seq"),
        sa.UniqueConstraint("interview_id", "idempotency_key", name="uq_message_idempotency"),
    )

    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = Field(foreign_key="interview.id", index=True, max_length=32)
    seq: int
    role: str = Field(max_length=16)
    text: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    probe: str | None = Field(default=None, max_length=80)
    reason: str | None = Field(default=None, max_length=500)
    target: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    assessment: str | None = Field(
        default=None, sa_column=sa.Column(sa.Text, nullable=True), description="AnswerAssessment JSON (answers)."
    )
    phase: str | None = Field(default=None, max_length=16, description="System design: an interviewer message's.")
    notes: str | None = Field(
        default=None, sa_column=sa.Column(sa.Text, nullable=True), description="The design notes sent with an answer."
    )
    depth: int = 0
    provider: str | None = Field(default=None, max_length=32)
    model: str | None = Field(default=None, max_length=200)
    fallback: bool = False
    fallback_reason: str | None = Field(default=None, max_length=500)
    prompt_tokens: int | None = None
    cached_tokens: int | None = None
    completion_tokens: int | None = None
    duration_ms: int | None = None
    idempotency_key: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_created())


class Scorecard(SQLModel, table=True):
    interview_id: str = Field(primary_key=True, foreign_key="interview.id", max_length=32)
    scorer: str = Field(max_length=32)
    model: str | None = Field(default=None, max_length=200)
    recommendation: str = Field(max_length=32)
    level_verdict: str = Field(max_length=16)
    data: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=_created())


class Loop(SQLModel, table=True):
    """A simulated interview loop: its rounds (as planned) and, through ``Interview.loop_id``, their interviews."""

    id: str = Field(primary_key=True, max_length=32)
    token_id: int = Field(foreign_key="token.id", index=True)
    level: str = Field(max_length=4)
    rounds: str = Field(sa_column=sa.Column(sa.Text, nullable=False), description="The planned rounds, JSON.")
    ended_early: bool = False
    ended_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime(timezone=True)))
    prose: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.Text, nullable=True),
        description="The debrief's written prose, JSON: what it changed, the scorecards it read, its tokens.",
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=_created())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_created())


class Story(SQLModel, table=True):
    """A story in the candidate's bank: what they tell, the principles it shows and its numbers."""

    id: str = Field(primary_key=True, max_length=32)
    token_id: int = Field(foreign_key="token.id", index=True)
    title: str = Field(max_length=200)
    text: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    principles: str = Field(sa_column=sa.Column(sa.Text, nullable=False), description="Principle ids, JSON.")
    numbers: str = Field(sa_column=sa.Column(sa.Text, nullable=False), description="Its metrics, JSON.")
    source_interview_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_created())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_created())

"""Public shapes of interviews, messages and turns: what the API returns and accepts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.bank.models import Category, Level, QuestionBase
from app.bank.select import QuestionFilter
from app.domain.assessment import AnswerAssessment
from app.domain.scorecard import ScorecardData

Status = Literal["in_progress", "completed"]


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC, so say so."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


Timestamp = Annotated[datetime, AfterValidator(_aware)]


class FollowUpPublic(BaseModel):
    """A follow-up as the seed words it. How the interviewer tells it was answered (its keywords, the drill
    step it covers) is rubric, not shown to candidates."""

    id: str
    heading: str
    text: str


class QuestionPublic(QuestionBase):
    """A bank question plus what the frequency table says about its type. The success pattern, what strong
    answers do, is shown once an interview on the question is over (null before)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    follow_ups: list[FollowUpPublic] = Field(default_factory=list)  # type: ignore[assignment]
    success_pattern: str | None = None  # type: ignore[assignment]

    question_type_name: str | None = None
    frequency: dict[Level, int] | None = None
    success_factor: str | None = None


class QuestionsPublic(BaseModel):
    data: list[QuestionPublic]
    count: int


class InterviewCreate(QuestionFilter):
    """A given question, or the filters for a weighted pick at this level."""

    model_config = ConfigDict(extra="forbid")

    level: Level
    question_id: str | None = Field(default=None, max_length=80)
    seed: int | None = Field(default=None, description="Makes the weighted pick reproducible.")
    story_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=32,
        description="A story of yours to practise: the interviewer drills it. Without a question or principle, "
        "the question tests one of the story's principles.",
    )


class AnswerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        description="The candidate's answer: at least one visible character; control characters are removed. "
        "Its length limit is a setting (MAX_ANSWER_CHARS, shown by /healthz).",
    )
    reply_to: int | None = Field(
        default=None,
        ge=1,
        description="The seq of the interviewer message this answers. When it is no longer the current question "
        "(another tab or device answered it), the answer is refused with a 409 instead of being attached to a "
        "question the candidate never saw. Optional for older clients.",
    )
    notes: str | None = Field(
        default=None,
        description="Optional design notes (a plain-text outline of components, APIs, data) sent with the answer: "
        "stored with it and read by the interviewer. Blank notes are no notes; the limit is MAX_NOTES_CHARS.",
    )


class MessagePublic(BaseModel):
    seq: int
    role: Literal["interviewer", "candidate"]
    text: str
    probe: str | None = Field(default=None, description="Interviewer messages: what the follow-up probes.")
    reason: str | None = Field(default=None, description="Interviewer messages: why the planner asked it.")
    target: str | None = Field(
        default=None, description="Interviewer messages: the candidate's words the follow-up follows up."
    )
    assessment: AnswerAssessment | None = Field(
        default=None, description="Candidate messages: the interviewer's notes on the answer."
    )
    phase: str | None = Field(
        default=None,
        description="Interviewer messages of a system design round: the phase (requirements, estimation, high_level, "
        "deep_dive, failures, strategy). Null for behavioural questions.",
    )
    notes: str | None = Field(default=None, description="Candidate messages: the design notes sent with the answer.")
    depth: int
    fallback: bool = False
    fallback_reason: str | None = Field(
        default=None,
        description="Interviewer messages: why the model's words were not used (the built-in phrasing was).",
    )
    notices: list[str] = Field(
        default_factory=list, description="Candidate messages: what the candidate should know about this answer."
    )
    created_at: Timestamp


class UsagePublic(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0


class PhasePublic(BaseModel):
    """One phase of a system design round and the time it is suggested to take."""

    id: str
    label: str
    minutes: int


class InterviewSummary(BaseModel):
    id: str
    question_id: str
    question_text: str
    category: Category
    level: Level
    status: Status
    depth: int
    recommendation: str | None = None
    created_at: Timestamp
    updated_at: Timestamp
    completed_at: Timestamp | None = None
    loop_id: str | None = Field(default=None, description="The loop whose round this interview is.")


class InterviewsPublic(BaseModel):
    data: list[InterviewSummary]
    count: int
    limit: int
    offset: int


class InterviewPublic(BaseModel):
    id: str
    status: Status
    level: Level
    depth: int
    min_follow_ups: int
    max_follow_ups: int
    awaiting: Literal["candidate", "interviewer"] | None = Field(
        description="Whose turn it is; 'interviewer' while a reply is being produced, null once completed."
    )
    ended_early: bool
    phase: str | None = Field(
        default=None,
        description="System design: the phase the interview is in (the last one reached once it is completed); "
        "null for behavioural questions, whose follow-ups form one drill.",
    )
    phases: list[PhasePublic] = Field(
        default_factory=list,
        description="System design: the phases this interview runs through, in order, each with its suggested "
        "minutes; empty for behavioural questions.",
    )
    question: QuestionPublic
    messages: list[MessagePublic]
    scorecard: ScorecardData | None = None
    provider: str
    model: str | None
    prompt_hash: str | None
    usage: UsagePublic
    active_seconds: int = Field(
        description="Time spent in the interview so far: the gaps between its messages (and its end), each "
        "counted up to 15 minutes, so days between a pause and a resume do not count."
    )
    created_at: Timestamp
    updated_at: Timestamp
    completed_at: Timestamp | None = None
    loop_id: str | None = Field(default=None, description="The loop whose round this interview is.")
    story_id: str | None = Field(default=None, description="The story this interview practises.")


class TurnPublic(BaseModel):
    answer: MessagePublic | None = Field(default=None, description="The candidate's answer as stored.")
    message: MessagePublic
    depth: int
    status: Status
    scorecard: ScorecardData | None = None


class TokenPublic(BaseModel):
    token: str

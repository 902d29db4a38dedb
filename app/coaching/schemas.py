"""Public shapes of loops, stories, progress and an identity's data: what the API returns and accepts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, field_validator

from app.bank.models import LeadershipPrinciple, Level
from app.domain.debrief import DebriefData
from app.domain.scorecard import Recommendation
from app.interviews.schemas import InterviewPublic, Status, Timestamp
from app.practice.next_up import NextUp
from app.practice.progress import PrincipleName, Series, TypeProgress
from app.practice.stories import Coverage

RoundStatus = Literal["not_started", "in_progress", "completed", "skipped"]
MAX_TITLE_CHARS = 200
MAX_NUMBERS = 20
MAX_NUMBER_CHARS = 200
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE_CHARS)]
Number = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NUMBER_CHARS)]
Numbers = Annotated[list[Number], Field(max_length=MAX_NUMBERS)]
Principles = Annotated[list[LeadershipPrinciple], Field(max_length=len(LeadershipPrinciple))]


class LoopCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: Level
    seed: StrictInt | None = Field(default=None, description="Makes the choice of questions reproducible.")


class RoundInterview(BaseModel):
    interview_id: str
    question_id: str
    question_text: str
    status: Status
    started: bool = Field(description="The candidate has answered at least once.")
    recommendation: Recommendation | None = None


class RoundPublic(BaseModel):
    position: int = Field(description="0-based, in the order the rounds are taken.")
    round: str
    name: str
    focus: list[str]
    status: RoundStatus = Field(description="'skipped': the loop was ended before the round was taken.")
    interviews: list[str] = Field(description="The ids of this round's interviews, created with the loop.")
    questions: list[RoundInterview]


class LoopPublic(BaseModel):
    id: str
    level: Level
    status: Status
    ended_early: bool
    rounds: list[RoundPublic]
    rounds_done: int = Field(description="Rounds taken to the end (a skipped round is not done).")
    next_interview: str | None = Field(description="The interview to take next; null once the loop is completed.")
    created_at: Timestamp
    updated_at: Timestamp
    completed_at: Timestamp | None = None


class LoopsPublic(BaseModel):
    data: list[LoopPublic]
    count: int
    limit: int
    offset: int


class StoryBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("principles", check_fields=False)
    @classmethod
    def _unique(cls, value: list[LeadershipPrinciple] | None) -> list[LeadershipPrinciple] | None:
        return list(dict.fromkeys(value)) if value is not None else None


class StoryCreate(StoryBase):
    """A story written out, or an interview's answers saved as one (``interview_id``, optionally one answer's
    ``seq``): then the text, title, principles and numbers default to what the answers give."""

    title: Title | None = None
    text: str | None = Field(default=None, description="Its length limit is MAX_ANSWER_CHARS.")
    principles: Principles | None = None
    numbers: Numbers | None = None
    interview_id: str | None = Field(default=None, min_length=1, max_length=32)
    seq: StrictInt | None = Field(default=None, ge=1, le=10_000, description="One answer of the interview (its seq).")


class StoryUpdate(StoryBase):
    title: Title | None = None
    text: str | None = None
    principles: Principles | None = None
    numbers: Numbers | None = None


class StoryPublic(BaseModel):
    id: str
    title: str
    text: str
    principles: list[LeadershipPrinciple]
    numbers: list[str]
    lacks_numbers: bool
    source_interview_id: str | None
    practised_in: list[str] = Field(description="Interviews started to practise this story.")
    created_at: Timestamp
    updated_at: Timestamp


class StoriesPublic(BaseModel):
    data: list[StoryPublic]
    count: int
    coverage: Coverage


class ProgressPublic(BaseModel):
    level: Level
    interviews: int = Field(description="Scored interviews this is computed from.")
    principles: list[Series]
    unpractised: list[PrincipleName]
    dimensions: list[Series]
    question_types: list[TypeProgress] = Field(description="Most asked at the level first.")
    practise_next: NextUp | None


class LoopExport(BaseModel):
    loop: LoopPublic
    debrief: DebriefData | None


class ExportPublic(BaseModel):
    exported_at: Timestamp
    interviews: list[InterviewPublic]
    loops: list[LoopExport]
    stories: list[StoryPublic]


class DeletedPublic(BaseModel):
    interviews: int
    loops: int
    stories: int

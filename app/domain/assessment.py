"""What a bar raiser notes about one answer: the interviewer's private notes, kept with the answer.

The planner decides from these, the scorer checks evidence against them, and the candidate can read
them after the interview (``assessment`` on candidate messages). Every quote is verbatim from the
answer it describes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Step = Literal[
    "situation",
    "role",
    "metrics",
    "impact",
    "alternatives",
    "resistance",
    "learning",
    "application",
    "scope",
]
ClaimKind = Literal[
    "number",
    "team_size",
    "action",
    "decision",
    "option",
    "result",
    "lesson",
    "application",
    "resistance",
    "scope",
    "horizon",
    "stakeholder",
    "mechanism",
    "question",
]
Dodge = Literal["non_answer", "deflection"]
Scope = Literal["individual", "team", "multi_team", "organization", "company"]
Horizon = Literal["days", "weeks", "months", "quarters", "years"]
SCOPE_ORDER: tuple[Scope, ...] = ("individual", "team", "multi_team", "organization", "company")
HORIZON_ORDER: tuple[Horizon, ...] = ("days", "weeks", "months", "quarters", "years")


class Satisfied(BaseModel):
    """A drill step (or one of the question's own follow-ups) the answer gave in substance."""

    step: str
    quote: str
    inferred: bool = Field(
        default=False,
        description="Given by a substantive reply to the probe that asked for it, not by a claim of its own kind.",
    )
    specific: bool = Field(default=False, description="A number, a name or enough concrete words in it.")


class Claim(BaseModel):
    """Something the answer states that can be checked: a number and what it measures, who did or
    decided what, an option weighed, a result, a lesson, how far it reached."""

    kind: ClaimKind
    quote: str
    subject: str | None = Field(default=None, description="What a number measures, or what a decision was about.")
    value: float | None = None
    unit: str | None = None
    actor: Literal["self", "other", "shared"] | None = Field(default=None, description="Who acted or decided.")
    specific: bool = Field(default=False, description="A number, a name or enough concrete words in it.")


class Contradiction(BaseModel):
    """Two statements of the candidate that cannot both be true."""

    about: str
    earlier: str
    later: str
    earlier_seq: int | None = None


class AnswerAssessment(BaseModel):
    assessor: Literal["offline", "model"] = "offline"
    answered: str | None = Field(default=None, description="The probe this answer replied to (None: the question).")
    satisfied: list[Satisfied] = Field(default_factory=list)
    dodge: Dodge | None = None
    dodge_quote: str | None = None
    hollow: list[Step] = Field(
        default_factory=list, description="Parts named without their content ('I weighed the trade-offs')."
    )
    claims: list[Claim] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    scope: Scope | None = None
    horizon: Horizon | None = None
    questions: list[str] = Field(default_factory=list, description="Questions the candidate asked the interviewer.")

    def gave(self, step: str) -> bool:
        return any(s.step == step for s in self.satisfied)

    def quote_for(self, step: str) -> str | None:
        return next((s.quote for s in self.satisfied if s.step == step), None)

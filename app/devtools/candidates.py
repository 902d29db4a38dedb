"""Scripted candidates (tests/candidates/*.yaml, see its FORMAT.md) and the interviews they sit.

A candidate answers the opening question with its opening, and each follow-up with the reply kept
for what the follow-up probes (a drill step, a design phase, one of the question's own follow-ups),
else its default. Tests assert on the interviews; the quality evaluation (bench/quality.py) reports
figures over all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.bank.models import Level
from app.interviews import repo, service
from app.interviews.context import Context
from app.interviews.schemas import InterviewCreate, InterviewPublic
from app.interviews.streaming import Final
from app.packaged import load_yaml

CANDIDATES_DIR = Path(__file__).resolve().parents[2] / "tests" / "candidates"
# A probe without a reply of its own is answered with the reply to the closest thing it asks.
FALLBACK_KEYS: dict[str, tuple[str, ...]] = {
    "scale": ("estimation",),
    "data_model": ("data_model", "high_level"),
    "failure_handling": ("failures", "operations"),
    "clarify": ("clarify",),
    "reconcile": ("reconcile", "clarify"),
    "scope": ("scope", "strategy"),
    "challenge": ("challenge",),
    "trade_off": ("challenge",),
    "what_if": ("challenge",),
    "door": ("challenge",),
    "deeper": ("challenge",),
    "how_fails": ("failures",),
    "blast_radius": ("failures",),
    "cost": ("operations",),
    "dive_data": ("data_model",),
    "dive_resilience": ("failures",),
    "build_vs_buy": ("strategy",),
    "roadmap": ("strategy",),
    "org_design": ("strategy",),
    "pricing": ("strategy",),
    "competition": ("strategy",),
}


class Reply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str
    gives: list[str] | None = None


class Expectation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    recommendation: list[str] = Field(default_factory=list)
    level: str | None = None


class Script(BaseModel):
    """What a candidate says: the opening and the replies by what they answer."""

    model_config = ConfigDict(extra="ignore")

    opening: str
    opening_gives: list[str] = Field(default_factory=list)
    asks: list[str] = Field(default_factory=list)
    replies: dict[str, Reply]

    @model_validator(mode="before")
    @classmethod
    def _plain_replies(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("replies"), dict):
            data = {
                **data,
                "replies": {
                    key: {"text": value} if isinstance(value, str) else value for key, value in data["replies"].items()
                },
            }
        return data

    def reply(self, probe: str | None, phase: str | None = None) -> Reply:
        for key in (probe, *FALLBACK_KEYS.get(probe or "", ()), phase, "deep_dive" if phase == "deep_dive" else None):
            if key and key in self.replies:
                return self.replies[key]
        return self.replies["default"]

    def gives(self, key: str) -> set[str]:
        """What the reply for ``key`` gives: its annotation, else the part it answers."""
        reply = self.replies.get(key)
        if reply is None:
            return set()
        return set(reply.gives) if reply.gives is not None else {key}


class Candidate(Script):
    id: str
    question: str
    level: Level
    kind: str
    grade: str | None = None
    expect: Expectation = Field(default_factory=Expectation)


class Pair(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    question: str
    level: Level
    expect: Expectation = Field(default_factory=Expectation)
    a: Script
    b: Script

    def members(self) -> tuple[Candidate, Candidate]:
        common = {"question": self.question, "level": self.level, "kind": "paraphrase", "expect": self.expect}
        return (
            Candidate(id=f"{self.id}:a", **common, **self.a.model_dump()),
            Candidate(id=f"{self.id}:b", **common, **self.b.model_dump()),
        )


def _files(names: Iterable[str] | None, directory: Path) -> list[Path]:
    return [directory / name for name in names] if names else sorted(directory.glob("*.yaml"))


def load_candidates(names: Iterable[str] | None = None, directory: Path = CANDIDATES_DIR) -> list[Candidate]:
    found: list[Candidate] = []
    for path in _files(names, directory):
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        found += [Candidate.model_validate(item) for item in data.get("candidates", [])]
    return found


def load_pairs(names: Iterable[str] | None = None, directory: Path = CANDIDATES_DIR) -> list[Pair]:
    found: list[Pair] = []
    for path in _files(names, directory):
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        found += [Pair.model_validate(item) for item in data.get("pairs", [])]
    return found


async def sit(ctx: Context, candidate: Candidate, owner: int | None = None, max_turns: int = 40) -> InterviewPublic:
    """The whole interview, the candidate answering every follow-up from its script."""
    if owner is None:
        owner = await ctx.db.run(repo.token_id, await service.create_token(ctx))
    body = InterviewCreate(level=candidate.level, question_id=candidate.question)
    interview = await service.start(ctx, owner, body)
    text = candidate.opening
    for _ in range(max_turns):
        async for event in await service.answer(ctx, owner, interview.id, text):
            if isinstance(event, Final):
                turn = event.turn
        if turn.status == "completed":
            break
        text = candidate.reply(turn.message.probe, getattr(turn.message, "phase", None)).text
    return await service.get(ctx, owner, interview.id)


def follow_up_probes(interview: InterviewPublic) -> list[str]:
    return [m.probe for m in interview.messages if m.role == "interviewer" and m.probe]


def asked_steps(interview: InterviewPublic, question_follow_ups: Sequence[Any]) -> list[str | None]:
    """The drill step each follow-up asks for: a gap probe's own, a documented follow-up's ``covers``."""
    covers = {f.id: f.covers for f in question_follow_ups}
    return [covers.get(p, p) for p in follow_up_probes(interview)]

"""How loops are built and practice is spaced (``question_bank/practice.yaml``) and the words the debrief,
the story bank and "practise next" use (``prompts/coaching.yaml``), read and checked once at start-up.

The check goes beyond the shape: every level's loop is planned once against the bank, so a bank that
cannot fill a round stops start-up with one line naming the round, not the first candidate's request.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from app.bank.loader import PRACTICE_FILE, Bank, BankError, builtin_dir
from app.bank.models import Category, Level
from app.content import ContentError, builtin_prompts, describe, read_model, read_yaml
from app.practice.plan import LoopRound, NoLoopError, plan_loop

COACHING_FILE = "coaching.yaml"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
RoundId = Annotated[str, StringConstraints(pattern=r"^[a-z_]+$", max_length=40)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoundSpec(_Strict):
    id: RoundId
    name: Text | None = Field(default=None, description="Required unless the seed's rounds name it.")
    focus: list[Text] = Field(default_factory=list)
    questions: int = Field(ge=1, le=2, description="How many questions the round asks.")
    categories: list[Category] = Field(min_length=1)


class PracticeSpec(_Strict):
    rounds: list[RoundSpec] = Field(min_length=1)
    loops: dict[Level, list[RoundId]]
    veto_round: RoundId | None = None
    spacing_days: float = Field(ge=0, le=60)
    recent_days: float = Field(ge=0, le=365)
    unpractised_score: float = Field(ge=1, le=4)

    @model_validator(mode="after")
    def _consistent(self) -> PracticeSpec:
        ids = [r.id for r in self.rounds]
        if duplicated := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"duplicate round ids {duplicated}")
        for level in Level:
            if not self.loops.get(level):
                raise ValueError(f"loops: no rounds for {level.value}")
        for level, rounds in self.loops.items():
            if unknown := [r for r in rounds if r not in ids]:
                raise ValueError(f"loops.{level.value}: unknown rounds {unknown}")
            if len(set(rounds)) != len(rounds):
                raise ValueError(f"loops.{level.value}: a round is listed twice")
        if self.veto_round is not None and self.veto_round not in ids:
            raise ValueError(f"veto_round: unknown round {self.veto_round!r}")
        return self


class PracticeFile(_Strict):
    practice: PracticeSpec


class DebriefWording(_Strict):
    votes: Text
    sunk_by_strong_no: Text
    sunk_by_red_flag: Text
    veto: Text
    no_majority: Text
    missing: Text
    level: Text
    level_below: Text
    down_level: Text
    repeated_story: Text
    concern: Text
    red_flag_concern: Text
    no_vote_concern: Text
    change_red_flag: Text
    change_round: Text
    change_repeated_story: Text
    change_level: Text
    change_principle: Text


class StoryWording(_Strict):
    opening: Text
    context: Text
    default_title: Text


class NextWording(_Strict):
    weakest: Text
    unpractised: Text
    waiting: Text


class Wording(_Strict):
    debrief: DebriefWording
    stories: StoryWording
    next: NextWording


@dataclass(frozen=True)
class Practice:
    spec: PracticeSpec
    wording: Wording
    loops: dict[Level, tuple[LoopRound, ...]]


def load_practice(bank: Bank, bank_dir: Path | None = None, prompts_dir: Path | None = None) -> Practice:
    """A user's question folder may bring its own practice.yaml (else the built-in one is used); a prompts
    folder replaces the built-in wording as it replaces every prompt."""
    source: Traversable = builtin_dir() / PRACTICE_FILE
    if bank_dir is not None and (bank_dir / PRACTICE_FILE).is_file():
        source = bank_dir / PRACTICE_FILE
    try:
        spec = PracticeFile.model_validate(read_yaml(source)).practice
    except ValidationError as exc:
        raise BankError(f"{source}: {describe(exc)}") from exc
    except ContentError as exc:
        raise BankError(str(exc)) from exc
    wording = read_model((prompts_dir or builtin_prompts()) / COACHING_FILE, Wording)
    practice = Practice(spec, wording, {level: _rounds(spec, bank, level, source) for level in Level})
    _check_fillable(practice, bank, source)
    return practice


def _rounds(spec: PracticeSpec, bank: Bank, level: Level, source: Traversable) -> tuple[LoopRound, ...]:
    seed_rounds = {r.id.value: r for r in bank.framework.rounds}
    by_id = {r.id: r for r in spec.rounds}
    resolved = []
    for round_id in spec.loops[level]:
        item = by_id[round_id]
        seed = seed_rounds.get(round_id)
        name = item.name or (seed.name if seed else None)
        if name is None:
            raise BankError(f"{source}: round {round_id!r} field 'name': required for a round the seed does not name")
        focus = tuple(item.focus or (seed.focus if seed else ()))
        resolved.append(LoopRound(round_id, name, focus, item.questions, tuple(item.categories), seed is not None))
    return tuple(resolved)


def _check_fillable(practice: Practice, bank: Bank, source: Traversable) -> None:
    for level in Level:
        try:
            plan_loop(bank, practice.loops[level], level, random.Random(0))
        except NoLoopError as exc:
            raise BankError(f"{source}: loops.{level.value}: {exc}") from exc

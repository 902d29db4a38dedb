"""Plans a loop: the questions each round asks. Pure: (bank, rounds, level, rng) -> planned rounds.

Within a round a question is drawn in proportion to how often loops at this level ask its type (the
seed's frequency table), among the questions that add the most leadership principles the loop has not
covered yet, so that a loop tests as many principles as it can. No question is asked twice in a loop,
and questions the candidate answered recently wait while others fit. The rounds with the fewest
questions to choose from are filled first, so a rich round never takes the only question a scarce one
could ask.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from app.bank.loader import Bank
from app.bank.models import Category, LeadershipPrinciple, Level, Question
from app.bank.select import type_weights


@dataclass(frozen=True)
class LoopRound:
    """A round as a loop uses it: the spec with the seed's name and focus filled in."""

    id: str
    name: str
    focus: tuple[str, ...]
    questions: int
    categories: tuple[Category, ...]
    tagged: bool
    """Questions must be tagged with this round (a round the seed names), not only be of its categories."""


# Most questions are tagged with three principles: counting a fourth would favour the few tagged with four,
# and a round would keep asking the same one or two of its questions.
MAX_GAIN = 3


class PlannedRound(BaseModel):
    round: str
    name: str
    focus: list[str]
    questions: list[str]


class NoLoopError(LookupError):
    """The bank cannot fill a round; the message names it."""


def candidates(bank: Bank, loop_round: LoopRound, level: Level) -> list[Question]:
    return sorted(
        (
            q
            for q in bank.questions.values()
            if level in q.levels
            and q.category in loop_round.categories
            and (not loop_round.tagged or any(r.value == loop_round.id for r in q.rounds))
        ),
        key=lambda q: q.id,
    )


def plan_loop(
    bank: Bank,
    rounds: Sequence[LoopRound],
    level: Level,
    rng: random.Random,
    avoid: Collection[str] = (),
) -> list[PlannedRound]:
    weights = type_weights(bank, level)
    pools = [candidates(bank, r, level) for r in rounds]
    used: set[str] = set()
    covered: set[LeadershipPrinciple] = set()
    chosen: dict[int, list[str]] = {}

    def gain(question: Question) -> int:
        return min(len(set(question.leadership_principles) - covered), MAX_GAIN)

    for i in sorted(range(len(rounds)), key=lambda i: (len(pools[i]), i)):
        picks: list[str] = []
        for _ in range(rounds[i].questions):
            pool = [q for q in pools[i] if q.id not in used]
            if not pool:
                raise NoLoopError(
                    f"round {rounds[i].id!r} needs {rounds[i].questions} question(s) at {level.value} but the bank "
                    f"has {len(pools[i])} it can ask, not enough once the other rounds took theirs"
                )
            fresh = [q for q in pool if q.id not in avoid] or pool
            best = max(gain(q) for q in fresh)
            spread = [q for q in fresh if gain(q) == best]
            odds = [weights.get(q.question_type, 0.0) for q in spread]
            pick = rng.choices(spread, weights=odds if sum(odds) > 0 else None)[0]
            used.add(pick.id)
            covered.update(pick.leadership_principles)
            picks.append(pick.id)
        chosen[i] = picks
    return [
        PlannedRound(round=r.id, name=r.name, focus=list(r.focus), questions=chosen[i]) for i, r in enumerate(rounds)
    ]

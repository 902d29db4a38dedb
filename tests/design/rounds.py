"""Design rounds played against the planner directly: each answer read as the service reads it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from app.bank.loader import load_bank
from app.bank.models import Question
from app.content import load_content
from app.domain.dialogue import Bounds, Close, Probe, Turn
from app.planner import next_step
from tests.utils.transcripts import answered

BANK = load_bank()
CONTENT = load_content()
START = datetime(2026, 1, 5, 9, 0)
STORY_PROBES = {"role", "metrics", "impact", "alternatives", "resistance", "learning", "application", "scope"}

# A candidate of our own making: a sound answer to each kind of question, nothing tuned to any word list.
GENERIC = {
    "requirements": "Functionally: create, read and list the core records, and notify users when one changes. "
    "Non-functionally I'll design for p99 reads under 100 ms, 99.99% availability, and strong consistency "
    "for writes to a single record.",
    "estimation": "10 million daily users at 20 reads each is 200 million reads a day, about 2,300 a second, "
    "so 7,000 a second at a 3x peak. Records are 2 KB, so 20 GB of new data a day and 7 TB a year.",
    "high_level": "Clients call an API gateway, which routes each request to a stateless service; the service "
    "reads from a cache and falls back to the primary store, and writes publish an event to a queue that "
    "workers consume to send notifications.",
    "data_model": "Records live in a key-value store keyed by record_id, partitioned by customer_id, with a "
    "secondary index on updated_at for listing.",
    "failures": "If the primary store fails over, writes pause for about 30 seconds while reads keep coming "
    "from replicas; workers retry idempotently with the event id, so nothing is sent twice.",
    "strategy": "I'd build the core store ourselves because it is our differentiator, and buy the notification "
    "channel from a vendor. Two teams of eight engineers: one owns the store, one the API and the console. "
    "Year one ships a single region at a price of $0.02 per thousand reads; year two adds three regions.",
}
DIVE = (
    "I'd put a partitioned index in front of it, sharded by region, because one node cannot take 7,000 "
    "writes a second. Each shard holds about 50 GB, so 40 shards leave room for three years of growth; a "
    "replica per shard takes over within 10 seconds if the leader dies."
)


def answer_for(probe: str | None, phase: str | None) -> str:
    return GENERIC.get(probe or "", GENERIC.get(phase or "", DIVE))


def play(
    question: Question,
    opening: str,
    reply: Callable[[Probe], str] = lambda p: answer_for(p.probe, p.phase),
    level: str = "L6",
    minutes_per_answer: float = 2.0,
    skip: frozenset[str] = frozenset(),
    limit: int = 60,
) -> list[Turn]:
    """The whole round: the opening, then each question of the planner answered by ``reply``."""
    turns = [Turn("interviewer", question.text, phase="requirements", seq=1, at=START)]
    clock = START
    text = opening
    for _ in range(limit):
        clock += timedelta(minutes=minutes_per_answer)
        turns = answered(question, turns, text)
        turns[-1] = replace(turns[-1], at=clock)
        step = plan(question, turns, level, skip)
        turns.append(
            Turn("interviewer", "?", probe=getattr(step, "probe", None), phase=step.phase, seq=len(turns) + 1, at=clock)
        )
        if isinstance(step, Close):
            return turns
        turns[-1] = replace(turns[-1], target=step.target)
        text = reply(step)
    raise AssertionError("the round never closed")


def plan(question: Question, turns: list[Turn], level: str = "L6", skip: frozenset[str] = frozenset()) -> Probe | Close:
    return next_step(question, turns, BANK.framework, CONTENT.probes, Bounds(), level, skip, design=CONTENT.design)


def asked(turns: list[Turn]) -> list[Turn]:
    return [t for t in turns if t.role == "interviewer" and t.probe]


def dives(question: Question, turns: list[Turn]) -> list[list[str]]:
    """The deep dives of a round, each as its probes (its opening question first); not the change."""
    openers = {f.id for f in question.follow_ups if f.asked_as == "deep_dive"}
    openers |= {d.id for d in question.scenario.dives} if question.scenario else set()
    openers |= {w.probe for w in CONTENT.design.weak_areas}
    change = {"change"} | {f.id for f in question.follow_ups if f.asked_as == "requirement_change"}
    found: list[list[str]] = []
    current: list[str] | None = None
    for turn in asked(turns):
        if turn.phase != "deep_dive" or turn.probe in change:
            current = None
        elif turn.probe in openers:
            current = [turn.probe]  # type: ignore[list-item]
            found.append(current)
        elif current is not None:
            current.append(turn.probe)  # type: ignore[arg-type]
    return found

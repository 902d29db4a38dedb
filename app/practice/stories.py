"""The story bank's decisions. Pure: which principles an answer shows and which numbers it gives (the
suggestions offered when an answer is saved as a story), how well the bank covers the principles, which
stories were told in two rounds of one loop, and the interview that practises a story.

The seed's advice is the measure: "Prepare metrics for every story" and "Have backup stories for each
category".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, Field

from app.bank.loader import Bank
from app.bank.models import Framework, LeadershipPrinciple, Question
from app.bank.select import QuestionFilter, filter_questions
from app.domain.assessment import AnswerAssessment
from app.practice.same_story import fingerprint, shared
from app.practice.spec import StoryWording

# The offline signals framework.yaml names as a principle's evidence, in the assessment's drill steps.
SIGNAL_STEPS = {
    "role": "role",
    "task": "role",
    "alternatives": "alternatives",
    "learning": "learning",
    "resistance": "resistance",
    "diplomacy": "resistance",
    "metrics": "metrics",
    "results": "impact",
    "vision": "scope",
}
ASKED = 2
SHOWN = 3
MAX_TERMS = 3
MAX_SUGGESTED = 5
MAX_NUMBERS = 10
MAX_NUMBER_CHARS = 200


class Suggestion(BaseModel):
    title: str
    text: str
    principles: list[str]
    numbers: list[str]


def suggest_principles(
    framework: Framework, question: Question | None, text: str, assessments: Sequence[AnswerAssessment]
) -> list[str]:
    """The principles the answer shows: the question's own count for something, its words and the drill steps
    it satisfied count for more; the question's principles when nothing else stands out."""
    lowered = text.lower()
    steps = {s.step for a in assessments for s in a.satisfied}
    asked = {p.value for p in question.leadership_principles} if question else set()
    scores: dict[str, int] = {}
    for info in framework.leadership_principles:
        terms = sum(term.lower() in lowered for term in info.evidence_terms)
        signals = sum(SIGNAL_STEPS.get(signal) in steps for signal in info.evidence_signals)
        scores[info.id.value] = (ASKED if info.id.value in asked else 0) + min(terms, MAX_TERMS) + signals
    shown = sorted((p for p, s in scores.items() if s >= SHOWN), key=lambda p: -scores[p])
    return shown[:MAX_SUGGESTED] or ([p.value for p in question.leadership_principles] if question else [])


def suggest_numbers(assessments: Sequence[AnswerAssessment]) -> list[str]:
    quotes = [c.quote for a in assessments for c in a.claims if c.kind == "number"]
    return [q[:MAX_NUMBER_CHARS] for q in dict.fromkeys(quotes)][:MAX_NUMBERS]


F = TypeVar("F", bound=QuestionFilter)


def story_filter(bank: Bank, body: F, principles: Sequence[str]) -> F:
    """The filters of a pick that practises a story: without a principle of its own, the first of the
    story's principles some question at these filters tests."""
    if body.leadership_principle is not None:
        return body
    for principle in principles:
        narrowed = body.model_copy(update={"leadership_principle": LeadershipPrinciple(principle)})
        if filter_questions(bank, narrowed):
            return narrowed
    return body


def practising(question: Question, title: str, text: str, wording: StoryWording) -> tuple[Question, str]:
    """The question as an interview that drills a story asks it: the story is the context the opening refers
    to (the interviewer, model or offline, reads the context), and the opening names it."""
    context = wording.context.format(title=title, text=text)
    opening = wording.opening.format(question=question.text, title=title)
    return question.model_copy(update={"context": context}), opening


class PrincipleStories(BaseModel):
    id: str
    name: str
    stories: list[str] = Field(description="The ids of the stories tagged with it.")


class Overuse(BaseModel):
    story_id: str
    loop_id: str
    rounds: list[str]
    evidence: str


class Coverage(BaseModel):
    principles: list[PrincipleStories]
    without_story: list[str] = Field(description="Principles no story shows.")
    single_story: list[str] = Field(description="Principles only one story shows: no backup.")
    lacking_numbers: list[str] = Field(description="Stories without a number.")
    overused: list[Overuse] = Field(description="Stories told in two rounds of one loop.")


@dataclass(frozen=True)
class Banked:
    id: str
    text: str
    principles: tuple[str, ...]
    numbers: tuple[str, ...]


@dataclass(frozen=True)
class LoopTelling:
    """One round of a loop, as the bank compares it with the stories: the round's name and answers."""

    loop_id: str
    position: int
    round: str
    text: str


def told_twice(stories: Sequence[Banked], tellings: Sequence[LoopTelling], stopwords: Collection[str]) -> list[Overuse]:
    """Stories retold in two or more rounds of the same loop, once per story and loop."""
    prints = [(t, fingerprint(t.text, stopwords)) for t in tellings if t.text.strip()]
    found: list[Overuse] = []
    for story in stories:
        mine = fingerprint(story.text, stopwords)
        matches: dict[str, list[tuple[LoopTelling, str]]] = {}
        for telling, print_ in prints:
            if evidence := shared(mine, print_, stopwords):
                matches.setdefault(telling.loop_id, []).append((telling, evidence))
        for loop_id, hits in matches.items():
            rounds = list(dict.fromkeys(t.round for t, _ in sorted(hits, key=lambda h: h[0].position)))
            if len(rounds) >= 2:
                found.append(Overuse(story_id=story.id, loop_id=loop_id, rounds=rounds, evidence=hits[0][1]))
    return found


def coverage(framework: Framework, stories: Sequence[Banked], overused: Sequence[Overuse]) -> Coverage:
    rows = [
        PrincipleStories(id=p.id.value, name=p.name, stories=[s.id for s in stories if p.id.value in s.principles])
        for p in framework.leadership_principles
    ]
    return Coverage(
        principles=rows,
        without_story=[r.id for r in rows if not r.stories],
        single_story=[r.id for r in rows if len(r.stories) == 1],
        lacking_numbers=[s.id for s in stories if not s.numbers],
        overused=list(overused),
    )

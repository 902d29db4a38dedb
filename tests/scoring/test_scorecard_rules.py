"""The scorecard's rules, each on the kind of answer that broke it: hollow categories, deflections and
negations as evidence, a quote stretched over many dimensions, dimensions never reached, no answer at all."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from app.bank.loader import Bank
from app.bank.models import Question
from app.domain.dialogue import Turn
from app.domain.scorecard import ScorecardData
from app.interviews.service import score_transcript
from app.scoring.scorecard import NOT_ENOUGH
from tests.scoring.conftest import SPEC, offline_provider, run_score, transcript
from tests.utils.answers import STRONG_STORY
from tests.utils.transcripts import after

QUESTION = "own-complex-project-end-to-end"
HOLLOW = [
    "I considered alternatives and weighed the trade-offs carefully before choosing the best approach.",
    "The metrics improved significantly and we had a big impact on the business.",
    "The lesson I learned is that next time I would do it differently.",
    "Going forward I apply this learning to everything I do.",
]


def by_name(card: ScorecardData) -> dict[str, int | None]:
    return {d.name: d.score for d in card.dimensions}


def test_naming_a_category_without_its_content_earns_nothing(bank: Bank) -> None:
    hollow = run_score(bank, QUESTION, HOLLOW)
    strong = run_score(bank, QUESTION, STRONG_STORY)
    assert hollow.recommendation in ("No Hire", "Strong No Hire")
    assert (hollow.overall_score or 0) < (strong.overall_score or 0) - 1
    scores = by_name(hollow)
    assert all((scores[name] or 1) <= 2 for name in ("Alternatives considered", "Metrics and impact", "Learning"))


def test_deflections_and_negations_back_nothing(bank: Bank) -> None:
    answers = [
        "I was the tech lead for the new pricing service; I wrote the design and led four engineers.",
        "Pricing is more of a PM/finance question, to be honest.",
        "I did not really consider other options; the plan was set.",
        "We had weekly 1:1s and I booked a 1:1 with her every Friday.",
    ]
    card = run_score(bank, QUESTION, answers, level="L7")
    quotes = [q for d in card.dimensions for q in d.evidence]
    assert not any("PM/finance" in q or "did not really consider" in q for q in quotes)
    metrics = next(d for d in card.dimensions if d.name == "Metrics and impact")
    assert not any("1:1" in q for q in metrics.evidence) and (metrics.score or 1) <= 2


def test_quotes_are_whole_clauses_and_back_at_most_two_dimensions(bank: Bank) -> None:
    card = run_score(bank, QUESTION, STRONG_STORY)
    answers = " ".join(STRONG_STORY)
    counts: dict[str, int] = {}
    for dim in card.dimensions:
        for quote in dim.evidence:
            counts[quote] = counts.get(quote, 0) + 1
            assert quote.rstrip("…") in answers
            assert not re.search(r"\w…|…\w", quote), quote  # a cut is marked, never inside a word
    assert max(counts.values()) <= 2


def offline_card(bank: Bank, question: Question, turns: Sequence[Turn]) -> ScorecardData:
    """The close of an L6 interview on ``turns``, judged offline, as the service does it."""
    closing = score_transcript(offline_provider(bank), bank.framework, SPEC, "rules", question, "L6", list(turns))
    return asyncio.run(closing)[0]


def test_a_dimension_never_reached_is_not_assessed_and_not_counted(bank: Bank) -> None:
    question = bank.questions[QUESTION]
    answers = [
        "I owned the launch and cut p99 latency from 900 ms to 200 ms in six weeks.",
        "Conversion rose from 61% to 68% and stayed there for two quarters.",
    ]
    card = offline_card(bank, question, transcript(question, answers))  # only metrics was ever asked
    learning = next(d for d in card.dimensions if d.name == "Learning")
    assert learning.score is None and "Not assessed" in learning.rationale
    assert card.overall_score is not None and any(d.score is None for d in card.dimensions)


def test_an_interview_ended_before_any_answer_gets_no_vote(bank: Bank) -> None:
    question = bank.questions[QUESTION]
    card = offline_card(bank, question, [Turn("interviewer", question.text, seq=1)])
    assert card.recommendation is None and card.overall_score is None and card.level_verdict is None
    assert NOT_ENOUGH in card.notes and all(d.score is None for d in card.dimensions)


FLUENT = [
    "I owned the move of our checkout service from the monolith onto its own deployment pipeline. I wrote the "
    "design, picked the cut-over plan, and ran the migration with the payments team.",
    "I chose a strangler approach over a big-bang rewrite because the rewrite would have frozen feature work, "
    "and the payments team agreed once I offered to build the adapter on our side.",
    "The launch went smoothly and checkout became much faster and more reliable for our customers.",
    "I learned to agree the interfaces with partner teams before writing code, and I now do that in every "
    "design review I lead.",
]
MEASURED = [*FLUENT[:2], "Checkout p99 latency fell from 900 ms to 300 ms and failed orders dropped by 40%.", FLUENT[3]]


def test_a_story_without_a_single_figure_is_not_a_hire(bank: Bank) -> None:
    """However fluent and named, nothing in it can be checked; the same story with its figures can be a hire."""
    fluent = run_score(bank, QUESTION, FLUENT)
    measured = run_score(bank, QUESTION, MEASURED)
    assert fluent.recommendation in ("No Hire", "Strong No Hire") and fluent.level_verdict == "below L6"
    assert "Not one figure" in fluent.level_reason
    assert "Not one figure" not in measured.level_reason
    assert measured.recommendation in ("Hire", "Strong Hire")


def test_words_only_mentioned_in_quotation_marks_claim_nothing(bank: Bank) -> None:
    """Asked for their own calls, the candidate talks about the phrase instead: that backs no ownership."""
    answers = [
        "We moved the order-history service from Oracle to DynamoDB before the retail peak, with 6 engineers.",
        'Honestly, decisions were made in our design reviews, and we thought in terms of "my call" or "your call" '
        "less than most teams.",
    ]
    card = run_score(bank, QUESTION, answers)
    quotes = [q for d in card.dimensions for q in d.evidence]
    assert not any("my call" in q for q in quotes)


def test_a_story_with_nothing_of_the_candidates_own_shows_no_principle_above_2(bank: Bank) -> None:
    """Asked twice for their part, the candidate only ever says what the team did: the team's delivery, however
    measured, is not the candidate's Deliver Results."""
    question = bank.questions["deliver-despite-setback"]
    turns = after(
        question,
        "We migrated the order-history service from Oracle to DynamoDB before the peak season, for about 30,000 "
        "merchants. The team split the work into three phases and we shipped the last one in March.",
        "The team decided together in our design reviews; we put the options on the board and converged.",
        "Honestly it was a group effort, nobody owned one piece; the team did the cutover together.",
        "We delivered it two weeks early, and the team cut the p99 read latency from 400 ms to 90 ms.",
        probes=("role", "clarify", "metrics"),
    )
    card = offline_card(bank, question, turns)
    scores = {d.id: d for d in card.dimensions}
    assert scores["ownership"].score == 1
    assert all((d.score or 0) <= 2 for d in card.dimensions if d.kind == "leadership_principle")
    assert "no part of the story was theirs" in scores["lp-deliver-results"].rationale

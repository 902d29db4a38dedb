"""The debrief's rules, on scorecards made to order: votes, the bar raiser's decision, the level, the matrix,
stories told twice, and the three things that would change the outcome."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from app.bank.loader import load_bank
from app.content import load_content
from app.domain.debrief import DebriefData
from app.practice.debrief import RoundTaken, Take, compute_debrief, principle_dimension, round_vote
from app.practice.spec import load_practice
from app.scoring.rubric import build_rubric
from tests.practice.cards import card, rounds
from tests.utils.answers import STRONG_STORY, VAGUE_STORY

BANK = load_bank()
PRACTICE = load_practice(BANK)
CONTENT = load_content()


def debrief(taken: Sequence[RoundTaken], level: str = "L6", ended_early: bool = False) -> DebriefData:
    return compute_debrief(
        "loop1",
        level,
        ended_early,
        taken,
        BANK.framework.leadership_principles,
        PRACTICE.wording.debrief,
        veto_round=PRACTICE.spec.veto_round,
        stopwords=CONTENT.lexicon.stopwords,
    )


def test_the_principle_dimension_ids_are_the_scorecards_own() -> None:
    question = BANK.questions["disagree-with-your-manager"]
    rubric = build_rubric(question, BANK.framework, CONTENT.scoring, "L6")
    ids = {d.id for d in rubric if d.kind == "leadership_principle"}
    assert ids == {principle_dimension(p.value) for p in question.leadership_principles}


@pytest.mark.parametrize(
    ("recommendations", "vote"),
    [
        (["Hire", "No Hire"], "No Hire"),
        (["Strong Hire", "No Hire"], "Hire"),
        (["Strong Hire", "Hire"], "Hire"),
        (["Strong Hire", "Strong Hire"], "Strong Hire"),
        (["Strong No Hire", "Strong Hire"], "No Hire"),
        ([None, "Hire"], "Hire"),
        ([None], None),
    ],
)
def test_a_rounds_vote_is_the_floor_of_its_interviews_mean(recommendations, vote) -> None:
    assert round_vote([card(r) for r in recommendations]) == vote


def test_a_loop_of_no_hires_is_never_a_hire() -> None:
    result = debrief(rounds(card("No Hire"), card("No Hire"), card("No Hire"), card("No Hire")))
    assert [r.vote for r in result.rounds] == ["No Hire"] * 4
    assert result.decision == "No Hire"
    assert result.reasons[0].startswith("0 of 4 rounds voted to hire")


def test_a_clear_majority_of_hires_hires() -> None:
    result = debrief(rounds(card("Hire"), card("Hire"), card("Hire"), card("No Hire")))
    assert result.decision == "Hire"
    assert result.level_verdict == "L6"


def test_all_strong_is_a_strong_hire() -> None:
    result = debrief(rounds(card("Strong Hire"), card("Strong Hire"), card("Hire"), card("Hire")))
    assert result.decision == "Strong Hire"


def test_a_single_strong_no_hire_sinks_the_loop_and_says_why() -> None:
    result = debrief(rounds(card("Strong Hire"), card("Strong No Hire", core=1), card("Hire"), card("Hire")))
    assert result.decision == "No Hire"
    assert any("Hiring Manager Round voted Strong No Hire" in r and "sinks" in r for r in result.reasons)


def test_an_unresolved_red_flag_sinks_the_loop_and_red_flags_its_principles() -> None:
    flagged = card("Hire", principles={"earn_trust": 3}, flag="the team size")
    result = debrief(rounds(card("Hire"), card("Hire"), flagged, card("Hire")))
    assert result.decision == "No Hire"
    assert result.rounds[2].red_flags == ["the team size"]
    row = next(r for r in result.principles if r.id == "earn_trust")
    assert [c.rating for c in row.cells] == ["none", "none", "red_flagged", "none"]
    assert row.best == "red_flagged"
    assert "the team size" in result.changes[0]


def test_a_reconciled_contradiction_does_not_sink_it() -> None:
    reconciled = card("Hire", principles={"earn_trust": 3}, flag="the team size", resolved=True)
    result = debrief(rounds(card("Hire"), card("Hire"), reconciled, card("Hire")))
    assert result.decision == "Hire"
    assert next(r for r in result.principles if r.id == "earn_trust").best == "strong"


def test_the_bar_raisers_no_blocks_a_hire() -> None:
    result = debrief(rounds(card("Strong Hire"), card("Strong Hire"), card("No Hire"), card("Strong Hire")))
    assert result.decision == "No Hire"
    assert any("Bar Raiser Round voted No Hire" in r for r in result.reasons)


def test_rounds_without_a_vote_count_against_a_hire() -> None:
    result = debrief(rounds(card("Hire"), card("Hire"), None, None), ended_early=True)
    assert [r.vote for r in result.rounds] == ["Hire", "Hire", None, None]
    assert result.decision == "No Hire"
    assert any("2 of the rounds gave no vote" in r for r in result.reasons)
    assert result.rounds[3].biggest_concern


def test_no_vote_at_all_is_no_decision() -> None:
    result = debrief(rounds(None, None, None, None), ended_early=True)
    assert result.decision is None and result.level_verdict is None


def test_an_l7_loop_with_l6_evidence_hires_at_l6() -> None:
    l6 = card("Hire", level="L6", asked_at="L7")
    taken = rounds(l6, l6, l6, card("Hire", level="L7", asked_at="L7"), l6)
    result = debrief(taken, level="L7")
    assert (result.decision, result.level_verdict) == ("Hire", "L6")
    assert any("supports L6" in r for r in result.reasons)


def test_evidence_below_l6_cannot_hire() -> None:
    low = card("Hire", level="below L6")
    result = debrief(rounds(low, low, low, card("Hire")))
    assert (result.decision, result.level_verdict) == ("No Hire", "below L6")


def test_the_level_never_exceeds_the_level_interviewed_for() -> None:
    l7 = card("Hire", level="L7")
    assert debrief(rounds(l7, l7, l7, l7)).level_verdict == "L6"


def test_the_matrix_rates_each_principle_by_round() -> None:
    result = debrief(
        rounds(
            card("Hire", principles={"ownership": 4}),
            card("Hire", principles={"ownership": 2, "dive_deep": None}),
            [card("Hire", principles={"dive_deep": 1}), card("Hire", principles={"dive_deep": 3})],
            card("Hire"),
        )
    )
    rows = {r.id: r for r in result.principles}
    assert len(rows) == 16
    assert [c.rating for c in rows["ownership"].cells] == ["strong", "weak", "none", "none"]
    assert [c.rating for c in rows["dive_deep"].cells] == ["none", "none", "strong", "none"]
    assert rows["frugality"].best == "none"


def test_each_round_shows_its_strongest_evidence_and_biggest_concern() -> None:
    result = debrief(
        rounds(card("Hire", principles={"ownership": 4}, core=2), card("Hire"), card("Hire"), card("Hire"))
    )
    first = result.rounds[0]
    assert first.strongest_evidence is not None
    assert (first.strongest_evidence.dimension, first.strongest_evidence.score) == ("Ownership", 4)
    assert first.strongest_evidence.quote == "I owned the launch"
    assert first.biggest_concern is not None and first.biggest_concern.startswith("Metrics (2/4)")


def test_at_most_three_changes_the_decisive_first() -> None:
    result = debrief(
        rounds(
            card("No Hire", principles={"ownership": 2}),
            card("Strong No Hire", core=1),
            card("No Hire", flag="the budget"),
            card("No Hire"),
        )
    )
    assert len(result.changes) == 3
    assert "the budget" in result.changes[0]
    assert result.changes[1].startswith("Hiring Manager Round: Advice for Strong No Hire")


def _told(*answers: Sequence[str] | None) -> list[RoundTaken]:
    return [
        RoundTaken(i, f"r{i}", f"Round {i}", (Take(f"iv{i}", card("Hire"), answers=tuple(a or ())),))
        for i, a in enumerate(answers)
    ]


def test_the_same_story_in_two_rounds_is_flagged_once_with_what_they_share() -> None:
    other = ["I hired a principal engineer for the payments team and coached her for a year until she led 12 people."]
    result = debrief(_told(STRONG_STORY, other, STRONG_STORY[:3], VAGUE_STORY))
    assert len(result.repeated_stories) == 1
    repeat = result.repeated_stories[0]
    assert repeat.positions == [0, 2]
    assert repeat.interviews == ["iv0", "iv2"]
    assert "4%" in repeat.evidence and "800ms" in repeat.evidence
    assert any("Round 0 and the Round 2" in r for r in result.reasons)


def test_a_story_told_in_three_rounds_is_one_finding() -> None:
    result = debrief(_told(STRONG_STORY, STRONG_STORY[1:4], STRONG_STORY[:2], None))
    assert [r.positions for r in result.repeated_stories] == [[0, 1, 2]]


def test_different_stories_are_not_flagged() -> None:
    hiring = ["I hired a principal engineer for the payments team and coached her for a year until she led 12 people."]
    result = debrief(_told(STRONG_STORY, hiring, VAGUE_STORY, None))
    assert result.repeated_stories == []


def test_the_same_story_from_the_bank_is_flagged_whatever_the_words() -> None:
    taken = [
        RoundTaken(0, "a", "Round A", (Take("x", card("Hire"), answers=("One telling.",), story_id="s1"),)),
        RoundTaken(1, "b", "Round B", (Take("y", card("Hire"), answers=("Another one.",), story_id="s1"),)),
    ]
    assert debrief(taken).repeated_stories[0].evidence == "the same story from your bank"


def test_a_vote_is_the_scorecards_recommendation_not_a_recount_of_its_dimensions() -> None:
    odd = card("Strong No Hire", core=4)
    assert debrief(rounds(odd, card("Hire"), card("Hire"), card("Hire"))).rounds[0].vote == "Strong No Hire"

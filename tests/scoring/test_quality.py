"""The scorecard's measures on the project's own candidate set (tests/candidates, written by people who had
not read the word lists): graded answers, candidate types, paraphrase pairs, and the model path bounded
to agree with the offline one. bench/quality.py prints the same figures as a results page."""

from __future__ import annotations

import asyncio

import pytest

from app.devtools.quality import HELD_OUT, HIRES, QualityReport, evaluate, offline_context

pytestmark = pytest.mark.slow  # The whole quality evaluation: every scripted candidate sits its interview.


@pytest.fixture(scope="module")
def report() -> QualityReport:
    return asyncio.run(evaluate(offline_context()))


@pytest.fixture(scope="module")
def held_out() -> QualityReport:
    return asyncio.run(evaluate(offline_context(), HELD_OUT, with_model=False))


def test_graded_answers_rank_in_order_and_length_buys_nothing(report: QualityReport) -> None:
    assert len(report.ranked_pairs()) >= 60
    assert report.ranking_accuracy >= 0.95
    assert report.inversions_bought_by_length == 0


def test_votes_are_calibrated(report: QualityReport) -> None:
    assert report.exceptional_hired >= 0.9
    assert report.weak_hired == 0, [(s.id, s.recommendation) for s in report.graded if s.grade in ("weak", "poor")]


def test_the_same_facts_in_other_words_get_the_same_vote(report: QualityReport) -> None:
    assert len(report.pairs) >= 10
    assert not report.unstable_pairs, [(p.id, p.votes, p.overalls) for p in report.unstable_pairs]


def test_candidate_types_get_the_vote_a_bar_raiser_would_give(report: QualityReport) -> None:
    wrong = [(s.id, s.recommendation, s.expected) for s in report.types if not s.vote_right]
    assert len(wrong) <= 1, wrong
    for kind in ("vague", "keyword_stuffing", "contradicting", "collapsing", "dodging"):
        assert all(s.recommendation not in HIRES for s in report.types if s.kind == kind), kind


def test_the_level_verdict_follows_reach(report: QualityReport) -> None:
    called = [s for s in report.types if s.level_right is not None]
    assert sum(s.level_right for s in called) >= 0.8 * len(called)
    assert all(s.level_verdict == "L7" for s in report.types if s.kind == "strong_l7")
    assert all(s.level_verdict != "L7" for s in report.types if s.kind == "l7_at_l6_scope")


def test_a_kinder_model_is_held_to_within_one_step_of_the_offline_scorer(report: QualityReport) -> None:
    assert report.agreement(within=1) == 1.0


def test_on_the_held_out_candidates_no_weak_answer_is_hired_and_every_type_is_placed(held_out: QualityReport) -> None:
    """The held-out set was written after the scorer, by another author. Its votes hold; its ranking (0.83) and
    one paraphrase pair do not reach the targets (bench/QUALITY.md): these floors keep them from slipping."""
    assert held_out.weak_hired == 0 and held_out.exceptional_hired >= 0.9
    assert all(s.vote_right for s in held_out.types), [(s.id, s.recommendation) for s in held_out.types]
    assert held_out.ranking_accuracy >= 0.8
    assert len(held_out.unstable_pairs) <= 2

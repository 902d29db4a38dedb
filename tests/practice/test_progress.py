"""Progress series, "practise next" with its spacing, and the try-again comparison, on scorecards made to order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.bank.loader import load_bank
from app.bank.models import Level
from app.practice.compare import compare
from app.practice.next_up import practise_next, principle_share
from app.practice.progress import Attempt, dimension_series, principle_series, type_progress
from app.practice.spec import load_practice
from tests.practice.cards import card

BANK = load_bank()
PRACTICE = load_practice(BANK)
NOW = datetime(2026, 12, 10, 12, tzinfo=UTC)
# Have Backbone is this question's first principle; conflict resolution is asked in 75% of L6 loops.
BACKBONE_QUESTION = "disagree-with-your-manager"


def attempt(question_id: str, days_ago: float, scores: dict[str, int | None], core: int = 3, n: int = 0) -> Attempt:
    return Attempt(
        interview_id=f"{question_id}-{days_ago}-{n}",
        question=BANK.questions[question_id],
        level="L6",
        at=NOW - timedelta(days=days_ago),
        card=card("Hire" if core >= 3 else "No Hire", principles=scores, core=core),
    )


def test_a_principles_series_shows_the_rise_oldest_first() -> None:
    attempts = [
        attempt(BACKBONE_QUESTION, 5, {"have_backbone": 1}, core=1),
        attempt(BACKBONE_QUESTION, 1, {"have_backbone": 3}),
    ]
    series = {s.id: s for s in principle_series(BANK.framework, attempts)}
    backbone = series["lp-have-backbone"]
    assert [p.score for p in backbone.points] == [1, 3]
    assert (backbone.latest, backbone.previous, backbone.change, backbone.trend) == (3, 1, 2, "rising")
    assert backbone.last_practised == NOW - timedelta(days=1)
    assert series["lp-frugality"].trend is None and series["lp-frugality"].points == []


def test_trends_fall_hold_and_start() -> None:
    attempts = [
        attempt(BACKBONE_QUESTION, 3, {"have_backbone": 3, "earn_trust": 2, "are_right_a_lot": None}),
        attempt(BACKBONE_QUESTION, 2, {"have_backbone": 2, "earn_trust": 2}),
        attempt("deliver-bad-news", 1, {"ownership": 4}),
    ]
    series = {s.id: s for s in principle_series(BANK.framework, attempts)}
    assert series["lp-have-backbone"].trend == "falling"
    assert series["lp-earn-trust"].trend == "steady"
    assert series["lp-ownership"].trend == "single"
    assert series["lp-are-right-a-lot"].trend is None  # assessed nowhere: not assessed is not a score


def test_dimension_series_cover_the_other_dimensions() -> None:
    attempts = [attempt(BACKBONE_QUESTION, 2, {}, core=2), attempt(BACKBONE_QUESTION, 1, {}, core=4)]
    (metrics,) = dimension_series(attempts)
    assert (metrics.id, metrics.kind, [p.score for p in metrics.points], metrics.trend) == (
        "metrics",
        "deep_dive",
        [2, 4],
        "rising",
    )


def test_question_types_come_most_asked_first_with_how_they_went() -> None:
    attempts = [attempt(BACKBONE_QUESTION, 2, {}, core=2), attempt(BACKBONE_QUESTION, 1, {}, core=4)]
    rows = type_progress(BANK.framework, Level.L7, attempts)
    assert [r.frequency for r in rows] == sorted((r.frequency for r in rows), reverse=True)
    conflict = next(r for r in rows if r.id == "conflict_resolution")
    assert (conflict.frequency, conflict.attempts, conflict.latest_recommendation, conflict.mean_overall) == (
        80,
        2,
        "Hire",
        3.0,
    )
    assert next(r for r in rows if r.id == "system_design").attempts == 0


def test_practise_next_goes_to_a_weak_frequent_principle_once_it_is_due() -> None:
    weak = [attempt(BACKBONE_QUESTION, 4, {"have_backbone": 1, "earn_trust": 3, "are_right_a_lot": 3}, core=1)]
    up = practise_next(BANK, PRACTICE.spec, PRACTICE.wording.next, Level.L6, weak, NOW)
    assert up is not None and up.due
    assert up.leadership_principle == "have_backbone"
    assert "scored 1/4" in up.reason and "4 days ago" in up.reason
    assert up.question_id != BACKBONE_QUESTION  # answered recently: another question that tests it


def test_a_weak_principle_practised_today_waits_for_its_spacing() -> None:
    weak = [attempt(BACKBONE_QUESTION, 0.1, {"have_backbone": 1}, core=1)]
    up = practise_next(BANK, PRACTICE.spec, PRACTICE.wording.next, Level.L6, weak, NOW)
    assert up is not None and up.leadership_principle != "have_backbone"
    later = practise_next(BANK, PRACTICE.spec, PRACTICE.wording.next, Level.L6, weak, NOW + timedelta(days=3))
    assert later is not None and later.leadership_principle == "have_backbone"


def test_once_the_principle_is_strong_practise_next_points_elsewhere() -> None:
    attempts = [
        attempt(BACKBONE_QUESTION, 6, {"have_backbone": 1}, core=1),
        attempt(BACKBONE_QUESTION, 5, {"have_backbone": 4}, n=1),
    ]
    up = practise_next(BANK, PRACTICE.spec, PRACTICE.wording.next, Level.L6, attempts, NOW)
    assert up is not None and up.leadership_principle != "have_backbone"
    assert "not practised" in up.reason


def test_with_nothing_due_the_first_to_come_due_is_next() -> None:
    everything = [
        attempt(BACKBONE_QUESTION, 1 if p.id.value == "ownership" else 2, {p.id.value: 3})
        for p in BANK.framework.leadership_principles
    ]
    up = practise_next(BANK, PRACTICE.spec, PRACTICE.wording.next, Level.L6, everything, NOW)
    assert up is not None and not up.due
    assert up.leadership_principle != "ownership"
    assert "due again first" in up.reason


def test_a_principles_share_follows_the_seeds_table() -> None:
    """Strategic thinking is asked in 40% of L6 loops and 90% of L7 ones: Think Big, which it tests, weighs
    more at L7."""
    l6, l7 = principle_share(BANK, Level.L6), principle_share(BANK, Level.L7)
    assert set(l6) == set(l7) == {p.id.value for p in BANK.framework.leadership_principles}
    assert l7["think_big"] > l6["think_big"] and max(l7, key=l7.__getitem__) == "think_big"
    assert min(l6.values()) > 0 and max(l6.values()) < 100


def test_comparison_gives_the_change_per_dimension() -> None:
    before = card("No Hire", principles={"have_backbone": 1, "earn_trust": None}, core=1)
    after = card("Hire", principles={"have_backbone": 3, "earn_trust": 2}, core=3)
    change = compare("q", "a", before, "b", after)
    rows = {d.id: d for d in change.dimensions}
    assert (rows["metrics"].before, rows["metrics"].after, rows["metrics"].change) == (1, 3, 2)
    assert (rows["lp-have-backbone"].change, rows["lp-earn-trust"].change) == (2, None)
    assert (change.recommendation_before, change.recommendation_after, change.overall_change) == (
        "No Hire",
        "Hire",
        2.0,
    )

"""Clarifying questions are answered from the question's scenario facts; where the facts are silent, the
candidate is told it is their call. Every design question in the bank has facts consistent with the seed."""

from __future__ import annotations

import re

import pytest

from app.bank.loader import load_bank
from app.bank.models import Category
from app.content import load_content
from app.design.facts import answer, matching_facts

BANK = load_bank()
REPLIES = load_content().design.replies
DESIGN = [q for q in BANK.questions.values() if q.category == Category.SYSTEM_DESIGN]
RIDES = BANK.questions["design-ride-sharing-service"]


def fact(question_id: str, fact_id: str) -> str:
    scenario = BANK.questions[question_id].scenario
    assert scenario is not None
    return next(f.answer for f in scenario.facts if f.id == fact_id)


def test_a_question_with_a_number_in_it_is_answered_with_the_fact() -> None:
    said = answer(["Should I plan for 5 million riders a day, or more like 50 million?"], RIDES.scenario, REPLIES)
    assert said == fact("design-ride-sharing-service", "riders")


def test_each_question_gets_its_own_fact_once_in_the_order_asked() -> None:
    said = answer(
        [
            "What p99 do we need before a rider sees a driver?",
            "Are we global from day one or one country?",
            "And how fast must a match be?",
        ],
        RIDES.scenario,
        REPLIES,
    )
    latency, places = fact("design-ride-sharing-service", "latency"), fact("design-ride-sharing-service", "geography")
    assert said == f"{latency} {places}"


def test_a_question_the_facts_are_silent_on_is_the_candidates_call() -> None:
    said = answer(["Can a rider split the fare with a friend?"], RIDES.scenario, REPLIES)
    assert said is not None and "your call" in said and "split the fare" in said
    assert "?" not in said  # the only question in the interviewer's message is its own


def test_silent_and_answered_questions_together() -> None:
    said = answer(["How many drivers are online at peak?", "Do tips go to the driver?"], RIDES.scenario, REPLIES)
    assert said is not None
    assert said.startswith(fact("design-ride-sharing-service", "drivers"))
    assert "tips go to the driver" in said and "your call" in said


def test_a_question_about_two_facts_gets_both() -> None:
    found = {f.id for f in matching_facts("How many riders and drivers should we plan for?", RIDES.scenario)}
    assert found == {"riders", "drivers"}


def test_no_scenario_leaves_every_question_to_the_candidate() -> None:
    said = answer(["How many users?"], None, REPLIES)
    assert said is not None and "your call" in said


@pytest.mark.parametrize("question", DESIGN, ids=lambda q: q.id)
def test_every_design_question_has_facts_each_reachable_by_its_own_words(question) -> None:
    assert question.scenario is not None and len(question.scenario.facts) >= 6
    for f in question.scenario.facts:
        words = [*f.asks[:1], *f.about[:2]][:2]
        assert f in matching_facts(f"What about {' and '.join(words)}?", question.scenario), f.id


@pytest.mark.parametrize("question", DESIGN, ids=lambda q: q.id)
def test_every_design_question_places_each_follow_up_and_keeps_the_dives_within_three(question) -> None:
    dives = [f for f in question.follow_ups if f.asked_as in (None, "deep_dive")]
    assert len(dives) <= 3
    assert all(f.asked_as is not None for f in question.follow_ups)
    assert sum(1 for f in question.follow_ups if f.asked_as == "requirement_change") <= 1
    if "L7" in question.levels and not dives:
        assert question.scenario is not None and len(question.scenario.dives) >= 2


def test_the_facts_agree_with_the_seed() -> None:
    """The seed's figures: scaling to 50 million riders is a follow-up (so today is fewer), 100M+ users for
    recommendations, 99.99% availability for inventory, eleven nines for S3."""
    riders = fact("design-ride-sharing-service", "riders")
    assert int(re.search(r"(\d+) million riders", riders).group(1)) < 50  # type: ignore[union-attr]
    assert "100 million" in fact("design-amazon-recommendation-system", "users")
    assert "99.99%" in fact("design-global-inventory-management-system", "availability")
    assert "Eleven nines" in fact("design-aws-s3-from-scratch", "durability")


def test_one_sentence_asking_two_things_gets_both_answers() -> None:
    said = answer(["How many riders a day, and is pooling in scope?"], RIDES.scenario, REPLIES)
    assert said == f"{fact('design-ride-sharing-service', 'riders')} {fact('design-ride-sharing-service', 'features')}"

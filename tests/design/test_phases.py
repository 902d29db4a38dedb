"""The design round as the planner runs it: phases in order, the candidate's questions answered, two or
three deep dives drilled 3-5 levels, one change of requirements, strategy at L7, and no story probe."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.bank.models import Category
from app.content import PHASES
from app.domain.dialogue import Probe, Turn
from tests.design.rounds import BANK, CONTENT, GENERIC, START, STORY_PROBES, answer_for, asked, dives, plan, play
from tests.utils.transcripts import answered

DESIGN = [q for q in BANK.questions.values() if q.category == Category.SYSTEM_DESIGN]
RIDES = BANK.questions["design-ride-sharing-service"]
S3 = BANK.questions["design-aws-s3-from-scratch"]
OPENING = (
    "Before I draw anything: how many riders a day are we designing for, 5 million or 50 million? And do we "
    "need pooling? I'd like to start from the rider's journey: request, match, pickup, trip, payment."
)


def opened(question=RIDES, opening: str = OPENING) -> list[Turn]:
    return answered(question, [Turn("interviewer", question.text, phase="requirements", seq=1, at=START)], opening)


def test_clarifying_questions_are_answered_then_the_requirements_are_asked_for() -> None:
    step = plan(RIDES, opened())
    assert isinstance(step, Probe) and step.probe == "requirements" and step.phase == "requirements"
    riders = next(f.answer for f in RIDES.scenario.facts if f.id == "riders")  # type: ignore[union-attr]
    assert step.preface is not None and step.preface.startswith(riders)
    assert "Pooling" in step.preface


def test_requirements_stated_up_front_go_straight_to_estimation() -> None:
    step = plan(RIDES, opened(opening=GENERIC["requirements"]))
    assert isinstance(step, Probe) and (step.phase, step.probe) == ("estimation", "scale")
    assert step.preface is None


@pytest.mark.parametrize(
    ("question", "level"), [(q, level) for q in DESIGN for level in q.levels], ids=lambda v: getattr(v, "id", v)
)
def test_every_round_runs_its_phases_in_order_with_deep_dives_and_no_story_probe(question, level) -> None:
    turns = play(question, "What scale should I plan for? " + GENERIC["requirements"], level=level)
    phases = [t.phase for t in turns if t.role == "interviewer"]
    order = [PHASES.index(p) for p in phases]
    assert order == sorted(order), phases
    reached = set(phases)
    assert {"requirements", "deep_dive", "failures"} <= reached
    assert ("strategy" in reached) is (level == "L7" or any(f.asked_as == "strategy" for f in question.follow_ups))
    probes = [t.probe for t in asked(turns)]
    assert not STORY_PROBES & set(probes)
    found = dives(question, turns)
    assert 2 <= len(found) <= 3
    assert all(3 <= len(d) <= 5 for d in found), found
    changes = [
        p
        for p in probes
        if p == "change" or p in {f.id for f in question.follow_ups if f.asked_as == "requirement_change"}
    ]
    assert len(changes) == 1
    assert {f.id for f in question.follow_ups} <= set(probes)  # every documented follow-up is asked


def test_a_core_follow_up_is_asked_even_when_its_words_came_up_already() -> None:
    opening = (
        "Matching is the heart of it: the nearest driver from a geohash lookup, with a dispatch service "
        "offering the trip. " + GENERIC["requirements"]
    )
    turns = play(RIDES, opening)
    assert dives(RIDES, turns)[0][0] == "matching-algorithm"


def test_lets_move_on_ends_the_phase() -> None:
    turns = opened(opening=GENERIC["requirements"])
    step = plan(RIDES, turns)
    assert isinstance(step, Probe) and step.phase == "estimation"
    turns.append(Turn("interviewer", "?", probe=step.probe, phase=step.phase, seq=len(turns) + 1))
    step = plan(RIDES, answered(RIDES, turns, "Let's move on, I'd rather spend the time on the design."))
    assert isinstance(step, Probe) and step.phase == "high_level"
    assert step.preface == CONTENT.design.replies.move_on


def test_an_answer_without_what_its_phase_asked_for_is_pressed_once() -> None:
    turns = opened(opening=GENERIC["requirements"])
    vague = "Honestly the exact numbers don't matter much, it will all scale out in the cloud."
    probes = []
    for _ in range(3):
        step = plan(RIDES, turns)
        assert isinstance(step, Probe)
        probes.append(step.probe)
        turns.append(Turn("interviewer", "?", probe=step.probe, phase=step.phase, seq=len(turns) + 1))
        turns = answered(RIDES, turns, vague)
    assert probes[:2] == ["scale", "clarify"]
    assert probes[2] != "clarify"


def test_a_question_put_mid_dive_is_answered_and_the_question_stands() -> None:
    turns = play(RIDES, GENERIC["requirements"], limit=60)
    dive = next(i for i, t in enumerate(turns) if t.probe == "matching-algorithm")
    before = turns[: dive + 1]
    step = plan(RIDES, answered(RIDES, before, "How many drivers are online at peak?"))
    assert isinstance(step, Probe) and step.probe == "matching-algorithm"
    drivers = next(f.answer for f in RIDES.scenario.facts if f.id == "drivers")  # type: ignore[union-attr]
    assert step.preface is not None and step.preface.startswith(drivers)


def test_a_phase_whose_time_is_spent_moves_on() -> None:
    turns = opened(opening=GENERIC["requirements"])
    clock = START
    for probe, text in (("scale", GENERIC["estimation"]), ("high_level", GENERIC["high_level"])):
        step = plan(RIDES, turns)
        assert isinstance(step, Probe) and step.probe == probe
        turns.append(Turn("interviewer", "?", probe=probe, phase=step.phase, seq=len(turns) + 1, at=clock))
        clock += timedelta(minutes=30 if probe == "high_level" else 2)
        turns = answered(RIDES, turns, text)
        turns[-1] = replace(turns[-1], at=clock)
    on_time = [replace(t, at=START) if t.role == "candidate" else t for t in turns]
    assert getattr(plan(RIDES, on_time), "probe", None) == "data_model"  # the data model is still missing
    late = plan(RIDES, turns)  # 30 minutes on a phase suggested at 11: on to the deep dives
    assert isinstance(late, Probe) and late.phase == "deep_dive"


def test_a_model_may_skip_a_phase_question_but_never_a_documented_follow_up() -> None:
    turns = opened(opening=GENERIC["requirements"])
    step = plan(RIDES, turns, skip=frozenset({"scale"}))
    assert isinstance(step, Probe) and step.probe != "scale"
    probes = [t.probe for t in asked(play(RIDES, GENERIC["requirements"], skip=frozenset({"matching-algorithm"})))]
    assert "matching-algorithm" in probes


def test_the_round_closes_in_its_last_phase() -> None:
    turns = play(S3, GENERIC["requirements"], level="L7")
    assert turns[-1].probe is None and turns[-1].phase == "strategy"
    assert [t.probe for t in asked(turns) if t.phase == "strategy"] == [f.id for f in S3.follow_ups]


def test_a_design_question_needs_the_design_spec() -> None:
    from app.planner import next_step

    with pytest.raises(ValueError, match="design spec"):
        next_step(RIDES, opened(), BANK.framework, CONTENT.probes)


def test_the_answers_a_candidate_gives_shape_the_weakest_area_dive() -> None:
    """A question with room for a third dive (inventory has one documented dive and one topic) dives into the
    part the answers before the dives left out."""
    inventory = BANK.questions["design-global-inventory-management-system"]
    scaled = GENERIC["high_level"] + " The services scale out horizontally and the cache is sharded by key."
    no_data = {**GENERIC, "data_model": "It goes in a database.", "high_level": scaled}
    turns = play(inventory, GENERIC["requirements"], reply=lambda p: no_data.get(p.probe, answer_for(p.probe, p.phase)))
    assert [d[0] for d in dives(inventory, turns)] == ["inventory-conflicts", "multi-region-updates", "dive_data"]


def test_moving_on_in_a_deep_dive_ends_the_dive_not_the_core_dives_after_it() -> None:
    video = BANK.questions["design-video-streaming-platform"]

    def reply(probe: Probe) -> str:
        return (
            "Let's move on." if probe.probe == "global-content-distribution" else answer_for(probe.probe, probe.phase)
        )

    openers = [d[0] for d in dives(video, play(video, GENERIC["requirements"], reply=reply))]
    assert openers[0] == "global-content-distribution" and "adaptive-bitrate-streaming" in openers


def test_asked_where_to_go_next_the_interviewer_stays_on_its_question() -> None:
    turns = play(RIDES, GENERIC["requirements"])
    dive = next(i for i, t in enumerate(turns) if t.probe == "matching-algorithm")
    step = plan(RIDES, answered(RIDES, turns[: dive + 1], "Where would you like me to go deeper?"))
    assert isinstance(step, Probe) and step.probe == "matching-algorithm"
    assert step.preface == CONTENT.design.replies.stay


def test_a_pressed_question_dodged_again_is_left() -> None:
    dodge = "I'd rather not go into that."
    turns = play(
        RIDES,
        GENERIC["requirements"],
        reply=lambda p: dodge if p.phase == "deep_dive" else answer_for(p.probe, p.phase),
    )
    for dive in dives(RIDES, turns):
        assert dive[1:] == ["clarify"], dive  # pressed once, then the next dive


def test_at_l7_a_question_without_strategic_follow_ups_gets_two_strategic_questions() -> None:
    turns = play(RIDES, GENERIC["requirements"], level="L7")
    strategic = [t.probe for t in asked(turns) if t.phase == "strategy"]
    assert strategic == CONTENT.design.strategy_probes[:2]


def test_moving_on_skips_a_phases_own_questions_but_never_its_core_follow_ups() -> None:
    def reply(probe: Probe) -> str:
        return "Let's move on." if probe.phase == "strategy" else answer_for(probe.probe, probe.phase)

    turns = play(S3, GENERIC["requirements"], reply=reply, level="L7")
    assert [t.probe for t in asked(turns) if t.phase == "strategy"] == [f.id for f in S3.follow_ups]

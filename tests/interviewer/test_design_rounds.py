"""System design rounds, offline, against the scripted design candidates (tests/candidates/design.yaml,
written blind): clarifying questions answered from the scenario, phases in order, two or three deep dives
drilled 3-5 levels, one change of requirements, strategy at L7, no story probe, and the recommendation
and level a bar raiser would give."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest

from app.config import Settings
from app.content import PHASES
from app.design.facts import matching_facts
from app.devtools.candidates import Candidate, load_candidates, sit
from app.domain.dialogue import Turn
from app.interviews.context import Context, build_context
from app.interviews.schemas import InterviewPublic
from tests.design.rounds import STORY_PROBES, dives

pytestmark = pytest.mark.slow  # Every scripted design candidate sits a whole round.

CANDIDATES = load_candidates(["design.yaml"])
# The clarifying questions with a number in them, and the fact a bar raiser would answer each with.
NUMBERED = {
    "Are we talking 10 million daily riders or 100 million?": "riders",
    "What's the latency budget for the recommendation call inside page render, 50 milliseconds, 100?": "latency",
    "Is 11 nines durability an annual, per-object target?": "durability",
    "what durability target, the 11 nines that S3 advertises?": "durability",
}


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[Candidate, InterviewPublic, Context]]]:
    path = tmp_path_factory.mktemp("design") / "x.db"
    ctx = build_context(Settings(_env_file=None, db_path=path, database_url="", log_level="WARNING"))
    yield [(c, asyncio.run(sit(ctx, c)), ctx) for c in CANDIDATES]
    ctx.db.close()


def turns(done: InterviewPublic) -> list[Turn]:
    return [Turn(m.role, m.text, probe=m.probe, phase=m.phase) for m in done.messages]


def test_a_clarifying_question_with_a_number_is_answered_with_the_scenario_fact(rounds) -> None:
    asked = 0
    for candidate, done, _ in rounds:
        reply = done.messages[2]
        facts = {f.id: f.answer for f in done.question.scenario.facts}  # type: ignore[union-attr]
        for question in (q for q in candidate.asks if re.search(r"\d", q)):
            assert facts[NUMBERED[question]] in reply.text, (candidate.id, question)
            assert reply.probe == "requirements"  # answered, then the round goes on: never pressed or probed
            asked += 1
    assert asked == len(NUMBERED)


def test_every_clarifying_question_is_answered_from_the_scenario_not_probed(rounds) -> None:
    for candidate, done, _ in rounds:
        reply = done.messages[2]
        assert reply.role == "interviewer" and reply.probe == "requirements", candidate.id
        scenario = done.question.scenario
        for question in candidate.asks:
            facts = matching_facts(question, scenario)
            if facts:
                assert all(f.answer in reply.text for f in facts), (candidate.id, question)
            else:
                assert question.rstrip("?")[:40] in reply.text and "your call" in reply.text, (candidate.id, question)
        assert reply.text.count("?") == 1, reply.text  # its own question, after the answers


def test_every_interviewer_message_carries_its_phase_and_they_come_in_order(rounds) -> None:
    for candidate, done, _ in rounds:
        phases = [m.phase for m in done.messages if m.role == "interviewer"]
        assert None not in phases, candidate.id
        order = [PHASES.index(p) for p in phases]
        assert order == sorted(order), (candidate.id, phases)
        assert done.phase == phases[-1]


def test_two_or_three_deep_dives_each_drilled_three_to_five_levels(rounds) -> None:
    for candidate, done, ctx in rounds:
        question = ctx.bank.questions[candidate.question]
        found = dives(question, turns(done))
        assert 2 <= len(found) <= 3, (candidate.id, found)
        assert all(3 <= len(d) <= 5 for d in found), (candidate.id, found)


def test_no_story_probe_is_ever_asked_of_a_design(rounds) -> None:
    for candidate, done, _ in rounds:
        assert not STORY_PROBES & {m.probe for m in done.messages if m.probe}, candidate.id


def test_every_documented_follow_up_is_asked_and_the_requirements_change_once(rounds) -> None:
    for candidate, done, ctx in rounds:
        question = ctx.bank.questions[candidate.question]
        probes = [m.probe for m in done.messages if m.probe]
        assert {f.id for f in question.follow_ups} <= set(probes), candidate.id
        change = {"change"} | {f.id for f in question.follow_ups if f.asked_as == "requirement_change"}
        assert sum(1 for p in probes if p in change) == 1, candidate.id


def test_an_l7_round_reaches_strategy_and_an_l6_round_does_not(rounds) -> None:
    for candidate, done, _ in rounds:
        reached = {m.phase for m in done.messages}
        assert ("strategy" in reached) is (candidate.level == "L7"), candidate.id


def test_no_question_is_asked_twice_and_every_one_is_one_question(rounds) -> None:
    for candidate, done, _ in rounds:
        asked = [(m.probe, m.target) for m in done.messages if m.probe and m.probe != "clarify"]
        repeated = [a for a in asked if a[1] and asked.count(a) > 1]
        assert not repeated, (candidate.id, repeated)
        for message in done.messages[3:]:
            if message.role == "interviewer" and message.probe:
                question = message.text.split("”")[-1] if "your call" in message.text else message.text
                assert question.count("?") == 1, message.text


@pytest.mark.parametrize("candidate", CANDIDATES, ids=lambda c: c.id)
def test_the_scorecard_is_the_one_a_bar_raiser_would_give(rounds, candidate: Candidate) -> None:
    done = next(d for c, d, _ in rounds if c.id == candidate.id)
    card = done.scorecard
    assert card is not None
    assert card.recommendation in candidate.expect.recommendation, (card.recommendation, card.overall_score)
    assert card.level_verdict == candidate.expect.level, card.level_reason

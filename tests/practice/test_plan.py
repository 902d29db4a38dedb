"""Planning a loop from the seed's rounds and frequency table, and the practice file's checks at start-up."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.bank.loader import BankError, load_bank
from app.bank.models import Category, Level
from app.practice.plan import plan_loop
from app.practice.spec import load_practice

BANK = load_bank()
PRACTICE = load_practice(BANK)


@pytest.mark.parametrize("level", list(Level))
def test_a_loop_has_the_levels_rounds_each_filled_without_repeats(level: Level) -> None:
    for seed in range(10):
        plan = plan_loop(BANK, PRACTICE.loops[level], level, random.Random(seed))
        assert [r.round for r in plan] == PRACTICE.spec.loops[level]
        asked = [q for r in plan for q in r.questions]
        assert len(asked) == len(set(asked))
        for planned, spec in zip(plan, PRACTICE.loops[level], strict=True):
            assert len(planned.questions) == spec.questions
            for question_id in planned.questions:
                question = BANK.questions[question_id]
                assert level in question.levels
                if planned.round == "system_design":
                    assert question.category == Category.SYSTEM_DESIGN
                else:
                    assert planned.round in {r.value for r in question.rounds}
                    assert question.category != Category.SYSTEM_DESIGN


def test_rounds_are_named_as_the_seed_names_them() -> None:
    names = [r.name for r in PRACTICE.loops[Level.L7]]
    assert names == [
        "System Design Round",
        "Hiring Manager Round",
        "Bar Raiser Round",
        "Peer Manager Round",
        "Senior Leader Round (L7)",
    ]
    assert PRACTICE.loops[Level.L7][-1].focus == (
        "Strategic vision",
        "Organizational transformation",
        "Executive presence",
    )
    assert "senior_leader" not in PRACTICE.spec.loops[Level.L6]


def test_a_loop_spreads_the_principles() -> None:
    for level in Level:
        covered = []
        for seed in range(20):
            plan = plan_loop(BANK, PRACTICE.loops[level], level, random.Random(seed))
            covered.append(len({p for r in plan for q in r.questions for p in BANK.questions[q].leadership_principles}))
        assert min(covered) >= 15, covered


def test_the_same_seed_plans_the_same_loop_and_recent_questions_wait() -> None:
    first = plan_loop(BANK, PRACTICE.loops[Level.L6], Level.L6, random.Random(7))
    assert plan_loop(BANK, PRACTICE.loops[Level.L6], Level.L6, random.Random(7)) == first
    asked = {q for r in first for q in r.questions}
    second = plan_loop(BANK, PRACTICE.loops[Level.L6], Level.L6, random.Random(7), avoid=asked)
    assert not asked & {q for r in second for q in r.questions}


def test_every_design_question_of_the_level_comes_up() -> None:
    picked = {
        plan_loop(BANK, PRACTICE.loops[Level.L7], Level.L7, random.Random(seed))[0].questions[0] for seed in range(60)
    }
    assert len(picked) == 5
    assert all(
        BANK.questions[q].category == Category.SYSTEM_DESIGN and Level.L7 in BANK.questions[q].levels for q in picked
    )


def _practice_file(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "practice.yaml").write_text(body)
    return folder


LOOPS = """
practice:
  rounds:
    - {id: system_design, name: "Design", questions: 2, categories: [system_design]}
    - {id: hiring_manager, questions: 2, categories: [behavioral]}
  loops:
    L6: [system_design, hiring_manager]
    L7: [system_design, %s]
  spacing_days: 3
  recent_days: 14
  unpractised_score: 2.5
"""


def test_a_users_practice_file_replaces_the_built_in_one(tmp_path: Path) -> None:
    folder = _practice_file(tmp_path, LOOPS % "hiring_manager")
    practice = load_practice(load_bank(folder), folder)
    assert [r.id for r in practice.loops[Level.L6]] == ["system_design", "hiring_manager"]
    assert practice.loops[Level.L6][0].questions == 2


def test_an_unknown_round_stops_start_up_naming_it(tmp_path: Path) -> None:
    folder = _practice_file(tmp_path, LOOPS % "night_shift")
    with pytest.raises(
        BankError, match=r"practice.yaml: field 'practice': .*loops.L7: unknown rounds \['night_shift'\]"
    ):
        load_practice(load_bank(folder), folder)


def test_a_round_the_bank_cannot_fill_stops_start_up_naming_it(tmp_path: Path) -> None:
    body = (LOOPS % "senior_leader").replace(
        "    - {id: hiring_manager",
        "    - {id: senior_leader, questions: 2, categories: [metrics]}\n    - {id: hiring_manager",
    )
    folder = _practice_file(tmp_path, body)
    with pytest.raises(
        BankError, match=r"loops.L7: round 'senior_leader' needs 2 question\(s\) at L7 but the bank has 1"
    ):
        load_practice(load_bank(folder), folder)


def test_a_round_the_seed_does_not_name_needs_a_name(tmp_path: Path) -> None:
    folder = _practice_file(tmp_path, (LOOPS % "hiring_manager").replace('name: "Design", ', ""))
    with pytest.raises(BankError, match="round 'system_design' field 'name'"):
        load_practice(load_bank(folder), folder)


def test_the_practice_file_is_not_read_as_questions(tmp_path: Path) -> None:
    folder = _practice_file(tmp_path, LOOPS % "hiring_manager")
    assert len(load_bank(folder)) == len(BANK)

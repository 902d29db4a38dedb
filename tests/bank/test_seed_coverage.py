"""Nothing in the seed document is lost on its way into the question bank.

The seed Markdown is parsed here on its own, independently of the YAML, and every question,
follow-up, list item, field and framework table it holds must be found in ``load_bank()``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from app.bank.loader import Bank, load_bank
from app.bank.models import Category, LeadershipPrinciple, Level, Question

SEED_NAME = "000_d33ec8a752c8ae78.md"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / SEED_NAME
VENDORED_SEED = Path(__file__).resolve().parent / "data" / "seed.md"

# "## " headings that hold numbered questions, and the category their questions belong to.
CATEGORY_HEADINGS = {
    "System Design Questions": Category.SYSTEM_DESIGN,
    "Behavioral Questions by Leadership Principle": Category.BEHAVIORAL,
    "Technical Leadership Questions": Category.TECHNICAL_LEADERSHIP,
    "Crisis & Pressure Questions": Category.CRISIS_PRESSURE,
    "Metrics & Performance Questions": Category.METRICS,
    "Unique & Unexpected Questions": Category.UNIQUE,
}
BOTH = (Level.L6, Level.L7)
LEVEL_MARKERS = {
    "L6 Level Questions": (Level.L6,),
    "L6 Questions": (Level.L6,),
    "L7 Level Questions": (Level.L7,),
    "L7 Questions": (Level.L7,),
    "L7 Specific": (Level.L7,),
    "Common Questions (Both Levels)": BOTH,
}
SINGLE_FIELDS = {
    "Context": "context",
    "Duration": "duration",
    "Scope": "scope",
    "Complexity": "complexity",
    "Assessment": "assessment",
    "Focus": "focus",
    "Depth": "depth",
}
LIST_FIELDS = {
    "Requirements": "requirements",
    "Specific Requirements": "requirements",
    "Focus Areas": "focus_areas",
    "Expected Depth": "expected_depth",
    "Integration Points": "integration_points",
    "Considerations": "considerations",
}
RESERVED_PROBES = {
    "role", "metrics", "impact", "alternatives", "resistance", "learning",
    "application", "scale", "data-model", "failure-handling", "close", "initial",
}  # fmt: skip
SEED_PRINCIPLES = {
    LeadershipPrinciple.CUSTOMER_OBSESSION,
    LeadershipPrinciple.OWNERSHIP,
    LeadershipPrinciple.THINK_BIG,
    LeadershipPrinciple.HIRE_AND_DEVELOP_THE_BEST,
    LeadershipPrinciple.HAVE_BACKBONE,
}
BEHAVIORAL_SECTION_PRINCIPLE = {
    "Customer Obsession": LeadershipPrinciple.CUSTOMER_OBSESSION,
    "Ownership": LeadershipPrinciple.OWNERSHIP,
    "Think Big": LeadershipPrinciple.THINK_BIG,
    "Hire and Develop": LeadershipPrinciple.HIRE_AND_DEVELOP_THE_BEST,
    "Have Backbone": LeadershipPrinciple.HAVE_BACKBONE,
}

HEADING = re.compile(r"^(#{2,4})\s+(.*?)\s*$")
QUESTION = re.compile(r"^\*\*(\d+)\.\s+(.+?)\*\*\s*$")
LEVEL_MARKER = re.compile(r"^\*\*(.+?):\*\*\s*$")
LABELLED = re.compile(r"^-\s+\*\*(.+?):\*\*\s*(.*?)\s*$")
ITEM = re.compile(r"^\s{2,}-\s+(.+?)\s*$")
SUCCESS = re.compile(r"^\*\*Success Pattern:\*\*\s*(.+?)\s*$")


@dataclass
class SeedQuestion:
    number: int
    text: str
    category: Category
    section: str
    levels: tuple[Level, ...]
    fields: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    follow_ups: list[tuple[str, str]] = field(default_factory=list)
    success_pattern: str | None = None


# ---------------------------------------------------------------- helpers


def seed_path() -> Path:
    return SHARED_SEED if SHARED_SEED.exists() else VENDORED_SEED


@cache
def seed_lines() -> tuple[str, ...]:
    return tuple(seed_path().read_text(encoding="utf-8").splitlines())


@cache
def bank() -> Bank:
    return load_bank()


def normalise(text: str) -> str:
    """Compare texts without their surrounding quotes and with whitespace collapsed."""
    return " ".join(text.strip().strip('"\u201c\u201d').split())


def heading_title(raw: str) -> str:
    """A heading without its leading emoji, e.g. '🎪 Unique & Unexpected Questions'."""
    return re.sub(r"^[^\w(]+", "", raw).strip()


def is_quoted(item: str) -> bool:
    return len(item) >= 2 and item[0] in '"\u201c' and item[-1] in '"\u201d'


@cache
def parse_seed_questions() -> tuple[SeedQuestion, ...]:
    """Numbered questions under the question sections, with everything listed under each."""
    questions: list[SeedQuestion] = []
    category: Category | None = None
    section = ""
    levels: tuple[Level, ...] = BOTH
    current: SeedQuestion | None = None
    open_list: str | None = None
    for line in seed_lines():
        if heading := HEADING.match(line):
            depth, title = len(heading.group(1)), heading_title(heading.group(2))
            current, open_list = None, None
            if depth == 2:
                category = CATEGORY_HEADINGS.get(title)
                section, levels = title, BOTH
            else:
                section = title
                if depth == 3:
                    levels = tuple(lv for lv in Level if re.search(rf"\b{lv.value}\b", title)) or BOTH
            continue
        if category is None:
            continue
        if question := QUESTION.match(line):
            current = SeedQuestion(
                number=int(question.group(1)),
                text=normalise(question.group(2)),
                category=category,
                section=section,
                levels=levels,
            )
            questions.append(current)
            open_list = None
        elif (marker := LEVEL_MARKER.match(line)) and marker.group(1) in LEVEL_MARKERS:
            levels, current, open_list = LEVEL_MARKERS[marker.group(1)], None, None
        elif current is None:
            continue
        elif success := SUCCESS.match(line):
            current.success_pattern = success.group(1)
        elif labelled := LABELLED.match(line):
            label, value = labelled.groups()
            if value:
                current.fields[label] = value
                open_list = None
            else:
                open_list = label
        elif (item := ITEM.match(line)) and open_list:
            text = item.group(1)
            if is_quoted(text):
                current.follow_ups.append((open_list, normalise(text)))
            else:
                current.lists.setdefault(open_list, []).append(text)
    return tuple(questions)


def seed_block(title: str) -> list[str]:
    """Lines after a bold ``**title**`` line, up to the next blank line."""
    lines = seed_lines()
    start = lines.index(f"**{title}**") + 1
    block: list[str] = []
    for line in lines[start:]:
        if not line.strip():
            break
        block.append(line)
    return block


def bank_question_for(seed_question: SeedQuestion) -> Question:
    matches = [q for q in bank().questions.values() if normalise(q.text) == seed_question.text]
    assert matches, f"seed question {seed_question.number} not in the bank: {seed_question.text!r}"
    assert len(matches) == 1, f"seed question {seed_question.text!r} is in the bank {len(matches)} times"
    return matches[0]


def seed_questions_in_bank() -> list[Question]:
    return [q for q in bank().questions.values() if q.source == "seed"]


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings_in(item)]
    return []


def unclean_characters(text: str) -> list[str]:
    """Emoji, pictographs, control and invisible characters: anything but clean printable text."""
    return [
        ch for ch in text if ord(ch) >= 0x1F300 or 0x2600 <= ord(ch) <= 0x27BF or not ch.isprintable() or ch == "\ufffd"
    ]


SEED_QUESTIONS = parse_seed_questions()


def seed_id(seed_question: SeedQuestion) -> str:
    return f"{seed_question.category.value}-{seed_question.number}"


# ---------------------------------------------------------------- the seed file itself


def test_vendored_seed_is_identical_to_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip(f"shared seed not found at {SHARED_SEED}")
    assert VENDORED_SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_parser_finds_all_forty_seed_questions() -> None:
    assert len(SEED_QUESTIONS) == 40
    counts = Counter(q.category for q in SEED_QUESTIONS)
    assert counts == {
        Category.SYSTEM_DESIGN: 10,
        Category.BEHAVIORAL: 16,
        Category.TECHNICAL_LEADERSHIP: 4,
        Category.CRISIS_PRESSURE: 4,
        Category.METRICS: 2,
        Category.UNIQUE: 4,
    }
    assert sum(len(q.follow_ups) for q in SEED_QUESTIONS) == 109
    assert all(len(q.follow_ups) >= 3 for q in SEED_QUESTIONS if q.category != Category.UNIQUE)


# ---------------------------------------------------------------- every seed question, field by field


@pytest.mark.parametrize("seed_question", SEED_QUESTIONS, ids=seed_id)
def test_seed_question_is_in_bank_with_its_placement(seed_question: SeedQuestion) -> None:
    question = bank_question_for(seed_question)
    assert question.source == "seed"
    assert question.seed_number == seed_question.number
    assert question.category == seed_question.category
    assert question.section == seed_question.section
    assert tuple(question.levels) == seed_question.levels
    if question.category == Category.BEHAVIORAL:
        assert BEHAVIORAL_SECTION_PRINCIPLE[seed_question.section] in question.leadership_principles


@pytest.mark.parametrize("seed_question", SEED_QUESTIONS, ids=seed_id)
def test_seed_follow_ups_are_in_bank_with_their_heading(seed_question: SeedQuestion) -> None:
    question = bank_question_for(seed_question)
    in_bank = {(f.heading, normalise(f.text)) for f in question.follow_ups}
    for heading, text in seed_question.follow_ups:
        assert (heading, text) in in_bank, f"{question.id}: missing follow-up {heading}: {text!r}"


@pytest.mark.parametrize("seed_question", SEED_QUESTIONS, ids=seed_id)
def test_seed_list_items_are_in_the_right_field(seed_question: SeedQuestion) -> None:
    question = bank_question_for(seed_question)
    for label, items in seed_question.lists.items():
        assert label in LIST_FIELDS, f"seed list {label!r} has no field in the bank"
        stored = getattr(question, LIST_FIELDS[label])
        for item in items:
            assert item in stored, f"{question.id}: {label} item {item!r} missing"


@pytest.mark.parametrize("seed_question", SEED_QUESTIONS, ids=seed_id)
def test_seed_single_line_fields_are_in_the_right_field(seed_question: SeedQuestion) -> None:
    question = bank_question_for(seed_question)
    for label, value in seed_question.fields.items():
        assert label in SINGLE_FIELDS, f"seed field {label!r} has no field in the bank"
        stored = getattr(question, SINGLE_FIELDS[label])
        if label == "Duration":
            assert stored is not None and stored.text == value
            low, high = (int(n) for n in re.findall(r"\d+", value)[:2])
            assert (stored.min_minutes, stored.max_minutes) == (low, high)
        else:
            assert stored == value, f"{question.id}: {label} is {stored!r}, seed says {value!r}"


@pytest.mark.parametrize("seed_question", SEED_QUESTIONS, ids=seed_id)
def test_seed_success_pattern_is_kept(seed_question: SeedQuestion) -> None:
    question = bank_question_for(seed_question)
    if seed_question.success_pattern:
        assert question.success_pattern == seed_question.success_pattern


def test_seed_has_one_success_pattern_and_it_was_parsed() -> None:
    patterns = [q for q in SEED_QUESTIONS if q.success_pattern]
    assert [q.text for q in patterns] == ["Design a Ride-Sharing Service (Uber/Lyft)"]


# ---------------------------------------------------------------- the framework


def test_after_any_story_follow_ups_in_order() -> None:
    seed = [normalise(re.sub(r"^\d+\.\s+", "", line)) for line in seed_block("After any story, expect:")]
    assert len(seed) == 5
    assert [normalise(s.text) for s in bank().framework.after_any_story] == seed


def test_deep_dive_pattern_steps_in_order() -> None:
    seed = [line.removeprefix("- ").strip() for line in seed_block("Bar Raiser Deep Dive Pattern:")]
    assert len(seed) == 6
    assert [step.text for step in bank().framework.deep_dive_pattern] == seed


def test_frequency_table_rows() -> None:
    lines = seed_lines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Question Type"))
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        name, l6, l7, factor = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((name, int(l6.rstrip("%")), int(l7.rstrip("%")), factor))
    assert len(rows) == 6
    stored = [
        (t.name, t.frequency[Level.L6], t.frequency[Level.L7], t.success_factor)
        for t in bank().framework.question_types
    ]
    assert stored == rows


def test_rounds_with_their_focus_items() -> None:
    lines = seed_lines()
    seed_rounds = {
        match.group(1): [item.removeprefix("- ").strip() for item in seed_block(f"{match.group(1)}:")]
        for line in lines
        if (match := re.match(r"^\*\*(.+ Round.*?):\*\*$", line))
    }
    assert len(seed_rounds) == 4
    assert {r.name: list(r.focus) for r in bank().framework.rounds} == seed_rounds


def test_tips_and_depth_rule() -> None:
    lines = seed_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("!!! tip"))
    tips = []
    for line in lines[start + 1 :]:
        if not line.startswith("    - "):
            break
        tips.append(line.strip().removeprefix("- "))
    framework = bank().framework
    assert len(tips) == 4
    assert framework.tips == tips

    depth = re.search(r"(\d+)-(\d+) levels deep", "\n".join(tips))
    assert depth is not None
    assert (framework.depth_rule.min_follow_ups, framework.depth_rule.max_follow_ups) == (3, 5)
    assert (framework.depth_rule.min_follow_ups, framework.depth_rule.max_follow_ups) == tuple(
        int(n) for n in depth.groups()
    )
    assert framework.depth_rule.text in tips


# ---------------------------------------------------------------- the bank as a whole


def test_category_counts_of_seed_questions() -> None:
    seeded = seed_questions_in_bank()
    counts = Counter(q.category for q in seeded)
    assert counts == {
        Category.SYSTEM_DESIGN: 10,
        Category.BEHAVIORAL: 16,
        Category.TECHNICAL_LEADERSHIP: 4,
        Category.CRISIS_PRESSURE: 4,
        Category.METRICS: 2,
        Category.UNIQUE: 4,
    }
    design_levels = Counter(tuple(q.levels) for q in seeded if q.category == Category.SYSTEM_DESIGN)
    assert design_levels == {(Level.L6,): 5, (Level.L7,): 5}


def test_every_principle_has_at_least_two_questions() -> None:
    tagged = Counter(p for q in bank().questions.values() for p in q.leadership_principles)
    thin = [p.value for p in LeadershipPrinciple if tagged[p] < 2]
    assert not thin, f"principles with fewer than two questions: {thin}"


def test_extended_questions_cover_the_principles_the_seed_leaves_out() -> None:
    extended = [q for q in bank().questions.values() if q.source == "extended"]
    assert extended
    for question in extended:
        assert question.seed_number is None, question.id
        assert question.category == Category.BEHAVIORAL, question.id
        assert len(question.follow_ups) >= 3, question.id
    names = {p.id: p.name for p in bank().framework.leadership_principles}
    for principle in set(LeadershipPrinciple) - SEED_PRINCIPLES:
        own = [q for q in extended if q.section == names[principle]]
        assert len(own) >= 2, f"{principle.value}: fewer than two extended questions"
        assert all(principle in q.leadership_principles for q in own), principle.value
        levels = {level for q in own for level in q.levels}
        assert levels == {Level.L6, Level.L7}, f"{principle.value}: extended questions do not mix L6 and L7"


def test_follow_up_ids_do_not_shadow_generic_probes() -> None:
    for question in bank().questions.values():
        for follow_up in question.follow_ups:
            assert follow_up.id not in RESERVED_PROBES, f"{question.id}: follow-up id {follow_up.id!r}"


def test_follow_up_keywords_are_usable() -> None:
    for question in bank().questions.values():
        for follow_up in question.follow_ups:
            where = f"{question.id}/{follow_up.id}"
            assert 2 <= len(follow_up.keywords) <= 5, where
            assert all(k == k.lower() for k in follow_up.keywords), where


def test_senior_leader_round_only_for_l7_questions() -> None:
    for question in bank().questions.values():
        if "senior_leader" in question.rounds:
            assert Level.L7 in question.levels, question.id


def test_no_emoji_or_unclean_characters() -> None:
    for question in bank().questions.values():
        for text in strings_in(question.model_dump(mode="json")):
            bad = unclean_characters(text)
            assert not bad, f"{question.id}: unclean characters {bad!r} in {text!r}"

"""A hand-edited bank must fail loudly and precisely, and a user's folder adds to or replaces it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.loader import BankError, load_bank

VALID = """\
questions:
  - id: my-own-question
    source: extended
    text: "Tell me about a migration you led"
    category: behavioral
    levels: [L6]
    leadership_principles: [ownership]
    rounds: [bar_raiser]
    success_pattern: "Names the decisions they made and the result with numbers."
    follow_ups:
      - {id: rollback, heading: Follow-ups, text: "How did you plan the rollback?", keywords: [rollback]}
"""


def write(folder: Path, text: str, name: str = "mine.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (("    rounds: [bar_raiser]\n", "    rounds: [bar_raiser]\n    colour: blue\n"), "colour", "unknown key"),
        (("levels: [L6]", "levels: [L5]"), "levels.0", "Input should be"),
        (("levels: [L6]", "levels: L6"), "levels", "valid list"),
        (('text: "How did you plan', 'txt: "How did you plan'), "follow_ups.0", ""),
        (
            ('    success_pattern: "Names the decisions they made and the result with numbers."\n', ""),
            "success_pattern",
            "Field required",
        ),
    ],
)
def test_a_malformed_question_names_file_id_and_field(tmp_path: Path, edit, field: str, message: str) -> None:
    path = write(tmp_path, VALID.replace(*edit))
    with pytest.raises(BankError) as caught:
        load_bank(tmp_path)
    text = str(caught.value)
    assert text.splitlines()[0].startswith(str(path))  # one line per problem, under the file's name
    assert str(path) in text and "'my-own-question'" in text and f"'{field}" in text and message in text


def test_a_duplicate_id_names_both_files(tmp_path: Path) -> None:
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path, VALID, "b.yaml")
    with pytest.raises(
        BankError, match=r"b\.yaml: question 'my-own-question' field 'id': duplicate id, also in .*a\.yaml"
    ):
        load_bank(tmp_path)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    write(tmp_path, "questions:\n  - id: x\n   bad indent: [\n")
    with pytest.raises(BankError, match=r"mine\.yaml: line \d+ invalid YAML"):
        load_bank(tmp_path)


def test_a_users_folder_adds_and_overrides(tmp_path: Path) -> None:
    builtin = load_bank()
    write(tmp_path, VALID)
    override = VALID.replace("my-own-question", "design-ride-sharing-service").replace(
        "Tell me about a migration you led", "Design a ride-sharing service for a small city"
    )
    write(tmp_path, override, "override.yaml")
    merged = load_bank(tmp_path)
    assert len(merged) == len(builtin) + 1
    assert merged.questions["my-own-question"].follow_ups[0].text == "How did you plan the rollback?"
    assert merged.questions["design-ride-sharing-service"].text == "Design a ride-sharing service for a small city"


def test_replace_uses_only_the_users_folder(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    bank = load_bank(tmp_path, replace=True)
    assert list(bank.questions) == ["my-own-question"]
    assert bank.framework.depth_rule.min_follow_ups == 3  # the built-in framework still applies


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="not a folder"):
        load_bank(tmp_path / "nope")


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "questions:\n"
        "  - id: first-one\n    source: extended\n    text: Why?\n    category: behavioral\n"
        "    levels: [L8]\n    leadership_principles: [ownership]\n    rounds: [bar_raiser]\n    success_pattern: x\n"
        "  - id: second-one\n    source: extended\n    text: How?\n    category: nonsense\n"
        "    levels: [L6]\n    leadership_principles: [ownership]\n    rounds: [bar_raiser]\n    success_pattern: x\n"
        "    colour: blue\n"
    )
    with pytest.raises(BankError) as caught:
        load_bank(tmp_path, replace=True)
    lines = str(caught.value).splitlines()
    assert lines[0].endswith("mine.yaml: 3 problems")
    assert any("'first-one' field 'levels.0'" in line for line in lines[1:])
    assert any("'second-one' field 'category'" in line for line in lines[1:])
    assert any("'second-one' field 'colour': unknown key" in line for line in lines[1:])

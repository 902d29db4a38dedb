"""The terminal's loop, progress, story and data commands, through the CLI's entry point."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_cli import cli, env  # noqa: F401  (the terminal fixtures)
from tests.utils.answers import STRONG_DESIGN, STRONG_STORY, VAGUE_STORY


def answers(texts: list[str], times: int = 10) -> str:
    return "".join(f"{text}\n.\n" for text in texts * times)


@pytest.mark.slow  # a whole loop of interviews
def test_a_loop_runs_round_by_round_and_ends_with_its_debrief(cli) -> None:  # noqa: F811
    result = cli("loop", "--level", "L6", "--seed", "1", stdin=answers(STRONG_DESIGN[:1] + STRONG_STORY, 12))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("New L6 loop ")
    for i, name in enumerate(["System Design Round", "Hiring Manager Round", "Bar Raiser Round", "Peer Manager Round"]):
        assert f"=== {name}: round {i + 1} of 4 ===" in out
    assert out.count("─ Scorecard ─") == 7  # each interview ends with its scorecard panel
    assert "# Loop debrief (L6)" in out and "## Votes" in out and "## Leadership principles by round" in out
    listed = json.loads(cli("loops", "--json").stdout)
    assert listed["data"][0]["status"] == "completed"
    table = cli("loops").stdout.splitlines()
    assert table[0].split() == ["LOOP", "STARTED", "LEVEL", "STATUS", "ROUNDS"] and "4/4" in table[1]


@pytest.mark.slow  # a whole loop of interviews
def test_a_loop_stops_at_the_end_of_input_and_resumes_where_it_was(cli) -> None:  # noqa: F811
    first = cli("loop", "--level", "L6", "--seed", "2", stdin=answers(STRONG_DESIGN, 1) + "/end\n")
    assert first.returncode == 0, first.stderr
    loop_id = json.loads(cli("loops", "--json").stdout)["data"][0]["id"]
    assert f"`mock-interview loop --resume {loop_id}` continues it" in first.stdout
    assert "Hiring Manager Round" not in first.stdout.split("===")[-1]

    again = cli("loop", "--level", "L6", stdin="/end\n" * 3)
    assert again.stdout.startswith(f"Resuming loop {loop_id} (1 of 4 rounds done)")
    assert "=== Hiring Manager Round: round 2 of 4 ===" in again.stdout
    debrief = cli("debrief", loop_id, "--end")
    assert debrief.returncode == 0 and "(ended early)" in debrief.stdout
    data = json.loads(cli("debrief", loop_id, "--json").stdout)
    assert data["ended_early"] and len(data["rounds"]) == 4
    fresh = cli("loop", "--level", "L6", "--new", stdin="")
    assert fresh.stdout.startswith("New L6 loop ")


def test_an_unfinished_loops_debrief_is_a_clean_error(cli) -> None:  # noqa: F811
    cli("loop", "--level", "L7", stdin="")
    loop_id = json.loads(cli("loops", "--json").stdout)["data"][0]["id"]
    result = cli("debrief", loop_id)
    assert result.returncode == 1 and result.stderr.startswith("error: the debrief is ready when every round is done")


def test_progress_is_a_table_with_what_to_practise_next(cli) -> None:  # noqa: F811
    cli("practice", "--question", "disagree-with-your-manager", stdin=answers(VAGUE_STORY, 2))
    result = cli("progress")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Progress at L6 (1 scored interview(s))"
    header = next(line for line in lines if line.startswith("PRINCIPLE"))
    assert header.split()[:4] == ["PRINCIPLE", "LATEST", "CHANGE", "TREND"]
    assert any(line.startswith("Have Backbone; Disagree and Commit") and "single" in line for line in lines)
    assert any(line.startswith("Not practised yet: ") and "Frugality" in line for line in lines)
    assert any(line.startswith("System Design") and "100%" in line for line in lines)
    assert any(line.startswith("Practise next: ") for line in lines)
    assert json.loads(cli("progress", "--level", "L7", "--json").stdout)["level"] == "L7"

    started = cli("practice", "--next", stdin="/end\n")
    assert started.returncode == 0 and "Practise next: " in started.stdout


def test_trying_again_shows_the_change_against_the_previous_attempt(cli) -> None:  # noqa: F811
    cli("practice", "--question", "own-complex-project-end-to-end", stdin=answers(VAGUE_STORY, 2))
    first = json.loads(cli("transcripts", "--json").stdout)["data"][0]["id"]
    result = cli("practice", "--again", first, stdin=answers(STRONG_STORY, 2))
    assert result.returncode == 0, result.stderr
    assert "Against your previous attempt at this question: " in result.stdout
    changes = re.findall(r"^  (.+): (\d|-) -> (\d|-) \(([+-]\d+|-)\)$", result.stdout, re.MULTILINE)
    assert changes and any(int(after) > int(before) for _, before, after, _ in changes if "-" not in (before, after))


@pytest.mark.slow  # many terminal commands in a row
def test_stories_are_added_saved_shown_edited_and_deleted(cli) -> None:  # noqa: F811
    added = cli("story", "add", "--title", "Checkout latency", "--principle", "ownership", stdin=STRONG_STORY[0])
    assert added.returncode == 0, added.stderr
    story_id = added.stdout.split()[1]
    assert "### Checkout latency" in added.stdout and "- Numbers: none yet" in added.stdout

    bank = cli("stories")
    assert "## Coverage" in bank.stdout and "Stories without numbers: Checkout latency" in bank.stdout
    assert "Principles with only one story: Ownership" in bank.stdout

    edited = cli("story", "edit", story_id, "--number", "timeouts 4% -> 0.3%", "--principle", "dive_deep")
    assert "- Numbers: timeouts 4% -> 0.3%" in edited.stdout and "- Principles: Dive Deep" in edited.stdout
    assert json.loads(cli("stories", "--json").stdout)["data"][0]["numbers"] == ["timeouts 4% -> 0.3%"]

    practised = cli("practice", "--story", story_id, stdin="/end\n")
    assert practised.returncode == 0 and "Checkout latency" in practised.stdout
    assert "Context: The candidate is practising their story" in practised.stdout

    cli("practice", "--question", "own-complex-project-end-to-end", stdin=answers(STRONG_STORY, 2))
    interview = json.loads(cli("transcripts", "--json").stdout)["data"][0]["id"]
    saved = cli("story", "save", interview, "--title", "From practice")
    assert saved.returncode == 0 and "### From practice" in saved.stdout and "4%" in saved.stdout

    assert cli("story", "delete", story_id).stdout.strip() == f"Deleted story {story_id}."
    missing = cli("story", "show", story_id)
    assert missing.returncode == 1 and missing.stderr.strip() == f"error: story {story_id!r} not found"


@pytest.mark.slow  # many terminal commands in a row
def test_export_and_delete_all(cli, tmp_path: Path) -> None:  # noqa: F811
    cli("practice", "--question", "own-complex-project-end-to-end", stdin=answers(STRONG_STORY, 2))
    cli("story", "add", "--title", "T", "--text", "A story.")
    archive = tmp_path / "all.md"
    result = cli("export", "--format", "md", "--output", str(archive))
    assert result.returncode == 0 and archive.read_text().startswith("# Mock interviewer: all your data")
    data = json.loads(cli("export").stdout)
    assert len(data["interviews"]) == 1 and len(data["stories"]) == 1

    refused = cli("delete-all")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert len(json.loads(cli("export").stdout)["interviews"]) == 1
    done = cli("delete-all", "--yes")
    assert done.stdout.strip() == "Deleted 1 interview(s), 0 loop(s) and 1 story(ies)."
    assert json.loads(cli("export").stdout)["interviews"] == []

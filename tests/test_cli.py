"""The CLI through its entry point: in this process where it can be, and as the installed
`mock-interview` script where a real process is the point (the script exists; Ctrl-C)."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli import main
from app.config import get_settings
from tests.utils.answers import STRONG_STORY

SCRIPT = shutil.which("mock-interview", path=str(Path(sys.executable).parent)) or "mock-interview"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def env(make_settings, tmp_path: Path, pg_url: str) -> dict[str, str]:
    """The settings a terminal user would export: this test's own database, never the developer's."""
    make_settings()  # empties this run's PostgreSQL database when the suite runs against one
    values = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "QUESTION_BANK", "MOCK_INTERVIEW"))}
    values.update(
        {
            "DATABASE_URL": pg_url,
            "DB_PATH": str(tmp_path / "cli.db"),
            "CLI_TOKEN_FILE": str(tmp_path / "cli-token"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return values


@pytest.fixture
def cli(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run ``mock-interview ARGS`` in this process with ``stdin``, under ``env`` plus ``extra``."""

    def run(*args: str, stdin: str | None = "", extra: dict[str, str] | None = None) -> Result:
        """``stdin=None`` keeps the stdin a test has put in place."""
        with monkeypatch.context() as patch:
            for key, value in {**env, **(extra or {})}.items():
                patch.setenv(key, value)
            if stdin is not None:
                patch.setattr(sys, "stdin", io.StringIO(stdin))
            get_settings.cache_clear()
            capsys.readouterr()
            code = main(list(args))
            out, err = capsys.readouterr()
        get_settings.cache_clear()
        return Result(code, out, err)

    return run


def script(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60)


def test_the_installed_script_runs(env: dict[str, str]) -> None:
    result = script(env, "questions", "--category", "system_design")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "10 question(s)"


def test_questions_as_json_for_machines(cli) -> None:
    result = cli("questions", "--level", "L7", "--json")
    assert result.returncode == 0, result.stderr
    questions = json.loads(result.stdout)
    assert len(questions) >= 20 and all("L7" in q["levels"] for q in questions)


def test_questions_as_a_table_for_people(cli) -> None:
    result = cli("questions", "--category", "system_design")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "LEVELS", "CATEGORY", "QUESTION"]
    assert any("design-ride-sharing-service" in line and "Design a Ride-Sharing Service" in line for line in lines)
    assert lines[-1] == "10 question(s)"


def test_a_broken_bank_is_one_line_naming_file_id_and_field(cli, tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "broken.yaml").write_text(
        "questions:\n  - id: broken-one\n    source: extended\n    text: Why?\n    category: behavioral\n"
        "    levels: [L8]\n    leadership_principles: [ownership]\n    rounds: [bar_raiser]\n    success_pattern: x\n"
    )
    for command in (["questions"], ["serve", "--port", "0"]):
        result = cli(*command, extra={"QUESTION_BANK_DIR": str(bank)})
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1
        assert "broken.yaml" in result.stderr and "'broken-one'" in result.stderr and "'levels.0'" in result.stderr


def test_practice_review_and_resume_in_the_terminal(cli) -> None:
    answers = "".join(f"{text}\n.\n" for text in STRONG_STORY * 2)
    result = cli("practice", "--question", "own-complex-project-end-to-end", "--hints", stdin=answers)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Interviewer: Tell me about owning a complex project end-to-end" in out
    assert "follow-up 1 of 3-5, probing" in out and "Scorecard" in out and "Recommendation:" in out

    listing = cli("transcripts", "--json")
    interviews = json.loads(listing.stdout)["data"]
    assert len(interviews) == 1 and interviews[0]["status"] == "completed"
    markdown = cli("transcript", interviews[0]["id"]).stdout
    assert markdown.startswith("# Mock interview: Tell me about owning a complex project end-to-end")
    assert STRONG_STORY[0][:50] in markdown


def test_multi_line_answers_and_end_keep_everything(cli) -> None:
    stdin = "First line of my answer.\n\nSecond paragraph, I led it.\n.\n/end\n"
    result = cli("practice", "--question", "disagree-with-your-manager", "--level", "L6", stdin=stdin)
    assert result.returncode == 0 and "Interview ended." in result.stdout
    iid = json.loads(cli("transcripts", "--json").stdout)["data"][0]["id"]
    stored = json.loads(cli("transcript", iid, "--json").stdout)
    assert stored["messages"][1]["text"] == "First line of my answer.\n\nSecond paragraph, I led it."
    assert stored["status"] == "completed" and stored["ended_early"] is True


@pytest.mark.slow
def test_ctrl_c_keeps_what_was_said_and_the_interview_resumes(env: dict[str, str], cli) -> None:
    proc = subprocess.Popen(
        [SCRIPT, "practice", "--question", "own-complex-project-end-to-end"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write(STRONG_STORY[0] + "\n.\n")
    proc.stdin.flush()
    prompts = 0
    for line in proc.stdout:
        if line.startswith("You (finish"):
            prompts += 1
            if prompts == 2:  # the follow-up is out and it waits for the next answer
                break
    proc.send_signal(signal.SIGINT)
    # It stops at once, still waiting for the next answer: with its input left open, not when input ends
    # (the end of input means "no more answers" and ends the interview).
    assert proc.wait(timeout=30) == 130
    _, err = proc.communicate(timeout=30)
    assert "--resume" in err
    iid = json.loads(cli("transcripts", "--json").stdout)["data"][0]["id"]
    resumed = cli("practice", "--resume", iid, stdin=f"{STRONG_STORY[1]}\n.\n/end\n")
    assert resumed.returncode == 0
    assert STRONG_STORY[0][:40] in resumed.stdout  # the earlier exchange is shown again
    stored = json.loads(cli("transcript", iid, "--json").stdout)
    assert [m["role"] for m in stored["messages"]][:5] == [
        "interviewer",
        "candidate",
        "interviewer",
        "candidate",
        "interviewer",
    ]


def test_unknown_interview_is_a_clean_error_that_names_the_token_setting(cli) -> None:
    result = cli("transcript", "nope")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: interview 'nope' not found") and "MOCK_INTERVIEW_TOKEN" in result.stderr
    resumed = cli("practice", "--resume", "nope")
    assert resumed.returncode == 1 and "MOCK_INTERVIEW_TOKEN" in resumed.stderr


def _stored(cli, iid: str) -> dict:
    return json.loads(cli("transcript", iid, "--json").stdout)


def _only_interview(cli) -> str:
    return json.loads(cli("transcripts", "--json").stdout)["data"][0]["id"]


def test_input_ending_at_an_empty_prompt_keeps_the_interview_in_progress(cli) -> None:
    result = cli("practice", "--question", "own-complex-project-end-to-end", stdin=f"{STRONG_STORY[0]}\n.\n")
    assert result.returncode == 0, result.stderr
    iid = _only_interview(cli)
    assert f"practice --resume {iid}" in result.stdout
    stored = _stored(cli, iid)
    assert stored["status"] == "in_progress" and stored["scorecard"] is None
    assert [m["role"] for m in stored["messages"]] == ["interviewer", "candidate", "interviewer"]


class Terminal(io.StringIO):
    """A terminal's stdin: "" is Ctrl-D at an empty prompt, after which the terminal can still be read."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def isatty(self) -> bool:
        return True

    def readline(self, *_: object) -> str:
        return self.lines.pop(0) if self.lines else ""


def test_ctrl_d_in_a_terminal_asks_before_ending(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-D at the first prompt and "n" keeps it; an answer; Ctrl-D again and "y" ends and scores it.
    monkeypatch.setattr(sys, "stdin", Terminal(["", "n\n", f"{STRONG_STORY[0]}\n", ".\n", "", "y\n"]))
    result = cli("practice", "--question", "own-complex-project-end-to-end", stdin=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("End the interview and score it now?") == 2
    stored = _stored(cli, _only_interview(cli))
    assert stored["status"] == "completed" and stored["ended_early"] is True
    assert [m["text"] for m in stored["messages"] if m["role"] == "candidate"] == [STRONG_STORY[0]]


def test_an_answer_over_the_limit_is_kept_and_the_interview_goes_on(cli, tmp_path: Path) -> None:
    long = "I led the migration. " * 20
    stdin = f"{long}\n.\n{STRONG_STORY[0]}\n.\n/end\n"
    result = cli(
        "practice", "--question", "own-complex-project-end-to-end", stdin=stdin, extra={"MAX_ANSWER_CHARS": "300"}
    )
    assert result.returncode == 0, result.stderr
    assert "Not sent: answer is 420 characters; the limit is 300 characters" in result.stdout
    iid = _only_interview(cli)
    draft = tmp_path / "drafts" / f"{iid}.txt"
    assert draft.read_text() == long and str(draft) in result.stdout
    stored = _stored(cli, iid)
    assert [m["text"] for m in stored["messages"] if m["role"] == "candidate"] == [STRONG_STORY[0]]


def test_the_scorecard_is_drawn_for_the_terminal_width(cli) -> None:
    stdin = "".join(f"{text}\n.\n" for text in STRONG_STORY * 2)
    result = cli("practice", "--question", "own-complex-project-end-to-end", stdin=stdin, extra={"COLUMNS": "120"})
    assert result.returncode == 0, result.stderr
    card = result.stdout[result.stdout.index("Scorecard") :]
    assert "Recommendation:" in card and "Level verdict:" in card and "Evidence from your answers" in card
    assert "| Dimension |" not in card, "a raw Markdown table"
    assert max(len(line) for line in card.splitlines()) <= 120


def test_a_model_that_refuses_connections_is_said_once_and_logged_to_a_file(cli, tmp_path: Path) -> None:
    stdin = f"{STRONG_STORY[0]}\n.\n/end\n"
    dead = {"OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "OPENAI_TIMEOUT": "5"}
    result = cli("practice", "--question", "own-complex-project-end-to-end", stdin=stdin, extra=dead)
    assert result.returncode == 0, result.stderr
    assert "cannot connect to the model server at http://127.0.0.1:1" in result.stdout
    assert "prepared one" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
    assert "connection refused" in (tmp_path / "mock-interview.log").read_text().lower()


def test_a_bad_setting_is_one_line_naming_it(cli) -> None:
    result = cli("questions", extra={"OPENAI_TIMEOUT": "abc"})
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: OPENAI_TIMEOUT='abc': ") and "fix it in the environment" in result.stderr


def test_an_unreachable_database_is_one_line_naming_it(cli) -> None:
    url = "postgresql://someone:secret@127.0.0.1:1/interviews"
    for command in (["transcripts"], ["serve", "--port", "0"]):
        result = cli(*command, extra={"DATABASE_URL": url})
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("error: DATABASE_URL=postgresql+psycopg://someone:***@127.0.0.1:1/interviews")
        assert "secret" not in result.stderr and "start the database server" in result.stderr


def test_the_terminal_key_opens_its_interviews_elsewhere(cli) -> None:
    cli("practice", "--question", "own-complex-project-end-to-end", stdin="/end\n")
    key = cli("key")
    assert key.returncode == 0 and key.stdout.strip().startswith("mi_")
    elsewhere = {"MOCK_INTERVIEW_TOKEN": key.stdout.strip(), "CLI_TOKEN_FILE": "/nonexistent/other-token"}
    listing = json.loads(cli("transcripts", "--json", extra=elsewhere).stdout)
    assert listing["count"] == 1


def test_a_question_of_one_level_starts_at_that_level(cli) -> None:
    l7_only = "scale-responsibility-in-design-decisions"
    result = cli("practice", "--question", l7_only, stdin="/end\n")
    assert result.returncode == 0, result.stderr
    assert _stored(cli, _only_interview(cli))["level"] == "L7"
    refused = cli("practice", "--question", l7_only, "--level", "L6", stdin="/end\n")
    assert refused.returncode == 1 and "asked at L7 only" in refused.stderr


def test_a_design_round_in_the_terminal_shows_its_phases_and_their_time(cli) -> None:
    stdin = "How many riders a day should I plan for?\n.\n/end\n"
    result = cli("practice", "--question", "design-ride-sharing-service", "--hints", stdin=stdin)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Phases: Requirements (" in out and "-> Deep dives (" in out
    assert "let's move on" in out
    assert "About 20 million riders" in out  # the question is answered from the scenario
    assert "[Requirements, about " in out and "probing requirements" in out

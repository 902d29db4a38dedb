"""The scorecard's quality figures on the project's own candidate set, as a results page.

    .venv/bin/python -m bench.quality            # prints the page
    .venv/bin/python -m bench.quality --write    # and writes bench/QUALITY.md

Offline and deterministic: the same code and candidate set always give the same page. The candidates
are in tests/candidates (written by people who had not read the word lists); how they are sat and scored
is app/devtools/quality.py; tests/scoring/test_quality.py holds the targets.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
from pathlib import Path

from app.devtools.quality import HIRES, QualityReport, Sitting, evaluate, offline_context

PAGE = Path(__file__).with_name("QUALITY.md")


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _overall(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def _sitting_row(s: Sitting) -> str:
    vote = s.recommendation or "no vote"
    mark = "" if s.vote_right else " (expected " + " or ".join(s.expected) + ")"
    level = s.level_verdict or "-"
    if s.level_right is False:
        level += f" (expected {s.expected_level})"
    return f"| {s.id} | {s.kind} | {vote}{mark} | {_overall(s.overall)} | {level} | {s.model_recommendation or '-'} |"


def render(report: QualityReport) -> str:
    pairs = report.ranked_pairs()
    exceptional = report.votes(["exceptional"])
    weak = report.votes(["weak", "poor"])
    types_right = sum(s.vote_right for s in report.types)
    levels = [s for s in report.types if s.level_right is not None]
    lines = [
        "# Scorecard quality",
        "",
        f"Measured on commit `{_commit()}` by `python -m bench.quality --write` (offline, deterministic).",
        "The candidates are the project's own (tests/candidates), written by people who had not read the",
        "interviewer's or the scorer's word lists; the targets are asserted in tests/scoring/test_quality.py.",
        "",
        "| measure | target | result |",
        "|---|---|---|",
        f"| pairwise ranking of graded answers ({len(pairs)} pairs) | >= 95% | {_pct(report.ranking_accuracy)} |",
        f"| inversions bought by a longer answer | 0 | {report.inversions_bought_by_length} |",
        f"| exceptional answers voted Hire or Strong Hire | >= 90% | {_pct(report.exceptional_hired)}"
        f" ({sum(v == 'Strong Hire' for v in exceptional)} of {len(exceptional)} Strong Hire) |",
        f"| weak and poor answers voted Hire or Strong Hire | 0 | {report.weak_hired} of {len(weak)} |",
        f"| paraphrase pairs changing vote or moving > 0.5 | 0 | {len(report.unstable_pairs)} of {len(report.pairs)} |",
        f"| candidate types voted where a bar raiser would | all | {types_right} of {len(report.types)} |",
        f"| level verdicts as expected | | {sum(bool(s.level_right) for s in levels)} of {len(levels)} |",
        f"| model path within one step of the offline path | 100% | {_pct(report.agreement(within=1))} |",
        f"| model path on the same vote | | {_pct(report.agreement(within=0))} |",
        "",
        "The model path is the real SDK and the real verification, with a scripted model that is kind on",
        "purpose: one step above the offline judge on every dimension, Strong Hire at L7. What it gets is what",
        "the bounds in code let through.",
        "",
        "## Candidate types",
        "",
        "| candidate | kind | vote | overall | level | model path |",
        "|---|---|---|---|---|---|",
        *(_sitting_row(s) for s in report.types),
        "",
        "## Paraphrase pairs",
        "",
        "| pair | votes | overalls |",
        "|---|---|---|",
        *(
            f"| {p.id} | {p.votes[0]} / {p.votes[1]} | {_overall(p.overalls[0])} / {_overall(p.overalls[1])}"
            f"{'' if p.stable else ' (unstable)'} |"
            for p in report.pairs
        ),
        "",
        "## Graded answers",
        "",
        "| candidate | grade | vote | overall | level | model path |",
        "|---|---|---|---|---|---|",
        *(_sitting_row(s.model_copy(update={"kind": s.grade or s.kind})) for s in report.graded),
        "",
        f"Hire means {' or '.join(HIRES)}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"also write {PAGE.name}")
    args = parser.parse_args()
    page = render(asyncio.run(evaluate(offline_context())))
    print(page)
    if args.write:
        PAGE.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()

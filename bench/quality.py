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
from collections.abc import Callable
from pathlib import Path

from app.devtools.quality import HELD_OUT, HIRES, QualityReport, Sitting, evaluate, offline_context

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


def _summary(dev: QualityReport, held: QualityReport) -> list[str]:
    def both(figure: Callable[[QualityReport], str]) -> str:
        return f"{figure(dev)} | {figure(held)} |"

    def strong(r: QualityReport) -> str:
        votes = r.votes(["exceptional"])
        return f"{_pct(r.exceptional_hired)} ({sum(v == 'Strong Hire' for v in votes)} of {len(votes)} Strong Hire)"

    def levels(r: QualityReport) -> list[Sitting]:
        return [s for s in r.types if s.level_right is not None]

    return [
        "| pairwise ranking of graded answers | >= 95% | "
        + both(lambda r: f"{_pct(r.ranking_accuracy)} of {len(r.ranked_pairs())}"),
        "| inversions bought by a longer answer | 0 | " + both(lambda r: str(r.inversions_bought_by_length)),
        "| exceptional answers voted Hire or Strong Hire | >= 90% | " + both(strong),
        "| weak and poor answers voted Hire or Strong Hire | 0 | "
        + both(lambda r: f"{r.weak_hired} of {len(r.votes(['weak', 'poor']))}"),
        "| paraphrase pairs changing vote or moving > 0.5 | 0 | "
        + both(lambda r: f"{len(r.unstable_pairs)} of {len(r.pairs)}"),
        "| candidate types voted where a bar raiser would | all | "
        + both(lambda r: f"{sum(s.vote_right for s in r.types)} of {len(r.types)}"),
        "| level verdicts as expected | | "
        + both(lambda r: f"{sum(bool(s.level_right) for s in levels(r))} of {len(levels(r))}"),
        "| model path within one step of the offline path | 100% | " + both(lambda r: _pct(r.agreement(within=1))),
        "| model path on the same vote | | " + both(lambda r: _pct(r.agreement(within=0))),
    ]


def render(report: QualityReport, held_out: QualityReport) -> str:
    lines = [
        "# Scorecard quality",
        "",
        f"Measured on commit `{_commit()}` by `python -m bench.quality --write` (offline, deterministic).",
        "The candidates are the project's own (tests/candidates), written by people who had not read the",
        "interviewer's or the scorer's word lists. The development set is what the scorer was built against;",
        "the held-out set (heldout.yaml) was written afterwards by another author and first measured once the",
        "scorer was done, so it says how far the figures generalise. tests/scoring/test_quality.py asserts the",
        "targets on the development set and keeps the held-out figures from slipping.",
        "",
        "| measure | target | development set | held-out set |",
        "|---|---|---|---|",
        *_summary(report, held_out),
        "",
        "The model path is the real SDK and the real verification, with a scripted model that is kind on",
        "purpose: one step above the offline judge on every dimension, Strong Hire at L7. What it gets is what",
        "the bounds in code let through.",
        "",
        "## Candidate types",
        "",
        "| candidate | kind | vote | overall | level | model path |",
        "|---|---|---|---|---|---|",
        *(_sitting_row(s) for s in [*report.types, *held_out.types]),
        "",
        "## Paraphrase pairs",
        "",
        "| pair | votes | overalls |",
        "|---|---|---|",
        *(
            f"| {p.id} | {p.votes[0]} / {p.votes[1]} | {_overall(p.overalls[0])} / {_overall(p.overalls[1])}"
            f"{'' if p.stable else ' (unstable)'} |"
            for p in [*report.pairs, *held_out.pairs]
        ),
        "",
        "## Graded answers",
        "",
        "| candidate | grade | vote | overall | level | model path |",
        "|---|---|---|---|---|---|",
        *(_sitting_row(s.model_copy(update={"kind": s.grade or s.kind})) for s in [*report.graded, *held_out.graded]),
        "",
        f"Hire means {' or '.join(HIRES)}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"also write {PAGE.name}")
    args = parser.parse_args()
    page = render(asyncio.run(evaluate(offline_context())), asyncio.run(evaluate(offline_context(), HELD_OUT)))
    print(page)
    if args.write:
        PAGE.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()

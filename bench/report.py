"""The run's figures against the targets, as one Markdown table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OVERHEAD_AT, OVERHEAD_PCT = 200, 2.0
FIRST_EVENT_AT, FIRST_EVENT_MS = 50, 10.0
FIRST_WORD_X = 1.5
WAITING, WAITING_MB, HEALTHZ_MS = 1000, 300.0, 50.0


@dataclass(frozen=True)
class Verdict:
    figure: str
    target: str
    measured: str
    met: bool | None  # None: a figure reported without a target, or not measured at the target's level

    @property
    def result(self) -> str:
        return {True: "pass", False: "**FAIL**", None: "-"}[self.met]


def _at(level: int, wanted: int, met: bool) -> bool | None:
    return met if level == wanted else None


def verdicts(results: dict[str, Any]) -> list[Verdict]:
    out: list[Verdict] = []
    if o := results.get("overhead"):
        share, ms, bare = o["overhead_pct_of_model"], o["overhead_ms"], o["bare_ms"]
        out.append(
            Verdict(
                f"Per-turn overhead, {o['concurrency']} concurrent interviews ({o['measured']} turns)",
                f"p99 < {OVERHEAD_PCT:g}% of the model's time at {OVERHEAD_AT}",
                f"p99 {share['p99']}% ({ms['p99']} ms), p50 {share['p50']}% ({ms['p50']} ms) of a model time of "
                f"{o['model_ms']['p50']} ms (p50); bare route p50 {bare['p50']} ms, p99 {bare['p99']} ms",
                _at(o["concurrency"], OVERHEAD_AT, share["p99"] is not None and share["p99"] < OVERHEAD_PCT),
            )
        )
    if s := results.get("streaming"):
        gap, ratio, word = s["first_event_after_first_token_ms"], s["first_word_x_ttft"], s["first_word_ms"]
        out.append(
            Verdict(
                f"First SSE event after the model's first token, {s['concurrency']} concurrent",
                f"p99 <= {FIRST_EVENT_MS:g} ms at {FIRST_EVENT_AT}",
                f"p99 {gap['p99']} ms, p50 {gap['p50']} ms",
                _at(s["concurrency"], FIRST_EVENT_AT, gap["p99"] is not None and gap["p99"] <= FIRST_EVENT_MS),
            )
        )
        out.append(
            Verdict(
                f"Answer sent to the follow-up's first word, {s['concurrency']} concurrent",
                f"p99 <= {FIRST_WORD_X:g}x one model call's time to first token",
                f"p99 {ratio['p99']}x, p50 {ratio['p50']}x ({word['p50']} ms against {s['model_ttft_ms']['p50']} ms)",
                ratio["p99"] is not None and ratio["p99"] <= FIRST_WORD_X,
            )
        )
    if w := results.get("waiting"):
        at_level = w["interviews"] == WAITING
        out.append(
            Verdict(
                f"Interviews waiting on the model at once (of {w['interviews']} answers sent together)",
                f"{WAITING:,}",
                f"{w['answers_pending']:,} answers pending; {w['interviews_at_the_model']:,} of them with a call at "
                f"the model ({w['calls_at_the_model']:,} calls)",
                (w["interviews_at_the_model"] >= WAITING) if at_level else None,
            )
        )
        out.append(
            Verdict(
                "Service memory while they wait",
                f"< {WAITING_MB:g} MB",
                f"peak {w['peak_rss_mb']} MB (VmHWM), {w['rss_waiting_mb']} MB while waiting, "
                f"{w['rss_before_mb']} MB before",
                (w["peak_rss_mb"] < WAITING_MB) if at_level else None,
            )
        )
        hz = w["healthz_ms"]
        unsettled = "" if w.get("settled", True) else " (measured while answers were still arriving)"
        out.append(
            Verdict(
                "/healthz while they wait",
                f"< {HEALTHZ_MS:g} ms",
                f"max {hz['max']} ms, p99 {hz['p99']} ms ({hz['n']} probes){unsettled}; max "
                f"{w['healthz_admission_ms']['max']} ms while the answers arrived",
                (hz["max"] is not None and hz["max"] < HEALTHZ_MS) if at_level else None,
            )
        )
    if t := results.get("tokens"):
        kinds = ", ".join(f"{n} {k.replace('_', '-')}" for k, n in sorted(t["calls_by_kind"].items()))
        out.append(
            Verdict(
                "Tokens per interview",
                "reported",
                f"{t['prompt_tokens']:,} prompt + {t['completion_tokens']:,} completion over {t['calls']} calls "
                f"({kinds}; {t['answers']} answers)",
                None,
            )
        )
        out.append(
            Verdict(
                "Prompt tokens in a prefix identical to an earlier prompt",
                "reported",
                f"{t['identical_prefix_share']:.1%} of all, {t['identical_prefix_share_follow_ups']:.1%} of "
                "follow-up prompts",
                None,
            )
        )
        out.append(
            Verdict(
                "Prompt tokens OpenAI can cache (prompts of 1,024 tokens or more)",
                "reported",
                f"{t['openai_cacheable_share']:.1%}; {t['follow_up_prompts_of_1024_or_more']} of "
                f"{t['calls_by_kind'].get('follow_up', 0)} follow-up prompts reach 1,024 tokens (largest "
                f"{t['largest_follow_up_prompt']:,})",
                None,
            )
        )
    return out


def markdown(results: dict[str, Any]) -> str:
    rows = ["| Figure | Target | Measured | Result |", "|---|---|---|---|"]
    rows += [f"| {v.figure} | {v.target} | {v.measured} | {v.result} |" for v in verdicts(results)]
    return "\n".join(rows)

"""Each phase's figures from what the client saw (its turns) and what the model spent (its records)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.client import Turn
from bench.stats import ModelTurn, summary


def overhead(turns: Sequence[Turn], spent: dict[str, ModelTurn]) -> dict[str, Any]:
    """Per turn: the client's time for the answer minus the model's own time for it, in ms and as a share of
    the model's time. Follow-ups and closing turns (which include the judge) together, then apart.
    Turns the model did not answer (a fallback) are counted, not measured."""
    ms: list[float] = []
    share: list[float] = []
    follow_ups: list[float] = []
    closes: list[float] = []
    model: list[float] = []
    to_model: list[float] = []
    from_model: list[float] = []
    unmatched = 0
    for turn in turns:
        used = spent.get(turn.ref)
        if not turn.ok:
            continue
        if used is None or used.start is None or used.end is None:
            unmatched += 1
            continue
        extra = turn.ms - used.ms
        ms.append(extra)
        share.append(100 * extra / used.ms)
        (closes if turn.closed else follow_ups).append(extra)
        model.append(used.ms)
        to_model.append((used.start - turn.t_sent) * 1000)
        from_model.append((turn.t_done - used.end) * 1000)
    return {
        "turns": len(turns),
        "measured": len(ms),
        "fallbacks": sum(1 for t in turns if t.fallback),
        "failed": sum(1 for t in turns if t.status != 200),
        "unmatched": unmatched,
        "overhead_ms": summary(ms),
        "overhead_pct_of_model": summary(share, 3),
        "follow_up_overhead_ms": summary(follow_ups),
        "close_overhead_ms": summary(closes),
        "model_ms": summary(model),
        # The overhead's two ends: the answer's way to its first model call (HTTP in, auth, the answer's
        # write, the reading and the plan, the prompt, the SDK's request), and the way back from the last one
        # (the SDK, the reply's write, HTTP out). Time between model calls is the rest.
        "to_model_ms": summary(to_model),
        "from_model_ms": summary(from_model),
    }


def streaming(turns: Sequence[Turn], spent: dict[str, ModelTurn]) -> dict[str, Any]:
    """Follow-up turns read as server-sent events: the model's first token (of the reply the candidate got)
    to the client's first event, and the answer's POST to the first ``delta`` against one model call's time to
    first token."""
    after_token: list[float] = []
    first_word: list[float] = []
    ratio: list[float] = []
    ttft: list[float] = []
    notes_first = 0
    for turn in turns:
        used = spent.get(turn.ref)
        if not turn.ok or turn.closed or used is None:
            continue
        if used.first_token is not None and turn.t_first_event is not None:
            after_token.append((turn.t_first_event - used.first_token) * 1000)
        if used.ttft_s and turn.t_first_delta is not None:
            word = (turn.t_first_delta - turn.t_sent) * 1000
            first_word.append(word)
            ttft.append(used.ttft_s * 1000)
            ratio.append(word / (used.ttft_s * 1000))
            if used.notes_end is not None and used.notes_end <= turn.t_first_delta:
                notes_first += 1
    return {
        "turns": len(turns),
        "fallbacks": sum(1 for t in turns if t.fallback),
        "failed": sum(1 for t in turns if t.status != 200),
        "replanned": sum(1 for t in turns if (u := spent.get(t.ref)) and u.kinds.count("follow_up") > 1),
        "first_event_after_first_token_ms": summary(after_token),
        "first_word_ms": summary(first_word),
        "model_ttft_ms": summary(ttft),
        "first_word_x_ttft": summary(ratio, 3),
        "notes_before_first_word": notes_first,
    }


def window(probes: Sequence[tuple[float, float, float]], t0: float, t1: float) -> list[float]:
    """The ms of every probe in flight at any moment between t0 and t1 (a slow one counts where it ran)."""
    return [ms for sent, answered, ms in probes if sent <= t1 and answered >= t0]

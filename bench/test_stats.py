"""The driver's arithmetic: percentiles, a turn's model time from the fake model's records, the figures."""

from __future__ import annotations

from typing import Any

from bench import figures
from bench.client import Turn, ref_code
from bench.stats import model_time, pct, union_seconds


def _record(ref: str | None, start: float, end: float | None, **extra: Any) -> dict[str, Any]:
    return {"ref": ref, "kind": "follow_up", "stream": True, "status": 200, "t_start": start, "t_end": end, **extra}


def test_percentiles_interpolate_between_ranks() -> None:
    assert pct([], 50) is None
    assert pct([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert pct([5.0], 99) == 5.0
    assert pct([1.0, 2.0, 3.0, 4.0, 5.0], 100) == 5.0


def test_overlapping_spans_count_once() -> None:
    assert union_seconds([]) == 0.0
    assert union_seconds([(0.0, 1.0), (0.5, 2.0), (3.0, 3.5)]) == 2.5
    assert union_seconds([(0.0, 4.0), (1.0, 2.0)]) == 4.0


def test_a_turns_model_time_is_while_any_of_its_requests_ran() -> None:
    records = [
        _record("aaa", 10.0, 11.5, kind="notes", stream=False),  # the notes, beside the follow-up
        _record("aaa", 10.0, 12.0, t_first_token=10.5),
        _record("bbb", 20.0, 20.5, kind="follow_up", status=429),  # a retry: both count, one after the other
        _record("bbb", 21.0, 22.0, t_first_token=21.5),
        _record(None, 9.0, 9.1),  # not a driver's turn
        _record("ccc", 30.0, None),  # still running when the stats were read: no span yet
    ]
    spent = model_time(records)
    assert set(spent) == {"aaa", "bbb", "ccc"}
    assert spent["aaa"].ms == 2000.0 and spent["aaa"].requests == 2
    assert spent["aaa"].notes_end == 11.5
    assert spent["bbb"].ms == 1500.0 and (spent["bbb"].start, spent["bbb"].end) == (20.0, 22.0)
    assert spent["ccc"].ms == 0.0 and spent["ccc"].start is None


def test_the_first_words_come_from_the_last_stream_that_finished() -> None:
    """A re-planned turn drops its first stream: the candidate reads the second one's words."""
    records = [
        _record("aaa", 1.0, 1.8, t_first_token=1.5, status="closed"),
        _record("aaa", 1.8, 3.8, t_first_token=2.3),
    ]
    spent = model_time(records)["aaa"]
    assert spent.first_token == 2.3
    assert spent.ttft_s == 0.5  # one call's time to its first token: the first stream's


def _turn(ref: str, sent: float, done: float, **extra: Any) -> Turn:
    return Turn(
        ref=ref, interview="i", index=0, stream=True, t_sent=sent, t_done=done, status=200, fallback=False, **extra
    )


def test_overhead_is_the_clients_time_beyond_the_models() -> None:
    spent = model_time([_record("aaa", 10.01, 12.01), _record("bbb", 20.02, 21.0, kind="judge", stream=False)])
    turns = [
        _turn("aaa", 10.0, 12.03),
        _turn("bbb", 20.0, 21.02, closed=True),
        Turn(ref="ccc", interview="i", index=0, stream=False, t_sent=0.0, t_done=1.0, status=409),
    ]
    out = figures.overhead(turns, spent)
    assert out["measured"] == 2 and out["failed"] == 1
    assert out["follow_up_overhead_ms"]["p50"] == 30.0
    assert out["close_overhead_ms"]["p50"] == 40.0
    assert out["overhead_pct_of_model"]["max"] == round(100 * 40 / 980, 3)
    assert out["to_model_ms"]["max"] == 20.0 and out["from_model_ms"]["max"] == 20.0


def test_streaming_figures_measure_from_the_first_token_and_against_one_calls_ttft() -> None:
    spent = model_time([_record("aaa", 10.0, 12.0, t_first_token=10.5), _record("aaa", 10.0, 11.5, kind="notes")])
    turn = _turn("aaa", 9.99, 12.01, t_first_event=10.75, t_first_delta=10.75)
    out = figures.streaming([turn], spent)
    assert out["first_event_after_first_token_ms"]["p50"] == 250.0
    assert out["first_word_x_ttft"]["p50"] == round(760 / 500, 3)
    assert out["notes_before_first_word"] == 0


def test_refs_are_letters_only_and_distinct() -> None:
    codes = [ref_code(n) for n in range(1, 2000)]
    assert len(set(codes)) == len(codes)
    assert all(code.isalpha() and code.islower() and len(code) >= 3 for code in codes)


def test_probes_count_in_every_window_they_overlap() -> None:
    probes = [(0.0, 0.1, 100.0), (1.0, 1.01, 10.0), (2.0, 2.5, 500.0)]
    assert figures.window(probes, 0.05, 1.0) == [100.0, 10.0]
    assert figures.window(probes, 2.2, 3.0) == [500.0]

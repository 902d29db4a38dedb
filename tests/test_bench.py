"""The load driver's arithmetic: what it subtracts from a turn is what the fake model measured."""

from __future__ import annotations

from bench.run import model_time, pct


def _record(ref: str | None, start: float, end: float, **extra: object) -> dict[str, object]:
    return {"ref": ref, "t_start": start, "t_end": end, "model_ms": (end - start) * 1000, "stream": False, **extra}


def test_a_turns_model_time_sums_its_retries_and_spans_them() -> None:
    records = [
        _record("aaa", 10.0, 10.5),
        _record("aaa", 11.0, 11.25),  # the SDK's retry of the same turn
        _record("bbb", 10.2, 10.4),
        _record(None, 9.0, 9.1),  # not a driver's turn (no ref)
    ]
    spent = model_time(records)
    assert set(spent) == {"aaa", "bbb"}
    assert spent["aaa"]["requests"] == 2
    assert spent["aaa"]["ms"] == 750.0
    assert (spent["aaa"]["start"], spent["aaa"]["end"]) == (10.0, 11.25)
    assert (spent["bbb"]["start"], spent["bbb"]["end"]) == (10.2, 10.4)


def test_a_streamed_turn_keeps_its_first_token() -> None:
    record = _record("ccc", 1.0, 2.0, stream=True, t_first_token=1.2)
    assert model_time([record])["ccc"]["first_token"] == 1.2


def test_percentiles_interpolate_between_ranks() -> None:
    assert pct([], 50) is None
    assert pct([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert pct([5.0], 99) == 5.0
    assert pct([1.0, 2.0, 3.0, 4.0, 5.0], 100) == 5.0

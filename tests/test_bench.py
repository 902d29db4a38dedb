"""The load driver: what it subtracts from a turn is what the fake model measured, and how long the bare route runs."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable

from aiohttp import web

from bench.run import model_time, pct, run_bare


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


async def _bare_route(on_request: Callable[[int], None], run: Callable[[str], Awaitable[list[float]]]) -> list[float]:
    """``run`` against a local stand-in for the bare route that reports each request's number."""
    served = 0

    async def bare(_request: web.Request) -> web.Response:
        nonlocal served
        served += 1
        on_request(served)
        return web.json_response({"id": served})

    app = web.Application()
    app.router.add_post("/bare", bare)
    runner = web.AppRunner(app)
    await runner.setup()
    sock = socket.create_server(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    try:
        latencies = await asyncio.wait_for(run(f"http://127.0.0.1:{sock.getsockname()[1]}"), timeout=30)
    finally:
        await runner.cleanup()
    assert len(latencies) == served
    return latencies


def test_the_bare_route_alone_sends_its_requests_per_user() -> None:
    async def scenario() -> list[float]:
        return await _bare_route(lambda _n: None, lambda url: run_bare(url, 3, 0.0, seed=1, requests_per_user=4))

    assert len(asyncio.run(scenario())) == 12


def test_beside_the_interviews_the_bare_route_stops_when_they_end() -> None:
    """Users stop at once when the interviews end, whatever their count: a request in flight finishes."""
    users = 3

    async def scenario() -> list[float]:
        ended = asyncio.Event()

        def on_request(n: int) -> None:
            if n == 7:
                ended.set()

        return await _bare_route(on_request, lambda url: run_bare(url, users, 0.0, seed=1, until=ended))

    assert 7 <= len(asyncio.run(scenario())) <= 7 + users - 1

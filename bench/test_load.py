"""The bare route's load: how many requests it sends alone, and that it stops with the interviews."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable

from aiohttp import web

from bench.load import run_bare


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

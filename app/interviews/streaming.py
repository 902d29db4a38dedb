"""A turn runs in a task of its own, so a client that hangs up mid-stream does not cancel it: the
reply is stored and found on the next GET. The client reads the turn's events from a queue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from app.interviews.schemas import TurnPublic
from app.providers.base import Delta, Reset

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Final:
    """The stored turn: the last event of every turn."""

    turn: TurnPublic


TurnEvent = Delta | Reset | Final
Emit = Callable[[TurnEvent], None]


class TurnTasks:
    """The turns running in this process."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def detach(self, work: Callable[[Emit], Awaitable[None]]) -> AsyncIterator[TurnEvent]:
        """Run ``work(emit)`` to completion whatever the consumer does; the consumer reads what it emits."""
        queue: asyncio.Queue[TurnEvent | BaseException | None] = asyncio.Queue()

        async def run() -> None:
            try:
                await work(queue.put_nowait)
            except Exception as exc:
                log.exception("interview turn failed")
                queue.put_nowait(exc)
            except BaseException as exc:
                queue.put_nowait(exc)
                raise
            finally:
                queue.put_nowait(None)

        task = asyncio.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return _events(queue)

    async def wait(self, seconds: float) -> None:
        """Give the running turns up to ``seconds`` to finish (at shutdown)."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=seconds)


async def _events(queue: asyncio.Queue[TurnEvent | BaseException | None]) -> AsyncIterator[TurnEvent]:
    while (item := await queue.get()) is not None:
        if isinstance(item, BaseException):
            raise item
        yield item

"""An answer racing the interview's close is refused, or stored before the close; never after it.

Found by the 20-copies race (test_concurrent_answers, no key, the closing turn, about 1 run in 12):
two copies got 200, the answer was stored twice (before and after the closing message), the
interview was closed and scored twice, and the second scorecard insert failed with
``UNIQUE constraint failed: scorecard.interview_id`` (a 500). The cause was that on SQLite ``append_answer``
read the interview row and then its messages in two statements with no lock (``with_for_update``
does nothing on SQLite, and pysqlite opened the transaction only at the first write), so it could
see the interview still ``in_progress`` and the messages of after the close; SQLite transactions now
begin ``BEGIN IMMEDIATE``.

Here the interleaving is forced: the answer's request is held between those two reads while the
interview is ended from another thread. With the fix the end waits for the answer's transaction
(the answer is stored, then the interview ends); without it the end went through in between and
the answer was stored into the completed interview. (PostgreSQL: the row lock does the same.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.interviews import repo
from app.main import create_app
from tests.resilience.conftest import Api, ThreadServer, wait_for
from tests.utils.answers import STRONG_STORY


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ThreadServer]:
    # Two database threads, so the held answer and the end can run at once in one process, as they do
    # across processes sharing the file, whatever the in-process limiter is.
    extra = {"db_threads": 2} if "db_threads" in Settings.model_fields else {}
    settings = Settings(_env_file=None, database_url="", db_path=tmp_path / "close.db", log_level="WARNING", **extra)
    with ThreadServer(create_app(settings)) as running:
        yield running


def test_an_answer_racing_the_close_is_refused_or_stored_before_it(
    server: ThreadServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = Api(server.url)
    interview_id = api.start()["id"]
    assert api.answer(interview_id, STRONG_STORY[0]).status_code == 200

    armed, reading, release = threading.Event(), threading.Event(), threading.Event()
    original = repo._messages

    def held_messages(session: Any, iid: str) -> Any:
        if armed.is_set():
            armed.clear()  # only the racing answer's read is held
            reading.set()
            release.wait(30)
        return original(session, iid)

    monkeypatch.setattr(repo, "_messages", held_messages)
    answered: list[httpx.Response] = []
    ended: list[httpx.Response] = []
    armed.set()
    racer = threading.Thread(target=lambda: answered.append(api.answer(interview_id, STRONG_STORY[1])), daemon=True)
    racer.start()
    assert reading.wait(30), "the answer never reached append_answer"
    # The answer's request has read the interview (in progress) and waits there; end the interview now.
    other = api.using(server.url)
    ender = threading.Thread(
        target=lambda: ended.append(other.http.post(f"/api/interviews/{interview_id}/end", headers=other.auth)),
        daemon=True,
    )
    ender.start()
    ender.join(2.0)  # either it goes through in between (no lock) or it waits for the answer's transaction
    release.set()
    racer.join(30)
    ender.join(30)
    assert ended and ended[0].status_code == 200, ended
    assert answered and answered[0].status_code in (200, 409), answered

    stored = wait_for(lambda: (i := api.get(interview_id))["status"] == "completed" and i, what="the end")
    candidate = [m for m in stored["messages"] if m["role"] == "candidate"]
    if answered[0].status_code == 409:
        assert [m["text"] for m in candidate] == [STRONG_STORY[0]]
    else:
        assert [m["text"] for m in candidate] == STRONG_STORY[:2]
        completed = datetime.fromisoformat(stored["completed_at"])
        assert datetime.fromisoformat(candidate[-1]["created_at"]) <= completed, "answer stored after the close"

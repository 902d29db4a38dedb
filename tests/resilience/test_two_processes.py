"""Two service processes on one PostgreSQL database, as behind a load balancer: alternate turns of the
same interviews go to alternate processes, both see identical transcripts, and a race for one turn
across the two processes still stores the answer once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from app.devtools import procs
from tests.conftest import IS_PG, reset_postgres
from tests.resilience.conftest import Api, assert_well_formed
from tests.utils.answers import STRONG_STORY, VAGUE_STORY

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not IS_PG,
        reason="needs TEST_DATABASE_URL=postgresql://... (two processes cannot share SQLite "
        "over a load balancer; that is what PostgreSQL is for)",
    ),
]


@pytest.fixture
def pair(
    spawn: Callable[..., procs.Server], fake_model: procs.Server, model: procs.FakeControl, pg_url: str
) -> list[procs.Server]:
    reset_postgres(pg_url)
    common = {"model_url": fake_model.url, "database_url": pg_url, "turn_lease_seconds": 60}
    return [spawn(name="a", **common), spawn(name="b", **common)]


def test_alternate_turns_on_two_processes_give_identical_transcripts(pair: list[procs.Server]) -> None:
    a = Api(pair[0].url)
    apis = [a, a.using(pair[1].url)]
    for k, story in enumerate([STRONG_STORY, VAGUE_STORY, STRONG_STORY]):
        interview_id = apis[k % 2].start()["id"]
        sent: list[str] = []
        for n in range(12):
            sent.append(story[n % len(story)])
            response = apis[(n + k + 1) % 2].answer(interview_id, sent[-1])
            assert response.status_code == 200, response.text
            assert response.json()["message"]["fallback"] is False
            if response.json()["status"] == "completed":
                break
        seen = [api.get(interview_id) for api in apis]
        assert seen[0] == seen[1]
        assert seen[0]["status"] == "completed" and seen[0]["scorecard"] is not None
        assert_well_formed(seen[0], sent)
    listed = [api.http.get("/api/interviews", headers=api.auth).json() for api in apis]
    assert listed[0] == listed[1] and listed[0]["count"] == 3


async def _race(urls: list[str], auth: dict[str, str], model: procs.FakeControl) -> None:
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=50)) as http:
        body = {"level": "L6", "question_id": "own-complex-project-end-to-end"}
        interview_id = (await http.post(urls[0] + "/api/interviews", json=body, headers=auth)).json()["id"]
        model.set(hold=True)
        tasks = {
            asyncio.ensure_future(
                http.post(
                    f"{urls[n % 2]}/api/interviews/{interview_id}/answers", json={"text": STRONG_STORY[0]}, headers=auth
                )
            )
            for n in range(20)
        }
        pending = set(tasks)
        while len(tasks) - len(pending) < 19:
            _, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        model.set(hold=False)
        codes = sorted([(await task).status_code for task in tasks])
        assert codes == [200] + [409] * 19, codes
        interview = (await http.get(f"{urls[1]}/api/interviews/{interview_id}", headers=auth)).json()
        assert_well_formed(interview, [STRONG_STORY[0]])


def test_a_race_for_one_turn_across_two_processes_stores_the_answer_once(
    pair: list[procs.Server], model: procs.FakeControl
) -> None:
    api = Api(pair[0].url)
    asyncio.run(_race([s.url for s in pair], api.auth, model))

"""What every client of the HTTP surface relies on: answers land on the question they name, HEAD, compression
(never of a stream), cache headers, the offline /docs, the level check, and what a candidate is told."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from markdown_it import MarkdownIt

from app.interviews.language import looks_english
from app.interviews.timing import active_seconds
from tests.utils.answers import STRONG_STORY
from tests.utils.interviews import answer, start

ANSWERS = "/api/interviews/{}/answers"


def test_an_answer_to_a_question_that_moved_on_is_refused_and_not_stored(client: TestClient, auth) -> None:
    iid = start(client, auth)["id"]
    first = client.post(ANSWERS.format(iid), json={"text": STRONG_STORY[0], "reply_to": 1}, headers=auth)
    assert first.status_code == 200 and first.json()["message"]["seq"] == 3
    stale = client.post(ANSWERS.format(iid), json={"text": "typed in an old tab", "reply_to": 1}, headers=auth)
    assert stale.status_code == 409
    [problem] = stale.json()["detail"]
    assert problem["loc"] == ["body", "reply_to"] and problem["type"] == "stale_reply"
    assert "reply_to is 1" in problem["msg"] and "message 3" in problem["msg"]
    texts = [m["text"] for m in client.get(f"/api/interviews/{iid}", headers=auth).json()["messages"]]
    assert "typed in an old tab" not in texts
    # Naming the current question, or none (older clients), is accepted.
    assert client.post(ANSWERS.format(iid), json={"text": STRONG_STORY[1], "reply_to": 3}, headers=auth).is_success
    assert client.post(ANSWERS.format(iid), json={"text": STRONG_STORY[2]}, headers=auth).is_success


def test_a_retry_with_its_key_gets_the_first_result_even_after_the_interview_moved_on(client, auth) -> None:
    iid = start(client, auth)["id"]
    headers = {**auth, "Idempotency-Key": "answer-1"}
    body = {"text": STRONG_STORY[0], "reply_to": 1}
    first = client.post(ANSWERS.format(iid), json=body, headers=headers).json()
    retry = client.post(ANSWERS.format(iid), json=body, headers=headers)
    assert retry.status_code == 200 and retry.json()["message"] == first["message"]
    messages = client.get(f"/api/interviews/{iid}", headers=auth).json()["messages"]
    assert [m["text"] for m in messages if m["role"] == "candidate"] == [STRONG_STORY[0]]


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    for path in ("/", "/docs", "/healthz", "/api/questions", "/static/app.js"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == 200 == get.status_code, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_json_and_static_files_are_compressed_and_streams_never(client: TestClient, auth) -> None:
    for path in ("/api/questions", "/static/app.js"):
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.headers["content-encoding"] == "gzip", path
    raw = client.get("/api/questions", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    iid = start(client, auth)["id"]
    with client.stream(
        "POST",
        ANSWERS.format(iid),
        json={"text": STRONG_STORY[0]},
        headers={**auth, "Accept": "text/event-stream", "Accept-Encoding": "gzip"},
    ) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert "content-encoding" not in stream.headers
        assert b"event: message" in b"".join(stream.iter_raw())


def test_the_question_bank_is_revalidated_and_personal_json_is_never_stored(client: TestClient, auth) -> None:
    first = client.get("/api/questions")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = client.get("/api/questions", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = client.get("/api/questions", params={"level": "L7"})
    assert other.headers["etag"] != etag
    assert client.get("/api/questions", params={"level": "L7"}, headers={"If-None-Match": etag}).status_code == 200
    assert client.get("/api/framework").headers["etag"]
    for path in ("/api/interviews", "/healthz"):
        assert client.get(path, headers=auth).headers["cache-control"] == "no-store", path
    assert client.post("/api/tokens").headers["cache-control"] == "no-store"
    compressed = client.get("/api/questions", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert compressed.status_code == 304


def test_the_docs_are_served_from_this_app_with_a_csp(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in page.text and "<script>" not in page.text
    assert "http" not in page.text.replace('charset="utf-8"', ""), "no asset from another origin"
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    bundle = client.get("/docs-assets/swagger-ui-bundle.js", headers={"Accept-Encoding": "gzip"})
    assert bundle.status_code == 200 and bundle.headers["content-encoding"] == "gzip"
    assert len(gzip.compress(bundle.content)) < len(bundle.content)
    assert client.get("/redoc").status_code == 404


def test_an_l7_interview_refuses_a_question_asked_at_l6_only(client: TestClient, auth) -> None:
    l6_only = "own-complex-project-end-to-end"
    response = client.post("/api/interviews", json={"level": "L7", "question_id": l6_only}, headers=auth)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "level"] and problem["type"] == "level_mismatch"
    assert "asked at L6 only" in problem["msg"]


def test_an_answer_not_in_english_is_said_to_the_candidate_and_on_the_scorecard(client: TestClient, auth) -> None:
    iid = start(client, auth)["id"]
    spanish = (
        "Reconstruimos el servicio de pago. Decidí dividir el monolito y la latencia bajó de 900ms a 120ms "
        "en dos trimestres, con cuatro equipos."
    )
    turn = answer(client, auth, iid, spanish)
    assert len(turn["answer"]["notices"]) == 1 and "English" in turn["answer"]["notices"][0]
    english = answer(client, auth, iid, STRONG_STORY[1])
    assert english["answer"]["notices"] == []
    ended = client.post(f"/api/interviews/{iid}/end", headers=auth).json()
    assert any("did not look like English" in note for note in ended["scorecard"]["notes"])
    stored = [m for m in ended["messages"] if m["role"] == "candidate"]
    assert [bool(m["notices"]) for m in stored] == [True, False]


def test_language_recognition() -> None:
    assert looks_english(STRONG_STORY[0])
    assert looks_english("Latency 900ms to 120ms.")  # too short to tell: the benefit of the doubt
    assert not looks_english("我负责这个项目，把结账服务的延迟从九百毫秒降到一百二十毫秒，并带领了四个团队。")
    assert not looks_english(
        "Wir haben den Checkout-Dienst neu gebaut. Ich habe entschieden, den Monolithen aufzuteilen, und die "
        "Latenz fiel von 900ms auf 120ms."
    )


def test_active_time_leaves_out_long_pauses(client: TestClient, auth) -> None:
    t0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    times = [t0, t0 + timedelta(minutes=4), t0 + timedelta(minutes=4, seconds=30), t0 + timedelta(days=2)]
    assert active_seconds(times) == 4 * 60 + 30 + 15 * 60  # the two days count as one pause of 15 minutes
    assert active_seconds([t0.replace(tzinfo=None), t0 + timedelta(seconds=5)]) == 5
    iid = start(client, auth)["id"]
    answer(client, auth, iid, STRONG_STORY[0])
    assert 0 <= client.get(f"/api/interviews/{iid}", headers=auth).json()["active_seconds"] < 60


def test_the_markdown_transcript_keeps_raw_html_and_links_as_text(client: TestClient, auth) -> None:
    iid = start(client, auth)["id"]
    payloads = [
        "<script>alert(1)</script> & <img src=x onerror=alert(2)>",
        "[click me](javascript:alert(3)) and ![img](javascript:alert(4)) <javascript:alert(5)>",
        "[ref]\n\n[ref]: javascript:alert(6)",
    ]
    for text in payloads:
        answer(client, auth, iid, text)
    markdown = client.get(f"/api/interviews/{iid}/transcript.md", headers=auth).text
    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    assert "<script" not in html and "<img" not in html and "<a " not in html and "javascript:alert" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html  # shown as the candidate typed it

"""The measures of the page that a candidate and an operator notice, in a real Chromium against the real app:
a full interview with no console error and no script run from an answer, no answer attached to the wrong
question, no answer stored twice, no serious accessibility violation, /docs offline, HEAD answered.

axe-core comes from the pinned axe-playwright-python package (its axe.min.js), never from a CDN.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from markdown_it import MarkdownIt
from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import PageProblems
from tests.web.test_browser import (
    ANSWERS,
    CURRENT_KEY,
    TOKEN_KEY,
    candidate_texts,
    interview_view,
    open_app,
    replies,
    send_answer,
    start_interview,
)

pytestmark = pytest.mark.browser

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3)) <a href='javascript:alert(4)'>here</a>",
]


def axe_source() -> str:
    axe = pytest.importorskip("axe_playwright_python", reason="axe-playwright-python ships axe-core for this test")
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def serious_violations(page: Page) -> list[str]:
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)"
    )
    return list(results)


def stored_answers(page: Page, interview_id: str) -> list[str]:
    token = page.evaluate(f"localStorage.getItem({TOKEN_KEY!r})")
    response = page.request.get(f"/api/interviews/{interview_id}", headers={"Authorization": f"Bearer {token}"})
    assert response.ok
    return [m["text"] for m in response.json()["messages"] if m["role"] == "candidate"]


def test_a_full_interview_logs_no_console_error_and_runs_no_answer(page: Page, problems: PageProblems) -> None:
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    start_interview(page)
    for text in [*XSS, *ANSWERS]:
        send_answer(page, text)
        if interview_view(page).get_attribute("data-state") == "completed":
            break
    expect(interview_view(page)).to_have_attribute("data-state", "completed")
    expect(page.locator("#iv-scorecard").get_by_test_id("recommendation")).to_be_visible()
    expect(page.locator("#iv-transcript img, #iv-transcript script, #iv-transcript a")).to_have_count(0)
    with page.expect_download() as download:
        page.locator("#iv-download").click()
    html = MarkdownIt("commonmark", {"html": True}).render(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "<script" not in html and "<img" not in html and "javascript:alert(3)</a>" not in html
    assert 'href="javascript:' not in html and "<a " not in html
    assert console_errors == [] and problems.dialogs == []


def test_a_stale_tab_never_attaches_its_answer_to_a_question_it_did_not_show(page: Page) -> None:
    start_interview(page)
    interview_id = page.evaluate(f"localStorage.getItem({CURRENT_KEY!r})")
    other = page.context.new_page()  # the same browser, so the same key and interview
    open_app(other)
    expect(interview_view(other)).to_have_attribute("data-state", "answering")

    send_answer(page, ANSWERS[0])  # this tab answers the opening question
    follow_up = replies(page).last.locator(".msg__text").text_content()

    stale = "An answer typed in the other tab, to the opening question."
    box = other.get_by_label("Your answer")
    box.fill(stale)
    box.press("Enter")
    expect(other.locator("#answer-error")).to_contain_text("moved on in another tab")
    expect(box).to_have_value(stale)  # the text is kept
    expect(replies(other).last.locator(".msg__text")).to_have_text(follow_up or "")  # the current question shown

    assert stored_answers(page, interview_id) == [ANSWERS[0]], "an answer went to a question its tab never showed"
    other.close()


def test_retrying_after_a_lost_response_stores_the_answer_once(page: Page) -> None:
    start_interview(page)
    interview_id = page.evaluate(f"localStorage.getItem({CURRENT_KEY!r})")
    keys: list[str] = []

    def lose_the_response(route: Any) -> None:
        keys.append(route.request.headers.get("idempotency-key", ""))
        route.fetch()  # the server stores the answer and replies
        route.abort("connectionreset")  # but the reply never reaches the page

    def record(route: Any) -> None:
        keys.append(route.request.headers.get("idempotency-key", ""))
        route.continue_()

    page.route("**/api/interviews/*/answers", lose_the_response, times=1)
    box = page.get_by_label("Your answer")
    box.fill(ANSWERS[0])
    box.press("Enter")
    expect(page.locator("#answer-error")).to_contain_text("will not be stored twice")
    expect(box).to_have_value(ANSWERS[0])

    page.route("**/api/interviews/*/answers", record)
    page.get_by_role("button", name="Send").click()
    expect(replies(page)).to_have_count(2)
    expect(candidate_texts(page)).to_have_text([ANSWERS[0]])
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1], "the retry must reuse the answer's Idempotency-Key"
    assert stored_answers(page, interview_id) == [ANSWERS[0]]


def test_a_draft_survives_a_reload_until_it_is_sent(page: Page) -> None:
    start_interview(page)
    page.get_by_label("Your answer").press_sequentially("Half of my answer")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.get_by_label("Your answer")).to_have_value("Half of my answer")
    send_answer(page, ANSWERS[0])
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.get_by_label("Your answer")).to_have_value("")


def test_no_serious_or_critical_accessibility_violation(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, bypass_csp=True)  # to inject axe-core
    context.add_init_script(axe_source())
    page = context.new_page()
    try:
        open_app(page)
        found = {"start": serious_violations(page)}
        start_interview(page)
        page.get_by_label("Show hints").check()
        send_answer(page, ANSWERS[0])
        found["interview"] = serious_violations(page)
        page.get_by_role("button", name="End interview").click()
        page.get_by_role("dialog").get_by_role("button", name="End and score").click()
        expect(interview_view(page)).to_have_attribute("data-state", "completed")
        found["scorecard"] = serious_violations(page)
        page.get_by_role("link", name="Past interviews").click()
        page.locator("#key-panel summary").click()
        found["history"] = serious_violations(page)
        page.get_by_role("button", name="Open").first.click()
        expect(page.locator("#rv-question")).not_to_be_empty()
        found["review"] = serious_violations(page)
    finally:
        context.close()
    assert all(not v for v in found.values()), json.dumps(found, indent=2)


def test_the_docs_render_offline_with_no_request_elsewhere(page: Page, live_server: str) -> None:
    here = urlparse(live_server).netloc
    elsewhere: list[str] = []

    def only_here(route: Any) -> None:
        if urlparse(route.request.url).netloc == here:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_here)
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Amazon L6/L7 mock interviewer")
    expect(page.locator(".opblock-summary-path", has_text="/api/interviews/{interview_id}/answers")).to_be_visible()
    assert elsewhere == []
    csp = page.request.get("/docs").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp


def test_head_is_answered_like_get(page: Page) -> None:
    for path in ("/", "/docs", "/healthz", "/api/questions", "/static/app.js"):
        response = page.request.fetch(path, method="HEAD")
        assert response.status == 200, f"HEAD {path}: {response.status}"
        assert response.body() == b""


def test_the_key_can_be_seen_and_restored(browser: Browser, live_server: str, page: Page) -> None:
    start_interview(page)
    send_answer(page, ANSWERS[0])
    key = page.evaluate(f"localStorage.getItem({TOKEN_KEY!r})")

    fresh = browser.new_context(base_url=live_server)  # site data cleared: a new key, no interviews
    other = fresh.new_page()
    try:
        open_app(other, "/#/history")
        expect(other.get_by_text("No interviews yet.")).to_be_visible()
        other.locator("#key-panel summary").click()
        shown = other.get_by_label("Your key", exact=True)
        expect(shown).to_have_attribute("type", "password")
        other.get_by_role("button", name="Show").click()
        expect(shown).to_have_attribute("type", "text")
        expect(shown).to_have_value(other.evaluate(f"localStorage.getItem({TOKEN_KEY!r})"))
        restore = other.get_by_label("Use a key you saved")
        restore.fill("mi_not-a-key")
        other.get_by_role("button", name="Use this key").click()
        expect(other.locator("#key-error")).to_contain_text("does not know that key")
        restore.fill(key)
        other.get_by_role("button", name="Use this key").click()
        expect(other.get_by_test_id("history-item")).to_have_count(1)
        assert other.evaluate(f"localStorage.getItem({TOKEN_KEY!r})") == key
    finally:
        fresh.close()


def test_a_stream_cut_mid_reply_reconnects_with_backoff_and_shows_the_reply(page: Page) -> None:
    start_interview(page)
    interview_id = page.evaluate(f"localStorage.getItem({CURRENT_KEY!r})")

    def cut_mid_stream(route: Any) -> None:
        route.fetch()  # the server stores the answer and finishes the turn
        route.fulfill(
            status=200, headers={"content-type": "text/event-stream"}, body='event: delta\ndata: {"text": "Wh"}\n\n'
        )

    page.route("**/api/interviews/*/answers", cut_mid_stream, times=1)
    page.route(f"**/api/interviews/{interview_id}", lambda route: route.abort("connectionrefused"), times=2)
    box = page.get_by_label("Your answer")
    box.fill(ANSWERS[0])
    box.press("Enter")
    expect(page.locator("#turn-status")).to_contain_text("Cannot reach the server; trying again in")
    expect(interview_view(page)).to_have_attribute("data-state", "answering")
    expect(replies(page)).to_have_count(2)
    expect(candidate_texts(page)).to_have_text([ANSWERS[0]])
    expect(page.get_by_label("Your answer")).to_be_editable()
    expect(page.get_by_role("button", name="Send")).to_be_enabled()


def test_a_resumed_interview_shows_the_time_spent_not_the_days_since_it_began(page: Page) -> None:
    start_interview(page)
    send_answer(page, ANSWERS[0])
    interview_id = page.evaluate(f"localStorage.getItem({CURRENT_KEY!r})")

    def two_days_ago(route: Any) -> None:
        response = route.fetch()
        body = response.json()
        body["created_at"] = "2026-01-01T09:00:00Z"
        for message in body["messages"]:
            message["created_at"] = "2026-01-01T09:02:05Z"
        body["active_seconds"] = 125
        route.fulfill(response=response, json=body)

    page.route(f"**/api/interviews/{interview_id}", two_days_ago)
    page.reload()
    expect(interview_view(page)).to_have_attribute("data-state", "answering")
    expect(page.locator("#iv-timer .timer__elapsed")).to_have_text(re.compile(r"^02:0[5-9]$"))


def test_on_a_phone_enter_types_a_line_break_and_send_sends(phone_page: Page) -> None:
    page = phone_page
    start_interview(page)
    expect(page.locator("#answer-hint")).to_contain_text("tap Send to send")
    box = page.get_by_label("Your answer")
    box.fill("First line")
    box.press("Enter")
    box.press_sequentially("second line")
    expect(box).to_have_value("First line\nsecond line")
    expect(candidate_texts(page)).to_have_count(0)
    page.get_by_role("button", name="Send").tap()
    expect(candidate_texts(page)).to_have_text(["First line\nsecond line"])

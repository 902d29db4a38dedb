"""Loops, progress and the story bank in a real Chromium against the real app (offline interviewer).

No sleeps: every wait is one of Playwright's auto-waiting `expect` assertions. Data a test needs but does
not exercise through the page is set up through the API with the page's own token.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.utils.answers import STRONG_DESIGN, STRONG_STORY, VAGUE_STORY
from tests.web.test_browser import TOKEN_KEY, interview_view, is_completed, open_app, scroll_width, send_answer

pytestmark = pytest.mark.browser


def call(page: Page, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """The API, as this page's identity."""
    token = page.evaluate(f"localStorage.getItem({TOKEN_KEY!r})")
    response = page.request.fetch(path, method=method, data=body, headers={"Authorization": f"Bearer {token}"})
    assert response.ok, response.text()
    return response.json() if response.status != 204 else None


def run_through_api(page: Page, interview_id: str, answers: list[str]) -> None:
    for i in range(10):
        turn = call(page, "POST", f"/api/interviews/{interview_id}/answers", {"text": answers[i % len(answers)]})
        if turn["status"] == "completed":
            return
    raise AssertionError("the interview never closed")


def answer_until_done(page: Page, answers: list[str]) -> None:
    for text in answers * 5:  # a design round runs through its phases and deep dives
        send_answer(page, text)
        if is_completed(page):
            return
    expect(interview_view(page)).to_have_attribute("data-state", "completed")


def test_a_loop_from_its_start_to_its_debrief(page: Page) -> None:
    open_app(page, "/#/loops")
    expect(page.locator("#view-loops")).to_be_visible()
    page.get_by_role("button", name="Start a loop").click()
    expect(page.locator("#loop-title")).to_have_text("L6 loop")
    rounds = page.get_by_test_id("round")
    expect(rounds).to_have_count(4)
    expect(rounds.get_by_test_id("round-status")).to_have_text(["Not started"] * 4)
    expect(page.get_by_test_id("loop-progress")).to_contain_text("0 of 4 rounds done")

    page.get_by_role("button", name="Take the next round: System Design Round").click()
    expect(interview_view(page)).to_have_attribute("data-state", "answering")
    answer_until_done(page, STRONG_DESIGN)
    page.get_by_test_id("back-to-loop").click()
    expect(page.get_by_test_id("loop-progress")).to_contain_text("1 of 4 rounds done")
    expect(rounds.get_by_test_id("round-status")).to_have_text(["Done", "Not started", "Not started", "Not started"])
    expect(page.get_by_role("button", name="Take the next round: Hiring Manager Round")).to_be_visible()

    page.get_by_role("button", name="End the loop now").click()
    page.locator("#confirm-ok").click()
    debrief = page.get_by_test_id("debrief")
    expect(debrief).to_be_visible()
    expect(rounds.get_by_test_id("round-status")).to_have_text(["Done", "Not taken", "Not taken", "Not taken"])
    expect(page.get_by_test_id("loop-decision")).to_have_text(re.compile(r"^(Strong )?(No )?Hire$"))
    expect(page.get_by_test_id("loop-level")).to_have_text(re.compile(r"^(below L6|L6|L7)$"))
    expect(debrief.get_by_test_id("vote")).to_have_count(4)
    matrix = debrief.locator("table.matrix tbody tr")
    expect(matrix).to_have_count(16)
    # Every rating is readable without colour: its word is in the cell.
    for text in debrief.locator("table.matrix tbody td").all_inner_texts()[:20]:
        assert re.search(r"Strong|Weak|None|Red flag|–", text), text
    expect(page.get_by_role("button", name="Take the next round", exact=False)).to_be_hidden()

    open_app(page, "/#/loops")
    expect(page.get_by_test_id("loop-item")).to_have_count(1)
    expect(page.get_by_test_id("loop-item")).to_contain_text("Completed")


def test_progress_draws_each_principle_and_says_what_to_practise_next(page: Page) -> None:
    open_app(page)
    first = call(page, "POST", "/api/interviews", {"level": "L6", "question_id": "disagree-with-your-manager"})
    run_through_api(page, first["id"], VAGUE_STORY)
    second = call(page, "POST", f"/api/interviews/{first['id']}/retry")
    run_through_api(page, second["id"], STRONG_STORY)

    open_app(page, "/#/progress")
    row = page.locator('[data-testid="series"][data-id="lp-have-backbone"]')
    expect(row).to_be_visible()
    chart = row.locator("svg.spark")
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute("aria-label", re.compile(r"^Scores, oldest first: \d, \d of 4$"))
    expect(chart.locator("circle")).to_have_count(2)
    expect(row.get_by_test_id("trend")).to_have_text(re.compile(r"Rising|Falling|Steady"))
    expect(page.get_by_test_id("unpractised")).to_contain_text("Frugality")
    expect(page.locator("#progress-body table").last).to_contain_text("System Design")

    page.locator('input[name="progress-level"][value="L7"]').check()
    expect(page.locator("#progress-lede")).to_contain_text("L7 frequency table")
    callout = page.get_by_test_id("practise-next")
    expect(callout).to_be_visible()
    callout.get_by_role("button", name="Start this question").click()
    expect(interview_view(page)).to_have_attribute("data-state", "answering")


def test_try_again_shows_the_change_per_dimension(page: Page) -> None:
    open_app(page)
    first = call(page, "POST", "/api/interviews", {"level": "L6", "question_id": "own-complex-project-end-to-end"})
    run_through_api(page, first["id"], VAGUE_STORY)
    open_app(page, f"/#/history/{first['id']}")
    page.get_by_test_id("try-again").click()
    expect(interview_view(page)).to_have_attribute("data-state", "answering")
    answer_until_done(page, STRONG_STORY)
    changes = page.locator("#iv-scorecard").get_by_test_id("change")
    expect(changes.first).to_be_visible()
    expect(page.locator("#iv-scorecard .comparison")).to_contain_text("Since your previous attempt")
    assert any(re.search(r"↑ \+\d", text) for text in changes.all_inner_texts())


def test_the_story_bank_from_an_answer_to_practising_it(page: Page) -> None:
    open_app(page)
    interview = call(page, "POST", "/api/interviews", {"level": "L6", "question_id": "own-complex-project-end-to-end"})
    run_through_api(page, interview["id"], STRONG_STORY)

    open_app(page, "/#/stories")
    coverage = page.get_by_test_id("coverage")
    expect(coverage.locator(".coverage__item")).to_have_count(16)
    expect(coverage.locator('[data-principle="ownership"]')).to_contain_text("No story")

    open_app(page, f"/#/history/{interview['id']}")
    page.get_by_role("button", name="Save this answer as a story").first.click()
    expect(page.locator("#story-form")).to_be_visible()
    expect(page.locator("#story-text")).to_have_value(STRONG_STORY[0])
    expect(page.locator("#story-suggested")).to_be_visible()
    page.locator("#story-title").fill("Checkout latency")
    page.locator('#story-principles input[value="ownership"]').check()
    page.get_by_role("button", name="Save story").click()
    stories = page.get_by_test_id("story")
    expect(stories).to_have_count(1)
    expect(stories).to_contain_text("Checkout latency")
    expect(coverage.locator('[data-principle="ownership"]')).to_contain_text("1 story, no backup")

    stories.get_by_role("button", name="Practise").click()
    expect(interview_view(page)).to_have_attribute("data-state", "answering")
    expect(page.locator("#iv-transcript .msg--interviewer").first).to_contain_text('"Checkout latency"')
    expect(page.locator("#iv-facts")).to_contain_text("practising their story")

    open_app(page, "/#/stories")
    page.get_by_test_id("story").get_by_role("button", name="Delete").click()
    page.locator("#confirm-ok").click()
    expect(page.get_by_test_id("story")).to_have_count(0)


def test_a_story_without_a_title_is_refused_with_the_reason(page: Page) -> None:
    open_app(page, "/#/stories")
    page.get_by_role("button", name="Add a story").click()
    page.locator("#story-text").fill("A story with no title.")
    page.get_by_role("button", name="Save story").click()
    expect(page.locator("#story-error")).to_have_text("Give the story a title.")
    expect(page.locator("#story-title")).to_be_focused()
    page.locator("#story-title").fill("T" * 200)
    page.locator("#story-text").fill("x" * 20_001)
    page.get_by_role("button", name="Save story").click()
    expect(page.locator("#story-error")).to_contain_text("the limit is 20000 characters")
    expect(page.get_by_test_id("story")).to_have_count(0)


def test_the_new_views_fit_a_phone(phone_page: Page) -> None:
    page = phone_page
    open_app(page)
    loop = call(page, "POST", "/api/loops", {"level": "L7"})
    call(page, "POST", f"/api/loops/{loop['id']}/end")
    call(page, "POST", "/api/stories", {"title": "A story", "text": STRONG_STORY[0], "principles": ["ownership"]})
    for path, ready in [
        ("/#/loops", "loop-item"),
        (f"/#/loops/{loop['id']}", "debrief"),
        ("/#/progress", "practise-next"),
        ("/#/stories", "story"),
    ]:
        open_app(page, path)
        expect(page.get_by_test_id(ready).first).to_be_visible()
        assert scroll_width(page) <= 390, f"{path} scrolls sideways"

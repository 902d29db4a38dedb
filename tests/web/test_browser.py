"""The browser front end, driven in a real Chromium against the real app (offline interviewer).

No sleeps: every wait is one of Playwright's auto-waiting `expect` assertions. The interview view
exposes what it is doing in `data-state` (sending | waiting | answering | completed), so a test waits
for a turn to be fully handled before it types the next answer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

QUESTION_ID = "own-complex-project-end-to-end"
QUESTION_TEXT = "Tell me about owning a complex project end-to-end"
# Specific answers: first-person actions, numbers with units, alternatives, a lesson, application.
ANSWERS = [
    "We rebuilt the checkout service. I decided to split the monolith, and p99 latency went from 900ms to 120ms.",
    "We considered a full rewrite versus a strangler migration; the trade-off was speed against risk. "
    "I chose the strangler pattern, which cut incidents by 30% in 2 quarters.",
    "I learned to map dependencies before writing code. Next time I would agree the critical path "
    "with the 4 partner teams in week one.",
    "At Amazon I would apply this by putting the dependency map into the six-pager and reviewing it weekly.",
    "I led code review and canary releases myself; the error rate dropped from 2% to 0.1%.",
    "I owned the launch and the on-call rotation; conversion rose 4% over 3 months.",
]
SETTLED = re.compile(r"^(answering|completed)$")
HUMAN_PROBE_LABELS = {
    "Your personal role",
    "Metrics",
    "Impact and results",
    "Alternatives and trade-offs",
    "Handling resistance",
    "What you learned",
    "Applying it at Amazon",
    "Scale estimates",
    "Data model",
    "Failure handling",
    "Documented follow-up",  # one of the question's own follow-ups
}
CURRENT_KEY = "mockInterview.currentInterview"
TOKEN_KEY = "mockInterview.token"


# ---------------------------------------------------------------------------- helpers


def open_app(page: Page, path: str = "/") -> None:
    page.goto(path)
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


def interview_view(page: Page) -> Locator:
    return page.locator("#view-interview")


def replies(page: Page) -> Locator:
    """The interviewer's finished messages (not the bubble still streaming)."""
    return page.locator("#iv-transcript .msg--interviewer:not(.is-streaming)")


def candidate_texts(page: Page, view: str = "iv") -> Locator:
    return page.locator(f"#{view}-transcript .msg--candidate .msg__text")


def start_interview(page: Page, question_id: str = QUESTION_ID, question_text: str = QUESTION_TEXT) -> None:
    open_app(page)
    page.locator('input[name="level"][value="L6"]').check()
    page.get_by_label("A specific question").check()
    page.get_by_label("Question", exact=True).select_option(question_id)
    preview = page.locator("#preview")
    expect(preview.get_by_test_id("preview-question")).to_have_text(question_text)
    page.get_by_role("button", name="Start interview").click()
    expect(page.locator("#iv-question")).to_have_text(question_text)
    expect(interview_view(page)).to_have_attribute("data-state", "answering")


def send_answer(page: Page, text: str, *, tap: bool = False) -> None:
    """Type an answer, press Enter (on a phone: tap Send), and wait until the interviewer's reply is in and the
    view settled."""
    before = replies(page).count()
    box = page.get_by_label("Your answer")
    box.fill(text)
    if tap:
        page.get_by_role("button", name="Send").tap()
    else:
        box.press("Enter")
    expect(replies(page)).to_have_count(before + 1)
    expect(interview_view(page)).to_have_attribute("data-state", SETTLED)


def is_completed(page: Page) -> bool:
    return interview_view(page).get_attribute("data-state") == "completed"


def complete_interview(page: Page) -> str:
    """Start the behavioral question and answer until the interviewer closes; returns the interview id."""
    start_interview(page)
    for text in ANSWERS:
        send_answer(page, text)
        if is_completed(page):
            break
    expect(interview_view(page)).to_have_attribute("data-state", "completed")
    interview_id = page.evaluate(f"localStorage.getItem({CURRENT_KEY!r})")
    assert interview_id
    return interview_id


def scroll_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# ---------------------------------------------------------------------------- tests


def test_full_interview_from_start_to_scorecard(page: Page) -> None:
    open_app(page)
    page.get_by_label("A specific question").check()
    page.get_by_label("Question", exact=True).select_option(QUESTION_ID)
    preview = page.locator("#preview")
    # Before starting: the question, and (it has no duration of its own) a suggested time labelled as one.
    expect(preview.get_by_test_id("preview-question")).to_have_text(QUESTION_TEXT)
    expect(preview).to_contain_text("about 15 minutes")
    expect(preview).to_contain_text("suggestion")

    start_interview(page)
    depth = page.get_by_test_id("depth")
    expect(depth).to_have_text("Opening question · 3–5 follow-ups ahead")
    # Like a real interview, the follow-ups come without notes on what they probe, until hints are asked for.
    hints = page.get_by_label("Show hints")
    expect(hints).not_to_be_checked()
    send_answer(page, ANSWERS[0])
    expect(page.get_by_test_id("probe-label")).to_have_count(0)
    expect(page.locator("#iv-probe")).to_have_text("Follow-up 1")
    expect(replies(page).last.locator(".chip")).to_have_count(0)
    hints.check()
    expect(page.locator("#iv-timer")).to_contain_text("~15 min (suggested)")
    expect(page.get_by_role("button", name="End interview")).to_be_visible()

    follow_ups = 1
    for text in ANSWERS[1:]:
        expect(page.get_by_test_id("probe-label")).to_be_visible()
        send_answer(page, text)
        if is_completed(page):
            break
        follow_ups += 1
        expect(depth).to_have_text(f"Follow-up {follow_ups} of 3–5")
        label = page.get_by_test_id("probe-label")
        expect(label).to_be_visible()
        assert label.text_content() in HUMAN_PROBE_LABELS
        expect(page.locator("#iv-probe .probe__reason")).not_to_be_empty()
        # The newest interviewer bubble carries the same human label.
        expect(replies(page).last.locator(".chip").first).to_have_text(label.text_content() or "")
    assert 3 <= follow_ups <= 5, f"the interviewer closed after {follow_ups} follow-ups"
    expect(depth).to_have_text(f"{follow_ups} follow-ups · complete")
    expect(page.get_by_label("Your answer")).to_be_hidden()
    expect(page.get_by_role("button", name="End interview")).to_be_hidden()
    expect(candidate_texts(page)).to_have_count(follow_ups + 1)

    card = page.locator("#iv-scorecard")
    expect(card.get_by_role("heading", name="Scorecard")).to_be_focused()
    expect(card.get_by_test_id("recommendation")).to_have_text(
        re.compile(r"^(Strong Hire|Hire|No Hire|Strong No Hire)$")
    )
    expect(card.get_by_test_id("level-verdict")).to_have_text(re.compile(r"^(below L6|L6|L7)$"))
    dimensions = card.get_by_test_id("dimension")
    expect(dimensions.first).to_be_visible()
    assert dimensions.count() >= 3
    for i in range(dimensions.count()):
        expect(dimensions.nth(i).locator(".dimension__rationale")).not_to_be_empty()
        expect(dimensions.nth(i).get_by_role("img", name=re.compile(r"^Score [1-4] of 4$"))).to_be_visible()
    # Evidence quotes are the candidate's own words.
    expect(card.locator(".evidence .quote", has_text="900ms to 120ms").first).to_be_visible()
    expect(card.get_by_role("heading", name="Improvements worth most")).to_be_visible()
    expect(card.get_by_role("heading", name="A stronger answer would have contained")).to_be_visible()
    expect(page.get_by_role("button", name="Start another interview")).to_be_visible()


def test_reload_resumes_the_interview_in_progress(page: Page) -> None:
    start_interview(page)
    page.get_by_label("Show hints").check()
    send_answer(page, ANSWERS[0])
    follow_up = replies(page).last.locator(".msg__text").text_content()
    assert follow_up
    label = page.get_by_test_id("probe-label").text_content()

    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.locator("#iv-question")).to_have_text(QUESTION_TEXT)
    expect(candidate_texts(page)).to_have_text([ANSWERS[0]])
    expect(replies(page)).to_have_count(2)
    expect(replies(page).last.locator(".msg__text")).to_have_text(follow_up)
    expect(page.get_by_test_id("depth")).to_have_text("Follow-up 1 of 3–5")
    expect(page.get_by_test_id("probe-label")).to_have_text(label or "")
    expect(interview_view(page)).to_have_attribute("data-state", "answering")

    send_answer(page, ANSWERS[1])
    expect(candidate_texts(page)).to_have_text([ANSWERS[0], ANSWERS[1]])
    expect(page.get_by_test_id("depth")).to_have_text(re.compile(r"^(Follow-up 2 of 3–5|.*complete)$"))

    # Opening the bare address later also resumes it.
    open_app(page, "/")
    expect(page).to_have_url(re.compile(r"#/interview$"))
    expect(candidate_texts(page)).to_have_text([ANSWERS[0], ANSWERS[1]])


def test_review_lists_opens_downloads_and_deletes(page: Page) -> None:
    interview_id = complete_interview(page)
    recommendation = page.locator("#iv-scorecard").get_by_test_id("recommendation").text_content()
    assert recommendation

    page.get_by_role("link", name="Past interviews").click()
    expect(page.get_by_role("heading", name="Past interviews", level=1)).to_be_visible()
    items = page.get_by_test_id("history-item")
    expect(items).to_have_count(1)
    item = items.first
    expect(item.get_by_role("heading", name=QUESTION_TEXT)).to_be_visible()
    expect(item.locator("time")).not_to_be_empty()
    expect(item).to_contain_text("Completed")
    expect(item).to_contain_text(recommendation)

    # Cancelling the confirmation keeps it.
    item.get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog", name="Delete this interview?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(items).to_have_count(1)

    item.get_by_role("button", name="Open").click()
    expect(page).to_have_url(re.compile(rf"#/history/{interview_id}$"))
    expect(page.locator("#rv-question")).to_have_text(QUESTION_TEXT)
    expect(candidate_texts(page, "rv").first).to_have_text(ANSWERS[0])
    expect(page.locator("#rv-transcript .msg--interviewer")).not_to_have_count(0)
    expect(page.locator("#rv-transcript .msg__reason").first).to_be_visible()
    review_card = page.locator("#rv-scorecard")
    expect(review_card.get_by_test_id("recommendation")).to_have_text(recommendation)
    expect(review_card.get_by_test_id("dimension").first).to_be_visible()
    expect(review_card.locator(".evidence .quote").first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download transcript (.md)").click()
    download = download_info.value
    assert download.suggested_filename == f"interview-{interview_id}.md"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("# Mock interview")
    assert ANSWERS[0] in content

    page.locator("#rv-delete").click()
    dialog = page.get_by_role("dialog", name="Delete this interview?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"#/history$"))
    expect(items).to_have_count(0)
    expect(page.get_by_text("No interviews yet.")).to_be_visible()

    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.get_by_text("No interviews yet.")).to_be_visible()
    expect(items).to_have_count(0)
    # The deleted interview was also the current one: home now shows the start form.
    open_app(page, "/")
    expect(page.get_by_role("heading", name="Practise an interview")).to_be_visible()


def test_answers_are_shown_as_text_and_never_run(page: Page, problems: Any) -> None:
    payloads = [
        "<script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=2;alert(2)">',
        "<b>bold?</b> & <a href=javascript:alert(3)>link</a>",
    ]
    start_interview(page)
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content") or ""
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    expect(page.locator("script:not([src])")).to_have_count(0)

    for text in payloads:
        send_answer(page, text)
    expect(candidate_texts(page)).to_have_text(payloads)
    expect(page.locator("#iv-transcript img, #iv-transcript script, #iv-transcript b, #iv-transcript a")).to_have_count(
        0
    )
    assert page.evaluate("typeof window.__pwned") == "undefined"

    # Rendered again from the server's copy: still literal text.
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(candidate_texts(page)).to_have_text(payloads)
    interview_id = page.evaluate(f"localStorage.getItem({CURRENT_KEY!r})")
    open_app(page, f"/#/history/{interview_id}")
    expect(candidate_texts(page, "rv")).to_have_text(payloads)
    expect(page.locator("#rv-transcript img, #rv-transcript script")).to_have_count(0)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert problems.dialogs == []


def test_keyboard_enter_sends_and_shift_enter_breaks_the_line(page: Page) -> None:
    open_app(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    # Choose the question with the keyboard: arrow keys move within the radio group, Tab to the list.
    page.locator('input[name="mode"][value="surprise"]').focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_label("A specific question")).to_be_checked()
    page.keyboard.press("Tab")
    select = page.get_by_label("Question", exact=True)
    expect(select).to_be_focused()
    select.select_option(QUESTION_ID)
    page.keyboard.press("Tab")
    start = page.get_by_role("button", name="Start interview")
    expect(start).to_be_focused()
    page.keyboard.press("Enter")

    box = page.get_by_label("Your answer")
    expect(page.locator("#iv-question")).to_have_text(QUESTION_TEXT)
    expect(box).to_be_focused()
    assert box.evaluate("e => getComputedStyle(e).outlineStyle") != "none", "focus must be visible"

    first, second = "First line: I decided to split the service.", "Second line: latency fell from 900ms to 120ms."
    page.keyboard.type(first)
    page.keyboard.press("Shift+Enter")
    page.keyboard.type(second)
    expect(box).to_have_value(f"{first}\n{second}")
    expect(interview_view(page)).to_have_attribute("data-state", "answering")
    expect(candidate_texts(page)).to_have_count(0)

    page.keyboard.press("Enter")
    expect(candidate_texts(page)).to_have_count(1)
    expect(replies(page)).to_have_count(2)
    expect(interview_view(page)).to_have_attribute("data-state", "answering")
    sent = candidate_texts(page).first.text_content()
    assert sent == f"{first}\n{second}"
    expect(box).to_have_value("")
    expect(box).to_be_focused()

    # An empty answer is refused by the server; its message is shown next to the box.
    page.keyboard.type("   ")
    page.keyboard.press("Enter")
    error = page.locator("#answer-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("answer is empty")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(candidate_texts(page)).to_have_count(1)


def test_phone_width_has_no_horizontal_scroll(phone_page: Page) -> None:
    page = phone_page
    open_app(page)
    assert scroll_width(page) <= 390
    for mode in ("category", "principle", "question", "surprise"):
        page.locator(f'input[name="mode"][value="{mode}"]').check()
        expect(page.locator("#preview-body")).not_to_be_empty()
        assert scroll_width(page) <= 390, f"start screen scrolls sideways in mode {mode}"

    # The longest question in the bank, at L7.
    page.locator('input[name="level"][value="L7"]').check()
    page.get_by_label("A specific question").check()
    page.get_by_label("Question", exact=True).select_option("scale-responsibility-in-design-decisions")
    expect(page.get_by_test_id("preview-question")).to_contain_text("scale")
    assert scroll_width(page) <= 390
    page.get_by_role("button", name="Start interview").click()
    expect(interview_view(page)).to_have_attribute("data-state", "answering")
    assert scroll_width(page) <= 390, "the chat scrolls sideways"

    send_answer(page, "I decided " + "x" * 300 + " and latency went from 900ms to 120ms.", tap=True)
    assert scroll_width(page) <= 390, "a long unbroken answer makes the chat scroll sideways"

    page.get_by_role("button", name="End interview").click()
    dialog = page.get_by_role("dialog", name="End this interview?")
    dialog.get_by_role("button", name="End and score").click()
    expect(interview_view(page)).to_have_attribute("data-state", "completed")
    expect(page.locator("#iv-scorecard").get_by_test_id("recommendation")).to_be_visible()
    expect(page.get_by_test_id("depth")).to_contain_text("complete")
    assert scroll_width(page) <= 390, "the scorecard scrolls sideways"

    page.get_by_role("link", name="Past interviews").click()
    expect(page.get_by_test_id("history-item")).to_have_count(1)
    assert scroll_width(page) <= 390, "the history list scrolls sideways"


def test_stale_token_is_replaced_and_errors_are_shown(page: Page) -> None:
    open_app(page)
    page.evaluate(f"localStorage.setItem({TOKEN_KEY!r}, 'not-a-real-token')")
    # The first call answers 401; the page creates a new token and carries on.
    start_interview(page)
    token = page.evaluate(f"localStorage.getItem({TOKEN_KEY!r})")
    assert token and token != "not-a-real-token"

    # A 4xx from the server is shown with its own message.
    open_app(page, "/#/history/no-such-interview")
    banner = page.get_by_role("alert").filter(has_text="not found")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("no-such-interview")


def test_a_reply_still_being_produced_is_polled(page: Page) -> None:
    start_interview(page)
    send_answer(page, ANSWERS[0])
    follow_up = replies(page).last.locator(".msg__text").text_content()
    interview_id = page.evaluate(f"localStorage.getItem({CURRENT_KEY!r})")

    # The first two GETs after the reload look as if the server were still producing the reply.
    def pending_once(route: Any) -> None:
        response = route.fetch()
        body = response.json()
        body["messages"] = body["messages"][:-1]
        body["awaiting"] = "interviewer"
        route.fulfill(response=response, json=body)

    page.route(f"**/api/interviews/{interview_id}", pending_once, times=2)
    page.reload()
    expect(interview_view(page)).to_have_attribute("data-state", "waiting")
    expect(page.get_by_role("status")).to_contain_text("finishing a reply")
    expect(page.get_by_label("Your answer")).not_to_be_editable()
    # A second later the page asks again and gets the finished reply.
    expect(interview_view(page)).to_have_attribute("data-state", "answering")
    expect(replies(page).last.locator(".msg__text")).to_have_text(follow_up or "")
    expect(page.get_by_label("Your answer")).to_be_editable()


def test_stream_reset_pings_and_crlf_are_handled(page: Page) -> None:
    start_interview(page)
    turn = {
        "message": {
            "seq": 3,
            "role": "interviewer",
            "text": "What alternatives did you weigh, and why did you reject them?",
            "probe": "alternatives",
            "reason": "No alternative or trade-off weighed yet.",
            "depth": 1,
            "fallback": True,
            "created_at": "2026-01-01T12:00:00Z",
        },
        "depth": 1,
        "status": "in_progress",
        "scorecard": None,
    }
    events = [
        ": ping",
        "",
        "event: delta",
        'data: {"text": "A half-written model reply that "}',
        "",
        "event: delta",
        'data: {"text": "is withdrawn"}',
        "",
        "event: reset",
        'data: {"reason": "model timed out"}',
        "",
        ": ping",
        "",
        "event: delta",
        'data: {"text": "What alternatives"}',
        "",
        "event: message",
        "data: " + json.dumps(turn),
        "",
        "",
    ]
    page.route(
        "**/api/interviews/*/answers",
        lambda route: route.fulfill(
            status=200, headers={"content-type": "text/event-stream; charset=utf-8"}, body="\r\n".join(events)
        ),
    )
    page.get_by_label("Show hints").check()
    send_answer(page, ANSWERS[0])
    last = replies(page).last
    expect(last.locator(".msg__text")).to_have_text(turn["message"]["text"])
    expect(last).not_to_contain_text("withdrawn")
    # Said in words a candidate understands, next to where they are reading.
    expect(last.get_by_text("Prepared follow-up")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("not available in time")
    expect(page.get_by_test_id("depth")).to_have_text("Follow-up 1 of 3–5")
    expect(page.get_by_test_id("probe-label")).to_have_text("Alternatives and trade-offs")


DESIGN_ID = "design-ride-sharing-service"
DESIGN_TEXT = "Design a Ride-Sharing Service (Uber/Lyft)"


def test_a_design_round_shows_its_phases_and_keeps_the_notes_sent_with_each_answer(page: Page) -> None:
    start_interview(page, DESIGN_ID, DESIGN_TEXT)
    steps = page.locator("#iv-phases .phases__item")
    expect(steps).to_have_count(5)
    expect(steps.first).to_have_attribute("aria-current", "step")
    expect(steps.first).to_contain_text(re.compile(r"Requirements\s*\d+ min"))
    expect(page.get_by_test_id("phase")).to_have_text(re.compile(r"^Requirements · about \d+ min$"))
    expect(page.get_by_test_id("depth")).to_have_text("Opening question")

    notes = page.get_by_role("textbox", name="Design notes")
    expect(notes).to_be_visible()
    notes.fill("- gateway -> ride service -> matching\n- trips: DynamoDB keyed by trip_id")
    send_answer(page, "How many riders a day should I plan for, 5 million or 50 million?")
    expect(replies(page).last.locator(".msg__text")).to_contain_text("20 million riders")
    dividers = page.locator("#iv-transcript .phase-divider")
    expect(dividers).to_have_count(1)
    expect(dividers.first).to_contain_text("Requirements")
    mine = page.locator("#iv-transcript .msg--candidate").last
    expect(mine.locator(".msg__notes pre")).to_contain_text("DynamoDB keyed by trip_id")

    send_answer(page, "Functionally: request, match, track and pay; a driver assigned within 5 seconds at p99.")
    expect(page.get_by_test_id("phase")).to_have_text(re.compile(r"^Estimation · about \d+ min$"))
    expect(dividers).to_have_count(2)
    expect(dividers.last).to_contain_text("Estimation")
    expect(steps.first).to_have_class(re.compile(r"is-done"))
    expect(steps.nth(1)).to_have_attribute("aria-current", "step")

    page.get_by_role("button", name="Let's move on").click()
    expect(interview_view(page)).to_have_attribute("data-state", SETTLED)
    expect(candidate_texts(page).last).to_have_text("Let's move on.")
    expect(page.get_by_test_id("phase")).to_have_text(re.compile(r"^High-level design · about \d+ min$"))

    page.reload()  # the notes being written are still there, and the stored ones are in the transcript
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.get_by_role("textbox", name="Design notes")).to_have_value(re.compile("DynamoDB keyed by trip_id"))
    expect(page.locator("#iv-transcript .msg__notes")).to_have_count(1)
    expect(page.locator("#iv-transcript .phase-divider")).to_have_count(3)

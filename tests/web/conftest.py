"""Browser-test fixtures: the real app under uvicorn in a background thread, and Chromium via Playwright.

Playwright never downloads a browser here: it drives Debian's Chromium (/usr/bin/chromium), the binary in
CHROMIUM_PATH, or whatever `chromium` is on PATH. Without one (or without Playwright) the tests skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from app.config import Settings
from app.main import create_app

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT = 20.0
EXPECT_TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app on a free local port, with the offline interviewer and a throw-away SQLite file."""
    db_path = tmp_path_factory.mktemp("web") / "ui.db"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        db_path=db_path,
        database_url="",
        openai_api_key=None,
        openai_base_url=None,
        question_bank_dir=None,
        log_level="WARNING",
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    # Handing uvicorn the already-bound socket means no other process can take the port in between.
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start under uvicorn")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT)
        sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        pytest.skip("Playwright is not installed: pip install -e '.[test]'")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found: install Debian's chromium or set CHROMIUM_PATH")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class PageProblems:
    """JavaScript errors, Content-Security-Policy violations and dialogs seen during a test."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.csp: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


def _new_page(browser: Any, base_url: str, problems: PageProblems, **context_options: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, accept_downloads=True, **context_options)
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    page.on("pageerror", lambda exc: problems.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: problems.csp.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    def on_dialog(dialog: Any) -> None:
        problems.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield page
    finally:
        context.close()
    assert not problems.errors, f"JavaScript errors on the page: {problems.errors}"
    assert not problems.csp, f"Content-Security-Policy violations: {problems.csp}"


@pytest.fixture
def page(browser: Any, live_server: str, problems: PageProblems) -> Iterator[Any]:
    """A fresh browser context (so a fresh token and localStorage) per test."""
    yield from _new_page(browser, live_server, problems, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser: Any, live_server: str, problems: PageProblems) -> Iterator[Any]:
    """A 390-pixel-wide phone viewport."""
    yield from _new_page(
        browser,
        live_server,
        problems,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )

"""Fixtures of the browser tests: one real ``lumbus serve`` per session, Debian's Chromium driven by Playwright.

Playwright never downloads a browser here (no ``playwright install``): it launches the system's
``chromium``, which ``make browser`` installs from Debian. Each page test runs on a phone and on
a desktop screen (the ``screen`` parameter).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from patient_pages import NewPage, Snap
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from live_server import LiveServer, serve

SCREENS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
SHOTS_ENV = "LUMBUS_SHOTS"
"""Set to a folder to get a copy of every screenshot there, for a person to look at."""


def chromium_path() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
    if found is None:
        pytest.fail("Debian's chromium is not installed: run `make browser` (make test does)")
    return found


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real app (``lumbus serve``) on a free loopback port and a temporary SQLite file, for the whole session."""
    with serve(tmp_path_factory.mktemp("browser-data")) as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path())
        yield browser
        browser.close()


@pytest.fixture(params=sorted(SCREENS))
def screen(request: pytest.FixtureRequest) -> str:
    """The name of the screen a test runs on: every test that asks for a page runs once on each."""
    name: str = request.param
    return name


@pytest.fixture
def new_page(chromium: Browser, live_server: LiveServer, screen: str) -> Iterator[NewPage]:
    """Open a page in a fresh context on the test's screen; keyword arguments go to ``Browser.new_context``.

    Page errors (an uncaught exception, a script or style the Content-Security-Policy refused, a missing
    asset) fail the test; a 4xx page is the app's answer (a form to correct, an unknown address) and tests check it.
    """
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def make(**options: Any) -> Page:
        context = chromium.new_context(base_url=live_server.url, **{**SCREENS[screen], **options})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(f"{msg.text} ({msg.location['url']})") if _unexpected(msg) else None)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"errors in the browser console: {errors}"


def _unexpected(msg: ConsoleMessage) -> bool:
    if msg.type != "error":
        return False
    return not (msg.text.startswith("Failed to load resource") and "/static/" not in msg.location["url"])


@pytest.fixture
def page(new_page: NewPage) -> Page:
    """A page with JavaScript on, on the test's screen."""
    return new_page()


@pytest.fixture(scope="session")
def shots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def snap(shots_dir: Path, screen: str) -> Snap:
    """Save a full-page screenshot as ``{screen}-{name}.png`` (and a copy under $LUMBUS_SHOTS when set)."""

    def take(page: Page, name: str) -> Path:
        path = shots_dir / f"{screen}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if copy_to := os.environ.get(SHOTS_ENV):
            Path(copy_to).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, copy_to)
        return path

    return take

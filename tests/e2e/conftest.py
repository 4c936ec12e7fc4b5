"""Browser tests: Playwright driving Debian's Chromium, headless, against the live test server."""

import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"

# Without these, Chromium keeps reaching for Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _keep_migrated_data(django_db_serialized_rollback):
    """Browser tests commit for real; restore what migrations made (home page, site, roles) for each."""


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # Playwright runs an event loop in this thread, from when on Django keeps connections per
        # async context. Hand it the ones it had: they know the test database and its saved contents.
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live server. `page.console_errors` collects the page's errors."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.console_errors = []
    tab.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    context.close()


def screenshot(page, name):
    """Save what the visitor sees, for a person to look at (tests/e2e/screenshots is not committed)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


# A small phone's screen: the student's pages are read on one.
PHONE = {"width": 375, "height": 812}


def fits_the_screen_width(page):
    """Nothing on the page runs off the side of the screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def log_in_as_student(page, person, password=PASSWORD):
    """Sign in on the student login page, on a phone."""
    page.set_viewport_size(PHONE)
    page.goto("/account/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()

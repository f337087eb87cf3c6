"""Browser tests: Playwright driving Debian's Chromium against a live server.

Where Chromium is missing the tests are skipped with the reason shown, except in CI (CI=true),
where a missing browser fails the run. The browser is never downloaded.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the same
# thread are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: install Debian's package 'chromium'."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class PageProblems:
    """What went wrong in the browser while a test ran: console errors, failed requests."""

    def __init__(self, page):
        self.console_errors = []
        self.failed_requests = []
        page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("requestfailed", lambda request: self.failed_requests.append(request.url))
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and self.failed_requests.append(f"{response.status} {response.url}")
            ),
        )


@pytest.fixture
def portal(live_server, transactional_db, seed_records):
    """The live portal's address, with the seed records loaded (the news post too), as
    `load_seed_records` loads them."""
    from news.seed_records import seed_records_load as news_seed_records_load

    news_seed_records_load()
    return live_server.url


def _new_page(chromium_browser, viewport):
    context = chromium_browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.problems = PageProblems(page)
    return context, page


@pytest.fixture
def page(chromium_browser):
    """A desktop-sized page; `page.problems` collects console errors and failed requests."""
    context, page = _new_page(chromium_browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium_browser):
    """A 360 px wide phone-sized page."""
    context, page = _new_page(chromium_browser, PHONE)
    yield page
    context.close()

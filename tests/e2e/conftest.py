"""A headless Debian Chromium driven by Playwright against the live test server.

When a test fails, every page it had open is saved as a PNG under
<THIDUA_VAR_DIR>/e2e-failures/ and the paths are printed with the failure. With
THIDUA_REQUIRE_E2E=1 (CI sets it) a missing Chromium fails the run instead of skipping.
"""

import os
import re
from pathlib import Path

import pytest
from browsers import CHROMIUM, require_chromium
from django.conf import settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the test
# itself are still plain synchronous code, so Django's guard against async use is lifted.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium: Playwright cannot download its own here."""
    require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def failure_folder():
    return Path(settings.VAR_DIR) / "e2e-failures"


def save_failure_screenshots(item):
    """Every page the failed test had open, as a full-page PNG; returns the paths."""
    folder = failure_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid.split("::", 1)[-1])[:120]
    paths = []
    for n, page in enumerate(getattr(item, "e2e_pages", []), start=1):
        if page.is_closed():
            continue
        path = folder / f"{stem}-{n}.png"
        try:
            page.screenshot(path=str(path), full_page=True, timeout=15000)
        except Exception as error:  # noqa: BLE001 - a failed screenshot must not hide the failure
            paths.append(f"{path}: not saved ({error})")
        else:
            paths.append(f"{path}  ({page.url})")
    return paths


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test leaves a screenshot of each of its pages; the report names the files."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and getattr(item, "e2e_pages", None):
        paths = save_failure_screenshots(item)
        if paths:
            report.sections.append(("Screenshots of the failure", "\n".join(paths)))


@pytest.fixture
def browser_for(browser, live_server, request):
    """A page of a fresh browser context at phone or desktop width, logged in as `user`."""
    contexts = []
    request.node.e2e_pages = []  # what the failure hook photographs

    def make(user=None, *, password=None, width=1366, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        request.node.e2e_pages.append(page)
        # Generous: in CI the browser shares two cores with a second test worker rendering PDFs.
        page.set_default_timeout(45000)
        if user is not None:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", password)
            page.click("main form button[type=submit]")
            page.wait_for_url(f"{live_server.url}/**")
        return page

    yield make
    for context in contexts:
        context.close()

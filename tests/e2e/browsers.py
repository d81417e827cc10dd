"""Where the browser tests find Chromium, and what happens when it is missing."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")


def require_chromium(executable=CHROMIUM):
    """Skip the browser tests without Chromium, or fail them when THIDUA_REQUIRE_E2E is set (CI)."""
    if not shutil.which(executable):
        message = f"needs Chromium at {executable} (apt-get install chromium)"
        if os.environ.get("THIDUA_REQUIRE_E2E"):
            pytest.fail(message + ": THIDUA_REQUIRE_E2E is set, the browser tests must run")
        pytest.skip(message)


# --- what every journey does: screenshots of its steps, confirms accepted, clicks that navigate ---

SHOTS = Path(os.environ.get("THIDUA_E2E_SHOTS", "/tmp/e2e-shots"))


def shot(page, name):
    """A full-page screenshot of a step, in $THIDUA_E2E_SHOTS (default /tmp/e2e-shots)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def accept_confirms(page):
    """Buttons that ask window.confirm first; Playwright would dismiss the dialog."""
    page.on("dialog", lambda dialog: dialog.accept())


def click_and_wait(page, selector):
    """Click something that posts or navigates, and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)

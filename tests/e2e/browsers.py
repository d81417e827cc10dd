"""Where the browser tests find Chromium, and what happens when it is missing."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")


def require_chromium(executable=CHROMIUM):
    """Skip the browser tests without Chromium, or fail them when THIDUA_REQUIRE_E2E is set (CI)."""
    if not shutil.which(executable):
        message = f"needs Chromium at {executable} (apt-get install chromium)"
        if os.environ.get("THIDUA_REQUIRE_E2E"):
            pytest.fail(message + ": THIDUA_REQUIRE_E2E is set, the browser tests must run")
        pytest.skip(message)

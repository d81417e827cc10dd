"""A browser test that fails leaves a screenshot of each of its pages, named in its report."""

import pytest
from browsers import require_chromium

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_failing_browser_test_leaves_a_screenshot_named_in_its_report(
    browser_for, live_server, request, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    page = browser_for(None, width=390, height=844)
    page.goto(f"{live_server.url}/accounts/login/")

    # The report pytest makes for this test had its body raised: the same hooks, a failure.
    failed = pytest.CallInfo.from_call(lambda: 1 / 0, when="call")
    report = request.node.ihook.pytest_runtest_makereport(item=request.node, call=failed)

    sections = dict(report.sections)
    shots = sorted((tmp_path / "e2e-failures").glob("test_a_failing_browser_test_leaves_a_screenshot*.png"))
    assert report.failed and len(shots) == 1
    assert str(shots[0]) in sections.get("Screenshots of the failure", "")
    assert shots[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_chromium_the_browser_tests_fail_in_ci_and_skip_elsewhere(monkeypatch):
    monkeypatch.setenv("THIDUA_REQUIRE_E2E", "1")
    with pytest.raises(pytest.fail.Exception, match="THIDUA_REQUIRE_E2E"):
        require_chromium("/nonexistent/chromium")
    monkeypatch.delenv("THIDUA_REQUIRE_E2E")
    with pytest.raises(pytest.skip.Exception):
        require_chromium("/nonexistent/chromium")


def test_ci_requires_the_browser_tests_in_both_runs():
    from pathlib import Path

    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert ci.count("THIDUA_REQUIRE_E2E=1") == 2 or "export THIDUA_REQUIRE_E2E=1" in ci

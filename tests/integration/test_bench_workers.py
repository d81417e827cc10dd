"""The benchmark's worker measurement (ops.bench.reports.measure_workers) on a small campaign: it
starts real Celery workers (one, then two) on the test database and a real Redis, sends the
national report through reports.tasks and times it (PostgreSQL + Redis run only)."""

import os

import pytest
from django.db import connection
from test_reports_worker import database_url, national  # noqa: F401 - a fixture

from ops.bench import reports as bench
from reports.models import Report, ReportRun, RunState

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs CELERY_BROKER_URL (Redis) and a worker"),
]


def test_the_report_is_timed_on_one_then_two_workers(national, settings, tmp_path):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can share only a PostgreSQL test database")
    campaign, period = national
    lines = []

    found = bench.measure_workers(
        campaign, period, database_url(), os.environ["CELERY_BROKER_URL"], within=120, log=lines.append
    )

    assert sorted(found) == [1, 2]
    assert all(seconds > 0 and shards is not None for seconds, shards in found.values()), lines
    runs = list(ReportRun.objects.order_by("pk"))
    assert [r.state for r in runs] == [RunState.SUCCEEDED, RunState.SUCCEEDED]
    assert Report.objects.get().figures["participation"]["registered"] == 5
    assert len(lines) == 2
    # This process sends to the broker only while measuring.
    from thidua.celery import app

    assert app.conf.task_always_eager == settings.CELERY_TASK_ALWAYS_EAGER

"""Progress reports through a real Redis broker and real Celery workers (PostgreSQL + Redis run only).

Each test starts its workers on a queue of its own, reading the test database; test hooks
(settings REPORTS_TEST_FAIL_ATTEMPTS, REPORTS_TEST_PAUSE) are given to a worker through its
environment.
"""

import datetime as dt
import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from factories import (
    AdministrativeAreaFactory,
    CampaignFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SignerFactory,
)

from reports.models import Report, ReportRun, RunState
from reports.tasks import generate_report

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs CELERY_BROKER_URL (Redis) and a worker"),
]

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
READY_WITHIN = 60
DONE_WITHIN = 90


def database_url():
    from urllib.parse import quote

    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


class Workers:
    """Start and stop worker processes on one queue; every process is stopped at the end."""

    def __init__(self, tmp_path):
        self.queue = f"thidua-test-{uuid.uuid4().hex[:8]}"
        self.tmp_path = tmp_path
        self.processes = []

    def start(self, name="a", **env_extra):
        from thidua.celery import app

        nodename = f"{self.queue}-{name}@{socket.gethostname()}"
        log_path = self.tmp_path / f"worker-{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "THIDUA_VAR_DIR": str(self.tmp_path),
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "PYTHONUNBUFFERED": "1",
            **{key: str(value) for key, value in env_extra.items()},
        }
        log = log_path.open("w")
        process = subprocess.Popen(
            [str(CELERY), "-A", "thidua", "worker", "--pool=solo", "--concurrency=1", "-l", "warning"]
            + ["-Q", self.queue, "-n", nodename],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log_path, process.log_file = log_path, log
        self.processes.append(process)
        deadline = time.monotonic() + READY_WITHIN
        while not app.control.ping(destination=[nodename], timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the worker did not start:\n" + log_path.read_text())
        return process

    def logs(self):
        return "\n".join(p.log_path.read_text() for p in self.processes)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
            process.log_file.close()


@pytest.fixture
def workers(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can share only a PostgreSQL test database")
    settings.MEDIA_ROOT = tmp_path / "media"
    pool = Workers(tmp_path)
    yield pool
    pool.stop_all()


@pytest.fixture
def national(transactional_db):
    """A campaign with units in two provinces (two shards, so the chord path runs) and one period."""
    SignerFactory()
    campaign = CampaignFactory(status="running")
    provinces = [
        AdministrativeAreaFactory(code="67", name="Tỉnh Đắk Nông", level="province"),
        AdministrativeAreaFactory(code="68", name="Tỉnh Lâm Đồng", level="province"),
    ]
    for n in range(5):
        RegistrationFactory(campaign=campaign, organization=OrganizationFactory(province=provinces[n % 2]))
    period = ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 11/2021",
        starts_on=dt.date(2021, 11, 1),
        ends_on=dt.date(2021, 11, 30),
        deadline=dt.date(2021, 12, 5),
    )
    return campaign, period


def queue_run(campaign, period, queue):
    run = ReportRun.objects.create(campaign=campaign, period=period)
    generate_report.apply_async(kwargs={"run_id": run.pk}, queue=queue)
    return run


def wait_for(run, predicate=lambda r: r.is_finished, within=DONE_WITHIN):
    deadline = time.monotonic() + within
    run.refresh_from_db()
    while not predicate(run) and time.monotonic() < deadline:
        time.sleep(0.3)
        run.refresh_from_db()
    return run


def media_files(settings):
    root = Path(settings.MEDIA_ROOT) / "reports"
    return sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_worker_generates_the_report_through_redis(workers, national, settings):
    campaign, period = national
    workers.start()

    run = wait_for(queue_run(campaign, period, workers.queue))

    report = Report.objects.get()
    assert (run.state, run.error, run.report, run.progress) == (RunState.SUCCEEDED, "", report, 100), workers.logs()
    assert report.figures["participation"]["registered"] == 5
    assert report.draft_pdf.open("rb").read().startswith(b"%PDF")
    assert media_files(settings) == sorted([report.draft_pdf.name, report.xlsx.name])


def test_a_forced_passing_failure_is_retried_by_the_worker(workers, national):
    campaign, period = national
    workers.start(THIDUA_REPORTS_TEST_FAIL_ATTEMPTS=1)

    run = wait_for(queue_run(campaign, period, workers.queue))

    assert (run.state, run.attempts, Report.objects.count()) == (RunState.SUCCEEDED, 2, 1), workers.logs()


def test_two_concurrent_runs_of_the_same_report_end_in_one_report(workers, national, settings):
    campaign, period = national
    workers.start("a", THIDUA_REPORTS_TEST_PAUSE=2)
    workers.start("b", THIDUA_REPORTS_TEST_PAUSE=2)

    first = queue_run(campaign, period, workers.queue)
    second = queue_run(campaign, period, workers.queue)
    first, second = wait_for(first), wait_for(second)

    report = Report.objects.get()
    assert (first.state, second.state) == (RunState.SUCCEEDED, RunState.SUCCEEDED), workers.logs()
    assert first.report == second.report == report
    assert sorted(report.events.values_list("action", flat=True)) == ["generated", "regenerated"]
    assert media_files(settings) == sorted([report.draft_pdf.name, report.xlsx.name])


def test_a_worker_killed_mid_report_leaves_no_half_report_and_the_redelivery_completes(workers, national, settings):
    campaign, period = national
    visibility = 4
    doomed = workers.start("doomed", THIDUA_REPORTS_TEST_PAUSE=60, CELERY_VISIBILITY_TIMEOUT=visibility)

    run = queue_run(campaign, period, workers.queue)
    run = wait_for(run, lambda r: r.progress >= 95 or r.is_finished, within=60)
    assert (run.state, run.progress) == (RunState.RUNNING, 95), workers.logs()
    time.sleep(1.5)  # inside the transaction now: files written, row not committed
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)

    assert Report.objects.count() == 0  # the transaction died with the worker
    run.refresh_from_db()
    assert run.state == RunState.RUNNING

    time.sleep(visibility + 1)  # the unacknowledged message becomes visible again (acks_late)
    workers.start("rescuer", CELERY_VISIBILITY_TIMEOUT=visibility)
    run = wait_for(run)

    report = Report.objects.get()
    assert (run.state, run.report) == (RunState.SUCCEEDED, report), workers.logs()
    assert run.attempts >= 2
    assert report.draft_pdf.open("rb").read().startswith(b"%PDF")
    assert {report.draft_pdf.name, report.xlsx.name} <= set(media_files(settings))

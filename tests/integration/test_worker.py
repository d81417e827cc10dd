"""A real Celery worker runs an import queued by the app (PostgreSQL + Redis run only)."""

import io
import os
import socket
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from openpyxl import Workbook

from members.importers import ORGANIZATION_COLUMNS
from members.models import ImportJob, ImportKind, ImportStatus, Organization

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs CELERY_BROKER_URL (Redis) and a worker"),
]

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
READY_WITHIN = 60  # seconds for the worker to answer a ping
DONE_WITHIN = 60  # seconds for the job to finish


def test_database_url():
    """A URL for the database the tests run in, for a process outside this one."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def worker(transactional_db, settings, tmp_path):
    """A worker process on a queue of its own, reading the test database and the test's files."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can share only a PostgreSQL test database")
    from thidua.celery import app

    queue = f"thidua-test-{uuid.uuid4().hex[:8]}"
    nodename = f"{queue}@{socket.gethostname()}"
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "THIDUA_VAR_DIR": str(tmp_path),  # MEDIA_ROOT is tmp_path / "media" on both sides
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "PYTHONUNBUFFERED": "1",
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            str(CELERY),
            "-A",
            "thidua",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-l",
            "warning",
            "-Q",
            queue,
            "-n",
            nodename,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def stop():
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()

    try:
        deadline = time.monotonic() + READY_WITHIN
        while not app.control.ping(destination=[nodename], timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the worker did not start:\n" + (tmp_path / "worker.log").read_text())
        yield SimpleWorker(queue=queue, process=process, log=tmp_path / "worker.log")
    finally:
        stop()


class SimpleWorker:
    def __init__(self, queue, process, log):
        self.queue, self.process, self.log = queue, process, log


def organizations_xlsx(count):
    wb = Workbook()
    ws = wb.active
    ws.append([str(c.label) for c in ORGANIZATION_COLUMNS if not c.export_only])
    keys = [c.key for c in ORGANIZATION_COLUMNS if not c.export_only]
    for n in range(count):
        row = {key: "" for key in keys}
        row.update(
            name=f"Hợp tác xã Nông nghiệp Số {n + 1}", kind="HTX", tax_code=f"64009000{n:02d}", sector="agriculture"
        )
        ws.append([row[key] for key in keys])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def wait_until_finished(job_id):
    deadline = time.monotonic() + DONE_WITHIN
    job = ImportJob.objects.get(pk=job_id)
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        job.refresh_from_db()
    return job


def test_worker_imports_a_queued_organizations_file(worker, office_user):
    from members.tasks import import_spreadsheet

    job = ImportJob.objects.create(
        kind=ImportKind.ORGANIZATIONS,
        file=ContentFile(organizations_xlsx(3), name="danh-sach.xlsx"),
        original_name="danh-sach.xlsx",
        created_by=office_user,
    )

    import_spreadsheet.apply_async(args=[job.pk], queue=worker.queue)  # .delay(job.pk), on the worker's own queue

    job = wait_until_finished(job.pk)
    assert (job.status, job.errors, job.failure, job.created_count) == (ImportStatus.DONE, [], "", 3), (
        worker.log.read_text()
    )
    assert sorted(Organization.objects.values_list("tax_code", flat=True)) == ["6400900000", "6400900001", "6400900002"]
    assert Organization.objects.first().history.get().history_user == office_user


def test_worker_rejects_a_bad_file_and_imports_nothing(worker, office_user):
    from members.tasks import import_spreadsheet

    job = ImportJob.objects.create(
        kind=ImportKind.ORGANIZATIONS,
        file=ContentFile(os.urandom(512), name="hong.xlsx"),
        original_name="hong.xlsx",
        created_by=office_user,
    )

    import_spreadsheet.apply_async(args=[job.pk], queue=worker.queue)

    job = wait_until_finished(job.pk)
    assert (job.status, [e["row"] for e in job.errors], Organization.objects.count()) == (ImportStatus.REJECTED, [0], 0)


def test_celery_is_not_eager_in_the_integration_run(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False

"""core.jobs: a queue service that refuses never breaks the page; the kept jobs run when it is back.

The broker here is a real Redis URL on a port nobody listens on, so kombu refuses as it
would with Redis stopped; "back" is the eager mode (the task runs in this process) or
Celery's in-memory transport. tests/integration/test_faults.py does the same with a real
Redis that is stopped and started again, and a real worker.
"""

import os
import socket
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from factories import organizations_upload

from core import jobs
from core.models import PendingJob
from members.models import ImportJob, ImportStatus, Organization
from members.tasks import import_spreadsheet
from thidua.celery import app

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def broker():
    """Point the Celery app at a broker: `down()`, `back_eager()` (tasks run here) or `back_memory()`."""

    class Broker:
        def use(self, url, eager):
            # Celery reads CELERY_BROKER_URL from the environment before its settings.
            if url is None:
                os.environ.pop("CELERY_BROKER_URL", None)
            else:
                os.environ["CELERY_BROKER_URL"] = url
            app.conf.task_always_eager, app.conf.broker_url = eager, url
            app._after_fork()  # drop pooled connections to the old broker

        def down(self):
            self.use(f"redis://127.0.0.1:{closed_port()}/0", eager=False)

        def back_eager(self):
            self.use(app.conf.broker_url, eager=True)

        def back_memory(self):
            self.use("memory://", eager=False)

    original = (os.environ.get("CELERY_BROKER_URL"), app.conf.broker_url, app.conf.task_always_eager)
    yield Broker()
    Broker().use(original[0], original[2])
    app.conf.broker_url = original[1]
    app._after_fork()


def an_import(office_user):
    return ImportJob.objects.create(
        kind="organizations",
        file=organizations_upload(2),
        original_name="danh-sach.xlsx",
        created_by=office_user,
    )


def test_enqueue_with_the_broker_down_keeps_the_job_and_does_not_fail(
    broker, office_user, django_capture_on_commit_callbacks
):
    broker.down()
    job = an_import(office_user)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("members.tasks.import_spreadsheet", job.pk)
    took = time.monotonic() - started

    kept = list(PendingJob.objects.values_list("task_name", "args", "kwargs"))
    assert kept == [("members.tasks.import_spreadsheet", [job.pk], {})]
    assert took < 2  # no publish retries: the page answers at once
    assert jobs.jobs_delayed() is True


def test_kept_jobs_run_when_the_broker_is_back(broker, office_user, django_capture_on_commit_callbacks):
    broker.down()
    job = an_import(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("members.tasks.import_spreadsheet", job.pk)
    assert jobs.dispatch_pending() == 0  # still down: nothing sent, the row stays with its attempt counted
    assert PendingJob.objects.get().attempts == 2

    broker.back_eager()
    sent = jobs.dispatch_pending()

    job.refresh_from_db()
    assert (sent, PendingJob.objects.count(), job.status, Organization.objects.count()) == (
        1,
        0,
        ImportStatus.DONE,
        2,
    )
    assert jobs.jobs_delayed() is False


def test_the_periodic_task_and_the_command_send_the_kept_jobs(broker, office_user, django_capture_on_commit_callbacks):
    from core.tasks import dispatch_pending_jobs

    broker.down()
    first, second = an_import(office_user), an_import(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("members.tasks.import_spreadsheet", first.pk)
        jobs.enqueue("members.tasks.import_spreadsheet", second.pk)
    with pytest.raises(SystemExit):
        call_command("dispatch_pending_jobs")  # still down: non-zero exit

    broker.back_memory()
    assert dispatch_pending_jobs.run() == 2
    call_command("dispatch_pending_jobs")
    assert PendingJob.objects.count() == 0


def test_the_next_enqueue_that_reaches_the_broker_sends_the_kept_jobs(
    broker, office_user, django_capture_on_commit_callbacks
):
    broker.down()
    first = an_import(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("members.tasks.import_spreadsheet", first.pk)

    broker.back_eager()
    second = an_import(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("members.tasks.import_spreadsheet", second.pk)

    statuses = set(ImportJob.objects.values_list("status", flat=True))
    assert (PendingJob.objects.count(), statuses) == (0, {ImportStatus.DONE})


def test_kept_arguments_come_back_with_their_types(broker, monkeypatch):
    import datetime as dt
    from decimal import Decimal

    sent = []
    monkeypatch.setattr(jobs, "_publish", lambda name, args, kwargs: sent.append((name, args, kwargs)))
    PendingJob.objects.create(
        task_name="members.tasks.import_spreadsheet",
        args=jobs._storable([dt.date(2022, 2, 15), Decimal("1.5")]),
        kwargs=jobs._storable({"at": dt.datetime(2022, 2, 15, 8, tzinfo=dt.UTC)}),
    )

    assert jobs.dispatch_pending() == 1
    assert sent == [
        (
            "members.tasks.import_spreadsheet",
            [dt.date(2022, 2, 15), Decimal("1.5")],
            {"at": dt.datetime(2022, 2, 15, 8, tzinfo=dt.UTC)},
        )
    ]


def test_beat_sends_the_kept_jobs_every_minute(db):
    """Every migrate (and a test's flush) ensures the schedule, once, even after it was removed."""
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    PeriodicTask.objects.filter(task="core.tasks.dispatch_pending_jobs").delete()
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)
    task = PeriodicTask.objects.get(task="core.tasks.dispatch_pending_jobs")
    assert (task.enabled, task.interval.every, task.interval.period) == (True, 1, "minutes")


# --- the pages ---------------------------------------------------------------------------------------


def test_an_import_uploaded_with_the_broker_down_is_accepted_and_staff_see_the_delay(
    broker, client_for, office_user, unit_user, django_capture_on_commit_callbacks
):
    broker.down()
    office = client_for(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("members:import_upload", args=["organizations"]), {"file": organizations_upload(2)}
        )
    job = ImportJob.objects.get()
    assert (response.status_code, response.url, job.status) == (302, job.get_absolute_url(), ImportStatus.PENDING)
    assert PendingJob.objects.count() == 1

    page = office.get(reverse("home"))
    assert (page.status_code, 'id="jobs-delayed"' in page.text) == (200, True)
    unit_page = client_for(unit_user).get(reverse("home"))
    assert (unit_page.status_code, 'id="jobs-delayed"' in unit_page.text) == (200, False)

    broker.back_eager()
    jobs.dispatch_pending()
    job.refresh_from_db()
    page = office.get(reverse("home"))
    assert (job.status, 'id="jobs-delayed"' in page.text) == (ImportStatus.DONE, False)


def test_no_banner_when_nothing_waits(client_for, office_user):
    page = client_for(office_user).get(reverse("home"))
    assert (page.status_code, 'id="jobs-delayed"' in page.text) == (200, False)


def test_the_delay_check_is_cached_not_asked_on_every_page(office_user, settings, django_assert_num_queries):
    settings.JOBS_DELAYED_CHECK_EVERY = 30
    PendingJob.objects.create(task_name="core.tasks.dispatch_pending_jobs")
    assert jobs.jobs_delayed() is True
    with django_assert_num_queries(0):
        assert jobs.jobs_delayed() is True


def test_an_eager_tasks_own_error_is_not_taken_for_a_down_broker(
    broker, monkeypatch, django_capture_on_commit_callbacks
):
    broker.back_eager()

    def fails(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(import_spreadsheet, "run", fails)
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("members.tasks.import_spreadsheet", 1)
    assert PendingJob.objects.count() == 0


def test_a_task_is_found_by_its_name_before_any_module_imported_its_tasks_module():
    """Services enqueue by name and never import tasks: in a fresh process (a web worker) the door
    loads the apps' tasks itself."""
    import subprocess
    import sys

    probe = (
        "import django; django.setup()\n"
        "from celery import current_app\n"
        "from core.jobs import _task\n"
        "name = 'awards.tasks.render_certificate_job'\n"
        "print(name in current_app.tasks, _task(current_app, name).name)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thidua.settings"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)

    assert done.stdout.split() == ["False", "awards.tasks.render_certificate_job"], done.stderr


def test_an_unknown_task_name_is_refused():
    from celery import current_app
    from celery.exceptions import NotRegistered

    from core.jobs import _task

    with pytest.raises(NotRegistered):
        _task(current_app, "awards.tasks.no_such_task")

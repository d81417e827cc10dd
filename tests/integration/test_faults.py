"""Faults, with services of the test's own: Redis stopped and started again; PostgreSQL restarted.

CI runs the suite on several workers sharing one PostgreSQL and one Redis, so these tests
never touch the shared services: each starts a private `redis-server` on a free port, or a
private PostgreSQL cluster (initdb + pg_ctl, as the postgres OS user) in a temporary
folder, and stops it at the end. They run in the PostgreSQL + Redis run (skipped without
DATABASE_URL and CELERY_BROKER_URL, like test_worker.py).
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from glob import glob
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from factories import organizations_upload
from test_worker import CELERY, test_database_url

from core import jobs
from core.models import PendingJob
from members.models import ImportJob, ImportStatus, Organization

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") and os.environ.get("CELERY_BROKER_URL")),
        reason="needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis): the CI services run",
    ),
]

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
WAIT = 60  # seconds for a service or a job


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


# --- a private Redis -----------------------------------------------------------------------------


class PrivateRedis:
    """`redis-server` on a free port, no persistence, that the test stops and starts at will."""

    def __init__(self, folder):
        self.port, self.folder, self.process = free_port(), folder, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "no", "--dir", str(self.folder), "--logfile", str(self.folder / "redis.log")],
        )
        wait_for(self.answers, "the private Redis to answer")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        wait_for(lambda: not self.answers(), "the private Redis to stop")


@pytest.fixture
def private_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server")
    redis = PrivateRedis(tmp_path)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


@pytest.fixture
def app_on(private_redis):
    """The Celery app of this process publishes to the private Redis for the test's length."""
    from thidua.celery import app

    saved = os.environ.get("CELERY_BROKER_URL"), app.conf.broker_url
    os.environ["CELERY_BROKER_URL"] = private_redis.url  # Celery reads it before its settings
    app.conf.broker_url = private_redis.url
    app._after_fork()  # no pooled connection to the shared Redis is reused
    try:
        yield app
    finally:
        os.environ["CELERY_BROKER_URL"], app.conf.broker_url = saved
        app._after_fork()


@pytest.fixture
def private_worker(transactional_db, private_redis, tmp_path, settings):
    """A Celery worker consuming the private Redis and reading the test database; start() it when wanted."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can share only a PostgreSQL test database")
    settings.MEDIA_ROOT = tmp_path / "media"  # as THIDUA_VAR_DIR=tmp_path gives the worker
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": private_redis.url,
        "THIDUA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "worker.log"
    processes = []

    def start():
        log = log_path.open("a")
        processes.append(
            subprocess.Popen(
                [str(CELERY), "-A", "thidua", "worker", "--pool=solo", "-l", "info", "-n", f"faults-{free_port()}@%h"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        return log_path

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_with_redis_stopped_the_site_serves_says_jobs_are_delayed_and_the_work_runs_when_it_is_back(
    app_on, private_redis, private_worker, client_for, office_user
):
    from core.tasks import dispatch_pending_jobs

    private_redis.stop()
    office = client_for(office_user)

    started = time.monotonic()
    response = office.post(reverse("members:import_upload", args=["organizations"]), {"file": organizations_upload(3)})
    took = time.monotonic() - started
    job = ImportJob.objects.get()
    assert (response.status_code, response.url, took < 5) == (302, job.get_absolute_url(), True)
    assert list(PendingJob.objects.values_list("task_name", "args")) == [("members.tasks.import_spreadsheet", [job.pk])]
    for page in (reverse("home"), job.get_absolute_url(), reverse("members:organization_list")):
        answer = office.get(page)
        assert (page, answer.status_code, 'id="jobs-delayed"' in answer.text) == (page, 200, True)

    # Redis is back; a worker runs; beat's every-minute task reaches it and sends what was kept.
    private_redis.start()
    log = private_worker()
    dispatch_pending_jobs.apply_async()

    def finished():
        job.refresh_from_db()
        return job.is_finished and not PendingJob.objects.exists()

    wait_for(finished, "the kept import to run: " + (log.read_text() if log.exists() else ""))
    assert (job.status, Organization.objects.count()) == (ImportStatus.DONE, 3), log.read_text()
    jobs._broker_up()  # the banner's cache would expire within JOBS_DELAYED_CHECK_EVERY seconds
    assert 'id="jobs-delayed"' not in office.get(reverse("home")).text


def test_with_redis_back_the_next_queued_job_also_sends_the_kept_ones(
    app_on, private_redis, private_worker, office_user
):
    private_redis.stop()
    first = ImportJob.objects.create(kind="organizations", file=organizations_upload(1), original_name="a.xlsx")
    jobs.enqueue("members.tasks.import_spreadsheet", first.pk)  # autocommit: sent (or kept) now
    assert PendingJob.objects.count() == 1

    private_redis.start()
    log = private_worker()
    second = ImportJob.objects.create(kind="areas", file=organizations_upload(1), original_name="b.xlsx")
    jobs.enqueue("members.tasks.import_spreadsheet", second.pk)

    def both_finished():
        return all(j.is_finished for j in ImportJob.objects.all())

    wait_for(both_finished, "both imports to run: " + (log.read_text() if log.exists() else ""))
    assert PendingJob.objects.count() == 0
    assert ImportJob.objects.get(pk=first.pk).status == ImportStatus.DONE


# --- a private PostgreSQL cluster ---------------------------------------------------------------


def postgres_bin():
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PrivateCluster:
    """A PostgreSQL cluster of the test's own on a free port, run as the postgres OS user."""

    def __init__(self):
        self.bin = postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="thidua-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        shutil.chown(self.folder, "postgres", "postgres")

    def run(self, *command):
        prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        return subprocess.run(prefix + list(command), check=True, capture_output=True, text=True, timeout=120)

    def init(self):
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def control(self, action):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        log = str(self.folder / "pg.log")
        pg_ctl = str(self.bin / "pg_ctl")
        self.run(pg_ctl, "-D", str(self.data), "-o", options, "-l", log, "-m", "fast", "-w", "-t", "60", action)

    def destroy(self):
        try:
            self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_cluster():
    if postgres_bin() is None:
        pytest.skip("needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin)")
    if os.geteuid() != 0 and os.environ.get("USER") != "postgres":
        pytest.skip("starts a cluster as the postgres OS user: run as root or postgres")
    cluster = PrivateCluster()
    try:
        cluster.init()
        cluster.control("start")
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def server_on(private_cluster, tmp_path):
    """The app served by one thread (so a request reuses the last one's database connection,
    as a production worker does with CONN_MAX_AGE), on the private cluster."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": private_cluster.url,
        "THIDUA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CELERY_BROKER_URL", None)  # the health check asks only the database here
    log = (tmp_path / "server.log").open("w")
    command = ["manage.py", "runserver", "--noreload", "--nothreading", "--skip-checks", f"127.0.0.1:{port}"]
    process = subprocess.Popen([str(PYTHON), *command], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: health(url) is not None, "the server to answer")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def health(url):
    """(status, body) of /healthz, None when nothing answers."""
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except OSError:
        return None


def backend_pids(cluster):
    out = cluster.run(
        str(cluster.bin / "psql"),
        "-h",
        "127.0.0.1",
        "-p",
        str(cluster.port),
        "-U",
        "postgres",
        "-tAc",
        "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
    ).stdout
    return {int(line) for line in out.split()}


def test_a_postgresql_restart_is_survived_by_the_next_request(private_cluster, server_on):
    assert health(server_on) == (200, {"database": "ok", "broker": "eager", "status": "ok"})
    kept = backend_pids(private_cluster)
    assert health(server_on)[0] == 200
    assert backend_pids(private_cluster) == kept != set()  # the connection is kept between requests

    private_cluster.control("restart")  # every connection the server held is now dead

    assert health(server_on) == (200, {"database": "ok", "broker": "eager", "status": "ok"})
    assert backend_pids(private_cluster).isdisjoint(kept)

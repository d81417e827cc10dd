"""The main pages, each against its floor: in-process (warm, and right after a verification) and
under wrk (gunicorn as in production), with one submission verified every second during the run.

The floor (docs/benchmarks.md): the floor page — this app's shell, session and user around 50
stored rows (ops.views.floor) — plus the cheapest correct SQL for what the page shows
(ops/bench/floors.py), timed in the same run.

- In-process: the Django test client in this process, DEBUG off, the same cache as the server.
  Warm: the median of 5 requests after one; after a change: one verification through
  campaign.submissions.verify, then the page's first request (median of 3 such rounds).
- Under wrk: gunicorn serves the bench database with DJANGO_DEBUG=0, a secret, whitenoise and the
  collected static files (no HTTPS redirect: it is loopback). Each logged-in user is a session
  row made in the bench database with the server's secret; wrk (bench/wrk.lua) sends its cookie
  over 50 connections without waiting. Before each page the server must be idle (its health
  check answers fast and no query of its runs: the previous page's backlog has drained); during
  each run, the floor page's too, a thread verifies one submission a second. Throughput is
  compared with the floor page's; a page where no request completed fails.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client, override_settings

from awards.models import NominationStatus
from campaign.models import ScoringRule, Submission, SubmissionStatus
from campaign.submissions import verify
from core import jobs
from members.models import User

from . import floors, verdict
from .generate import BENCH_OFFICE_USER, BENCH_UNIT_USER
from .registry import Row, last_period, measure

PORT = int(os.environ.get("BENCH_PORT", "8114"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
USERS = 50
LUA = Path(__file__).with_name("wrk.lua")


def ensure_wrk():
    """wrk from Debian, installed like scripts/system-packages.sh installs the app's packages."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    command = ["apt-get", "install", "-y", "-qq", "wrk"]
    if os.geteuid() != 0:
        command = ["sudo", *command]
    subprocess.run(command, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("wrk")


def _session(user, secret):

    with override_settings(SECRET_KEY=secret):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.set_expiry(3600 * 4)
        store.save()
        return store.session_key


FLOOR_PATH = "/ops/floor/"


@dataclass
class Page:
    key: str  # its floor SQL in floors.FLOOR_SQL
    name: str
    path: str
    user: object
    params: dict = field(default_factory=dict)


def pages(campaign):
    """[Page] of the main pages, in the order of the table."""

    period = last_period(campaign)
    editable = (
        Submission.objects.filter(period=period, status=SubmissionStatus.DRAFT).order_by("organization_id").first()
    )
    unit = User.objects.get(username=BENCH_UNIT_USER)
    if editable is not None and unit.organization_id != editable.organization_id:
        User.objects.filter(pk=unit.pk).update(organization_id=editable.organization_id)
        unit.refresh_from_db()
    office = User.objects.get(username=BENCH_OFFICE_USER)
    assert campaign.nominations.filter(status=NominationStatus.PASSED).exists()
    params = {
        "campaign": campaign.pk,
        "period": period.pk,
        "periods": list(campaign.periods.values_list("pk", flat=True)),
        "unit": unit.organization_id,
        "submission": editable.pk if editable is not None else 0,
    }
    c = campaign.pk
    found = [
        Page("dashboard", "Dashboard", f"/campaigns/{c}/dashboard/", office),
        Page("ranking_period", "Ranking, one period", f"/campaigns/{c}/rankings/?period={period.pk}", office),
        Page("ranking_cumulated", "Ranking, cumulated", f"/campaigns/{c}/rankings/", office),
        Page("queue", "Submission queue", f"/campaigns/{c}/submissions/", office),
        Page("shortlist", "Shortlist", f"/awards/shortlist/{c}/", office),
        Page("unit_home", "Unit home", "/", unit),
        Page("organizations", "Organization list", "/members/organizations/", office),
        Page("people", "People list", "/members/people/", office),
        Page("nominations", "Nomination list", "/awards/nominations/", office),
    ]
    if editable is not None:
        found.append(
            Page("submission_form", "Submission form (unit)", f"/campaigns/submissions/{editable.pk}/edit/", unit)
        )
    for page in found:
        page.params = params
    return found


_queued = threading.local()


def _install_job_catcher():
    """core.jobs.send_now, as the bench sees it: the jobs a verification queues for after its
    commit are caught (`_queued.jobs`) while a verification is timed, and run after it; in
    production they go to a worker through Redis, which the bench (no broker) cannot time apart."""
    if getattr(jobs, "_bench_original", None) is not None:
        return
    original = jobs.send_now

    def send_now(name, args=(), kwargs=None):
        caught = getattr(_queued, "jobs", None)
        if caught is not None:
            caught.append((name, args, kwargs))
            return None
        return original(name, args, kwargs)

    jobs._bench_original = original
    jobs.send_now = send_now


class Verifier:
    """Verifies the submitted reports of the latest period one at a time, through the app's
    service, as the office does (with a score for each qualitative criterion). What the
    verification queues for a worker (the unit's cumulated rows and rank scores, its e-mail)
    runs right after, timed apart (`after_commit`)."""

    def __init__(self, campaign):
        _install_job_catcher()
        self.after_commit = []
        self.office = User.objects.get(username=BENCH_OFFICE_USER)
        period = last_period(campaign)
        self.ids = list(
            Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.done = 0
        self.lock = threading.Lock()

    def next(self):
        with self.lock:
            if not self.ids:
                return None
            return self.ids.pop()

    def scores(self, submission):
        """The office's score for each qualitative criterion of the report (half its maximum)."""
        return {
            value.criterion_id: value.criterion.max_points / 2
            for value in submission.values.select_related("criterion")
            if value.criterion.rule == ScoringRule.QUALITATIVE
        }

    def verify(self, pk):
        """(seconds verify() took, the submission)."""
        submission = Submission.objects.select_related("period__campaign").get(pk=pk)
        scores = self.scores(submission)
        _queued.jobs = []
        try:
            started = time.perf_counter()
            verify(submission, by=self.office, staff_scores=scores)  # its transaction, committed
            seconds = time.perf_counter() - started
        finally:
            caught, _queued.jobs = _queued.jobs, None
        started = time.perf_counter()
        for name, args, kwargs in caught:  # what a worker does after the commit
            jobs._bench_original(name, args, kwargs)
        with self.lock:
            self.done += 1
            self.after_commit.append(time.perf_counter() - started)
        return seconds, submission

    def verify_one(self):
        """verify() the next submitted report: (seconds, submission), None when none is left."""
        pk = self.next()
        return None if pk is None else self.verify(pk)


class EverySecond(threading.Thread):
    """Verifies one submission a second in the background until stopped (its own connection)."""

    def __init__(self, verifier, interval=1.0):
        super().__init__(daemon=True)
        self.verifier = verifier
        self.interval = interval
        self.stopped = threading.Event()
        self.count = 0
        self.failure = None

    def run(self):
        try:
            next_at = time.monotonic()
            while not self.stopped.is_set():
                if self.verifier.verify_one() is None:
                    self.failure = "no submitted report left to verify"
                    return
                self.count += 1
                next_at += self.interval
                self.stopped.wait(max(0.0, next_at - time.monotonic()))
        except Exception as exc:  # reported in the row, not lost in a thread
            self.failure = f"{type(exc).__name__}: {exc}"[:120]
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=60)


class Server:
    """gunicorn on loopback with the production settings, for the length of a `with`."""

    def __init__(self, database_url, secret):
        self.var = Path(settings.VAR_DIR) / "bench"
        self.env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secret,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "SITE_URL": f"http://127.0.0.1:{PORT}",
            "DATABASE_URL": database_url,
            "THIDUA_VAR_DIR": str(self.var),
            "CELERY_BROKER_URL": "",
            "CACHE_URL": os.environ.get("CACHE_URL", ""),
            "LOG_LEVEL": "WARNING",
        }
        self.process = None

    def __enter__(self):
        manage = Path(settings.BASE_DIR) / "manage.py"
        subprocess.run([sys.executable, str(manage), "collectstatic", "--noinput", "-v", "0"], env=self.env, check=True)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "thidua.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(WORKERS),
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer on /healthz")

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _check(path, cookie):
    """One request: 200 and not the login page, else the load test would time a redirect."""
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": f"sessionid={cookie}"})
    opener = urllib.request.build_opener(_NoRedirect)
    started = time.perf_counter()
    with opener.open(request, timeout=120) as answer:
        body = answer.read()
        assert answer.status == 200, f"{path}: {answer.status}"
    assert b'name="password"' not in body, f"{path}: the login page"
    return time.perf_counter() - started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(path, cookie, seconds, think=0):
    """One wrk run of `seconds` over USERS connections: a verdict.LoadRun."""
    env = {**os.environ, "BENCH_COOKIE": f"sessionid={cookie}", "BENCH_THINK_MS": str(think)}
    command = [
        ensure_wrk(),
        "-t2",
        f"-c{USERS}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{PORT}{path}",
    ]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    return verdict.LoadRun.from_wrk(json.loads(line[len("BENCH ") :]), seconds)


def _probe():
    """(seconds /healthz took, queries the server is running): idle is fast and none."""
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=10) as answer:
        answer.read()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        busy = cursor.fetchone()[0]
    return seconds, busy


DRAIN_TIMEOUT = 300


def _drain(ctx, name):
    waited = verdict.wait_until_idle(_probe, timeout=DRAIN_TIMEOUT)
    if waited is None:
        ctx.log(f"  {name}: the server was still busy after {DRAIN_TIMEOUT} s; measured anyway")
        return f"server still busy after {DRAIN_TIMEOUT} s of waiting"
    if waited > 2:
        ctx.log(f"  waited {waited:.0f} s for the server to be idle")
    return ""


def _under_load(ctx, verifier, path, cookie):
    """(LoadRun, verifications done during the run, the background's failure or "")."""
    background = EverySecond(verifier)
    background.start()
    try:
        run = wrk(path, cookie, ctx.seconds)
    finally:
        background.stop()
    return run, background.count, background.failure or ""


@measure("pages", f"The main pages under wrk ({USERS} connections, a verification a second) vs the floor page")
def load_pages(ctx):
    secret = secrets.token_urlsafe(64)
    chosen = pages(ctx.campaign)
    office = User.objects.get(username=BENCH_OFFICE_USER)
    cookies = {}
    for user in [office, *(page.user for page in chosen)]:
        if user.pk not in cookies:
            cookies[user.pk] = _session(user, secret)
    verifier = Verifier(ctx.campaign)
    rows = []
    with Server(ctx.database_url, secret):
        floor_run, floor_note = None, ""
        try:
            _drain(ctx, "floor page")
            _check(FLOOR_PATH, cookies[office.pk])
            busy = _drain(ctx, "floor page")
            floor_run, verified, failure = _under_load(ctx, verifier, FLOOR_PATH, cookies[office.pk])
            floor_note = "; ".join(n for n in (busy, failure, f"{verified} verified during the run") if n)
            figure = f"{floor_run.rps:.1f} req/s" if floor_run.requests else f"no request completed in {ctx.seconds} s"
            rows.append(
                Row(
                    "Floor page under wrk (the yardstick of throughput)",
                    figure,
                    note=f"p50 / p95 {floor_run.p50 / 1000:.0f} / {floor_run.p95 / 1000:.0f} ms; errors "
                    f"{floor_run.errors}; {floor_note}",
                    met=None if floor_run.requests else False,
                )
            )
        except Exception as exc:
            rows.append(
                Row("Floor page under wrk", "not measured", met=False, note=f"{type(exc).__name__}: {exc}"[:160])
            )
        ctx.log(f"  floor page: {rows[-1].figure}; {rows[-1].note}")
        for page in chosen:
            what = f"{page.name}: under wrk, vs the floor page"
            cookie = cookies[page.user.pk]
            # Idle first: a request timed behind the previous page's backlog measures that backlog.
            busy = _drain(ctx, page.name)
            try:
                _check(page.path, cookie)
            except Exception as exc:  # a page too slow to answer at all is a row, not the end of the table
                found = verdict.load_verdict(None, floor_run)
                rows.append(Row.judged(what, found, f"its first request failed: {type(exc).__name__}: {exc}"[:160]))
                continue
            busy = busy or _drain(ctx, page.name)
            try:
                run, verified, failure = _under_load(ctx, verifier, page.path, cookie)
            except Exception as exc:
                rows.append(
                    Row.judged(what, verdict.load_verdict(None, floor_run), f"{type(exc).__name__}: {exc}"[:160])
                )
                continue
            note = "; ".join(n for n in (busy, failure, f"{verified} verified during the run") if n)
            rows.append(Row.judged(what, verdict.load_verdict(run, floor_run), note))
            ctx.log(f"  {page.name}: {rows[-1].figure} ({rows[-1].ratio}); {rows[-1].note}")
    return rows


# --- in-process ---------------------------------------------------------------------------------


def _client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


def _get(client, path):
    """Seconds one request took; it must answer 200 and not be the login page."""
    started = time.perf_counter()
    answer = client.get(path)
    seconds = time.perf_counter() - started
    assert answer.status_code == 200, f"{path}: {answer.status_code}"
    assert b'name="password"' not in answer.content, f"{path}: the login page"
    return seconds


WARM = 5
CHANGED = 3


def _split(client, path):
    """What one request of the page spends: (its queries, seconds in the database, seconds in all),
    the rest being Python (the view, its forms, the template, the middleware)."""
    spent = {"queries": 0, "sql": 0.0}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["queries"] += 1
            spent["sql"] += time.perf_counter() - started

    with connection.execute_wrapper(timed):
        whole = _get(client, path)
    return spent["queries"], spent["sql"], whole


def _split_text(split):
    queries, sql, whole = split
    return (
        f"one request: {queries} queries, {verdict.ms_text(sql)} in the database, "
        f"{verdict.ms_text(max(whole - sql, 0))} in Python"
    )


def _median_of(function, times):
    return verdict.median([_elapsed(function) for _ in range(times)])


def _elapsed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


@measure("pages_inprocess", "The main pages in-process, warm and after a verification, vs their floor")
def pages_inprocess(ctx):
    chosen = pages(ctx.campaign)
    office = User.objects.get(username=BENCH_OFFICE_USER)
    verifier = Verifier(ctx.campaign)
    rows = []
    with override_settings(DEBUG=False):
        floor_client = _client(office)
        _get(floor_client, FLOOR_PATH)
        shell = verdict.median([_get(floor_client, FLOOR_PATH) for _ in range(WARM)])
        rows.append(
            Row(
                "Floor page in-process (the app's shell around 50 stored rows)",
                verdict.ms_text(shell),
                note="median of 5 warm requests; every page's floor is this plus its SQL; "
                + _split_text(_split(floor_client, FLOOR_PATH)),
            )
        )
        clients = {}
        for page in chosen:
            if page.user.pk not in clients:
                clients[page.user.pk] = _client(page.user)
            client = clients[page.user.pk]
            try:
                floors.run_floor_sql(page.key, page.params)
                sql = _median_of(lambda page=page: floors.run_floor_sql(page.key, page.params), WARM)
            except Exception as exc:
                rows.append(
                    Row(f"{page.name}: in-process", "not measured", met=False, note=f"floor SQL failed: {exc}"[:160])
                )
                continue
            floor = shell + sql
            floor_text = f"{verdict.ms_text(floor)} (SQL {verdict.ms_text(sql)})"
            try:
                _get(client, page.path)
                warm = verdict.median([_get(client, page.path) for _ in range(WARM)])
            except Exception as exc:
                found = verdict.within_floor(None, floor, 2, floor_text=floor_text)
                rows.append(Row.judged(f"{page.name}: in-process, warm", found, f"{type(exc).__name__}: {exc}"[:160]))
                continue
            rows.append(
                Row.judged(
                    f"{page.name}: in-process, warm",
                    verdict.within_floor(warm, floor, 2, floor_text=floor_text),
                    f"floor SQL: {floors.describe(page.key)}; the page, {_split_text(_split(client, page.path))}",
                )
            )
            changed, why = [], ""
            for _ in range(CHANGED):
                if verifier.verify_one() is None:
                    why = "no submitted report left to verify"
                    break
                changed.append(_get(client, page.path))
            found = verdict.within_floor(verdict.median(changed), floor, 2, floor_text=floor_text)
            rows.append(
                Row.judged(
                    f"{page.name}: in-process, first request after a verification",
                    found,
                    why or f"median of {len(changed)}: one verify() through the service, then the page",
                )
            )
            ctx.log(
                f"  {page.name}: warm {rows[-2].figure} ({rows[-2].ratio}), after a change {rows[-1].figure} ({rows[-1].ratio})"
            )
    return rows

"""The main pages under 50 concurrent users: gunicorn as in production, loaded with wrk.

gunicorn serves the bench database with DJANGO_DEBUG=0, a secret, whitenoise and the
collected static files (no HTTPS redirect: it is loopback). Each logged-in user is a
session row made in the bench database with the server's secret; wrk sends its cookie
(bench/wrk.lua). Two runs per page:

- 50 users: 50 connections, each waiting 0.5–1.5 s between pages (a person reading the page)
  — the latency percentiles the targets are about;
- saturated: 50 connections with no wait — the throughput the machine can give.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings

from awards.models import NominationStatus
from campaign.models import Submission, SubmissionStatus
from members.models import User

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


def pages(campaign):
    """[(name, path, user, p95 target in ms)] of the main pages."""

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
    found = [
        ("Dashboard", f"/campaigns/{campaign.pk}/dashboard/", office, 300),
        ("Organization list", "/members/organizations/", office, 300),
        ("People list", "/members/people/", office, 300),
        ("Ranking, cumulated", f"/campaigns/{campaign.pk}/rankings/", office, 300),
        ("Ranking, one period", f"/campaigns/{campaign.pk}/rankings/?period={period.pk}", office, 300),
        ("Submission queue", f"/campaigns/{campaign.pk}/submissions/", office, 300),
        ("Shortlist", f"/awards/shortlist/{campaign.pk}/", office, 300),
        ("Nomination list", "/awards/nominations/", office, 300),
        ("Unit home", "/", unit, 300),
    ]
    if editable is not None:
        found.append(("Submission form (unit)", f"/campaigns/submissions/{editable.pk}/edit/", unit, 150))
    return found


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


def wrk(path, cookie, seconds, think):
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
    return json.loads(line[len("BENCH ") :])


def _ms(microseconds):
    return microseconds / 1000


@measure("pages", f"The main pages under {USERS} users (gunicorn, wrk)")
def load_pages(ctx):
    secret = secrets.token_urlsafe(64)
    chosen = pages(ctx.campaign)
    cookies = {}
    for _name, _path, user, _target in chosen:
        if user.pk not in cookies:
            cookies[user.pk] = _session(user, secret)
    rows = []
    with Server(ctx.database_url, secret):
        for name, path, user, target in chosen:
            cookie = cookies[user.pk]
            try:
                single = _check(path, cookie)
            except Exception as exc:  # a page too slow to answer at all is a row, not the end of the table
                rows.append(
                    Row(
                        f"{name}: p50 / p95 / p99 at {USERS} users",
                        "failed",
                        f"p95 ≤ {target} ms",
                        False,
                        f"{type(exc).__name__}: {exc}"[:120],
                    )
                )
                continue
            _check(path, cookie)  # a second, warm request
            users = wrk(path, cookie, ctx.seconds, think=1000)
            saturated = wrk(path, cookie, max(5, ctx.seconds // 2), think=0)
            errors = users["errors"] + saturated["errors"]
            p95 = _ms(users["p95"])
            rows.append(
                Row(
                    f"{name}: p50 / p95 / p99 at {USERS} users",
                    f"{_ms(users['p50']):.0f} / {p95:.0f} / {_ms(users['p99']):.0f} ms",
                    f"p95 ≤ {target} ms, no error",
                    p95 <= target and errors == 0,
                    f"{users['rps']:.1f} req/s served; saturated {saturated['rps']:.1f} req/s "
                    f"(p95 {_ms(saturated['p95']):.0f} ms); first request {single * 1000:.0f} ms; "
                    f"errors {errors}",
                )
            )
            ctx.log(f"  {name}: {rows[-1].figure}; {rows[-1].note}")
    return rows

"""The benchmark's progress-report measurements (issue 8), registered like the others with
ops.bench.registry.measure.

- report_province: the report of one province out of the national campaign — the figures of
  that province's shard (`compute_shard`), combined with the rankings, bands and awards of its
  units only (`combine(..., organization_ids=…)`), the PDF and the XLSX annex. The largest
  province is measured (the most organizations).
- report_country: the whole chain in one process — `compute_figures` (every province's shard
  in turn, then combine), `render_draft` (PDF), `build_annex` (XLSX).
- report_workers: the national report through reports.tasks (generate_report → a chord of
  compute_shard per province → finish_report) on real Celery worker processes fed by Redis,
  first one worker, then two (each --pool=solo, concurrency 1); prints both times and the ratio.
"""

import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from django.conf import settings
from pypdf import PdfReader

from campaign.areas import campaign_map
from campaign.models import Criterion
from reports import annex, document, figures
from reports.models import Report, ReportRun, RunState

from .registry import Row, last_period, measure, seconds_text, timed

# The criteria of the bench campaign that feed a section of the report (code -> topic); a
# data set generated before the reports existed has none, and is given them here.
BENCH_TOPICS = {
    "1.3": "supply_demand",
    "2.1": "propaganda",
    "2.4": "operation",
    "3.1": "initiative",
    "3.2": "community_support",
}
WORKER_BROKER_URL = os.environ.get("BENCH_WORKER_BROKER_URL", "redis://127.0.0.1:6379/8")
READY_WITHIN = 60


def ensure_topics(campaign):
    """Give the bench campaign's criteria their report sections (idempotent)."""

    for code, topic in BENCH_TOPICS.items():
        Criterion.objects.filter(campaign=campaign, code=code).exclude(report_topic=topic).update(report_topic=topic)


def largest_province(campaign):
    """(shard key, organizations) of the province with the most organizations of the report."""
    the_map = campaign_map(campaign)
    counts = Counter(figures.province_key(the_map, org) for org in figures.population(campaign))
    key, count = max(counts.items(), key=lambda item: (item[1], -item[0]))
    return key, count


def _files(campaign, period, computed):

    report = Report(campaign=campaign, period=period, figures=computed)
    pdf_seconds, pdf = timed(lambda: document.render_draft(report))
    xlsx_seconds, xlsx = timed(lambda: annex.build_annex(report))
    return pdf_seconds, pdf, xlsx_seconds, xlsx


def _pages(pdf):

    return len(PdfReader(io.BytesIO(pdf)).pages)


def province_report(campaign, period, key):
    """Seconds of each step of one province's report, and its files."""
    started = time.perf_counter()
    orgs = figures.shard_population(campaign, key)
    shard = figures.compute_shard(campaign, period, key)
    shard_seconds = time.perf_counter() - started
    combine_seconds, computed = timed(
        lambda: figures.combine(campaign, period, [shard], organization_ids=[o.pk for o in orgs])
    )
    pdf_seconds, pdf, xlsx_seconds, xlsx = _files(campaign, period, computed)
    return {
        "units": len(orgs),
        "figures": computed,
        "shard": shard_seconds,
        "combine": combine_seconds,
        "pdf": pdf_seconds,
        "xlsx": xlsx_seconds,
        "pdf_bytes": pdf,
        "xlsx_bytes": xlsx,
    }


def country_report(campaign, period):
    """Seconds of each step of the national report (every shard in this process), and its files."""
    keys_seconds, keys = timed(lambda: figures.shard_keys(campaign))
    started = time.perf_counter()
    shards = [figures.compute_shard(campaign, period, key) for key in keys]
    shards_seconds = time.perf_counter() - started
    combine_seconds, computed = timed(lambda: figures.combine(campaign, period, shards))
    pdf_seconds, pdf, xlsx_seconds, xlsx = _files(campaign, period, computed)
    return {
        "shards": len(keys),
        "figures": computed,
        "keys": keys_seconds,
        "shard": shards_seconds,
        "combine": combine_seconds,
        "pdf": pdf_seconds,
        "xlsx": xlsx_seconds,
        "pdf_bytes": pdf,
        "xlsx_bytes": xlsx,
    }


def _total(found):
    return sum(found[k] for k in ("keys", "shard", "combine", "pdf", "xlsx") if k in found)


def _steps(found):
    parts = [("keys", "provinces"), ("shard", "figures"), ("combine", "combine"), ("pdf", "PDF"), ("xlsx", "XLSX")]
    return ", ".join(f"{label} {found[k]:.1f} s" for k, label in parts if k in found)


@measure("report_province", "Progress report of one province (PDF + XLSX)")
def report_province(ctx):
    campaign = ctx.campaign
    ensure_topics(campaign)
    period = last_period(campaign)
    key, _count = largest_province(campaign)
    found = province_report(campaign, period, key)
    seconds = _total(found)
    return [
        Row(
            f"Progress report, one province ({found['units']:,} organizations, the largest; PDF + XLSX)",
            seconds_text(seconds),
            "≤ 5 s",
            seconds <= 5,
            f"{_steps(found)}; PDF {_pages(found['pdf_bytes'])} pages, XLSX {len(found['xlsx_bytes']) / 1e3:.0f} kB",
        )
    ]


@measure("report_country", "Progress report of the whole country (PDF + XLSX), in one process")
def report_country(ctx):
    campaign = ctx.campaign
    ensure_topics(campaign)
    period = last_period(campaign)
    found = country_report(campaign, period)
    seconds = _total(found)
    ctx.extra["report_country_seconds"] = seconds
    return [
        Row(
            f"Progress report, the country ({found['shards']} provinces in turn; PDF + XLSX)",
            seconds_text(seconds),
            "≤ 60 s",
            seconds <= 60,
            f"{_steps(found)}; PDF {_pages(found['pdf_bytes'])} pages, XLSX {len(found['xlsx_bytes']) / 1e3:.0f} kB",
        )
    ]


# --- the same report through Celery workers ---------------------------------------------------


class Workers:
    """Celery worker processes on a queue of their own, against the bench database and Redis."""

    def __init__(self, database_url, broker_url, media_root):
        self.queue = f"thidua-bench-{uuid.uuid4().hex[:8]}"
        self.database_url, self.broker_url, self.media_root = database_url, broker_url, media_root
        self.processes = []

    def start(self, app, name):
        nodename = f"{self.queue}-{name}@{socket.gethostname()}"
        log_path = Path(self.media_root) / f"worker-{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.broker_url,
            "THIDUA_VAR_DIR": str(self.media_root),
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "PYTHONUNBUFFERED": "1",
        }
        log = log_path.open("w")
        celery = Path(sys.executable).with_name("celery")
        process = subprocess.Popen(
            [str(celery), "-A", "thidua", "worker", "--pool=solo", "--concurrency=1", "-l", "warning"]
            + ["-Q", self.queue, "-n", nodename, "--without-gossip", "--without-mingle"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log_path, process.log_file = log_path, log
        self.processes.append(process)
        deadline = time.monotonic() + READY_WITHIN
        while not app.control.ping(destination=[nodename], timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("a worker did not start:\n" + log_path.read_text()[-2000:])
        return process

    def logs(self):
        return "\n".join(p.log_path.read_text()[-2000:] for p in self.processes)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()  # this process's own children, by their id
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
            process.log_file.close()
        self.processes = []


class broker_app:
    """The Celery app of this process sending to a real broker for a while (make bench runs
    with tasks eager), put back as it was afterwards."""

    def __init__(self, broker_url):
        self.broker_url = broker_url

    def __enter__(self):
        from celery import current_app as app  # noqa: PLC0415  (the workers measurement only)

        self.app = app
        self.saved = {k: app.conf.get(k) for k in ("broker_url", "task_always_eager")}
        self._drop_pools()
        app.conf.update(broker_url=self.broker_url, task_always_eager=False)
        return app

    def __exit__(self, *exc):
        self._drop_pools()
        self.app.conf.update(**self.saved)

    def _drop_pools(self):
        """Connections are pooled per broker: the next send opens new ones to the current URL."""
        self.app._pool = None  # not closed: others may still hold it
        self.app.amqp._producer_pool = None


def run_through_workers(app, campaign, period, queue, within):
    """Queue one national report on `queue`, wait for its run to end; (seconds, seconds until the
    shards were all computed — finish_report's first step —, run)."""

    run = ReportRun.objects.create(campaign=campaign, period=period)
    started = time.perf_counter()
    app.send_task("reports.tasks.generate_report", kwargs={"run_id": run.pk}, queue=queue)
    deadline = time.monotonic() + within
    shards_done = None
    run.refresh_from_db()
    while not run.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        run.refresh_from_db()
        if shards_done is None and run.progress >= 65:  # finish_report: "Combining the figures"
            shards_done = time.perf_counter() - started
    return time.perf_counter() - started, shards_done, run


def measure_workers(campaign, period, database_url, broker_url, counts=(1, 2), within=600, log=print):
    """{workers: seconds} of the national report through reports.tasks on 1, then 2 workers."""

    found = {}
    with tempfile.TemporaryDirectory(prefix="thidua-bench-workers-") as media_root, broker_app(broker_url) as app:
        for count in counts:
            pool = Workers(database_url, broker_url, media_root)
            try:
                for index in range(count):
                    pool.start(app, f"w{index + 1}")
                seconds, shards, run = run_through_workers(app, campaign, period, pool.queue, within)
                if run.state != RunState.SUCCEEDED:
                    raise RuntimeError(f"the run ended {run.state}: {run.error}\n{pool.logs()}")
                found[count] = (seconds, shards)
                log(f"  {count} worker(s): {seconds:.1f} s (shards computed after {shards or 0:.1f} s)")
            finally:
                pool.stop_all()
    return found


@measure("report_workers", "National progress report through Celery: 1 worker, then 2")
def report_workers(ctx):
    campaign = ctx.campaign
    ensure_topics(campaign)
    period = last_period(campaign)
    found = measure_workers(campaign, period, ctx.database_url, WORKER_BROKER_URL, log=ctx.log)
    (one, one_shards), (two, two_shards) = found[1], found[2]
    shards = len(figures.shard_keys(campaign))
    return [
        Row(
            f"Progress report, the country, through Celery ({shards} compute_shard + compute_ranking): 1 worker",
            seconds_text(one),
            "≤ 60 s",
            one <= 60,
            f"generate_report → chord of compute_shard per province and compute_ranking (done after "
            f"{one_shards or 0:.1f} s) "
            "→ finish_report; Redis broker",
        ),
        Row(
            "… 2 workers (concurrency 1 each), speed-up",
            f"{seconds_text(two)} = {one / two:.2f}× faster",
            "≤ 60 s",
            two <= 60,
            f"chord done after {two_shards or 0:.1f} s = {(one_shards or 0) / (two_shards or 1):.2f}× faster; "
            "combining and rendering stay one task",
        ),
    ]

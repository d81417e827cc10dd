"""Background jobs of progress reports: generation (fanned out per province), schedules, delivery.

generate_report(run_id) computes the figures itself when there is one shard, otherwise it
queues a chord: one compute_shard per province and one compute_ranking (so more workers make
the national report faster), then finish_report, which combines them, renders the files and
writes the report (reports.services.finish_run: one transaction, never an approved or sent report).

Every task may run twice (acks_late: a worker killed mid-way has its message delivered
again) and is safe to: a finished run is left alone, a report is written only in one
transaction. Passing errors (the database or the broker away for a moment) are retried
with exponential backoff; anything else ends the run failed with its reason.
"""

import datetime as dt
import logging

from celery import Task, chord, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from members.models import User

from . import figures, services
from .models import ReportRun, RunState
from .schedules import run_schedule as run

logger = logging.getLogger(__name__)

try:  # the Redis client is there whenever a Redis broker is
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    TRANSIENT = (OperationalError, InterfaceError, BrokerError, RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover
    TRANSIENT = (OperationalError, InterfaceError, BrokerError)


class ReportTask(Task):
    """A step of a report run: passing errors retried with exponential backoff, the run failed when it gives up.

    Retries are driven by `attempt` below rather than by `autoretry_for`, so that an eager
    run (the embedded mode, the unit tests) retries the same way instead of raising Retry
    through the request that queued it.
    """

    acks_late = True
    transient = TRANSIENT
    retry_backoff = 2  # about 2, 4, 8, 16 s (full jitter), never more than retry_backoff_max
    retry_backoff_max = 120
    retry_jitter = True
    max_retries = 4
    soft_time_limit = settings.REPORTS_SOFT_TIME_LIMIT
    time_limit = settings.REPORTS_TIME_LIMIT

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        services.fail_run(kwargs.get("run_id"), services.describe_error(exc))

    def attempt(self, run_id, work):
        """Call work(attempt_number); retry it on a passing error, end the run on any other."""
        retries = self.request.retries or 0
        while True:
            try:
                return work(retries)
            except self.transient as error:
                if retries >= self.max_retries:
                    return _end(run_id, error)
                services.note_retry(run_id, error)
                if not self.request.is_eager:
                    countdown = get_exponential_backoff_interval(
                        self.retry_backoff, retries, self.retry_backoff_max, self.retry_jitter
                    )
                    raise self.retry(exc=error, countdown=countdown) from error
                retries += 1
            except Exception as error:
                return _end(run_id, error)


def _end(run_id, error):
    """A lasting failure: the reason goes on the run's page, the task ends without retrying."""
    if isinstance(error, services.ReportLocked):
        reason = str(error)
    elif isinstance(error, SoftTimeLimitExceeded):
        reason = services.gettext_time_limit()
    else:
        logger.exception("Report run %s failed", run_id)
        reason = services.describe_error(error)
    services.fail_run(run_id, reason)
    return {"run": run_id, "state": "failed", "error": reason}


def _same_queue(task):
    """Options sending follow-up tasks to the queue this one came from."""
    queue = (task.request.delivery_info or {}).get("routing_key")
    return {"queue": queue} if queue else {}


@shared_task(base=ReportTask, bind=True)
def generate_report(self, run_id):
    """Start a run: one shard is computed here; several are fanned out as a chord."""
    task_id = self.request.id or ""

    def work(attempt):
        run = services.start_run(run_id, task_id=task_id)
        if run is None:
            return {"run": run_id, "state": "already finished"}
        services.check_replaceable(run)
        keys = figures.shard_keys(run.campaign)
        if len(keys) > 1:
            services.set_progress(run_id, 10, services.gettext_computing(len(keys)))
            return {"run": run_id, "state": "fan out", "keys": keys}
        report = services.finish_run(run, services.compute_all(run), attempt=attempt)
        return {"run": run_id, "state": "succeeded", "report": report.pk}

    outcome = self.attempt(run_id, work)
    if outcome.get("state") == "fan out":
        options = _same_queue(self)
        total = len(outcome["keys"])
        header = [compute_shard.s(run_id=run_id, shard_key=key, total=total).set(**options) for key in outcome["keys"]]
        # The rankings read the whole country's scores: one more task beside the shards.
        header.append(compute_ranking.s(run_id=run_id).set(**options))
        chord(header)(finish_report.s(run_id=run_id).set(**options))
        return {"run": run_id, "state": "fanned out", "shards": total}
    return outcome


@shared_task(base=ReportTask, bind=True)
def compute_shard(self, run_id, shard_key, total=None):
    """The partial figures of one province, for finish_report (None when the run has ended).

    `total`: the number of shards (for the progress bar), so that each task does not list the
    provinces of the whole population again."""

    def work(attempt):
        run = ReportRun.objects.select_related("campaign", "period").filter(pk=run_id).first()
        if run is None or run.state != RunState.RUNNING:
            return None
        shard = figures.compute_shard(run.campaign, run.period, shard_key, run.as_of)
        count = total or len(figures.shard_keys(run.campaign))
        services.add_progress(run_id, max(1, 50 // max(1, count)), 60)
        return {"shard": shard}

    outcome = self.attempt(run_id, work)
    return outcome.get("shard") if outcome else None


@shared_task(base=ReportTask, bind=True)
def compute_ranking(self, run_id):
    """The top units and score bands of the run's report, for finish_report (None when the run has ended)."""

    def work(attempt):
        run = ReportRun.objects.select_related("campaign", "period").filter(pk=run_id).first()
        if run is None or run.state != RunState.RUNNING:
            return None
        return {"ranked": figures.compute_ranking(run.campaign, run.period, as_of=run.as_of)}

    outcome = self.attempt(run_id, work)
    return outcome.get("ranked") if outcome else None


@shared_task(base=ReportTask, bind=True)
def finish_report(self, shards, run_id):
    """Combine the shards, render and write the report (reports.services.finish_run)."""

    def work(attempt):
        run = ReportRun.objects.select_related("campaign", "period", "requested_by").filter(pk=run_id).first()
        if run is None or run.state != RunState.RUNNING:  # a shard failed, or a redelivery after success
            return {"run": run_id, "state": "already finished"}
        if any(shard is None for shard in shards):
            raise RuntimeError("a part of the figures is missing")
        # compute_ranking's part is the one without a "shard" key (a run queued before it had none).
        ranked = next((part for part in shards if "shard" not in part), None)
        parts = [part for part in shards if "shard" in part]
        report = services.finish_run(run, parts, attempt=attempt, ranked=ranked)
        return {"run": run_id, "state": "succeeded", "report": report.pk}

    return self.attempt(run_id, work)


@shared_task(bind=True, acks_late=True, max_retries=0, soft_time_limit=300, time_limit=360)
def run_schedule(self, schedule_id, today=None):
    """Called by Celery beat (a PeriodicTask per ReportSchedule): queue the reports that are due."""

    day = dt.date.fromisoformat(today) if today else None
    runs = run(schedule_id, today=day)
    return {"schedule": schedule_id, "runs": [r.pk for r in runs]}


DELIVERY_MAX_RETRIES = 6


@shared_task(bind=True, acks_late=True, max_retries=DELIVERY_MAX_RETRIES, soft_time_limit=120, time_limit=180)
def deliver_report(self, report_id, by_id=None):
    """E-mail an approved report to the Board; each attempt is logged, retried with backoff (1 min … 32 min)."""

    by = User.objects.filter(pk=by_id).first() if by_id else None
    retries = self.request.retries or 0
    while True:
        try:
            return services.deliver(report_id, by=by)
        except services.DeliveryFailed as failure:
            if retries >= self.max_retries:
                logger.error("Report %s: delivery given up after %s attempts", report_id, retries + 1)
                return f"failed: {failure}"
            if not self.request.is_eager:
                countdown = settings.REPORTS_DELIVERY_BACKOFF * 2**retries
                raise self.retry(exc=failure, countdown=countdown) from failure
            retries += 1  # eager (embedded mode, tests): try again at once

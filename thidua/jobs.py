"""One door for putting work on the Celery queue: every view and service enqueues through here.

`enqueue` sends a task once the current transaction commits (a worker must find the rows
the request wrote), so callers never call `.delay()` themselves.

When the queue service (Redis) is down, the page that queued the work must still answer:
the broker's refusal is caught here, the job is kept as a members.PendingJob row, and the
request goes on. The rows are sent again, oldest first, by the next enqueue that reaches
the broker and by members.tasks.dispatch_pending_jobs, which celery beat runs every minute
(and `manage.py dispatch_pending_jobs` by hand). While rows wait `jobs_delayed()` is true
and staff see a banner; it is answered from this process's last look at the outbox, never by
pinging Redis on a page view.
"""

import json
import logging
import socket
import time

from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError
from kombu.utils import json as kombu_json

log = logging.getLogger(__name__)

# What publishing raises when the broker cannot be reached (kombu wraps socket errors).
BROKER_ERRORS = (OperationalError, ConnectionError, TimeoutError, OSError)


def _check_every():
    """Seconds between two looks at the outbox for the banner, per process (0: at every page)."""
    return getattr(settings, "JOBS_DELAYED_CHECK_EVERY", 30)


def _app():
    from thidua.celery import app

    return app


def _check_reachable(app):
    """Raise ConnectionError at once when nothing listens at the broker's address.

    A TCP connect with a short timeout, made only when a job is queued (never on a page
    view): without it a refused Redis costs several seconds, as redis-py retries a failed
    connect with back-off and kombu retries it again until its connect timeout.
    """
    connection = app.connection_for_write()
    try:
        if connection.transport.driver_type not in ("redis", "amqp"):
            return  # memory:// and the like have no address
        host = connection.hostname or "127.0.0.1"
        port = connection.port or connection.transport.default_port
    finally:
        connection.release()
    timeout = min(float(app.conf.broker_connection_timeout or 1), 1.0)
    with socket.create_connection((host, port), timeout=timeout):
        pass


def _publish(name, args, kwargs):
    """Send one task by name; fail at once (no publish retries) when the broker refuses."""
    app = _app()
    task = app.tasks[name]
    if app.conf.task_always_eager:
        # The embedded default: no broker, the task runs here and its errors are the caller's.
        return task.apply_async(args=args, kwargs=kwargs)
    _check_reachable(app)
    return task.apply_async(args=args, kwargs=kwargs, retry=False)


# This process's last look at the outbox: (delayed?, monotonic time it is good until). Kept in
# the process, not in Django's cache, which is a dummy when CACHE_URL is unset: each web process
# looks at the outbox at most every JOBS_DELAYED_CHECK_EVERY seconds.
_last_look = [None, 0.0]


def _remember(delayed, seconds):
    _last_look[:] = [delayed, time.monotonic() + seconds]


def forget_last_look():
    """Look at the outbox again on the next page (tests call it between tests too)."""
    _last_look[:] = [None, 0.0]


def _broker_up():
    forget_last_look()


def _broker_down():
    if _check_every() > 0:
        _remember(True, _check_every())


def _storable(value):
    """Plain JSON for a JSONField, with dates, decimals and the like tagged as Celery's JSON tags them."""
    return json.loads(kombu_json.dumps(value))


def _restored(value):
    """The arguments as the task was queued with them (dates and decimals back to their types)."""
    return kombu_json.loads(json.dumps(value))


def send_now(name, args=(), kwargs=None):
    """Publish now; when the broker refuses, keep the job as a PendingJob row. True when sent."""
    from members.models import PendingJob

    args, kwargs = list(args), dict(kwargs or {})
    try:
        _publish(name, args, kwargs)
    except BROKER_ERRORS as error:
        if _app().conf.task_always_eager:
            raise  # an eager task's own error, not the broker's
        log.warning("The queue service refused %s (%s): kept to be sent when it is back", name, error)
        PendingJob.objects.create(
            task_name=name, args=_storable(args), kwargs=_storable(kwargs), last_error=str(error)[:1000]
        )
        _broker_down()
        return False
    _broker_up()
    if PendingJob.objects.exists():
        dispatch_pending()
    return True


def enqueue(task, *args, **kwargs):
    """Queue `task` (a task, or its registered name) with these arguments after the current
    transaction commits; never fails on a down broker. Services pass the name, so that they
    need not import the tasks module that imports them."""
    name = task if isinstance(task, str) else task.name
    transaction.on_commit(lambda: send_now(name, args, kwargs))


def dispatch_pending(limit=500):
    """Send the kept jobs, oldest first, deleting each one sent; stop at the first refusal.

    Two dispatchers at once (beat and a request) never send a row twice: each takes rows
    under a row lock and skips those another holds. Returns the number sent.
    """
    from members.models import PendingJob

    sent = 0
    while sent < limit:
        with transaction.atomic():
            job = PendingJob.objects.select_for_update(skip_locked=True).order_by("queued_at", "pk").first()
            if job is None:
                break
            try:
                _publish(job.task_name, _restored(job.args), _restored(job.kwargs))
            except BROKER_ERRORS as error:
                if _app().conf.task_always_eager:
                    raise
                PendingJob.objects.filter(pk=job.pk).update(attempts=job.attempts + 1, last_error=str(error)[:1000])
                _broker_down()
                log.warning("The queue service is still down: %s jobs wait", PendingJob.objects.count())
                return sent
            except KeyError:
                log.error("Pending job %s names no known task %r: dropped", job.pk, job.task_name)
            job.delete()
            sent += 1
    if sent:
        log.info("Sent %s delayed background jobs", sent)
        _broker_up()
    return sent


def jobs_delayed():
    """True while jobs wait for the queue service: a refusal in this process says so at once;
    otherwise the outbox is looked at, at most every JOBS_DELAYED_CHECK_EVERY seconds (cached,
    so the rows a worker sent stop the banner within that time in every web process)."""
    from members.models import PendingJob

    every = _check_every()
    if every <= 0:
        return PendingJob.objects.exists()
    delayed, until = _last_look
    if delayed is None or time.monotonic() >= until:
        delayed = PendingJob.objects.exists()
        _remember(delayed, every)
    return delayed

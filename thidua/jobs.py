"""One door for putting work on the Celery queue: every view and service enqueues through here.

`enqueue` sends a task once the current transaction commits (a worker must find the rows
the request wrote), so callers never call `.delay()` themselves.
"""

from django.db import transaction


def enqueue(task, *args, **kwargs):
    """Queue `task` with these arguments after the current transaction commits."""
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs))

"""Beat schedules the app needs whatever the data: kept in django-celery-beat's tables.

They are (re)created after every `migrate` (and after a test flush) by a post_migrate handler,
so a database restored, flushed or migrated from scratch always has them.
"""

from django_celery_beat.models import IntervalSchedule, PeriodicTask

DISPATCH_TASK = "core.tasks.dispatch_pending_jobs"
DISPATCH_NAME = "Send background jobs delayed while the queue service was down"


def ensure_job_schedules(**kwargs):
    """Celery beat sends the jobs kept while the queue service was down, every minute."""

    every_minute, _created = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.update_or_create(
        name=DISPATCH_NAME,
        defaults={"task": DISPATCH_TASK, "interval": every_minute, "enabled": True, "expire_seconds": 50},
    )

"""Report schedules kept in the database, where Celery beat (DatabaseScheduler) reads them.

One place turns a ReportSchedule into its django-celery-beat rows: sync_periodic_task.
Both kinds run reports.tasks.run_schedule with the schedule's id:
- "day N of each month" fires on day N and generates the report of the last period
  that has ended (a draft is generated again, its texts kept);
- "N days after each period's deadline" fires every day and generates, for each period
  whose deadline + N days is today or past, the report it does not have yet.
An approved or sent report is never touched.
"""

import datetime as dt
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from . import services
from .models import Report, ReportSchedule, ReportStatus, RunTrigger, ScheduleKind

TASK_NAME = "reports.tasks.run_schedule"


def task_name(schedule):
    return f"reports-schedule-{schedule.pk}"


def sync_periodic_task(schedule):
    """Create, update or remove the PeriodicTask of a schedule so beat does what the row says."""
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour=str(schedule.hour),
        day_of_month=str(schedule.day_of_month) if schedule.kind == ScheduleKind.MONTH_DAY else "*",
        month_of_year="*",
        day_of_week="*",
        timezone=settings.TIME_ZONE,
    )
    fields = {
        "task": TASK_NAME,
        "crontab": crontab,
        "interval": None,
        "kwargs": json.dumps({"schedule_id": schedule.pk}),
        "enabled": schedule.enabled,
        "description": f"{schedule.campaign.short_name}: {schedule.describe()}",
    }
    task = schedule.periodic_task
    if task is None:
        task = PeriodicTask.objects.filter(name=task_name(schedule)).first()
    if task is None:
        task = PeriodicTask.objects.create(name=task_name(schedule), **fields)
    else:
        for name, value in fields.items():
            setattr(task, name, value)
        task.save()
    if schedule.periodic_task_id != task.pk:
        schedule.periodic_task = task
        ReportSchedule.objects.filter(pk=schedule.pk).update(periodic_task=task)
    return task


@transaction.atomic
def save_schedule(schedule, *, by):
    """Save a schedule (new or changed) and its PeriodicTask together."""
    schedule.updated_by = by
    if schedule.kind == ScheduleKind.MONTH_DAY:
        schedule.days_after_deadline = None
    else:
        schedule.day_of_month = None
    schedule.save()
    sync_periodic_task(schedule)
    return schedule


@transaction.atomic
def delete_schedule(schedule):
    task = schedule.periodic_task
    schedule.delete()
    if task is not None:
        task.delete()


def due_periods(schedule, today):
    """The periods a schedule generates a report for on `today`."""
    periods = schedule.campaign.periods.order_by("starts_on", "pk")
    reports = {r.period_id: r.status for r in Report.objects.filter(campaign=schedule.campaign)}
    if schedule.kind == ScheduleKind.MONTH_DAY:
        ended = [p for p in periods if p.ends_on < today]
        last = ended[-1:] if ended else []
        return [p for p in last if reports.get(p.pk, ReportStatus.DRAFT) == ReportStatus.DRAFT]
    lag = dt.timedelta(days=schedule.days_after_deadline or 0)
    return [p for p in periods if p.deadline + lag <= today and p.pk not in reports]


def run_schedule(schedule_id, *, today=None, inline=False):
    """Queue (or with inline=True, generate here) the reports a schedule has due; returns the runs."""
    schedule = ReportSchedule.objects.select_related("campaign").filter(pk=schedule_id, enabled=True).first()
    if schedule is None or schedule.campaign.status == "draft":
        return []
    today = today or timezone.localdate()
    runs = []
    for period in due_periods(schedule, today):
        try:
            run = services.request_run(schedule.campaign, period, trigger=RunTrigger.SCHEDULE, inline=inline)
        except services.ReportLocked:
            continue
        runs.append(run)
    return runs

"""Report schedules: saved in the app, kept in step with django-celery-beat, and what they generate."""

import datetime as dt
import json

import pytest
from django_celery_beat.models import PeriodicTask

from core.schedules import DISPATCH_TASK
from reports import schedules, services
from reports.forms import ScheduleForm
from reports.models import Report, ReportRun, ReportSchedule, ReportStatus, RunTrigger, ScheduleKind

pytestmark = pytest.mark.django_db


def month_day(campaign, office_user, day=25, **extra):
    schedule = ReportSchedule(campaign=campaign, kind=ScheduleKind.MONTH_DAY, day_of_month=day, **extra)
    return schedules.save_schedule(schedule, by=office_user)


def after_deadline(campaign, office_user, days=3, **extra):
    schedule = ReportSchedule(campaign=campaign, kind=ScheduleKind.AFTER_DEADLINE, days_after_deadline=days, **extra)
    return schedules.save_schedule(schedule, by=office_user)


def test_a_monthly_schedule_becomes_a_crontab_periodic_task(campaign, office_user):
    schedule = month_day(campaign, office_user, hour=6)

    task = PeriodicTask.objects.exclude(task=DISPATCH_TASK).get()
    crontab = task.crontab
    assert (task.task, json.loads(task.kwargs), task.enabled, schedule.periodic_task) == (
        "reports.tasks.run_schedule",
        {"schedule_id": schedule.pk},
        True,
        task,
    )
    assert (crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year, crontab.day_of_week) == (
        "0",
        "6",
        "25",
        "*",
        "*",
    )
    assert str(crontab.timezone) == "Asia/Ho_Chi_Minh"


def test_editing_and_disabling_a_schedule_updates_its_one_periodic_task(campaign, office_user):
    schedule = month_day(campaign, office_user)

    schedule.kind = ScheduleKind.AFTER_DEADLINE
    schedule.days_after_deadline = 3
    schedule.enabled = False
    schedules.save_schedule(schedule, by=office_user)

    task = PeriodicTask.objects.exclude(task=DISPATCH_TASK).get()
    assert (task.crontab.day_of_month, task.crontab.hour, task.enabled) == ("*", "7", False)
    assert ReportSchedule.objects.get().day_of_month is None


def test_deleting_a_schedule_deletes_its_periodic_task(campaign, office_user):
    schedule = after_deadline(campaign, office_user)

    schedules.delete_schedule(schedule)

    assert (ReportSchedule.objects.count(), PeriodicTask.objects.exclude(task=DISPATCH_TASK).count()) == (0, 0)


def test_after_deadline_is_due_from_the_deadline_plus_n_days_once(campaign, period, office_user, fast_render):
    schedule = after_deadline(campaign, office_user, days=3)

    assert schedules.due_periods(schedule, dt.date(2021, 12, 7)) == []
    assert schedules.due_periods(schedule, dt.date(2021, 12, 8)) == [period]
    services.request_run(campaign, period, inline=True)
    assert schedules.due_periods(schedule, dt.date(2022, 1, 8)) == []


def test_a_monthly_schedule_takes_the_last_ended_period_and_never_an_approved_one(
    campaign, period, office_user, fast_render
):
    from factories import ReportingPeriodFactory

    december = ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 12/2021",
        starts_on=dt.date(2021, 12, 1),
        ends_on=dt.date(2021, 12, 31),
        deadline=dt.date(2022, 1, 5),
    )
    schedule = month_day(campaign, office_user, day=25)

    assert schedules.due_periods(schedule, dt.date(2021, 12, 25)) == [period]
    assert schedules.due_periods(schedule, dt.date(2022, 1, 25)) == [december]
    services.request_run(campaign, december, inline=True)
    assert schedules.due_periods(schedule, dt.date(2022, 1, 25)) == [december]  # a draft is generated again
    Report.objects.filter(period=december).update(status=ReportStatus.APPROVED)
    assert schedules.due_periods(schedule, dt.date(2022, 1, 25)) == []


def test_the_beat_task_generates_what_is_due_by_the_schedule_and_nothing_twice(
    campaign, period, office_user, fast_render, eager_celery, django_capture_on_commit_callbacks
):
    from reports.tasks import run_schedule

    schedule = after_deadline(campaign, office_user, days=3)

    with django_capture_on_commit_callbacks(execute=True):
        run_schedule.apply(kwargs={"schedule_id": schedule.pk, "today": "2021-12-09"})
    with django_capture_on_commit_callbacks(execute=True):
        run_schedule.apply(kwargs={"schedule_id": schedule.pk, "today": "2021-12-10"})

    run = ReportRun.objects.get()
    assert (run.trigger, run.state, run.requested_by, Report.objects.count()) == (
        RunTrigger.SCHEDULE,
        "succeeded",
        None,
        1,
    )


def test_a_disabled_schedule_generates_nothing(campaign, period, office_user):
    schedule = after_deadline(campaign, office_user, enabled=False)

    assert schedules.run_schedule(schedule.pk, today=dt.date(2022, 1, 1)) == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "month_day", "hour": 7}, "day_of_month"),
        ({"kind": "month_day", "day_of_month": 31, "hour": 7}, "day_of_month"),
        ({"kind": "month_day", "day_of_month": 0, "hour": 7}, "day_of_month"),
        ({"kind": "after_deadline", "hour": 7}, "days_after_deadline"),
        ({"kind": "after_deadline", "days_after_deadline": 90, "hour": 7}, "days_after_deadline"),
        ({"kind": "after_deadline", "days_after_deadline": 3, "hour": 24}, "hour"),
        ({"kind": "weekly", "days_after_deadline": 3, "hour": 7}, "kind"),
    ],
)
def test_the_schedule_form_puts_each_mistake_on_its_field(campaign, data, field):
    form = ScheduleForm(data, instance=ReportSchedule(campaign=campaign))

    assert not form.is_valid()
    assert field in form.errors

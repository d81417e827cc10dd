"""Reminders (đôn đốc): one e-mail to each unit owing a period's report, recorded and never doubled.

A unit is reminded at most once a day for a period, whoever asks (the office's button, pressed
twice or by two clerks, or the automatic reminder before the deadline): the count shown before
sending (`reminder_plan`) is the count sent, and the dashboard shows each day's sending as one line.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .dashboard import overdue_units, pending_units, recipients_of
from .models import CampaignStatus, Reminder, ReportingPeriod

logger = logging.getLogger(__name__)


def build_email(template, context, to):
    """An e-mail from three templates: `<template>_subject.txt`, `<template>.txt` and `<template>.html`."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def day_start(now):
    """The beginning (local midnight) of the day `now` falls on: reminders count once from there."""
    day = timezone.localdate(now)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class ReminderPlan:
    """Who a reminder for a period would reach now: the same lists for the dialog and the sending."""

    to_send: list = field(default_factory=list)
    no_address: list = field(default_factory=list)
    reminded_today: list = field(default_factory=list)


def reminder_plan(period, now=None, before_deadline=False):
    """The units owing `period`'s report (overdue, or, `before_deadline`, not handed in yet), split
    into those a reminder goes to, those without any address and those already reminded today."""
    now = now or timezone.now()
    if before_deadline:
        units = list(pending_units(period))
    else:
        units = list(overdue_units(period, on=timezone.localdate(now)))
    today = set(
        Reminder.objects.filter(period=period, sent_at__gte=day_start(now)).values_list("organization_id", flat=True)
    )
    plan = ReminderPlan()
    for organization in units:
        if organization.pk in today:
            plan.reminded_today.append(organization)
        elif recipients_of(organization):
            plan.to_send.append(organization)
        else:
            plan.no_address.append(organization)
    return plan


@dataclass
class ReminderResult:
    sent: list = field(default_factory=list)
    no_address: list = field(default_factory=list)
    recent: list = field(default_factory=list)


def send_reminders(period, by, site_url="", now=None, connection=None, before_deadline=False):
    """E-mail every unit owing `period`'s report, record a Reminder for each, return who was reached.

    Overdue units after the deadline; with `before_deadline`, the units that have not handed
    their report in yet (the automatic reminder, `by` None). `connection` is the mail connection
    to send through (the configured backend when None); the demo, which replays reminders of
    2022, sends them nowhere.

    Units without any address are counted in `no_address`; units reminded for this period
    earlier the same day in `recent`. Each unit is claimed under a lock on the period row, so
    that two runs at once cannot both mail it.
    """
    now = now or timezone.now()
    plan = reminder_plan(period, now=now, before_deadline=before_deadline)
    result = ReminderResult(no_address=plan.no_address, recent=list(plan.reminded_today))
    connection = connection or get_connection()
    # The e-mails go to units in Vietnamese whatever the sender's language.
    with translation.override("vi"):
        for organization in plan.to_send:
            with transaction.atomic():
                ReportingPeriod.objects.select_for_update().filter(pk=period.pk).first()
                if Reminder.objects.filter(
                    period=period, organization=organization, sent_at__gte=day_start(now)
                ).exists():
                    result.recent.append(organization)
                    continue
                to = recipients_of(organization)
                context = {
                    "organization": organization,
                    "period": period,
                    "campaign": period.campaign,
                    "submission_status": organization.submission_status,
                    "sender": by,
                    "site_url": site_url.rstrip("/"),
                    "before_deadline": before_deadline,
                    "days_left": (period.deadline - timezone.localdate(now)).days,
                }
                message = build_email("campaign/emails/reminder", context, to)
                message.connection = connection
                message.send()
                Reminder.objects.create(period=period, organization=organization, recipients=", ".join(to), sent_by=by)
            result.sent.append(organization)
    logger.info(
        "Reminders for period %s: %d sent, %d without address, %d reminded earlier today",
        period.pk,
        len(result.sent),
        len(result.no_address),
        len(result.recent),
    )
    return result


def periods_due_for_reminder(on):
    """The periods of campaigns taking reports whose deadline is the campaign's reminder days after `on`."""
    periods = ReportingPeriod.objects.filter(
        campaign__status__in=(CampaignStatus.LAUNCHED, CampaignStatus.RUNNING, CampaignStatus.REVIEW),
        campaign__reminder_days_before__isnull=False,
    ).select_related("campaign")
    return [p for p in periods if p.deadline - dt.timedelta(days=p.campaign.reminder_days_before) == on]


def send_due_reminders(now=None, site_url=""):
    """The automatic reminders of the day: every unit not yet handed in for a period whose deadline
    is the campaign's chosen number of days away. Safe to run any number of times a day."""
    now = now or timezone.now()
    total = 0
    for period in periods_due_for_reminder(timezone.localdate(now)):
        total += len(send_reminders(period, None, site_url=site_url, now=now, before_deadline=True).sent)
    return total

"""Reminders (đôn đốc): one e-mail to each overdue unit of a period, recorded and never doubled."""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .dashboard import overdue_units, recipients_of
from .models import Reminder, ReportingPeriod

logger = logging.getLogger(__name__)

# A unit reminded for the same period this recently is not e-mailed again (a double click,
# a retried task, two staff members on the same afternoon).
QUIET = dt.timedelta(hours=1)


def build_email(template, context, to):
    """An e-mail from three templates: `<template>_subject.txt`, `<template>.txt` and `<template>.html`."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


@dataclass
class ReminderResult:
    sent: list = field(default_factory=list)
    no_address: list = field(default_factory=list)
    recent: list = field(default_factory=list)


def send_reminders(period, by, site_url="", now=None, connection=None):
    """E-mail every unit overdue for `period`, record a Reminder for each, return who was reached.

    `connection` is the mail connection to send through (the configured backend when None);
    the demo, which replays reminders of 2022, sends them nowhere.

    Units without any address are counted in `no_address`; units reminded for this period
    within the last hour in `recent`. Each unit is claimed under a lock on the period row, so
    that two runs at once cannot both mail it.
    """
    now = now or timezone.now()
    result = ReminderResult()
    units = list(overdue_units(period, on=timezone.localdate(now)))
    connection = connection or get_connection()
    # The e-mails go to units in Vietnamese whatever the sender's language.
    with translation.override("vi"):
        for organization in units:
            to = recipients_of(organization)
            if not to:
                result.no_address.append(organization)
                continue
            with transaction.atomic():
                ReportingPeriod.objects.select_for_update().filter(pk=period.pk).first()
                if Reminder.objects.filter(period=period, organization=organization, sent_at__gte=now - QUIET).exists():
                    result.recent.append(organization)
                    continue
                context = {
                    "organization": organization,
                    "period": period,
                    "campaign": period.campaign,
                    "submission_status": organization.submission_status,
                    "sender": by,
                    "site_url": site_url.rstrip("/"),
                }
                message = build_email("campaign/emails/reminder", context, to)
                message.connection = connection
                message.send()
                Reminder.objects.create(period=period, organization=organization, recipients=", ".join(to), sent_by=by)
            result.sent.append(organization)
    logger.info(
        "Reminders for period %s: %d sent, %d without address, %d reminded recently",
        period.pk,
        len(result.sent),
        len(result.no_address),
        len(result.recent),
    )
    return result

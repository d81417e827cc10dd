"""The e-mail a unit receives when the office returns or verifies its report: sent once per step.

Each step (a SubmissionEvent to returned or verified) is e-mailed at most once: the event row
is locked and stamped `notified_at` with the sending, so a retried task sends nothing more.
"""

import logging

from django.db import transaction
from django.utils import timezone, translation

from .dashboard import recipients_of
from .models import SubmissionEvent, SubmissionStatus
from .reminders import build_email

logger = logging.getLogger(__name__)

NOTIFIED = (SubmissionStatus.RETURNED, SubmissionStatus.VERIFIED)


def notify_unit(event_id, site_url=""):
    """E-mail the unit of the event's submission that it was returned or verified; True when sent."""
    with transaction.atomic():
        event = (
            SubmissionEvent.objects.select_for_update(of=("self",))
            .select_related("submission__organization", "submission__period__campaign", "by")
            .filter(pk=event_id, status__in=NOTIFIED)
            .first()
        )
        if event is None or event.notified_at is not None:
            return False
        submission = event.submission
        to = recipients_of(submission.organization)
        if not to:
            logger.info("Submission %s: %s, but the unit has no address", submission.pk, event.status)
            return False
        context = {
            "organization": submission.organization,
            "period": submission.period,
            "campaign": submission.period.campaign,
            "submission": submission,
            "event": event,
            "returned": event.status == SubmissionStatus.RETURNED,
            "site_url": site_url.rstrip("/"),
        }
        with translation.override("vi"):
            build_email("campaign/emails/submission_step", context, to).send()
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
    return True

"""Background jobs of campaigns: a leaf that takes ids and calls the services (nothing imports it
but views queueing a task object and Celery; services enqueue these by their registered names)."""

import logging

from celery import shared_task
from django.conf import settings

from members.models import User

from . import notices, reminders, signals, standings
from .models import ReportingPeriod

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=0)
def send_reminders(self, period_id, user_id, site_url=""):
    """E-mail the units overdue for a period; safe to run twice (see campaign.reminders)."""
    period = ReportingPeriod.objects.select_related("campaign").filter(pk=period_id).first()
    if period is None:
        logger.warning("Reporting period %s no longer exists", period_id)
        return None
    user = User.objects.filter(pk=user_id).first()
    result = reminders.send_reminders(period, user, site_url=site_url)
    return {"sent": len(result.sent), "no_address": len(result.no_address), "recent": len(result.recent)}


@shared_task(bind=True, acks_late=True, max_retries=0)
def refresh_scores(self, campaign_id, organization_ids=None, period_ids=None):
    """After a change to some units and periods (all when None): their period scores still stale,
    then their cumulated rows (campaign.standings.after_change); safe to run twice. Then what
    other apps keep from these units' scores follows (campaign.signals.scores_refreshed)."""
    refreshed = standings.after_change(campaign_id, organization_ids, period_ids)
    signals.scores_refreshed.send(
        sender=refresh_scores, campaign_id=campaign_id, organization_ids=organization_ids, period_ids=period_ids
    )
    return refreshed


@shared_task(bind=True, acks_late=True, max_retries=0)
def refresh_cumulated_rankings(self):
    """Daily (celery beat, just after midnight): rebuild the cumulated rankings in which a period
    became due (campaign.standings.day_changed); safe to run twice."""
    return standings.day_changed()


@shared_task(bind=True, acks_late=True, max_retries=0)
def send_due_reminders(self, site_url=""):
    """The automatic reminders before each deadline (celery beat, daily); safe to run twice a day."""
    return reminders.send_due_reminders(site_url=site_url or settings.SITE_URL)


@shared_task(bind=True, acks_late=True, max_retries=0)
def notify_unit(self, event_id, site_url=""):
    """E-mail a unit that its report was returned or verified; sent once per step (campaign.notices)."""
    return notices.notify_unit(event_id, site_url=site_url or settings.SITE_URL)

"""Recount the dashboard's and the queue's counters from the registrations and submissions (campaign.counters)."""

from campaign import counters
from campaign.models import Campaign
from core.management.rebuild import RebuildCommand


class Command(RebuildCommand):
    help = "Recount the progress counters of every campaign, or of one (--campaign N), from its rows."
    model = Campaign

    def rebuild(self, campaign):
        changed = counters.drift(campaign)
        written = counters.rebuild(campaign)
        return f"{written} counter rows, {changed} corrected"

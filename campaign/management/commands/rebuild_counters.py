"""Recount the dashboard's and the queue's counters from the registrations and submissions (campaign.counters)."""

from django.core.management.base import BaseCommand, CommandError

from campaign import counters
from campaign.models import Campaign


class Command(BaseCommand):
    help = "Recount the progress counters of every campaign, or of one (--campaign N), from its rows."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="the id of the one campaign to recount")

    def handle(self, *args, campaign=None, **options):
        campaigns = Campaign.objects.order_by("pk")
        if campaign is not None:
            campaigns = campaigns.filter(pk=campaign)
            if not campaigns.exists():
                raise CommandError(f"No campaign {campaign}.")
        for row in campaigns:
            changed = counters.drift(row)
            written = counters.rebuild(row)
            self.stdout.write(f"campaign {row.pk}: {written} counter rows, {changed} corrected")

"""Rebuild the maintained ranking tables (score rows, histograms, cumulated rows) of one campaign or all."""

from django.core.management.base import BaseCommand, CommandError

from campaign.models import Campaign
from campaign.standings import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the ranking tables kept for the pages (campaign.standings): stale or missing "
        "scores recomputed, histograms counted again, cumulated rows rewritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="Only this campaign (its id); default: every campaign.")

    def handle(self, *args, campaign=None, **options):
        campaigns = Campaign.objects.order_by("pk")
        if campaign is not None:
            campaigns = campaigns.filter(pk=campaign)
            if not campaigns.exists():
                raise CommandError(f"No campaign {campaign}.")
        for found in campaigns:
            periods = rebuild(found)
            self.stdout.write(f"{found}: {periods} periods rebuilt")

"""Rebuild the maintained ranking tables (score rows, histograms, cumulated rows) of one campaign or all."""

from campaign.models import Campaign
from campaign.standings import rebuild
from core.management.rebuild import RebuildCommand


class Command(RebuildCommand):
    help = (
        "Rebuild the ranking tables kept for the pages (campaign.standings): stale or missing "
        "scores recomputed, histograms counted again, cumulated rows rewritten."
    )
    model = Campaign

    def rebuild(self, campaign):
        return f"{rebuild(campaign)} periods rebuilt"

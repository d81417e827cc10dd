"""Store every nomination's rank scores again (awards.rank_scores), or one campaign's."""

from awards.rank_scores import nominating_campaigns, refresh_rank_scores
from campaign.models import Campaign
from core.management.rebuild import RebuildCommand


class Command(RebuildCommand):
    help = "Store the unit's cumulated score, band and veto and the shortlist's sort keys on every nomination."
    model = Campaign

    def every(self):
        return nominating_campaigns()

    def label(self, campaign):
        return "outside campaigns" if campaign is None else super().label(campaign)

    def rebuild(self, campaign):
        return f"{refresh_rank_scores(campaign)} changed"

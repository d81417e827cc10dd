"""Store every nomination's rank scores again (awards.rank_scores), or one campaign's."""

from django.core.management.base import BaseCommand, CommandError

from awards.rank_scores import refresh_all_rank_scores, refresh_rank_scores
from campaign.models import Campaign


class Command(BaseCommand):
    help = "Store the unit's cumulated score, band and veto and the shortlist's sort keys on every nomination."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="only this campaign's nominations (its id)")

    def handle(self, *args, **options):
        if options["campaign"]:
            campaign = Campaign.objects.filter(pk=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"No campaign {options['campaign']}.")
            done = {campaign.pk: refresh_rank_scores(campaign)}
        else:
            done = refresh_all_rank_scores()
        for key, changed in done.items():
            self.stdout.write(f"{'outside campaigns' if key is None else f'campaign {key}'}: {changed} changed")

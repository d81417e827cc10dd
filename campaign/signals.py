"""Signals of campaigns, for the apps above that keep something from a campaign's data.

`scores_refreshed` is sent by the task that refreshes stored scores (campaign.tasks.refresh_scores),
after it stored them, with `campaign_id`, `organization_ids` and `period_ids` (None: all). The
awards app stores its nominations' rank scores from it (awards.rank_scores), since a campaign
never imports awards.
"""

from django.dispatch import Signal

scores_refreshed = Signal()

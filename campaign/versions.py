"""The campaign's data version: the number every cached figure of a campaign is kept under.

It changes whenever a campaign's submissions or scores change (campaign.score_table and
campaign.submissions raise it), so a cached ranking, dashboard or map is never read after
what it was computed from has moved. A module of its own at the bottom of the campaign's
modules, since the map (campaign.areas), the score table and the ranking all key by it.
"""

from django.core.cache import cache


def data_version(campaign_id):
    """A number that changes whenever a campaign's scores or submissions change (cache keys use it)."""
    return cache.get_or_set(f"campaign:{campaign_id}:version", 1, timeout=None)


def bump_version(campaign_id):
    try:
        cache.incr(f"campaign:{campaign_id}:version")
    except ValueError:
        cache.set(f"campaign:{campaign_id}:version", 2, timeout=None)

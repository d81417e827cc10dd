"""The cache scopes of the campaigns (core.caching) besides their scores: the campaigns, and who
registered in each.

Registering, withdrawing and restoring a unit save or delete a Registration, and raise the
campaign's scope here; what is cached under it (the areas its units are in, for the filters)
is computed again then, and not when a submission moves.
"""

from django.db.models.signals import post_delete, post_save

from core.caching import bump_on_commit

from .models import Campaign, Registration

CAMPAIGNS = "campaigns"  # the campaigns themselves (their names, for the lists' selects)


def submissions(period_id):
    """The scope of a period's submissions: raised when one is opened, handed in or taken back
    (campaign.submissions: not when a report handed in is verified, which keeps it handed in),
    for what is kept of who has handed in beyond the counters."""
    return f"period:{period_id}:submissions"


def registrations(campaign_id):
    """The scope of a campaign's registrations (which units take part)."""
    return f"campaign:{campaign_id}:registrations"


def _changed(sender, instance, **kwargs):
    bump_on_commit(registrations(instance.campaign_id))


def _campaign_changed(sender, **kwargs):
    bump_on_commit(CAMPAIGNS)


post_save.connect(_changed, sender=Registration, dispatch_uid="scope-registration-save")
post_delete.connect(_changed, sender=Registration, dispatch_uid="scope-registration-delete")
post_save.connect(_campaign_changed, sender=Campaign, dispatch_uid="scope-campaign-save")
post_delete.connect(_campaign_changed, sender=Campaign, dispatch_uid="scope-campaign-delete")

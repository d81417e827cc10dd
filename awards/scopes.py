"""The cache scopes of the awards (core.caching): the award types, raised by every change of one,
and each campaign's nominations, raised by every save or delete of one of them.

The stored rank scores (awards.rank_scores) are written past the model and raise nothing: no
value cached under these scopes reads them.
"""

from django.db.models.signals import post_delete, post_save

from core.caching import bump_on_commit

from .models import AwardType, Nomination

AWARD_TYPES = "award-types"
NOMINATIONS = "nominations"  # every nomination, whatever its campaign (the nomination list's count)


def nominations(campaign_id):
    """The scope of a campaign's nominations (None: those outside any campaign): their states,
    kinds and award types, as the shortlist's tabs count them."""
    return f"campaign:{campaign_id}:nominations"


def _changed(sender, **kwargs):
    bump_on_commit(AWARD_TYPES)


def _nomination_changed(sender, instance, **kwargs):
    bump_on_commit(nominations(instance.campaign_id))
    bump_on_commit(NOMINATIONS)


post_save.connect(_changed, sender=AwardType, dispatch_uid="scope-awardtype-save")
post_delete.connect(_changed, sender=AwardType, dispatch_uid="scope-awardtype-delete")
post_save.connect(_nomination_changed, sender=Nomination, dispatch_uid="scope-nomination-save")
post_delete.connect(_nomination_changed, sender=Nomination, dispatch_uid="scope-nomination-delete")

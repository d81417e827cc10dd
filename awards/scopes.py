"""The cache scopes of the awards (core.caching): the award types, and the nominees a unit keeps
(households, initiatives), each raised by every change of one; and the nominations, per campaign
and all together, raised by every save or delete of one of them.

The stored rank scores (awards.rank_scores) are written past the model and raise nothing: no
value cached under these scopes reads them.
"""

from django.db.models.signals import post_delete, post_save

from core.caching import bump_on_commit

from .models import AwardType, Household, Initiative, Nomination

AWARD_TYPES = "award-types"
NOMINEES = "nominees"  # households and initiatives (what quota_base counts besides units and people)
NOMINATIONS = "nominations"  # every nomination, whatever its campaign (the nomination list's count)

_SCOPE_OF = {AwardType: AWARD_TYPES, Household: NOMINEES, Initiative: NOMINEES}


def nominations(campaign_id):
    """The scope of a campaign's nominations (None: those outside any campaign): their states,
    kinds and award types, as the shortlist's tabs count them."""
    return f"campaign:{campaign_id}:nominations"


def _changed(sender, **kwargs):
    bump_on_commit(_SCOPE_OF[sender])


def _nomination_changed(sender, instance, **kwargs):
    bump_on_commit(nominations(instance.campaign_id), NOMINATIONS)


for _model in _SCOPE_OF:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"scope-{_model.__name__.lower()}-save")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"scope-{_model.__name__.lower()}-delete")
post_save.connect(_nomination_changed, sender=Nomination, dispatch_uid="scope-nomination-save")
post_delete.connect(_nomination_changed, sender=Nomination, dispatch_uid="scope-nomination-delete")

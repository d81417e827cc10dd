"""The cache scopes of the awards (core.caching): the award types, and the nominees a unit keeps
(households, initiatives); each raised by every change of one."""

from django.db.models.signals import post_delete, post_save

from core.caching import bump_on_commit

from .models import AwardType, Household, Initiative

AWARD_TYPES = "award-types"
NOMINEES = "nominees"  # households and initiatives (what quota_base counts besides units and people)

_SCOPE_OF = {AwardType: AWARD_TYPES, Household: NOMINEES, Initiative: NOMINEES}


def _changed(sender, **kwargs):
    bump_on_commit(_SCOPE_OF[sender])


for _model in _SCOPE_OF:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"scope-{_model.__name__.lower()}-save")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"scope-{_model.__name__.lower()}-delete")

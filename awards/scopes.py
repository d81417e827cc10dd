"""The cache scopes of the awards (core.caching): the award types, raised by every change of one."""

from django.db.models.signals import post_delete, post_save

from core.caching import bump_on_commit

from .models import AwardType

AWARD_TYPES = "award-types"


def _changed(sender, **kwargs):
    bump_on_commit(AWARD_TYPES)


post_save.connect(_changed, sender=AwardType, dispatch_uid="scope-awardtype-save")
post_delete.connect(_changed, sender=AwardType, dispatch_uid="scope-awardtype-delete")

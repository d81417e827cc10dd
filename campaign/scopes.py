"""The cache scopes of a campaign (core.caching) besides its scores: who registered in it.

Registering, withdrawing and restoring a unit save or delete a Registration, and raise the
campaign's scope here; what is cached under it (the areas its units are in, for the filters)
is computed again then, and not when a submission moves.
"""

from django.db.models.signals import post_delete, post_save

from core.caching import bump_on_commit

from .models import Registration


def registrations(campaign_id):
    """The scope of a campaign's registrations (which units take part)."""
    return f"campaign:{campaign_id}:registrations"


def _changed(sender, instance, **kwargs):
    bump_on_commit(registrations(instance.campaign_id))


post_save.connect(_changed, sender=Registration, dispatch_uid="scope-registration-save")
post_delete.connect(_changed, sender=Registration, dispatch_uid="scope-registration-delete")

"""The cache scopes of the member registry (core.caching): raised whenever its rows change.

Every save and delete of an area, an organization or a person raises its scope (the signals
below); code that writes these tables past the model (`QuerySet.update`, `bulk_create`, raw
SQL) calls `bump_on_commit` with the scope itself.
"""

from django.db.models.signals import post_delete, post_save

from core.caching import bump_on_commit

from .models import AdministrativeArea, Organization, Person

AREAS = "areas"  # the map: every administrative area, its dates, parents and successors
ORGANIZATIONS = "organizations"  # the register of organizations (kinds, statuses, recorded areas)
PEOPLE = "people"  # the register of people

_SCOPE_OF = {AdministrativeArea: AREAS, Organization: ORGANIZATIONS, Person: PEOPLE}


def _changed(sender, **kwargs):
    bump_on_commit(_SCOPE_OF[sender])


for _model in _SCOPE_OF:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"scope-{_model.__name__}-save")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"scope-{_model.__name__}-delete")

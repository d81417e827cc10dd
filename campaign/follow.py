"""What a campaign keeps of a unit follows the registry: a unit renamed, moved or given another
kind is ranked again under its new name, area and kind.

The score rows carry the unit's sort name, kind and area (campaign.score_table), so that a
ranking page reads 50 rows from an index. When an organization's name, recorded area or kind
changes — saved one by one, or written in bulk by the spreadsheet import
(members.signals.organizations_bulk_updated) — its rows in every campaign it is registered in
are scored again in the same transaction (`score_table.mark_stale`), with the histogram moved
from its old kind to its new one. Its progress counts follow it too (campaign.counters).
"""

from django.db.models.signals import post_save, pre_save

from members.models import Organization
from members.signals import organizations_bulk_updated

from .models import Registration
from .score_table import mark_stale

RANKED_FIELDS = ("name", "kind", "province_id", "district_id", "commune_id")


def _changed(before, after):
    return any(before.get(name) != after.get(name) for name in RANKED_FIELDS)


def _rescore(organization_ids):
    """Score these units again in every campaign they are registered in."""
    by_campaign = {}
    for campaign_id, organization_id in Registration.objects.filter(organization_id__in=organization_ids).values_list(
        "campaign_id", "organization_id"
    ):
        by_campaign.setdefault(campaign_id, []).append(organization_id)
    for campaign_id, ids in sorted(by_campaign.items()):
        mark_stale(campaign_id, sorted(ids))


def _as_stored(organization):
    return {name: getattr(organization, name) for name in RANKED_FIELDS}


def _before_save(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        instance._ranked_as = Organization.objects.filter(pk=instance.pk).values(*RANKED_FIELDS).first()


def _after_save(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_ranked_as", None)
    instance._ranked_as = None
    if raw or created or before is None or not _changed(before, _as_stored(instance)):
        return
    _rescore([instance.pk])


def _after_bulk_update(sender, changes, **kwargs):
    moved = [org.pk for org, stored in changes if _changed(stored, _as_stored(org))]
    if moved:
        _rescore(moved)


def connect():
    """Called once, by the app's ready()."""
    pre_save.connect(_before_save, sender=Organization, dispatch_uid="ranks-follow-before")
    post_save.connect(_after_save, sender=Organization, dispatch_uid="ranks-follow-after")
    organizations_bulk_updated.connect(_after_bulk_update, dispatch_uid="ranks-follow-bulk")

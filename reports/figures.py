"""MINIMAL stand-in kept by the flow branch so its tests run; replaced by the content branch's module.

Only the interface of reports-interface.md: shard_keys, compute_shard, combine, compute_figures,
and the one guaranteed key figures["participation"]["registered"].
"""

from campaign.models import Registration


def shard_keys(campaign):
    """The provinces of the participating organizations; [None] (one shard) when any has none."""
    provinces = list(
        Registration.objects.filter(campaign=campaign)
        .values_list("organization__province_id", flat=True)
        .distinct()
        .order_by("organization__province_id")
    )
    if not provinces or None in provinces:
        return [None]
    return provinces


def compute_shard(campaign, period, shard_key):
    registrations = Registration.objects.filter(campaign=campaign)
    if shard_key is not None:
        registrations = registrations.filter(organization__province_id=shard_key)
    return {"participation": {"registered": registrations.count()}}


def combine(campaign, period, shards):
    return {"participation": {"registered": sum(s["participation"]["registered"] for s in shards)}}


def compute_figures(campaign, period):
    return combine(campaign, period, [compute_shard(campaign, period, k) for k in shard_keys(campaign)])

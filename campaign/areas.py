"""Where a campaign's units sit: the day of its map, and the one placement every page and report uses.

The dashboard (progress by area, the overdue list), the rankings, the submission queue, the
filter forms' area choices and the progress report (its shards, figures and annex) all place
units through `campaign_map`, so a unit is in the same area on each of them.
"""

from django.db.models.functions import Coalesce
from django.utils import timezone

from core.caching import remember
from core.collation import Vietnamese
from members import scopes as registry
from members.areas import MAP_SECONDS, area_map, valid_on_day
from members.models import AdministrativeArea, Organization

from . import scopes
from .models import GroupingLevel


def map_day(campaign):
    """The day whose map places the campaign's units: its start (else its plan's date, else today).

    One day for the whole campaign, not each period's end: a campaign's periods are compared
    with each other (cumulated scores, the report's comparison with the previous period),
    which holds only when every unit stays in the same area in all of them. A campaign
    grouped by district that began before July 2025 keeps its districts after they were
    abolished, and a unit of the former Đắk Nông is in Lâm Đồng in a campaign of 2026.
    """
    return campaign.starts_on or campaign.plan_date or timezone.localdate()


def campaign_map(campaign):
    """The members.areas.AreaMap of the campaign's map day at its grouping level.

    Kept in the cache (Redis in production, and in the process) under the version of the areas
    only: a page of the country places 35,000 units, and building the map reads every area.
    Campaigns of the same day and level share it; a submission does not move it. Built by one
    process at a time, the others placing units on the previous map meanwhile.
    """
    return area_map(map_day(campaign), campaign.grouping_level)


def place_units(campaign, organizations):
    """{organization id: its area at the campaign's grouping level on its map, or None}.

    `organizations`: anything with pk, commune_id, district_id and province_id.
    """
    return campaign_map(campaign).place(organizations)


def areas_of_units(campaign, organizations):
    """The areas (at the campaign's grouping level, on its map) an Organization queryset is in, by name."""
    return AdministrativeArea.objects.filter(pk__in=_area_ids(campaign, organizations)).order_by(Vietnamese("name"))


def _area_ids(campaign, organizations):
    at_level = campaign_map(campaign).at_level
    recorded = organizations.order_by().values_list(Coalesce("commune_id", "district_id", "province_id"), flat=True)
    return sorted({at_level.get(pk) for pk in recorded.distinct()} - {None})


def _cached_areas(campaign, which, organizations):
    """`areas_of_units` of a campaign's own set of units, the ids kept in the cache under the
    versions of what they come from: the areas, the organizations and its registrations (the
    campaign's kinds, level and map day are in the name)."""
    name = ":".join(
        [
            "unit-areas",
            str(campaign.pk),
            which,
            campaign.grouping_level,
            map_day(campaign).isoformat(),
            ",".join(sorted(campaign.subject_kinds or [])),
        ]
    )
    ids = remember(
        name,
        lambda: _area_ids(campaign, organizations),
        scopes=[registry.AREAS, registry.ORGANIZATIONS, scopes.registrations(campaign.pk)],
        timeout=MAP_SECONDS,
        stale=True,
    )
    return AdministrativeArea.objects.filter(pk__in=ids).order_by(Vietnamese("name"))


def areas_of_registered(campaign):
    """The areas (at the campaign's grouping level) its registered units are in, by name: the
    choices of the area filters of the rankings, the submission queue and the violations."""
    return _cached_areas(campaign, "registered", Organization.objects.filter(registrations__campaign=campaign))


def areas_of_subjects(campaign, subjects):
    """The areas the campaign's subject units (`subjects`, campaign.services.subject_units) are in:
    the choices of the registration overview's area filter."""
    return _cached_areas(campaign, "subjects", subjects)


def in_area(campaign, area_id, prefix=""):
    """A filter for the organizations in `area_id` on the campaign's map (`prefix`: the path to
    the organization, e.g. "organization__" on a submission)."""
    return campaign_map(campaign).in_areas([area_id], prefix)


def levels_on(day):
    """The grouping levels of which some area exists on `day` (no district after 30/06/2025)."""
    present = set(valid_on_day(AdministrativeArea.objects.all(), day).values_list("level", flat=True).distinct())
    return [level for level in GroupingLevel.values if level in present]


def default_grouping(day):
    """The level a new campaign starting on `day` groups by: districts while they exist, else provinces."""
    levels = levels_on(day)
    return GroupingLevel.DISTRICT if GroupingLevel.DISTRICT in levels or not levels else GroupingLevel.PROVINCE

"""Administrative areas across the 2025 reform: which area covered a place on a date."""

from django.db.models import Q

from core.caching import remember

from . import scopes
from .models import AdministrativeArea, AreaLevel

MAP_SECONDS = 300

LEVEL_DEPTH = {AreaLevel.PROVINCE: 0, AreaLevel.DISTRICT: 1, AreaLevel.COMMUNE: 2}


def _follow(area, name, known):
    """The area's parent or successor, from `known` ({pk: area}) when given, else by the relation."""
    if known is None:
        return getattr(area, name)
    pk = getattr(area, f"{name}_id")
    return known.get(pk) if pk is not None else None


def covering_area(area, day, known=None):
    """The area valid on `day` that covers `area`, following mergers forward in time.

    A unit that ceased without a named successor is covered by its parent (and so by
    whatever the parent became): a former district of Đắk Nông leads to Lâm Đồng.
    `known` ({pk: area}, as AreaMap loads them) answers without queries.
    """
    seen = set()
    while area is not None and not area.is_valid_on(day):
        if area.pk in seen or area.valid_until is None or area.valid_until >= day:
            return None  # the area did not exist yet on that day
        seen.add(area.pk)
        area = _follow(area, "successor", known) or _follow(area, "parent", known)
    return area


def valid_on_day(areas, day):
    """The areas of a queryset that exist on `day` (the one rule for “valid on” in queries)."""
    return areas.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def recorded_area(organization):
    """The lowest area the organization is recorded in."""
    return organization.commune or organization.district or organization.province


def recorded_area_id(organization):
    """The id of the lowest area the organization is recorded in, without a query."""
    return organization.commune_id or organization.district_id or organization.province_id


def _climb(area, level, known):
    """`area` or the parent of it at `level`, or None when it has none there."""
    while area is not None and LEVEL_DEPTH[area.level] > LEVEL_DEPTH[level]:
        area = _follow(area, "parent", known)
    if area is not None and area.level == level:
        return area
    return None


def area_on(organization, day, level, known=None):
    """The area of `level` that an organization was in on `day`, or None."""
    start = recorded_area(organization) if known is None else known.get(recorded_area_id(organization))
    return _climb(covering_area(start, day, known), level, known)


def recorded_in(area_ids, prefix=""):
    """A filter for the organizations whose lowest recorded area is one of `area_ids` (`prefix`:
    the path to the organization, e.g. "organization__" on a submission)."""
    ids = list(area_ids)
    return (
        Q(**{f"{prefix}commune_id__in": ids})
        | Q(**{f"{prefix}commune_id": None, f"{prefix}district_id__in": ids})
        | Q(**{f"{prefix}commune_id": None, f"{prefix}district_id": None, f"{prefix}province_id__in": ids})
    )


class AreaMap:
    """The map of one day: for every area an organization can be recorded in, the area of one
    level that covered it on that day, and the province it lay in.

    The one loader that places organizations on a map: built from every area in one query (a
    country has some fifteen thousand, far fewer than its organizations), it then answers
    for any number of organizations without queries, and is small enough to keep in the
    cache (`area_map`, under the version of the areas). Placing an organization
    is `area_on` of its recorded area; `tests/members/test_areas.py` holds the two together.
    """

    def __init__(self, day, level):
        known = {area.pk: area for area in AdministrativeArea.objects.all()}
        self.day, self.level = day, level
        self.at_level = {}  # recorded area id -> id of the area of `level` covering it on `day`, or None
        self.province = {}  # recorded area id -> id of the province covering it on `day`, or None
        for pk, area in known.items():
            covering = covering_area(area, day, known)
            self.at_level[pk] = getattr(_climb(covering, level, known), "pk", None)
            self.province[pk] = getattr(_climb(covering, AreaLevel.PROVINCE, known), "pk", None)
        self.areas = {pk: known[pk] for pk in set(self.at_level.values()) if pk is not None}

    def area_of(self, organization):
        """The area of the map's level the organization was in, or None."""
        return self.areas.get(self.at_level.get(recorded_area_id(organization)))

    def place(self, organizations):
        """{organization id: its area of the map's level, or None}."""
        return {o.pk: self.area_of(o) for o in organizations}

    def province_of(self, organization):
        """The id of the province the organization was in, or None."""
        return self.province.get(recorded_area_id(organization))

    def in_areas(self, area_ids, prefix=""):
        """A filter for the organizations in these areas of the map's level."""
        wanted = {int(pk) for pk in area_ids}
        return recorded_in([pk for pk, found in self.at_level.items() if found in wanted], prefix)

    def in_provinces(self, province_ids, prefix=""):
        """A filter for the organizations in these provinces."""
        wanted = set(province_ids)
        return recorded_in([pk for pk, found in self.province.items() if found in wanted], prefix)


def area_map(day, level):
    """The AreaMap of `day` at `level`, kept in the cache (Redis in production, and in the process)
    under the version of the areas (members.scopes.AREAS): building it reads every area. Built by
    one process at a time, the others placing units on the previous map meanwhile."""
    return remember(
        f"area-map:{day.isoformat()}:{level}",
        lambda: AreaMap(day, level),
        scopes=[scopes.AREAS],
        timeout=MAP_SECONDS,
        stale=True,
        local=True,
    )


def places_on(organizations, day):
    """{organization id: (commune, province)} covering each organization on the map of `day` (either may
    be None): where the registry shows a unit today, whatever map it was recorded on. Two queries."""
    organizations = list(organizations)
    communes = area_map(day, AreaLevel.COMMUNE)
    provinces = AdministrativeArea.objects.in_bulk({communes.province_of(o) for o in organizations} - {None})
    return {o.pk: (communes.area_of(o), provinces.get(communes.province_of(o))) for o in organizations}


def ancestors(area, known=None):
    """The area itself and its parents, lowest first (`known`, {pk: area}: without queries)."""
    chain = []
    while area is not None:
        chain.append(area)
        area = _follow(area, "parent", known)
    return chain


def split_levels(area, known=None):
    """(province, district, commune) for the lowest area an organization is placed in
    (`known`, {pk: area}: without queries)."""
    found = {level: None for level in LEVEL_DEPTH}
    for item in ancestors(area, known):
        found[item.level] = item
    return found[AreaLevel.PROVINCE], found[AreaLevel.DISTRICT], found[AreaLevel.COMMUNE]

"""Administrative areas across the 2025 reform: which area covered a place on a date."""

from django.db import connection
from django.db.models.expressions import RawSQL

from .models import AdministrativeArea, AreaLevel

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
    `known` ({pk: area}, from `load_chains`) answers without queries.
    """
    seen = set()
    while area is not None and not area.is_valid_on(day):
        if area.pk in seen or area.valid_until is None or area.valid_until >= day:
            return None  # the area did not exist yet on that day
        seen.add(area.pk)
        area = _follow(area, "successor", known) or _follow(area, "parent", known)
    return area


def recorded_area(organization):
    """The lowest area the organization is recorded in."""
    return organization.commune or organization.district or organization.province


def area_on(organization, day, level, known=None):
    """The area of `level` that an organization was in on `day`, or None."""
    if known is None:
        start = recorded_area(organization)
    else:
        start_id = organization.commune_id or organization.district_id or organization.province_id
        start = known.get(start_id)
    area = covering_area(start, day, known)
    while area is not None and LEVEL_DEPTH[area.level] > LEVEL_DEPTH[level]:
        area = _follow(area, "parent", known)
    if area is not None and area.level == level:
        return area
    return None


def load_chains(area_ids):
    """{pk: area} of the given areas and every parent and successor they lead to, in one query
    (a recursive one), whatever the number of areas: for pages that place many organizations."""
    # Always the one query, even for no area (IN (NULL) matches nothing): a page reads as many
    # queries for units without an area as for those with one.
    ids = sorted({pk for pk in area_ids if pk is not None}) or [None]
    table = connection.ops.quote_name(AdministrativeArea._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    chain = (
        f"WITH RECURSIVE chain(id) AS ("
        f"SELECT id FROM {table} WHERE id IN ({marks}) "
        f"UNION SELECT next.id FROM {table} AS here JOIN chain ON here.id = chain.id "
        f"JOIN {table} AS next ON next.id = here.parent_id OR next.id = here.successor_id"
        f") SELECT id FROM chain"
    )
    return {area.pk: area for area in AdministrativeArea.objects.filter(pk__in=RawSQL(chain, ids))}


def areas_on(organizations, day, level):
    """{organization id: the area of `level` it was in on `day`, or None}, in a few queries."""
    organizations = list(organizations)
    known = load_chains(o.commune_id or o.district_id or o.province_id for o in organizations)
    return {o.pk: area_on(o, day, level, known) for o in organizations}


def ancestors(area):
    """The area itself and its parents, lowest first."""
    chain = []
    while area is not None:
        chain.append(area)
        area = area.parent
    return chain


def split_levels(area):
    """(province, district, commune) for the lowest area an organization is placed in."""
    found = {level: None for level in LEVEL_DEPTH}
    for item in ancestors(area):
        found[item.level] = item
    return found[AreaLevel.PROVINCE], found[AreaLevel.DISTRICT], found[AreaLevel.COMMUNE]

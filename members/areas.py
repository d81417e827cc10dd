"""Administrative areas across the 2025 reform: which area covered a place on a date."""

from .models import AreaLevel

LEVEL_DEPTH = {AreaLevel.PROVINCE: 0, AreaLevel.DISTRICT: 1, AreaLevel.COMMUNE: 2}


def covering_area(area, day):
    """The area valid on `day` that covers `area`, following mergers forward in time.

    A unit that ceased without a named successor is covered by its parent (and so by
    whatever the parent became): a former district of Đắk Nông leads to Lâm Đồng.
    """
    seen = set()
    while area is not None and not area.is_valid_on(day):
        if area.pk in seen or area.valid_until is None or area.valid_until >= day:
            return None  # the area did not exist yet on that day
        seen.add(area.pk)
        area = area.successor or area.parent
    return area


def area_on(organization, day, level):
    """The area of `level` that an organization was in on `day`, or None."""
    start = organization.commune or organization.district or organization.province
    area = covering_area(start, day)
    while area is not None and LEVEL_DEPTH[area.level] > LEVEL_DEPTH[level]:
        area = area.parent
    if area is not None and area.level == level:
        return area
    return None


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

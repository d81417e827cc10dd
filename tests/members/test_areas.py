"""Which area covered a place on a date, across the July 2025 reform (members.areas)."""

import datetime as dt

import pytest
from factories import AdministrativeAreaFactory, OrganizationFactory

from members.areas import AreaMap, area_on, covering_area, split_levels
from members.models import AdministrativeArea, AreaLevel, Organization

CAMPAIGN_2021 = dt.date(2021, 11, 8)
TODAY_2026 = dt.date(2026, 11, 24)
EVE = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)

P, D, C = AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE


@pytest.mark.parametrize(
    ("start", "day", "expected"),
    [
        ("old_dak_wil", CAMPAIGN_2021, "old_dak_wil"),
        ("old_dak_wil", EVE, "old_dak_wil"),
        ("old_dak_wil", REFORM, "new_dak_wil"),
        ("old_dak_wil", TODAY_2026, "new_dak_wil"),
        ("ea_po", TODAY_2026, "new_dak_wil"),
        ("cu_jut", CAMPAIGN_2021, "cu_jut"),
        # a district ceased without successor: its parent, then the parent's successor
        ("cu_jut", TODAY_2026, "lam_dong"),
        ("dak_nong", CAMPAIGN_2021, "dak_nong"),
        ("dak_nong", TODAY_2026, "lam_dong"),
        ("lam_dong", TODAY_2026, "lam_dong"),
        # areas that did not exist yet
        ("lam_dong", CAMPAIGN_2021, None),
        ("new_dak_wil", CAMPAIGN_2021, None),
        ("new_dak_wil", EVE, None),
    ],
)
def test_covering_area_follows_the_reform_forward(dak_nong, start, day, expected):
    area = covering_area(getattr(dak_nong, start), day)

    assert area == (getattr(dak_nong, expected) if expected else None)


@pytest.mark.parametrize(
    ("place", "day", "level", "expected"),
    [
        # an organization in a former Đắk Nông commune
        ("old_dak_wil", CAMPAIGN_2021, P, "dak_nong"),
        ("old_dak_wil", CAMPAIGN_2021, D, "cu_jut"),
        ("old_dak_wil", CAMPAIGN_2021, C, "old_dak_wil"),
        ("old_dak_wil", TODAY_2026, P, "lam_dong"),
        ("old_dak_wil", TODAY_2026, C, "new_dak_wil"),
        ("old_dak_wil", TODAY_2026, D, None),
        # recorded only by its district
        ("cu_jut", CAMPAIGN_2021, D, "cu_jut"),
        ("cu_jut", CAMPAIGN_2021, P, "dak_nong"),
        ("cu_jut", CAMPAIGN_2021, C, None),
        ("cu_jut", TODAY_2026, P, "lam_dong"),
        ("cu_jut", TODAY_2026, D, None),
        # recorded in a commune of the new map, asked about 2021
        ("new_dak_wil", CAMPAIGN_2021, P, None),
        ("new_dak_wil", TODAY_2026, P, "lam_dong"),
        ("new_dak_wil", TODAY_2026, C, "new_dak_wil"),
    ],
)
def test_area_on_gives_the_area_of_the_level_on_the_day(dak_nong, place, day, level, expected):
    province, district, commune = split_levels(getattr(dak_nong, place))
    org = OrganizationFactory(province=province, district=district, commune=commune)

    area = area_on(org, day, level)

    assert area == (getattr(dak_nong, expected) if expected else None)


@pytest.mark.parametrize("day", [CAMPAIGN_2021, EVE, REFORM, TODAY_2026])
@pytest.mark.parametrize("level", [P, D, C])
def test_the_area_map_places_organizations_as_area_on_does_from_one_query(
    dak_nong, django_assert_num_queries, day, level
):
    orgs = [
        OrganizationFactory(
            **dict(zip(("province", "district", "commune"), split_levels(getattr(dak_nong, place)), strict=True))
        )
        for place in ("old_dak_wil", "ea_po", "cu_jut", "dak_nong", "new_dak_wil")
    ]
    orgs.append(OrganizationFactory(province=None, district=None, commune=None))

    with django_assert_num_queries(1):
        the_map = AreaMap(day, level)
    with django_assert_num_queries(0):
        found = the_map.place(orgs)
        provinces = [the_map.province_of(org) for org in orgs]

    assert found == {org.pk: area_on(org, day, level) for org in orgs}
    assert provinces == [getattr(area_on(org, day, P), "pk", None) for org in orgs]


@pytest.mark.parametrize(("day", "level", "area", "inside"), [
    (CAMPAIGN_2021, D, "cu_jut", {"old_dak_wil", "ea_po", "cu_jut"}),
    (TODAY_2026, C, "new_dak_wil", {"old_dak_wil", "ea_po", "new_dak_wil"}),
    (TODAY_2026, P, "lam_dong", {"old_dak_wil", "ea_po", "cu_jut", "dak_mil", "dak_nong", "new_dak_wil", "lam_dong"}),
])  # fmt: skip
def test_the_area_map_filters_the_organizations_it_places_in_an_area(dak_nong, day, level, area, inside):
    everywhere = ("old_dak_wil", "ea_po", "cu_jut", "dak_mil", "dak_nong", "new_dak_wil", "lam_dong")
    orgs = {
        place: OrganizationFactory(
            **dict(zip(("province", "district", "commune"), split_levels(getattr(dak_nong, place)), strict=True))
        )
        for place in everywhere
    }
    the_map = AreaMap(day, level)

    found = Organization.objects.filter(the_map.in_areas([getattr(dak_nong, area).pk]))

    assert {o.pk for o in found} == {orgs[place].pk for place in inside}
    assert all(the_map.area_of(o) == getattr(dak_nong, area) for o in found)


@pytest.mark.django_db
def test_covering_area_of_a_cycle_of_successors_returns_none():
    first = AdministrativeAreaFactory(level=C, valid_until=dt.date(2020, 1, 1))
    second = AdministrativeAreaFactory(level=C, valid_until=dt.date(2020, 1, 1), successor=first)
    first.successor = second
    first.save()

    assert covering_area(first, TODAY_2026) is None


def test_split_levels_of_a_commune_names_its_district_and_province(dak_nong):
    assert split_levels(dak_nong.old_dak_wil) == (dak_nong.dak_nong, dak_nong.cu_jut, dak_nong.old_dak_wil)


# --- the shipped list -----------------------------------------------------------------


def _area(level, code, valid_from=None):
    return AdministrativeArea.objects.get(level=level, code=code, valid_from=valid_from)


@pytest.mark.parametrize(
    ("commune_code", "day", "expected"),
    [
        # Xã Đắk Wil, Huyện Cư Jút, Tỉnh Đắk Nông in 2021
        ("24643", CAMPAIGN_2021, ("Tỉnh Đắk Nông", "Huyện Cư Jút", "Xã Đắk Wil")),
        # ... is Xã Đắk Wil, Tỉnh Lâm Đồng in 2026
        ("24643", TODAY_2026, ("Tỉnh Lâm Đồng", None, "Xã Đắk Wil")),
        # Phường Nghĩa Thành, TP. Gia Nghĩa became Phường Bắc Gia Nghĩa
        ("24612", CAMPAIGN_2021, ("Tỉnh Đắk Nông", "Thành phố Gia Nghĩa", "Phường Nghĩa Thành")),
        ("24612", TODAY_2026, ("Tỉnh Lâm Đồng", None, "Phường Bắc Gia Nghĩa")),
    ],
)
def test_shipped_area_list_maps_a_dak_nong_commune_across_the_reform(shipped_map, commune_code, day, expected):
    commune = _area(C, commune_code)
    province, district, _commune = split_levels(commune)
    org = OrganizationFactory(province=province, district=district, commune=commune)

    found = tuple(area_on(org, day, level) for level in (P, D, C))

    assert tuple(a.name if a else None for a in found) == expected


def test_shipped_area_list_maps_every_dak_nong_district_to_lam_dong_in_2026(shipped_map):
    districts = AdministrativeArea.objects.filter(level=D, parent__code="67")

    provinces = {covering_area(d, TODAY_2026).name for d in districts}

    assert (districts.count(), provinces) == (8, {"Tỉnh Lâm Đồng"})

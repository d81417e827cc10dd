"""Issue 17's “old map in new places”, each failure repeated as the issue words it.

Today is 04/12/2026: districts were abolished on 01/07/2025 and Đắk Nông merged into Lâm Đồng.
Every unit here is recorded as before the reform (Huyện Cư Jút, Tỉnh Đắk Nông) unless said otherwise.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from factories import (
    CampaignFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    UserFactory,
)
from openpyxl import load_workbook
from page_forms import page_form

from campaign.models import Campaign, CampaignStatus
from members.models import Role

TODAY = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(TODAY, tick=False):
        yield


def _old_unit(dak_nong, name="HTX Đắk Wil (ghi trước cải cách)"):
    return OrganizationFactory(
        name=name, province=dak_nong.dak_nong, district=dak_nong.cu_jut, commune=dak_nong.old_dak_wil
    )


def _campaign_2026(level="province"):
    campaign = CampaignFactory(
        status=CampaignStatus.RUNNING,
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 12, 31),
        grouping_level=level,
    )
    period = ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 7/2026",
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 7, 31),
        deadline=dt.date(2026, 8, 5),
    )
    return campaign, period


def test_a_new_2027_campaign_groups_by_province_and_places_every_unit(client_for, office_user, dak_nong):
    """“A new campaign defaults to grouping by district (none exist since 01/07/2025) and shows “—” for every unit.”"""
    client = client_for(office_user)
    create = reverse("campaign:campaign_create")
    data = page_form(client.get(create).text, "grouping_level")
    data.update(
        {
            "name": "Phong trào thi đua chuyển đổi số năm 2027",
            "short_name": "Chuyển đổi số 2027",
            "kind": "special",
            "starts_on": "01/01/2027",
            "ends_on": "31/12/2027",
            "subject_kinds": ["cooperative"],
        }
    )

    client.post(create, data)

    campaign = Campaign.objects.get(short_name="Chuyển đổi số 2027")
    assert (data["grouping_level"], campaign.grouping_level) == ("province", "province")
    old = _old_unit(dak_nong)
    new = OrganizationFactory(name="HTX Đắk Wil mới", province=dak_nong.lam_dong, commune=dak_nong.new_dak_wil)
    for org in (old, new):
        RegistrationFactory(campaign=campaign, organization=org)
    page = client.get(reverse("campaign:registration_overview", args=[campaign.pk]))
    assert {org.name: area for org, _registration, area in page.context["rows"]} == {
        old.name: dak_nong.lam_dong,
        new.name: dak_nong.lam_dong,
    }


def test_the_2026_dashboards_overdue_list_and_its_excel_place_units_in_lam_dong(client_for, office_user, dak_nong):
    """“The 2026 dashboard's overdue list, its Excel … still speak of districts of Đắk Nông.”"""
    campaign, period = _campaign_2026()
    org = _old_unit(dak_nong)
    RegistrationFactory(campaign=campaign, organization=org)
    client = client_for(office_user)
    url = reverse("campaign:dashboard", args=[campaign.pk])

    page = client.get(url, {"period": period.pk})
    sheet = client.get(url, {"period": period.pk, "export": "xlsx"})

    assert [(o.name, o.area) for o in page.context["overdue"]] == [(org.name, dak_nong.lam_dong)]
    assert "Huyện Cư Jút" not in page.text and "Tỉnh Đắk Nông" not in page.text
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == ["Tỉnh Lâm Đồng"]
    assert not any("Cư Jút" in str(cell) or "Đắk Nông" in str(cell) for row in rows for cell in row)


def test_the_units_home_header_places_it_on_its_campaigns_map(client_for, dak_nong):
    """“The unit's home header … still speaks of districts of Đắk Nông.”"""
    campaign, _period = _campaign_2026()
    org = _old_unit(dak_nong)
    RegistrationFactory(campaign=campaign, organization=org)
    user = UserFactory(role=Role.UNIT, organization=org)

    page = client_for(user).get(reverse("home"))

    assert page.context["area"] == dak_nong.lam_dong
    assert "Huyện Cư Jút" not in page.text and "Tỉnh Lâm Đồng" in page.text


def test_a_unit_without_a_campaign_is_placed_on_todays_map(client_for, dak_nong):
    org = _old_unit(dak_nong)
    user = UserFactory(role=Role.UNIT, organization=org)

    page = client_for(user).get(reverse("home"))

    assert page.context["area"] == dak_nong.lam_dong


def test_the_registry_overview_counts_units_by_the_provinces_of_today(client_for, council_user, dak_nong):
    """The staff home's “By district (before 07/2025)” list: now by the areas of today's map, linked
    to the organization list's province filter, which finds the same units."""
    _old_unit(dak_nong)
    _old_unit(dak_nong, "HTX Cư Jút")
    OrganizationFactory(name="HTX Đắk Wil mới", province=dak_nong.lam_dong, commune=dak_nong.new_dak_wil)
    client = client_for(council_user)  # the Council's home is the registry overview

    page = client.get(reverse("home"))
    found = client.get(reverse("members:organization_list"), {"province": dak_nong.lam_dong.pk})

    assert page.context["by_area"]["rows"] == [(dak_nong.lam_dong, 3)]
    assert "Huyện Cư Jút" not in page.text and "District (before 07/2025)" not in page.text
    assert f"?province={dak_nong.lam_dong.pk}" in page.text
    assert found.context["page"].paginator.count == 3


def test_a_unit_recorded_after_the_reform_shows_no_district_row(client_for, office_user, dak_nong):
    org = OrganizationFactory(name="HTX Đắk Wil mới", province=dak_nong.lam_dong, commune=dak_nong.new_dak_wil)
    old = _old_unit(dak_nong)
    client = client_for(office_user)
    client.cookies["thidua_language"] = "en"

    new_page = client.get(org.get_absolute_url()).text
    old_page = client.get(old.get_absolute_url()).text

    assert "District (before 07/2025)" not in new_page
    assert "District (before 07/2025)" in old_page and "Huyện Cư Jút" in old_page


def test_the_organization_list_shows_each_unit_where_it_is_today(client_for, office_user, dak_nong):
    old = _old_unit(dak_nong)
    client = client_for(office_user)

    page = client.get(reverse("members:organization_list"))

    shown = next(org for org in page.context["page"].object_list if org.pk == old.pk)
    assert (shown.commune_today, shown.province_today) == (dak_nong.new_dak_wil, dak_nong.lam_dong)
    table = page.text.split("<tbody>", 1)[1]  # the filter still offers the former districts, so labelled
    assert "Huyện Cư Jút" not in table and "Tỉnh Lâm Đồng" in table


def test_the_people_list_filters_by_a_province_of_today_through_the_merges(client_for, office_user, dak_nong):
    from factories import PersonFactory

    before = PersonFactory(full_name="Nguyễn Văn Trước", organization=_old_unit(dak_nong))
    PersonFactory(full_name="Trần Thị Khác", organization=OrganizationFactory(name="HTX không địa bàn"))
    client = client_for(office_user)
    url = reverse("members:person_list")

    page = client.get(url)
    found = client.get(url, {"province": dak_nong.lam_dong.pk})

    choices = [str(area) for area in page.context["filter"].form.fields["province"].queryset]
    assert choices == ["Tỉnh Lâm Đồng"]
    assert [p.pk for p in found.context["page"].object_list] == [before.pk]

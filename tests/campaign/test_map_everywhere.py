"""The map of the day everywhere (issue 17 item 3): a campaign groups by a level that exists on its start."""

import datetime as dt

import pytest
from django.urls import reverse
from factories import AdministrativeAreaFactory, OrganizationFactory

from campaign.areas import default_grouping, levels_on
from campaign.forms import CampaignForm

pytestmark = pytest.mark.usefixtures("english")


def _data(**extra):
    data = {
        "name": "Phong trào thi đua chuyển đổi số",
        "short_name": "Chuyển đổi số 2027",
        "kind": "special",
        "starts_on": "01/01/2027",
        "ends_on": "31/12/2027",
        "grouping_level": "province",
        "subject_kinds": ["cooperative"],
    }
    data.update(extra)
    return data


def test_levels_on_each_side_of_the_reform(dak_nong):
    assert levels_on(dt.date(2025, 6, 30)) == ["province", "district", "commune"]
    assert levels_on(dt.date(2025, 7, 1)) == ["province", "commune"]
    assert (default_grouping(dt.date(2021, 11, 8)), default_grouping(dt.date(2027, 1, 1))) == ("district", "province")


def test_a_new_campaign_after_the_reform_groups_by_province_by_default(dak_nong):
    form = CampaignForm()

    assert form.initial["grouping_level"] == "province"


def test_district_grouping_is_refused_for_a_campaign_starting_after_the_reform(dak_nong):
    form = CampaignForm(data=_data(grouping_level="district"))

    assert not form.is_valid()
    assert "No district exists on 01/01/2027" in form.errors["grouping_level"][0]


def test_district_grouping_is_kept_for_a_campaign_starting_before_the_reform(dak_nong):
    form = CampaignForm(data=_data(grouping_level="district", starts_on="08/11/2021", ends_on="31/01/2022"))

    form.is_valid()

    assert "grouping_level" not in form.errors


def test_the_province_filter_lists_each_province_of_today_once_and_finds_units_through_the_merges(
    client_for, office_user, dak_nong
):
    # The old Lâm Đồng, merged into the new one on the reform day: a second row of the same name.
    AdministrativeAreaFactory(
        code="68", name="Tỉnh Lâm Đồng", level="province", valid_until=dt.date(2025, 6, 30), successor=dak_nong.lam_dong
    )
    before = OrganizationFactory(
        name="HTX Đắk Wil cũ", province=dak_nong.dak_nong, district=dak_nong.cu_jut, commune=dak_nong.old_dak_wil
    )
    after = OrganizationFactory(name="HTX Đắk Wil mới", province=dak_nong.lam_dong, commune=dak_nong.new_dak_wil)
    url = reverse("members:organization_list")
    client = client_for(office_user)

    page = client.get(url)
    found = client.get(url, {"province": dak_nong.lam_dong.pk})

    choices = [str(area) for area in page.context["filter"].form.fields["province"].queryset]
    assert choices.count("Tỉnh Lâm Đồng") == 1
    assert {o.pk for o in found.context["page"].object_list} >= {before.pk, after.pk}

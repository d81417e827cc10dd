"""The map of the day everywhere (issue 17 item 3): a campaign groups by a level that exists on its start."""

import datetime as dt

import pytest

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

"""Pages that group a campaign's units by area use the map of the campaign's start (issue 10):
a unit recorded in a commune of the former Đắk Nông is in its district in 2021 and in Lâm Đồng in 2026."""

import datetime as dt

import pytest
from django.urls import reverse
from factories import (
    CampaignFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
)

from campaign.models import SubmissionStatus


@pytest.fixture
def scene(dak_nong):
    def build(starts_on, level):
        campaign = CampaignFactory(
            status="running", starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=180), grouping_level=level
        )
        end = starts_on + dt.timedelta(days=29)
        period = ReportingPeriodFactory(
            campaign=campaign, starts_on=starts_on, ends_on=end, deadline=end + dt.timedelta(days=5)
        )
        org = OrganizationFactory(
            name="HTX Đắk Wil", province=dak_nong.dak_nong, district=dak_nong.cu_jut, commune=dak_nong.old_dak_wil
        )
        RegistrationFactory(campaign=campaign, organization=org)
        SubmissionFactory(period=period, organization=org, status=SubmissionStatus.SUBMITTED)
        return campaign

    return build


@pytest.mark.parametrize(
    ("starts_on", "level", "area", "other"),
    [
        (dt.date(2021, 11, 8), "district", "cu_jut", "dak_mil"),
        (dt.date(2026, 7, 1), "province", "lam_dong", "dak_nong"),
        (dt.date(2026, 7, 1), "commune", "new_dak_wil", "old_dak_wil"),
    ],
)
@pytest.mark.parametrize("page", ["campaign:registration_overview", "campaign:submission_queue"])
def test_area_column_choices_and_filter_follow_the_campaigns_map(
    client_for, office_user, dak_nong, scene, starts_on, level, area, other, page
):
    campaign = scene(starts_on, level)
    url = reverse(page, args=[campaign.pk])
    client = client_for(office_user)
    wanted, elsewhere = getattr(dak_nong, area), getattr(dak_nong, other)

    shown = client.get(url)
    kept = client.get(url, {"area": wanted.pk})
    choices = list(shown.context["filter"].form.fields["area"].queryset)

    assert choices == [wanted]
    assert wanted.name in shown.content.decode()
    assert "HTX Đắk Wil" in kept.content.decode()
    assert client.get(url, {"area": elsewhere.pk}).status_code == 200  # not a choice: the form says so


def test_the_queue_offers_the_campaigns_periods(client_for, office_user, scene):
    campaign = scene(dt.date(2026, 7, 1), "province")

    response = client_for(office_user).get(reverse("campaign:submission_queue", args=[campaign.pk]))

    assert list(response.context["filter"].form.fields["period"].queryset) == list(campaign.periods.all())

"""Every page and report places a campaign's units on one map, the campaign's (issue 15).

The probe of the issue: a campaign that began on 1 May 2025, grouped by district, and its
period June–July 2025. Districts were abolished on 1 July 2025, within the period. The
dashboard used to put a Cư Jút cooperative under "Huyện Cư Jút" (the campaign's start)
and the progress report under no area at all (the period's end); now they agree, and so do
the ranking, the submission queue, the overdue list and the report's annex.
"""

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.urls import reverse
from factories import (
    CampaignFactory,
    CriterionFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    SubmissionValueFactory,
)

from campaign import dashboard, scopes
from campaign.areas import areas_of_registered, map_day, place_units
from campaign.models import SubmissionStatus
from campaign.ranking import period_scores
from core.caching import bump
from reports import figures
from reports.annex import sheets
from reports.models import Report


@pytest.fixture
def probe(dak_nong):
    campaign = CampaignFactory(
        starts_on=dt.date(2025, 5, 1),
        ends_on=dt.date(2025, 12, 31),
        plan_date=dt.date(2025, 4, 20),
        grouping_level="district",
    )
    period = ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 6-7/2025",
        starts_on=dt.date(2025, 6, 1),
        ends_on=dt.date(2025, 7, 31),
        deadline=dt.date(2025, 8, 5),
    )
    criterion = CriterionFactory(campaign=campaign)

    def unit(name):
        org = OrganizationFactory(
            name=name, province=dak_nong.dak_nong, district=dak_nong.cu_jut, commune=dak_nong.old_dak_wil
        )
        RegistrationFactory(campaign=campaign, organization=org)
        return org

    verified = unit("HTX Đắk Wil")
    submission = SubmissionFactory(period=period, organization=verified, status=SubmissionStatus.VERIFIED)
    SubmissionValueFactory(submission=submission, criterion=criterion, value=D("100"))
    overdue = unit("HTX Ea Pô")  # nothing handed in: overdue, and missing in the report
    return SimpleNamespace(campaign=campaign, period=period, verified=verified, overdue=overdue)


def test_the_map_day_is_the_campaigns_start_for_every_period(probe):
    assert map_day(probe.campaign) == dt.date(2025, 5, 1)


def test_dashboard_ranking_queue_and_report_put_the_unit_in_the_same_area(probe, dak_nong, client_for, office_user):
    campaign, period = probe.campaign, probe.period
    client = client_for(office_user)
    cu_jut = "Huyện Cư Jút"

    progress = dashboard.progress(campaign, period)
    page = client.get(reverse("campaign:dashboard", args=[campaign.pk]), {"period": period.pk})
    ranked = {s.name: s.area for s in period_scores(period)}
    queue = client.get(reverse("campaign:submission_queue", args=[campaign.pk]), {"period": period.pk})
    keys = figures.shard_keys(campaign)
    shards = [figures.compute_shard(campaign, period, key) for key in keys]
    found = figures.combine(campaign, period, shards)
    annex = {
        name: rows for name, _title, _columns, rows in sheets(Report(campaign=campaign, period=period, figures=found))
    }

    assert [(row.label, row.subjects) for row in progress.by_area] == [(cu_jut, 2)]
    assert [(org.name, org.area.name) for org in page.context["overdue"]] == [("HTX Ea Pô", cu_jut)]
    assert ranked == {"HTX Đắk Wil": cu_jut, "HTX Ea Pô": cu_jut}
    assert [(s.organization.name, s.area.name) for s in queue.context["page"]] == [("HTX Đắk Wil", cu_jut)]
    assert keys == [None]  # one province, Đắk Nông, on the campaign's map
    assert [(r["area"], r["subjects"]) for r in found["participation"]["by_area"]] == [(cu_jut, 2)]
    assert [(r["area"], r["verified"], r["missing"]) for r in found["submissions"]["by_area"]] == [(cu_jut, 1, 1)]
    assert [(u["name"], u["area"]) for u in found["submissions"]["missing_units"]] == [("HTX Ea Pô", cu_jut)]
    assert [(r["name"], r["area"]) for g in found["ranking"]["period"] for r in g["rows"]] == [("HTX Đắk Wil", cu_jut)]
    assert [row[1] for row in annex["Bảng 2"][:-1]] == [cu_jut]


def test_the_campaigns_map_is_kept_until_an_area_changes_not_when_a_submission_moves(
    probe, locmem_cache, django_assert_num_queries, dak_nong
):
    units = [probe.verified, probe.overdue]
    first = place_units(probe.campaign, units)  # builds the map and keeps it (pickled)

    bump(scopes.submissions(probe.period.pk))  # a submission moved: the map stays
    with django_assert_num_queries(0):
        again = place_units(probe.campaign, units)
    assert again == first
    assert {area.name for area in again.values()} == {"Huyện Cư Jút"}

    dak_nong.cu_jut.name = "Huyện Cư Jút mới"
    dak_nong.cu_jut.save()  # the map changed: built again
    with django_assert_num_queries(1):  # every area, read again
        moved = place_units(probe.campaign, units)
    assert {area.name for area in moved.values()} == {"Huyện Cư Jút mới"}


def test_the_area_choices_follow_registrations_organizations_and_areas_not_submissions(
    probe, locmem_cache, django_assert_num_queries, dak_nong
):
    def names():
        return [a.name for a in areas_of_registered(probe.campaign)]

    assert names() == ["Huyện Cư Jút"]
    bump(scopes.submissions(probe.period.pk))  # a submission moved
    with django_assert_num_queries(1):  # the areas by their cached ids only
        assert names() == ["Huyện Cư Jút"]

    elsewhere = OrganizationFactory(name="HTX Lâm Hà", province=dak_nong.dak_nong, district=dak_nong.dak_mil)
    assert names() == ["Huyện Cư Jút"]  # not registered: not a choice
    registration = RegistrationFactory(campaign=probe.campaign, organization=elsewhere)
    assert sorted(names()) == sorted(["Huyện Cư Jút", dak_nong.dak_mil.name])
    registration.delete()
    assert names() == ["Huyện Cư Jút"]

    probe.overdue.district, probe.overdue.commune = dak_nong.dak_mil, None
    probe.verified.district, probe.verified.commune = dak_nong.dak_mil, None
    probe.overdue.save()
    probe.verified.save()  # the units moved in the registry
    assert names() == [dak_nong.dak_mil.name]

"""Issue 17 item 2: scores that mean what they say.

A period counts in the cumulated score once due or verified; the ranking page and its export
are built from the same rows; bands above the campaign's maximum block launch; reports only
for periods that have started (or opened early); registration only for the campaign's units."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from factories import (
    CampaignFactory,
    ClassificationBandFactory,
    CriterionFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    UserFactory,
    ViolationFactory,
)
from openpyxl import load_workbook
from worlds import submit

from campaign import services, submissions
from campaign.models import CampaignStatus, Registration, ScoringRule, Submission
from campaign.ranking import cumulative_scores, ranked_scores, table_rows
from campaign.scoring import counts_in_cumulation
from core.errors import TransitionError
from members.models import OperatingStatus, Role


def by_name(scores):
    return {s.name: s for s in scores}


def test_a_period_counts_once_due_or_verified():
    today = dt.date(2026, 12, 4)
    assert counts_in_cumulation(dt.date(2026, 12, 3), False, today)
    assert not counts_in_cumulation(dt.date(2027, 1, 5), False, today)
    assert counts_in_cumulation(dt.date(2027, 1, 5), True, today)
    assert not counts_in_cumulation(today, False, today)  # the deadline's own day is still open


def test_a_period_not_yet_due_is_not_averaged_in_as_zero(district_ranking):
    p2 = district_ranking.p2
    p2.deadline = dt.date(2999, 1, 5)  # begun, not yet due
    p2.save()
    submit(p2, district_ranking.orgs.b, {district_ranking.crit.vaccinated: (100, None)})

    full = by_name(cumulative_scores(district_ranking.campaign))
    fast = by_name(ranked_scores(district_ranking.campaign, [district_ranking.p1, p2], cumulated=True))

    for scores in (full, fast):
        a, b = scores["HTX A"], scores["HTX B"]
        # A: only November counts (58); B verified December early, so both count: (25 + 20) / 2.
        assert (a.total, a.counted_periods, a.verified_periods) == (D("58.00"), 1, 1)
        assert (b.total, b.counted_periods, b.verified_periods) == (D("22.50"), 2, 2)


def test_once_due_an_unverified_period_counts_zero(district_ranking):
    scores = by_name(cumulative_scores(district_ranking.campaign))  # December's deadline passed long ago

    assert (scores["HTX A"].total, scores["HTX A"].counted_periods) == (D("29.00"), 2)


def test_the_export_holds_the_rows_of_the_page(client_for, district_ranking):
    ViolationFactory(
        campaign=district_ranking.campaign,
        organization=district_ranking.orgs.a,
        criterion=district_ranking.crit.breach,
        occurred_on=dt.date(2021, 11, 20),
        points=D("5"),
    )
    office = UserFactory(role=Role.OFFICE)
    url = reverse("campaign:rankings", args=[district_ranking.campaign.pk])

    page = client_for(office).get(url)
    sheet = load_workbook(io.BytesIO(client_for(office).get(url, {"export": "xlsx"}).content)).active
    exported = {row[1]: row for row in list(sheet.iter_rows(values_only=True))[1:]}

    shown = {r["name"]: r for r in page.context["page"].rows}
    a = shown["HTX A"]
    assert (a["verified"], a["deductions"]) == ("1/2", D("-2.50"))
    assert (exported["HTX A"][-1], exported["HTX A"][-5]) == ("1/2", -2.5)
    assert {name: row[-1] for name, row in exported.items()} == {name: r["verified"] for name, r in shown.items()}
    assert "-2,50" in page.content.decode()


def test_the_rows_of_one_period_say_its_report_status(district_ranking):
    scores = ranked_scores(district_ranking.campaign, [district_ranking.p1])
    for s in scores:
        s.status = "verified" if s.verified else None

    rows = {r["name"]: r["verified"] for r in table_rows(scores, [], period=district_ranking.p1)}

    assert rows["HTX A"] != rows["THT G"]


@pytest.fixture
def draft_of_85_points(db):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    ReportingPeriodFactory(campaign=campaign)
    CriterionFactory(campaign=campaign, rule=ScoringRule.PERCENTAGE, max_points=D("60"))
    CriterionFactory(campaign=campaign, rule=ScoringRule.YES_NO, max_points=D("25"))
    CriterionFactory(campaign=campaign, rule=ScoringRule.DEDUCTION, max_points=D("10"), points_per_unit=D("1"))
    return campaign


def test_a_band_above_the_maximum_blocks_launch(english, draft_of_85_points):
    ClassificationBandFactory(campaign=draft_of_85_points, name="Xuất sắc", min_score=D("90"))

    assert services.campaign_maximum(draft_of_85_points) == D("85")
    problems = services.launch_problems(draft_of_85_points)
    assert any("Xuất sắc" in p and "85" in p and "90" in p for p in problems), problems
    with pytest.raises(TransitionError):
        services.launch(draft_of_85_points, by=UserFactory(role=Role.OFFICE))
    draft_of_85_points.refresh_from_db()
    assert draft_of_85_points.status == CampaignStatus.DRAFT


def test_bands_within_the_maximum_launch(draft_of_85_points):
    ClassificationBandFactory(campaign=draft_of_85_points, name="Xuất sắc", min_score=D("85"))

    assert services.launch_problems(draft_of_85_points) == []


@pytest.fixture
def future_period(db):
    campaign = CampaignFactory(starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2099, 12, 31))
    period = ReportingPeriodFactory(
        campaign=campaign,
        name="Quý I/2099",
        starts_on=dt.date(2099, 1, 1),
        ends_on=dt.date(2099, 3, 31),
        deadline=dt.date(2099, 4, 5),
    )
    org = OrganizationFactory()
    RegistrationFactory(campaign=campaign, organization=org)
    return period, org, UserFactory(role=Role.UNIT, organization=org)


def test_no_report_for_a_period_not_yet_started(future_period):
    period, org, user = future_period

    with pytest.raises(TransitionError):
        submissions.open_submission(period, org, by=user)
    assert not Submission.objects.filter(period=period).exists()


def test_the_start_button_is_not_offered_before_the_period_opens(client_for, future_period):
    period, _org, user = future_period

    page = client_for(user).get(reverse("campaign:my_submissions", args=[period.campaign_id]))

    assert reverse("campaign:submission_start", args=[period.pk]) not in page.content.decode()
    response = client_for(user).post(reverse("campaign:submission_start", args=[period.pk]))
    assert response.status_code == 302 and not Submission.objects.filter(period=period).exists()


def test_a_period_opened_early_takes_reports(future_period):
    period, org, user = future_period
    period.opens_on = dt.date(2020, 1, 1)
    period.save()

    assert submissions.open_submission(period, org, by=user).period == period


@pytest.mark.parametrize(
    "change", [{"is_alliance_member": False}, {"status": OperatingStatus.DISSOLVED}, {"kind": "department"}]
)
def test_a_unit_outside_the_subject_cannot_register(db, client_for, change):
    campaign = CampaignFactory(status=CampaignStatus.LAUNCHED)
    org = OrganizationFactory(**change)
    user = UserFactory(role=Role.UNIT, organization=org)

    assert not campaign.takes_part(org)
    assert org not in services.subject_units(campaign)
    detail = client_for(user).get(reverse("campaign:campaign_detail", args=[campaign.pk]))
    assert detail.status_code in (200, 404) and not (detail.status_code == 200 and detail.context["can_register"])
    client_for(user).post(reverse("campaign:registration_create", args=[campaign.pk]), {"note": "Xin đăng ký"})
    assert not Registration.objects.filter(campaign=campaign, organization=org).exists()


def test_the_service_refuses_other_kinds(db):
    campaign = CampaignFactory(status=CampaignStatus.LAUNCHED)
    org = OrganizationFactory(kind="department")

    with pytest.raises(TransitionError):
        services.register(campaign, org, by=UserFactory(role=Role.UNIT, organization=org))

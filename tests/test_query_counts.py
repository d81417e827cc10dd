"""No page's number of queries grows with the data (issue 8: national scale).

Each main page is read at two sizes of the same campaign (3 units, then 9): after a first
request (which stores the scores, campaign.UnitPeriodScore), the second request of each
size must run the same number of queries. A loop that queries per row (N+1) fails here.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    ClassificationBandFactory,
    CriterionFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    SubmissionValueFactory,
    UserFactory,
    ViolationFactory,
)

from awards.models import NominationStatus
from campaign.models import ScoringRule, SubmissionStatus
from members.models import OrganizationKind, Role


def _unit(world, n):
    org = OrganizationFactory(name=f"HTX đo số {n}", kind=OrganizationKind.COOPERATIVE)
    RegistrationFactory(campaign=world["campaign"], organization=org)
    PersonFactory(organization=org)
    for index, period in enumerate(world["periods"]):
        status = SubmissionStatus.VERIFIED if index == 0 else SubmissionStatus.DRAFT
        submission = SubmissionFactory(period=period, organization=org, status=status)
        for criterion in world["criteria"]:
            SubmissionValueFactory(submission=submission, criterion=criterion, value=Decimal(10 * n % 100))
    ViolationFactory(campaign=world["campaign"], organization=org, points=Decimal("1"))
    NominationFactory(
        campaign=world["campaign"], organization=org, award_type=world["award_type"], status=NominationStatus.PASSED
    )
    return org


def _grow(world, count):
    while len(world["units"]) < count:
        world["units"].append(_unit(world, len(world["units"]) + 1))


@pytest.fixture
def world(db):
    campaign = CampaignFactory(starts_on=dt.date(2021, 11, 1))
    periods = [
        ReportingPeriodFactory(
            campaign=campaign, name="Tháng 11/2021", starts_on=dt.date(2021, 11, 1), ends_on=dt.date(2021, 11, 30)
        ),
        ReportingPeriodFactory(
            campaign=campaign,
            name="Tháng 12/2021",
            starts_on=dt.date(2021, 12, 1),
            ends_on=dt.date(2021, 12, 31),
            deadline=dt.date(2022, 1, 5),
        ),
    ]
    criteria = [
        CriterionFactory(campaign=campaign, rule=ScoringRule.PERCENTAGE),
        CriterionFactory(campaign=campaign, rule=ScoringRule.YES_NO, max_points=Decimal("5")),
    ]
    ClassificationBandFactory(campaign=campaign, name="Khá", min_score=Decimal("5"))
    world = {
        "campaign": campaign,
        "periods": periods,
        "criteria": criteria,
        "award_type": AwardTypeFactory(),
        "units": [],
    }
    _grow(world, 3)
    world["office"] = UserFactory(username="vanphong_do", role=Role.OFFICE)
    world["unit_user"] = UserFactory(username="donvi_do", role=Role.UNIT, organization=world["units"][0])
    return world


def _pages(world):
    campaign, period = world["campaign"], world["periods"][0]
    draft = world["units"][0].submissions.get(period=world["periods"][1])
    office, unit = world["office"], world["unit_user"]
    return {
        "dashboard": (office, reverse("campaign:dashboard", args=[campaign.pk]) + f"?period={period.pk}"),
        "organization list": (office, reverse("members:organization_list")),
        "people list": (office, reverse("members:person_list")),
        "ranking, cumulated": (office, reverse("campaign:rankings", args=[campaign.pk])),
        "ranking, one period": (office, reverse("campaign:rankings", args=[campaign.pk]) + f"?period={period.pk}"),
        "submission queue": (office, reverse("campaign:submission_queue", args=[campaign.pk])),
        "nomination list": (office, reverse("awards:nomination_list")),
        "shortlist": (office, reverse("awards:shortlist", args=[campaign.pk])),
        "submission form": (unit, reverse("campaign:submission_edit", args=[draft.pk])),
        "unit home": (unit, reverse("home")),
    }


def _counts(world, client_for):
    counts = {}
    for name, (user, url) in _pages(world).items():
        client = client_for(user)
        assert client.get(url).status_code == 200, name
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_no_main_page_queries_more_when_the_data_grows(world, client_for):
    small = _counts(world, client_for)
    _grow(world, 9)
    large = _counts(world, client_for)

    grown = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not grown, f"queries per page (3 units, 9 units): {grown}"

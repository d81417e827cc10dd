"""Scores where people look first: a unit's home page and the staff dashboard."""

from decimal import Decimal

import pytest
from django.urls import reverse
from factories import (
    ClassificationBandFactory,
    CriterionFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    SubmissionValueFactory,
)

from campaign.models import ScoringRule, SubmissionStatus


@pytest.fixture
def verified_period(own_org, other_org):
    period = ReportingPeriodFactory(name="Tháng 11/2021")
    campaign = period.campaign
    criterion = CriterionFactory(campaign=campaign, rule=ScoringRule.PERCENTAGE, max_points=Decimal("20"))
    ClassificationBandFactory(campaign=campaign, name="Tốt", min_score=Decimal("10"))
    for org, value in ((own_org, Decimal("50")), (other_org, Decimal("90"))):
        RegistrationFactory(campaign=campaign, organization=org)
        submission = SubmissionFactory(period=period, organization=org, status=SubmissionStatus.VERIFIED)
        SubmissionValueFactory(submission=submission, criterion=criterion, value=value)
    return period


def test_unit_home_shows_its_score_rank_and_band_per_period(client_for, unit_user, verified_period):
    page = client_for(unit_user).get(reverse("home")).content.decode()

    history = page[page.index('id="score-history"') :]
    assert "10,00" in history  # 50 % of 20 points
    assert "18,00" not in page  # the other unit's score stays out of this page
    assert ">2<" in history.replace(" ", "")  # second of two cooperatives


def test_dashboard_shows_the_bands_and_the_best_scores_of_the_period(client_for, office_user, verified_period):
    url = reverse("campaign:dashboard", args=[verified_period.campaign.pk])

    page = client_for(office_user).get(url, {"period": verified_period.pk}).content.decode()

    card = page[page.index('id="score-distribution"') :]
    assert card.index("18,00") < card.index("10,00")  # best first
    assert '"bands"' in page  # the chart's data

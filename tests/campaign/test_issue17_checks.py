"""Gaps found going through issue 17 again on main, each repeated as a user meets it."""

import datetime as dt

import pytest
from django.urls import reverse
from factories import CampaignFactory, OrganizationFactory, UserFactory

from campaign.models import CampaignStatus
from members.models import Role

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(("closes_on", "offered"), [(dt.date(2021, 11, 30), False), (None, True)])
def test_the_unit_home_offers_registration_only_until_the_campaigns_date(db, client_for, closes_on, offered):
    """“Registration … closed at the date the campaign sets”: the home page no longer offers a
    Register button that the registration page then refuses."""
    campaign = CampaignFactory(status=CampaignStatus.RUNNING, registration_closes_on=closes_on)
    org = OrganizationFactory(kind=campaign.subject_kinds[0])
    client = client_for(UserFactory(role=Role.UNIT, organization=org))
    client.cookies["thidua_language"] = "en"

    page = client.get(reverse("home")).text

    button = reverse("campaign:registration_create", args=[campaign.pk])
    assert (button in page) is offered
    assert ("Registration closed on 30/11/2021." in page) is not offered

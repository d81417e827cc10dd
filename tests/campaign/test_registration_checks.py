"""Scores that cannot be gamed (issue 16, item 5): targets must be positive, the office verifies
registrations before their targets count, and registration closes at the campaign's date.

The attacks as written: “A unit that registers a target of 0 gets full points for reporting 0
(45 points for nothing in the demo); registration is accepted long after the deadline.”
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from factories import (
    CampaignFactory,
    CriterionFactory,
    OrganizationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    SubmissionValueFactory,
)

from campaign import services
from campaign.forms import CampaignForm
from campaign.models import CampaignStatus, Registration, RegistrationStatus, RegistrationTarget, SubmissionStatus
from campaign.ranking import period_scores
from campaign.score_table import mark_stale
from campaign.services import TransitionError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def campaign(own_org):
    campaign = CampaignFactory(status=CampaignStatus.RUNNING, subject_kinds=[own_org.kind])
    ReportingPeriodFactory(campaign=campaign, deadline=dt.date(2099, 12, 5))
    return campaign


@pytest.fixture
def sales(campaign):
    return CriterionFactory(campaign=campaign, code="2.1", rule="target", target=Decimal("500"), max_points=45)


def _points(campaign, own_org, sales, value):
    period = campaign.periods.get()
    submission = SubmissionFactory(period=period, organization=own_org, status=SubmissionStatus.VERIFIED)
    SubmissionValueFactory(submission=submission, criterion=sales, value=value)
    mark_stale(campaign.pk, [own_org.pk])  # as verify() does: the factory went around the services
    return next(s for s in period_scores(period) if s.organization_id == own_org.pk).points[sales.pk]


# --- a target of 0 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["0", "-1", "0,00"])
def test_a_target_of_0_is_refused_on_its_field_at_registration_and_nothing_is_stored(
    client_for, unit_user, campaign, sales, target
):
    response = client_for(unit_user).post(
        reverse("campaign:registration_create", args=[campaign.pk]),
        {"note": "Cam kết", f"target_{sales.pk}": target},
    )

    form = response.context["form"]
    assert list(form.errors) == [f"target_{sales.pk}"]
    assert "lớn hơn 0" in form.errors[f"target_{sales.pk}"][0]  # “The target must be more than zero …”
    assert form["note"].value() == "Cam kết"
    assert Registration.objects.count() == 0


def test_the_services_refuse_a_target_of_0(unit_user, office_user, own_org, campaign, sales):
    with pytest.raises(TransitionError, match="more than zero"):
        services.register(campaign, own_org, by=unit_user, targets={sales.pk: Decimal("0")})
    registration = services.register(campaign, own_org, by=unit_user, targets={sales.pk: Decimal("600")})
    with pytest.raises(TransitionError, match="more than zero"):
        services.update_targets(registration, by=office_user, targets={sales.pk: Decimal("0")})
    assert RegistrationTarget.objects.get().target == Decimal("600")


def test_a_target_of_0_stored_before_earns_no_points_for_reporting_0(unit_user, own_org, campaign, sales):
    registration = Registration.objects.create(campaign=campaign, organization=own_org, status="verified")
    RegistrationTarget.objects.create(registration=registration, criterion=sales, target=Decimal("0"))

    assert _points(campaign, own_org, sales, Decimal("0")) == Decimal("0.00")


# --- the office's check -------------------------------------------------------------------------------


def test_a_units_own_target_counts_only_once_the_office_has_verified_it(
    unit_user, office_user, own_org, campaign, sales
):
    registration = services.register(campaign, own_org, by=unit_user, targets={sales.pk: Decimal("5")})
    assert registration.status == RegistrationStatus.PENDING

    before = _points(campaign, own_org, sales, Decimal("5"))  # against the campaign's 500
    services.verify_registration(registration, by=office_user)
    after = next(s for s in period_scores(campaign.periods.get()) if s.organization_id == own_org.pk).points[sales.pk]

    assert (before, after) == (Decimal("0.45"), Decimal("45.00"))
    registration.refresh_from_db()
    assert (registration.status, registration.reviewed_by) == (RegistrationStatus.VERIFIED, office_user)
    assert registration.history.latest().history_user == office_user


def test_changing_verified_targets_sends_the_registration_back_to_the_office(
    unit_user, office_user, own_org, campaign, sales
):
    registration = services.register(campaign, own_org, by=unit_user, targets={sales.pk: Decimal("600")})
    services.verify_registration(registration, by=office_user)

    services.update_targets(registration, by=unit_user, targets={sales.pk: Decimal("6")})

    registration.refresh_from_db()
    assert (registration.status, registration.reviewed_by) == (RegistrationStatus.PENDING, None)


def test_the_office_verifies_and_returns_through_the_page_and_the_unit_sees_the_status(
    client_for, english_client, unit_user, office_user, own_org, campaign, sales
):
    registration = services.register(campaign, own_org, by=unit_user, targets={sales.pk: Decimal("600")})
    office = client_for(office_user)
    url = reverse("campaign:registration_review", args=[registration.pk])

    refused = office.post(url, {"action": "return", "reason": ""})
    registration.refresh_from_db()
    assert (refused.status_code, registration.status) == (302, RegistrationStatus.PENDING)

    office.post(url, {"action": "return", "reason": "Chỉ tiêu doanh thu thấp hơn năm trước"})
    registration.refresh_from_db()
    assert (registration.status, registration.return_reason) == (
        RegistrationStatus.RETURNED,
        "Chỉ tiêu doanh thu thấp hơn năm trước",
    )
    english_client.force_login(unit_user)
    page = english_client.get(reverse("campaign:registration_detail", args=[registration.pk])).content.decode()
    assert 'data-registration-status="returned"' in page and "thấp hơn năm trước" in page
    assert 'action="' + url not in page  # no check buttons for the unit

    office.post(url, {"action": "verify"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.VERIFIED
    page = english_client.get(reverse("campaign:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'data-registration-status="verified"' in page


@pytest.mark.parametrize("role", ["unit_user", "council_user", "leader_user"])
def test_only_the_office_checks_a_registration(client_for, request, own_org, campaign, sales, role):
    registration = services.register(
        campaign, own_org, by=request.getfixturevalue("unit_user"), targets={sales.pk: Decimal("600")}
    )

    response = client_for(request.getfixturevalue(role)).post(
        reverse("campaign:registration_review", args=[registration.pk]), {"action": "verify"}
    )

    registration.refresh_from_db()
    assert (response.status_code, registration.status) == (403, RegistrationStatus.PENDING)


# --- registration closes --------------------------------------------------------------------------------


def test_registration_after_the_campaigns_closing_date_is_refused_with_a_message(
    client_for, english_client, unit_user, office_user, own_org, campaign, sales
):
    campaign.registration_closes_on = dt.date(2021, 11, 30)
    campaign.save()
    english_client.force_login(unit_user)

    detail = english_client.get(reverse("campaign:campaign_detail", args=[campaign.pk])).content.decode()
    response = english_client.post(
        reverse("campaign:registration_create", args=[campaign.pk]),
        {"note": "Muộn", f"target_{sales.pk}": "600"},
        follow=True,
    )

    assert "Registration for this campaign closed on" in detail
    assert "Registration for this campaign closed on 30/11/2021" in response.content.decode()
    with pytest.raises(TransitionError, match="closed on 30/11/2021"):
        services.register(campaign, OrganizationFactory(kind=own_org.kind), by=office_user)
    assert Registration.objects.count() == 0


def test_registration_on_the_closing_day_is_accepted(unit_user, own_org, campaign):
    campaign.registration_closes_on = dt.date(2021, 11, 30)
    campaign.save()

    assert services.register(campaign, own_org, by=unit_user, today=dt.date(2021, 11, 30)).pk


def test_registration_cannot_close_after_the_campaign_ends(client_for, office_user, campaign):
    data = {
        "name": campaign.name,
        "short_name": campaign.short_name,
        "kind": campaign.kind,
        "starts_on": "01/01/2021",
        "ends_on": "31/12/2021",
        "registration_closes_on": "01/01/2022",
        "grouping_level": campaign.grouping_level,
        "subject_kinds": campaign.subject_kinds,
    }
    form = CampaignForm(data, instance=campaign)

    assert "registration_closes_on" in form.errors

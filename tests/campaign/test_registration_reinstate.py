"""Reinstate a withdrawn registration (the inverse of issue 17 item 4's withdraw), or be told why not."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from factories import CampaignFactory, CriterionFactory, RegistrationFactory, RegistrationTargetFactory

from campaign import services
from campaign.models import CampaignStatus, Registration, RegistrationStatus, RegistrationTarget
from core.errors import TransitionError
from members.services import archive_organization

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def withdrawn(db, office_user, own_org):
    campaign = CampaignFactory(status=CampaignStatus.RUNNING, registration_closes_on=dt.date(2021, 11, 30))
    criterion = CriterionFactory(campaign=campaign)
    registration = RegistrationFactory(campaign=campaign, organization=own_org, note="Cam kết hoàn thành")
    RegistrationTargetFactory(registration=registration, criterion=criterion, target=Decimal("120"))
    services.verify_registration(registration, by=office_user)
    services.withdraw_registration(registration, by=office_user, reason="Rút nhầm đơn vị")
    return campaign, registration, criterion


def test_the_office_reinstates_a_registration_as_it_was_withdrawn(client_for, office_user, own_org, withdrawn):
    campaign, registration, criterion = withdrawn
    client = client_for(office_user)
    overview = client.get(reverse("campaign:registration_overview", args=[campaign.pk])).text
    url = reverse("campaign:registration_reinstate", args=[campaign.pk, own_org.pk])

    empty = client.post(url, {"reason": " "})
    done = client.post(url, {"reason": "Rút nhầm, đơn vị vẫn tham gia"})

    assert url in overview and "Rút nhầm đơn vị" in overview
    assert (empty.status_code, done.status_code) == (200, 302)
    again = Registration.objects.get(campaign=campaign, organization=own_org)
    assert (again.pk, again.note, again.status, again.registered_at) == (
        registration.pk,
        "Cam kết hoàn thành",
        RegistrationStatus.VERIFIED,
        registration.registered_at,
    )
    assert list(again.targets.values_list("criterion_id", "target")) == [(criterion.pk, Decimal("120.00"))]
    last = Registration.history.filter(id=registration.pk).latest("history_date")
    assert (last.history_type, last.history_user, last.history_change_reason) == (
        "+",
        office_user,
        "Rút nhầm, đơn vị vẫn tham gia",
    )
    assert url not in client.get(reverse("campaign:registration_overview", args=[campaign.pk])).text


def test_reinstating_is_refused_and_explained_for_an_archived_unit_or_a_closed_campaign(
    client_for, office_user, own_org, withdrawn
):
    campaign, _registration, _criterion = withdrawn
    archive_organization(own_org, by=office_user, effective_on=dt.date(2026, 1, 5), reason="Giải thể")
    client = client_for(office_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("campaign:registration_reinstate", args=[campaign.pk, own_org.pk])

    page = client.get(url)
    client.post(url, {"reason": "Khôi phục"})

    assert "The unit is archived: restore it first." in page.text
    assert not Registration.objects.filter(campaign=campaign, organization=own_org).exists()
    own_org.archived_on = None
    own_org.save()
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    assert services.reinstate_problem(campaign, own_org) is not None
    with pytest.raises(TransitionError):
        services.reinstate_registration(campaign, own_org, by=office_user, reason="Khôi phục")


def test_a_target_removed_before_the_withdrawal_stays_removed(office_user, own_org):
    campaign = CampaignFactory(status=CampaignStatus.RUNNING)
    kept, removed = CriterionFactory(campaign=campaign), CriterionFactory(campaign=campaign)
    registration = RegistrationFactory(campaign=campaign, organization=own_org)
    RegistrationTargetFactory(registration=registration, criterion=kept, target=Decimal("10"))
    old = RegistrationTargetFactory(registration=registration, criterion=removed, target=Decimal("5"))
    old_pk = old.pk
    old.delete()
    for day, kind in ((1, "+"), (2, "-")):  # the office took it out long before the withdrawal
        RegistrationTarget.history.filter(id=old_pk, history_type=kind).update(
            history_date=dt.datetime(2021, 1, day, tzinfo=dt.UTC)
        )
    services.withdraw_registration(registration, by=office_user, reason="Rút")

    again = services.reinstate_registration(campaign, own_org, by=office_user, reason="Khôi phục")

    assert list(again.targets.values_list("criterion_id", flat=True)) == [kept.pk]


def test_only_the_office_reinstates(client_for, unit_user, own_org, withdrawn):
    campaign, _registration, _criterion = withdrawn

    response = client_for(unit_user).post(
        reverse("campaign:registration_reinstate", args=[campaign.pk, own_org.pk]), {"reason": "x"}
    )

    assert response.status_code in (403, 404)
    assert not Registration.objects.filter(campaign=campaign, organization=own_org).exists()

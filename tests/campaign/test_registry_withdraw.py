"""Delete with history for drafts, withdraw for registrations (issue 17 item 4), all in the browser."""

import pytest
from django.urls import reverse
from factories import CampaignFactory, RegistrationFactory, ReportingPeriodFactory, SubmissionFactory

from campaign.models import Campaign, CampaignStatus, Registration

pytestmark = pytest.mark.usefixtures("english")


def test_the_office_deletes_a_draft_and_its_history_says_who(client_for, office_user):
    draft = CampaignFactory(status=CampaignStatus.DRAFT)
    ReportingPeriodFactory(campaign=draft)
    client = client_for(office_user)

    client.get(reverse("campaign:campaign_delete", args=[draft.pk]))
    assert Campaign.objects.filter(pk=draft.pk).exists()
    response = client.post(reverse("campaign:campaign_delete", args=[draft.pk]))

    assert response.status_code == 302
    assert not Campaign.objects.filter(pk=draft.pk).exists()
    last = Campaign.history.filter(id=draft.pk).latest("history_date")
    assert (last.history_type, last.history_user) == ("-", office_user)


def test_a_launched_campaign_is_not_deleted(client_for, office_user):
    running = CampaignFactory(status=CampaignStatus.RUNNING)

    response = client_for(office_user).post(reverse("campaign:campaign_delete", args=[running.pk]))

    assert (response.status_code, Campaign.objects.filter(pk=running.pk).exists()) == (200, True)


def test_a_registration_is_withdrawn_with_its_reason_in_history(client_for, office_user, own_org):
    registration = RegistrationFactory(campaign=CampaignFactory(status=CampaignStatus.RUNNING), organization=own_org)
    client = client_for(office_user)
    url = reverse("campaign:registration_withdraw", args=[registration.pk])

    empty = client.post(url, {"reason": " "})
    done = client.post(url, {"reason": "Đăng ký nhầm phong trào"})

    assert empty.status_code == 200 and done.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()
    last = Registration.history.filter(id=registration.pk).latest("history_date")
    assert (last.history_type, last.history_user, last.history_change_reason) == (
        "-",
        office_user,
        "Đăng ký nhầm phong trào",
    )


def test_a_registration_with_reports_stays(client_for, office_user, own_org):
    campaign = CampaignFactory(status=CampaignStatus.RUNNING)
    registration = RegistrationFactory(campaign=campaign, organization=own_org)
    SubmissionFactory(period=ReportingPeriodFactory(campaign=campaign), organization=own_org)

    client_for(office_user).post(
        reverse("campaign:registration_withdraw", args=[registration.pk]), {"reason": "Rút khỏi phong trào"}
    )

    assert Registration.objects.filter(pk=registration.pk).exists()


def test_another_unit_cannot_withdraw_a_registration(client_for, other_unit_user, own_org):
    registration = RegistrationFactory(campaign=CampaignFactory(status=CampaignStatus.RUNNING), organization=own_org)

    response = client_for(other_unit_user).post(
        reverse("campaign:registration_withdraw", args=[registration.pk]), {"reason": "x"}
    )

    assert (response.status_code, Registration.objects.filter(pk=registration.pk).exists()) == (404, True)

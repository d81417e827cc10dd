"""Withdraw a nomination before the Council (issue 17 item 4): kept as withdrawn, counted nowhere."""

import pytest
from django.urls import reverse
from factories import CampaignFactory, CouncilSessionFactory, NominationFactory

from awards import nominations
from awards.models import NominationEvent, NominationStatus
from campaign.models import CampaignStatus
from core.errors import TransitionError

pytestmark = pytest.mark.usefixtures("english")


def _nomination(org, **kwargs):
    return NominationFactory(campaign=CampaignFactory(status=CampaignStatus.RUNNING), organization=org, **kwargs)


def test_the_unit_withdraws_its_draft_with_the_reason_in_history(client_for, unit_user, own_org):
    nomination = _nomination(own_org)
    client = client_for(unit_user)
    url = reverse("awards:nomination_withdraw", args=[nomination.pk])

    assert url in client.get(nomination.get_absolute_url()).text
    empty = client.post(url, {"reason": " "})
    done = client.post(url, {"reason": "Đề nghị nhầm hình thức"})

    nomination.refresh_from_db()
    assert (empty.status_code, done.status_code, nomination.status) == (200, 302, NominationStatus.WITHDRAWN)
    event = NominationEvent.objects.filter(nomination=nomination).latest("at", "pk")
    assert (event.status, event.by, event.note) == ("withdrawn", unit_user, "Đề nghị nhầm hình thức")
    last = nomination.history.latest("history_date")
    assert (last.status, last.history_user, last.history_change_reason) == (
        "withdrawn",
        unit_user,
        "Đề nghị nhầm hình thức",
    )


def test_the_office_withdraws_a_sent_nomination(client_for, office_user, own_org):
    nomination = _nomination(own_org, status=NominationStatus.ELIGIBLE)

    client_for(office_user).post(reverse("awards:nomination_withdraw", args=[nomination.pk]), {"reason": "Trùng hồ sơ"})

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN


@pytest.mark.parametrize("status", [NominationStatus.IN_COUNCIL, NominationStatus.ELIGIBLE])
def test_a_nomination_on_a_council_agenda_is_not_withdrawn(client_for, office_user, own_org, status):
    campaign = CampaignFactory(status=CampaignStatus.RUNNING)
    session = CouncilSessionFactory(campaign=campaign)
    nomination = NominationFactory(campaign=campaign, organization=own_org, status=status, session=session)
    client = client_for(office_user)

    page = client.get(nomination.get_absolute_url())
    response = client.post(reverse("awards:nomination_withdraw", args=[nomination.pk]), {"reason": "x"})

    nomination.refresh_from_db()
    assert "/withdraw/" not in page.text
    assert (response.status_code, nomination.status) == (403, status)


def test_the_service_refuses_a_decided_nomination(office_user, own_org):
    nomination = _nomination(own_org, status=NominationStatus.DECIDED)

    with pytest.raises(TransitionError):
        nominations.withdraw_nomination(nomination, by=office_user, reason="x")


def test_another_unit_cannot_withdraw(client_for, other_unit_user, own_org):
    nomination = _nomination(own_org)

    response = client_for(other_unit_user).post(
        reverse("awards:nomination_withdraw", args=[nomination.pk]), {"reason": "x"}
    )

    nomination.refresh_from_db()
    assert (response.status_code, nomination.status) == (404, NominationStatus.DRAFT)


def test_a_withdrawn_nomination_no_longer_counts_as_a_duplicate(office_user, own_org):
    campaign = CampaignFactory(status=CampaignStatus.RUNNING)
    first = NominationFactory(campaign=campaign, organization=own_org, status=NominationStatus.ELIGIBLE)
    second = NominationFactory(campaign=campaign, organization=own_org, award_type=first.award_type)
    assert nominations.duplicates_of(second).exists()

    nominations.withdraw_nomination(first, by=office_user, reason="Trùng hồ sơ")

    assert not nominations.duplicates_of(second).exists()

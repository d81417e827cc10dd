"""Reinstate a withdrawn nomination (the inverse of issue 17 item 4's withdraw), or be told why not."""

import pytest
from django.conf import settings
from django.urls import reverse
from factories import CampaignFactory, NominationFactory

from awards import eligibility, nominations
from awards.models import NominationEvent, NominationStatus
from campaign.models import CampaignStatus
from core.errors import TransitionError

pytestmark = pytest.mark.usefixtures("english")


def _withdrawn(org, by, status=NominationStatus.DRAFT, **kwargs):
    nomination = NominationFactory(
        campaign=CampaignFactory(status=CampaignStatus.RUNNING), organization=org, status=status, **kwargs
    )
    nominations.withdraw_nomination(nomination, by=by, reason="Rút nhầm")
    return nomination


def test_the_unit_reinstates_its_draft_withdrawn_by_mistake(client_for, unit_user, own_org):
    nomination = _withdrawn(own_org, unit_user)
    client = client_for(unit_user)
    url = reverse("awards:nomination_reinstate", args=[nomination.pk])

    assert url in client.get(nomination.get_absolute_url()).text
    empty = client.post(url, {"reason": " "})
    done = client.post(url, {"reason": "Rút nhầm, khôi phục"})

    nomination.refresh_from_db()
    assert (empty.status_code, done.status_code, nomination.status) == (200, 302, NominationStatus.DRAFT)
    event = NominationEvent.objects.filter(nomination=nomination).latest("at", "pk")
    assert (event.old_status, event.status, event.by, event.note) == (
        "withdrawn",
        "draft",
        unit_user,
        "Rút nhầm, khôi phục",
    )
    assert nomination.history.latest("history_date").history_user == unit_user
    assert "/reinstate/" not in client.get(nomination.get_absolute_url()).text


def test_a_sent_nomination_reinstated_by_the_office_is_checked_again(office_user, own_org):
    nomination = _withdrawn(own_org, office_user, status=NominationStatus.ELIGIBLE, achievements="Thành tích")

    nominations.reinstate_nomination(nomination, by=office_user, reason="Khôi phục")

    nomination.refresh_from_db()
    assert nomination.status in (NominationStatus.ELIGIBLE, NominationStatus.NOT_ELIGIBLE)
    assert nomination.eligibility_checked_at is not None
    steps = list(NominationEvent.objects.filter(nomination=nomination).order_by("at", "pk").values_list("status"))
    assert ("submitted",) in steps[-2:]


def test_reinstating_is_refused_and_explained_while_another_nomination_of_the_nominee_stands(
    client_for, office_user, own_org
):
    nomination = _withdrawn(own_org, office_user)
    NominationFactory(campaign=nomination.campaign, organization=own_org, award_type=nomination.award_type)
    client = client_for(office_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("awards:nomination_reinstate", args=[nomination.pk])

    page = client.get(url)
    client.post(url, {"reason": "Khôi phục"})

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    assert "Another nomination of this nominee for the same award stands" in page.text
    assert 'type="submit"' not in page.text.split("nomination-not-reinstated", 1)[1]


def test_only_a_withdrawn_nomination_is_reinstated(client_for, office_user, own_org, other_unit_user):
    standing = NominationFactory(campaign=CampaignFactory(status=CampaignStatus.RUNNING), organization=own_org)
    withdrawn = _withdrawn(own_org, office_user)

    with pytest.raises(TransitionError):
        nominations.reinstate_nomination(standing, by=office_user, reason="x")
    other = client_for(other_unit_user).post(
        reverse("awards:nomination_reinstate", args=[withdrawn.pk]), {"reason": "x"}
    )
    assert other.status_code == 404
    assert eligibility.why_not_reinstated("draft", False) is not None
    assert eligibility.why_not_reinstated("withdrawn", True) is not None
    assert eligibility.why_not_reinstated("withdrawn", False) is None

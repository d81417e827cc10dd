"""Withdraw a stray Council session before its first vote (issue 17 item 4)."""

import pytest
from council_helpers import council_members, eligible, open_session, votes
from django.conf import settings
from django.urls import reverse
from factories import CampaignFactory

from awards.models import CouncilSession, NominationStatus, SessionStatus
from campaign.models import CampaignStatus

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def campaign(db):
    return CampaignFactory(status=CampaignStatus.RUNNING)


def test_the_office_withdraws_a_session_and_its_agenda_goes_back(client_for, office_user, campaign):
    members = council_members(3)
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members, members_total=3, nominations=[nomination]
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.session_id) == (NominationStatus.IN_COUNCIL, session.pk)
    client = client_for(office_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("awards:session_withdraw", args=[session.pk])

    assert url in client.get(session.get_absolute_url()).text
    empty = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Tạo phiên họp nhầm ngày"})

    session.refresh_from_db()
    nomination.refresh_from_db()
    assert (empty.status_code, done.status_code) == (200, 302)
    assert session.status == SessionStatus.WITHDRAWN
    assert (nomination.status, nomination.session_id) == (NominationStatus.ELIGIBLE, None)
    event = session.events.latest("at", "pk")
    assert (event.kind, event.by) == ("withdrawn", office_user)
    assert {"field": "reason", "old": "", "new": "Tạo phiên họp nhầm ngày"} in event.changes
    last = nomination.events.latest("at", "pk")
    assert (last.old_status, last.status, last.by) == ("in_council", "eligible", office_user)
    page = client.get(session.get_absolute_url()).text
    assert "Withdrawn" in page and url not in page


def test_a_session_with_a_vote_is_not_withdrawn(client_for, office_user, campaign):
    members = council_members(3)
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members, members_total=3, nominations=[nomination]
    )

    votes(session, nomination, members[:1], "agree")

    client_for(office_user).post(reverse("awards:session_withdraw", args=[session.pk]), {"reason": "Nhầm"})

    session.refresh_from_db()
    nomination.refresh_from_db()
    assert (session.status, nomination.status) == (SessionStatus.OPEN, NominationStatus.IN_COUNCIL)


def test_only_the_office_withdraws_a_session(client_for, leader_user, office_user, campaign):
    session = open_session(campaign=campaign, by=office_user, present=council_members(1), members_total=1)

    response = client_for(leader_user).post(reverse("awards:session_withdraw", args=[session.pk]), {"reason": "x"})

    assert (response.status_code, CouncilSession.objects.get(pk=session.pk).status) == (403, SessionStatus.OPEN)

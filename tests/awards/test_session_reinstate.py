"""Reinstate a Council session withdrawn by mistake (the inverse of issue 17 item 4's withdraw)."""

import pytest
from council_helpers import council_members, eligible, open_session
from django.conf import settings
from django.urls import reverse
from factories import CampaignFactory

from awards import council
from awards.models import NominationStatus, SessionStatus
from campaign.models import CampaignStatus
from core.errors import TransitionError

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def withdrawn(db, office_user):
    campaign = CampaignFactory(status=CampaignStatus.RUNNING)
    members = council_members(3)
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members, members_total=3, nominations=[nomination]
    )
    council.withdraw_session(session, by=office_user, reason="Rút nhầm")
    return session, nomination, members


def test_the_office_reinstates_a_session_and_puts_its_nominations_back(client_for, office_user, withdrawn):
    session, nomination, members = withdrawn
    client = client_for(office_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("awards:session_reinstate", args=[session.pk])

    assert url in client.get(session.get_absolute_url()).text
    empty = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Rút nhầm phiên họp"})

    session.refresh_from_db()
    assert (empty.status_code, done.status_code, session.status) == (200, 302, SessionStatus.OPEN)
    assert set(session.present.all()) == set(members)
    event = session.events.latest("at", "pk")
    assert (event.kind, event.by, event.changes) == (
        "reinstated",
        office_user,
        [{"field": "reason", "old": "", "new": "Rút nhầm phiên họp"}],
    )
    page = client.get(session.get_absolute_url()).text
    assert "Reinstated, open again" in page and url not in page
    assert reverse("awards:session_agenda", args=[session.pk]) in page
    added = council.add_to_session(session, [nomination], by=office_user)
    nomination.refresh_from_db()
    assert (len(added.added), nomination.status) == (1, NominationStatus.IN_COUNCIL)


def test_only_a_withdrawn_session_is_reinstated_and_only_by_the_office(client_for, office_user, withdrawn):
    session, _nomination, members = withdrawn

    refused = client_for(members[0]).post(reverse("awards:session_reinstate", args=[session.pk]), {"reason": "x"})
    council.reinstate_session(session, by=office_user, reason="Mở lại")
    with pytest.raises(TransitionError):
        council.reinstate_session(session, by=office_user, reason="Mở lại lần nữa")

    assert refused.status_code == 403
    assert session.events.filter(kind="reinstated").count() == 1

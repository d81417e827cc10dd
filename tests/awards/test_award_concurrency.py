"""Nominations and votes under parallel requests, in threads with their own connections (PostgreSQL only).

- Two people saving the same draft nomination from the same version: one is saved, the
  other refused with a conflict (the row lock spans reading and writing the version).
- A member's two vote POSTs at the same moment (a double click, two tabs): one vote, and
  both requests answer with a redirect, never an error page.
- A vote cast while the office closes the session waits for the close and is refused: it
  can never be recorded after the tally the minutes print.
"""

import threading
import time

import pytest
from council_helpers import council_members, eligible, open_session
from django.db import connection
from django.test import Client
from django.urls import reverse
from factories import AwardTypeFactory, CampaignFactory, RegistrationFactory

from awards import council
from awards import nominations as services
from awards.models import Nomination, SessionStatus, Vote
from core.errors import ConflictError, TransitionError
from documents import services as register

pytestmark = pytest.mark.django_db(transaction=True)

HOLD = 0.5  # seconds a request keeps its lock, as a slow one would


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so there is no race to test")


def in_parallel(*calls):
    """Run the calls in threads started together; each outcome is the result or the exception."""
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            start.wait()
            outcomes[i] = call()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


# --- nominations ----------------------------------------------------------------------------------


def test_two_saves_of_a_nomination_from_the_same_version_keep_the_first_and_refuse_the_second(
    own_org, unit_user, monkeypatch
):
    campaign = CampaignFactory()
    RegistrationFactory(campaign=campaign, organization=own_org)
    nomination = services.create_nomination(
        campaign=campaign,
        award_type=AwardTypeFactory(),
        nominee_kind="collective",
        achievements="Bản đầu",
        by=unit_user,
        organization=own_org,
    )
    real = services._check_draft

    def slow(locked):  # right after the row was read under its lock
        real(locked)
        time.sleep(HOLD)

    monkeypatch.setattr(services, "_check_draft", slow)

    def save(text):
        mine = Nomination.objects.get(pk=nomination.pk)
        return lambda: services.update_nomination(
            mine,
            by=unit_user,
            version=0,
            campaign=campaign,
            award_type=mine.award_type,
            nominee_kind="collective",
            achievements=text,
            organization=own_org,
        )

    outcomes = in_parallel(save("Bản của chị Lan"), save("Bản của anh Minh"))

    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    saved = [o for o in outcomes if isinstance(o, Nomination)]
    nomination.refresh_from_db()
    assert (len(saved), len(refused), nomination.version) == (1, 1, 1), outcomes
    assert nomination.achievements == saved[0].achievements


# --- votes ----------------------------------------------------------------------------------------


@pytest.fixture
def voting(office_user):
    campaign = CampaignFactory()
    members = council_members(3)
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members, members_total=3, nominations=[nomination]
    )
    nomination.refresh_from_db()
    return session, nomination, members


def test_two_vote_posts_at_the_same_moment_record_one_vote_and_both_answer_with_a_redirect(voting):
    session, nomination, members = voting
    url = reverse("awards:session_vote", args=[session.pk])

    def post(choice):
        client = Client()
        client.force_login(members[0])
        return lambda: client.post(url, {"nomination": nomination.pk, "choice": choice})

    responses = in_parallel(post("agree"), post("disagree"))

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert Vote.objects.filter(voter=members[0]).count() == 1


def test_a_vote_cast_while_the_session_closes_waits_and_is_refused(voting, office_user, monkeypatch):
    session, nomination, members = voting
    for member in members[:2]:
        council.cast_vote(session, nomination, voter=member, choice="agree")
    monkeypatch.setattr(register, "render_document", lambda *a, **k: b"%PDF-1.7 minutes")
    tallied = threading.Event()
    real_tally = council.session_tally

    def slow_tally(locked):
        result = real_tally(locked)
        tallied.set()
        time.sleep(HOLD)  # the close holds the session's lock while it records and issues
        return result

    monkeypatch.setattr(council, "session_tally", slow_tally)

    def late_vote():
        assert tallied.wait(10)
        return council.cast_vote(session, nomination, voter=members[2], choice="disagree")

    closing, voting_late = in_parallel(
        lambda: council.close_session(session, by=office_user, confirm_missing=True), late_vote
    )

    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED, closing
    assert isinstance(voting_late, TransitionError), voting_late
    assert Vote.objects.filter(session=session).count() == 2  # exactly the votes the minutes counted

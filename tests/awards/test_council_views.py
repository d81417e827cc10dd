"""Pages of the Council and the shortlist: who reaches them, GET changes nothing, POST changes and records."""

import pytest
from council_helpers import council_members, eligible, open_session, votes
from django.urls import reverse
from factories import CampaignFactory, NominationFactory

from awards import council
from awards.models import CouncilSession, NominationStatus, SessionStatus, Vote


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def setting(campaign, office_user, council_user, own_org):
    """An open session of 4 members (council_user among the 3 present) with one nomination of own_org."""
    members = [council_user, *council_members(3)]
    nomination = eligible(campaign, organization=own_org)
    session = open_session(
        campaign=campaign, by=office_user, present=members[:3], members_total=4, nominations=[nomination]
    )
    nomination.refresh_from_db()
    return session, nomination, members


# --- sessions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [("unit", 403), ("council", 200), ("leader", 200), ("office", 200)])
def test_session_list_answers_each_role(client_for, setting, users_by_role, role, expected):
    response = client_for(users_by_role[role]).get(reverse("awards:session_list"))

    assert response.status_code == expected


@pytest.fixture
def users_by_role(office_user, leader_user, council_user, unit_user):
    return {"office": office_user, "leader": leader_user, "council": council_user, "unit": unit_user}


def test_session_list_exports_to_excel(client_for, setting, office_user):
    response = client_for(office_user).get(reverse("awards:session_list") + "?export=xlsx")

    assert (response.status_code, response["Content-Type"].split(";")[0]) == (
        200,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_session_create_post_creates_a_session_with_the_members_present(client_for, campaign, office_user):
    members = council_members(3)

    response = client_for(office_user).post(
        reverse("awards:session_create"),
        {
            "campaign": campaign.pk,
            "held_on": "15/02/2022",
            "place": "Hội trường",
            "present": [m.pk for m in members[:2]],
        },
    )

    session = CouncilSession.objects.get()
    assert response.status_code == 302
    assert (session.members_total, session.present.count(), session.created_by) == (3, 2, office_user)


def test_session_create_keeps_what_was_typed_when_members_total_is_too_small(client_for, campaign, office_user):
    members = council_members(3)

    response = client_for(office_user).post(
        reverse("awards:session_create"),
        {
            "campaign": campaign.pk,
            "held_on": "15/02/2022",
            "place": "Hội trường A",
            "present": [m.pk for m in members],
            "members_total": 2,
        },
    )

    assert (response.status_code, CouncilSession.objects.count()) == (200, 0)
    assert "members_total" in response.context["form"].errors
    assert 'value="Hội trường A"' in response.content.decode()


def test_session_agenda_get_changes_nothing_and_post_adds(client_for, setting, campaign, office_user):
    session, _nomination, _members = setting
    waiting = eligible(campaign)
    url = reverse("awards:session_agenda", args=[session.pk])

    client_for(office_user).get(url)
    waiting.refresh_from_db()
    assert waiting.status == NominationStatus.ELIGIBLE

    response = client_for(office_user).post(url, {"nominations": [waiting.pk]})
    waiting.refresh_from_db()
    assert (response.status_code, waiting.status, waiting.session_id) == (302, NominationStatus.IN_COUNCIL, session.pk)


# --- votes --------------------------------------------------------------------------------------


def test_vote_page_shows_the_dossier_to_a_member_present_at_phone_width(client_for, setting, council_user):
    session, nomination, _members = setting

    response = client_for(council_user).get(reverse("awards:session_vote", args=[session.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert nomination.achievements in page
    assert 'name="choice" value="agree"' in page and 'name="choice" value="disagree"' in page
    assert 'name="viewport" content="width=device-width' in page


def test_vote_post_records_one_vote_and_a_second_changes_nothing(client_for, setting, council_user):
    session, nomination, _members = setting
    url = reverse("awards:session_vote", args=[session.pk])
    client = client_for(council_user)

    first = client.post(url, {"nomination": nomination.pk, "choice": "agree"})
    second = client.post(url, {"nomination": nomination.pk, "choice": "disagree"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert list(Vote.objects.values_list("voter", "choice")) == [(council_user.pk, "agree")]
    page = client.get(url).content.decode()
    assert 'name="choice" value="agree"' not in page  # voted: no buttons left


def test_vote_get_changes_nothing(client_for, setting, council_user):
    session, _nomination, _members = setting

    client_for(council_user).get(reverse("awards:session_vote", args=[session.pk]))

    assert Vote.objects.count() == 0


def test_vote_post_by_a_member_not_present_records_nothing(client_for, setting):
    session, nomination, members = setting

    response = client_for(members[3]).post(
        reverse("awards:session_vote", args=[session.pk]), {"nomination": nomination.pk, "choice": "agree"}
    )

    assert (response.status_code, Vote.objects.count()) == (302, 0)


@pytest.mark.parametrize("role", ["unit", "leader", "office"])
def test_vote_post_by_another_role_is_refused(client_for, setting, users_by_role, role):
    session, nomination, _members = setting

    response = client_for(users_by_role[role]).post(
        reverse("awards:session_vote", args=[session.pk]), {"nomination": nomination.pk, "choice": "agree"}
    )

    assert (response.status_code, Vote.objects.count()) == (403, 0)


# --- closing and the minutes ----------------------------------------------------------------------


def test_session_close_get_changes_nothing_and_post_closes_and_issues_the_minutes(client_for, setting, office_user):
    session, nomination, members = setting
    votes(session, nomination, members[:3], "agree")
    url = reverse("awards:session_close", args=[session.pk])

    client_for(office_user).get(url)
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN

    response = client_for(office_user).post(url)
    session.refresh_from_db()
    nomination.refresh_from_db()
    assert (response.status_code, session.status, nomination.status) == (
        302,
        SessionStatus.CLOSED,
        NominationStatus.PASSED,
    )
    again = client_for(office_user).post(url)
    assert (again.status_code, council.issued_minutes(session).number) == (302, 1)


def test_session_close_without_quorum_keeps_the_session_open(client_for, campaign, office_user):
    members = council_members(4)
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members[:2], members_total=4, nominations=[nomination]
    )

    response = client_for(office_user).post(reverse("awards:session_close", args=[session.pk]))

    session.refresh_from_db()
    assert (response.status_code, session.status) == (302, SessionStatus.OPEN)


def test_minutes_preview_is_a_pdf_and_download_serves_the_issued_file(client_for, setting, office_user, leader_user):
    session, nomination, members = setting
    preview = client_for(office_user).get(reverse("awards:minutes_preview", args=[session.pk]))
    assert (preview.status_code, preview["Content-Type"], preview.content[:5]) == (200, "application/pdf", b"%PDF-")

    votes(session, nomination, members[:3], "agree")
    council.close_session(session, by=office_user)
    download = client_for(leader_user).get(reverse("awards:minutes_download", args=[session.pk]))

    document = council.issued_minutes(session)
    assert (download.status_code, b"".join(download.streaming_content)) == (200, document.file.open("rb").read())


# --- the shortlist ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [("unit", 403), ("council", 403), ("leader", 200), ("office", 200)])
def test_shortlist_answers_each_role(client_for, campaign, users_by_role, role, expected):
    NominationFactory(campaign=campaign, status=NominationStatus.PASSED)

    response = client_for(users_by_role[role]).get(reverse("awards:shortlist", args=[campaign.pk]))

    assert response.status_code == expected


def test_shortlist_offers_approval_to_the_leadership_only(client_for, campaign, leader_user, office_user):
    nomination = NominationFactory(campaign=campaign, status=NominationStatus.PASSED)
    approve_url = reverse("awards:nomination_approve", args=[nomination.pk])

    leader_page = client_for(leader_user).get(reverse("awards:shortlist", args=[campaign.pk])).content.decode()
    office_page = client_for(office_user).get(reverse("awards:shortlist", args=[campaign.pk])).content.decode()

    assert (approve_url in leader_page, approve_url in office_page) == (True, False)


def test_nomination_approve_get_changes_nothing_and_post_approves_once(client_for, campaign, leader_user):
    nomination = NominationFactory(campaign=campaign, status=NominationStatus.PASSED)
    url = reverse("awards:nomination_approve", args=[nomination.pk])
    client = client_for(leader_user)

    client.get(url)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PASSED

    client.post(url, {"comment": "Đồng ý."})
    client.post(url, {"comment": "Lần nữa."})
    nomination.refresh_from_db()
    assert (nomination.status, nomination.leader_comment, nomination.events.count()) == (
        NominationStatus.APPROVED,
        "Đồng ý.",
        1,
    )


def test_nomination_reject_without_a_comment_shows_the_error_on_the_field(client_for, campaign, leader_user):
    nomination = NominationFactory(campaign=campaign, status=NominationStatus.PASSED)

    response = client_for(leader_user).post(reverse("awards:nomination_reject", args=[nomination.pk]), {"comment": ""})

    nomination.refresh_from_db()
    assert (response.status_code, nomination.status) == (200, NominationStatus.PASSED)
    assert "comment" in response.context["form"].errors


def test_nomination_reject_with_a_comment_rejects(client_for, campaign, leader_user):
    nomination = NominationFactory(campaign=campaign, status=NominationStatus.PASSED)

    client_for(leader_user).post(
        reverse("awards:nomination_reject", args=[nomination.pk]), {"comment": "Vượt chỉ tiêu."}
    )

    nomination.refresh_from_db()
    assert (nomination.status, nomination.leader_comment) == (NominationStatus.REJECTED, "Vượt chỉ tiêu.")


@pytest.mark.parametrize("role", ["unit", "council", "office"])
def test_nomination_approve_post_by_another_role_is_refused(client_for, campaign, users_by_role, role, own_org):
    nomination = NominationFactory(campaign=campaign, status=NominationStatus.PASSED, organization=own_org)

    response = client_for(users_by_role[role]).post(reverse("awards:nomination_approve", args=[nomination.pk]))

    nomination.refresh_from_db()
    assert (response.status_code, nomination.status) == (403, NominationStatus.PASSED)


def test_shortlist_approve_all_approves_each_waiting_nomination(client_for, campaign, leader_user):
    NominationFactory.create_batch(2, campaign=campaign, status=NominationStatus.PASSED)
    url = reverse("awards:shortlist_approve_all", args=[campaign.pk])

    client_for(leader_user).get(url)
    assert campaign.nominations.filter(status=NominationStatus.APPROVED).count() == 0

    client_for(leader_user).post(url, {"comment": ""})
    assert campaign.nominations.filter(status=NominationStatus.APPROVED).count() == 2


def test_council_member_sees_only_the_vote_link_not_the_tally_of_an_open_session(client_for, setting, council_user):
    session, _nomination, _members = setting

    response = client_for(council_user).get(reverse("awards:session_detail", args=[session.pk]))

    assert response.status_code == 200
    assert "tally" not in response.context
    assert reverse("awards:session_vote", args=[session.pk]) in response.content.decode()

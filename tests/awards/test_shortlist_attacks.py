"""Attacks on the leadership's shortlist (issue 21: tabs per award type, approve-all): who may act,
and what a hand-made address does. Each is refused, or shows a page; none is a server error."""

import pytest
from django.urls import reverse
from factories import AwardTypeFactory, CampaignFactory, CouncilSessionFactory, NominationFactory

from awards.models import Nomination, NominationStatus, Occasion, SessionStatus, Vote, VoteChoice


@pytest.fixture
def waiting(db, own_org, other_org):
    """A campaign with two award types, each with a nomination passed by the Council (waiting for the
    leadership), one of them the unit's (own_org); and a nomination passed outside any campaign."""
    campaign = CampaignFactory()
    first = AwardTypeFactory(name="Giấy khen", short_name="GK", order=1)
    second = AwardTypeFactory(name="Bằng khen", short_name="BK", order=2)
    mine = NominationFactory(campaign=campaign, award_type=first, organization=own_org, status=NominationStatus.PASSED)
    theirs = NominationFactory(
        campaign=campaign, award_type=second, organization=other_org, status=NominationStatus.PASSED
    )
    occasion = NominationFactory(
        campaign=None,
        occasion=Occasion.AD_HOC,
        occasion_title="Cứu hộ trong lũ",
        award_type=first,
        organization=other_org,
        status=NominationStatus.PASSED,
    )
    return type("Waiting", (), dict(campaign=campaign, first=first, second=second, mine=mine, theirs=theirs,
                                    occasion=occasion))  # fmt: skip


def statuses():
    return set(Nomination.objects.values_list("status", flat=True))


def leadership_posts(w):
    """(address, data) of every action of the leadership on the shortlist."""
    return [
        (reverse("awards:shortlist_approve_all", args=[w.campaign.pk]), {"comment": ""}),
        (reverse("awards:shortlist_approve_all", args=[w.campaign.pk]) + f"?type={w.first.pk}", {"comment": ""}),
        (reverse("awards:occasion_approve_all"), {"comment": ""}),
        (reverse("awards:nomination_approve", args=[w.mine.pk]), {"comment": ""}),
        (reverse("awards:nomination_reject", args=[w.theirs.pk]), {"comment": "Không đủ điều kiện."}),
    ]


@pytest.mark.parametrize("role", ["office_user", "council_user"])
def test_only_the_leadership_approves_or_rejects_from_the_shortlist(client_for, request, waiting, role):
    client = client_for(request.getfixturevalue(role))

    for url, data in leadership_posts(waiting):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url

    assert statuses() == {NominationStatus.PASSED}


@pytest.mark.parametrize("role", ["unit_user", "council_user"])
def test_the_shortlist_is_read_by_staff_only(client_for, request, waiting, role):
    client = client_for(request.getfixturevalue(role))
    pages = [
        reverse("awards:shortlist", args=[waiting.campaign.pk]),
        reverse("awards:shortlist", args=[waiting.campaign.pk]) + "?export=xlsx",
        reverse("awards:shortlist", args=[waiting.campaign.pk]) + f"?type={waiting.second.pk}&page=1",
        reverse("awards:occasion_shortlist"),
    ]

    for url in pages:
        assert client.get(url).status_code == 403, url


def test_a_unit_cannot_approve_even_its_own_nomination(client_for, unit_user, waiting):
    client = client_for(unit_user)

    for url, data in leadership_posts(waiting):
        assert client.post(url, data).status_code in (403, 404), url

    assert statuses() == {NominationStatus.PASSED}


def test_the_office_cannot_cast_the_councils_vote(client_for, office_user, waiting):
    session = CouncilSessionFactory(campaign=waiting.campaign, status=SessionStatus.OPEN)
    session.present.add(office_user)
    Nomination.objects.filter(pk=waiting.mine.pk).update(session=session, status=NominationStatus.SUBMITTED)
    url = reverse("awards:session_vote", args=[session.pk])

    response = client_for(office_user).post(url, {"nomination": waiting.mine.pk, "choice": VoteChoice.AGREE})

    assert response.status_code == 403
    assert not Vote.objects.exists()


BOGUS = [
    {"type": "abc"},
    {"type": "2,5"},
    {"type": "-1"},
    {"type": "99999999999999999999999"},
    {"type": "0x10"},
    {"page": "abc"},
    {"page": "99999"},
    {"page": "-3"},
    {"page": "2,5"},
    {"page": "1e9"},
    {"type": "abc", "page": "abc"},
    {"type": "1", "page": "99999"},
    {"type": "١"},  # an Arabic-Indic one: a digit to str.isdigit, not to the database
]


@pytest.mark.parametrize("params", BOGUS)
def test_a_bogus_tab_or_page_shows_a_page_never_a_server_error(client_for, leader_user, waiting, params):
    client = client_for(leader_user)

    for url in (reverse("awards:shortlist", args=[waiting.campaign.pk]), reverse("awards:occasion_shortlist")):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
        assert response.context["tab"] is not None  # the first tab, or the one named


@pytest.mark.parametrize("params", BOGUS)
def test_a_bogus_tab_on_approve_all_is_refused_or_asks_never_a_server_error(client_for, leader_user, waiting, params):
    for url in (
        reverse("awards:shortlist_approve_all", args=[waiting.campaign.pk]),
        reverse("awards:occasion_approve_all"),
    ):
        assert client_for(leader_user).get(url, params).status_code in (200, 404), (url, params)


def test_an_award_type_with_nothing_waiting_approves_nothing(client_for, leader_user, waiting):
    empty = AwardTypeFactory(name="Cờ thi đua", short_name="CTĐ", order=3)
    url = reverse("awards:shortlist_approve_all", args=[waiting.campaign.pk]) + f"?type={empty.pk}"

    response = client_for(leader_user).post(url, {"comment": ""})

    assert response.status_code == 302
    assert statuses() == {NominationStatus.PASSED}


def test_approve_all_of_one_campaign_leaves_another_campaigns_and_the_occasions_alone(client_for, leader_user, waiting):
    other = NominationFactory(campaign=CampaignFactory(), award_type=waiting.first, status=NominationStatus.PASSED)
    url = reverse("awards:shortlist_approve_all", args=[waiting.campaign.pk]) + f"?type={waiting.first.pk}"

    client_for(leader_user).post(url, {"comment": ""})

    approved = set(Nomination.objects.filter(status=NominationStatus.APPROVED).values_list("pk", flat=True))
    assert approved == {waiting.mine.pk}
    assert Nomination.objects.get(pk=other.pk).status == NominationStatus.PASSED
    assert Nomination.objects.get(pk=waiting.occasion.pk).status == NominationStatus.PASSED


def test_the_shortlist_of_a_campaign_that_does_not_exist_is_404(client_for, leader_user, waiting):
    client = client_for(leader_user)

    assert client.get(reverse("awards:shortlist", args=[999999])).status_code == 404
    assert client.post(reverse("awards:shortlist_approve_all", args=[999999]), {"comment": ""}).status_code == 404


def test_approve_all_outside_campaigns_leaves_every_campaigns_nominations(client_for, leader_user, waiting):
    client_for(leader_user).post(reverse("awards:occasion_approve_all"), {"comment": ""})

    approved = set(Nomination.objects.filter(status=NominationStatus.APPROVED).values_list("pk", flat=True))
    assert approved == {waiting.occasion.pk}

"""An emulation block's meeting: quorum of all members, the vote among those present, the minutes, the
tờ trình and the nominations it sends to the Alliance."""

import datetime as dt
from decimal import Decimal as D

import pytest

from awards import block_meeting
from awards.models import AwardCategory, AwardIssuer, Nomination, NominationStatus, Occasion
from campaign import blocks
from campaign.models import BlockCriterion, EmulationBlock
from core.errors import TransitionError
from documents.models import IssuedDocument
from members.models import Role
from tests.factories import AwardTypeFactory, IssuingBodyFactory, OrganizationFactory, SignerFactory, UserFactory
from tests.pdf_reading import page_texts

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 10)


@pytest.fixture
def ranked(demo_parameters, office_user):
    """A block of five units, scored and ranked: unit 0 first, unit 4 last."""
    SignerFactory(issuing_body=IssuingBodyFactory())
    units = [OrganizationFactory(name=f"HTX Khối {i}", representative=f"Giám đốc {i}") for i in range(5)]
    heads = [UserFactory(role=Role.UNIT, organization=u) for u in units]
    block = EmulationBlock.objects.create(name="Khối thi đua HTX nông nghiệp", created_by=office_user)
    criterion = BlockCriterion.objects.create(block=block, code="1", name="Doanh thu", max_points=D("10"))
    year = blocks.open_year(block, 2026, organizations=units, head=units[1], deputy=units[2], by=office_user)
    year = blocks.advance(year, by=heads[1])
    members = [year.members.get(organization=u) for u in units]
    for scorer in members:
        for i, scored in enumerate(members):
            blocks.save_score(scorer=scorer, scored=scored, criterion=criterion, value=D(9 - i), by=heads[1])
    blocks.advance(year, by=heads[1])
    year = blocks.advance(year, by=heads[1])
    flag = AwardTypeFactory(name="Cờ thi đua của UBND tỉnh", category=AwardCategory.TITLE, issuer=AwardIssuer.PROVINCE)
    return {"year": year, "members": members, "heads": heads, "flag": flag}


def _meeting(ranked, present=5):
    members = ranked["members"]
    return block_meeting.open_meeting(
        ranked["year"],
        held_on=DAY,
        place="Hội trường HTX Khối 1",
        present=members[:present],
        candidates=[(members[0], ranked["flag"])],
        by=ranked["heads"][1],
    )


def test_a_meeting_only_for_a_ranked_year_and_once(ranked, office_user):
    year = ranked["year"]
    block = year.block
    other = blocks.open_year(block, 2027, organizations=[m.organization for m in ranked["members"]], by=office_user)
    with pytest.raises(TransitionError):
        block_meeting.open_meeting(other, held_on=DAY, present=[], candidates=[], by=office_user)
    meeting = _meeting(ranked)
    assert meeting.candidates.get().rank == 1
    with pytest.raises(TransitionError):
        _meeting(ranked)


def test_the_proposed_member_does_not_vote_on_itself_and_absent_members_cannot_vote(ranked):
    meeting = _meeting(ranked, present=4)
    candidate = meeting.candidates.get()
    members = ranked["members"]
    with pytest.raises(TransitionError):
        block_meeting.cast_vote(candidate, voter=members[0], choice="agree", by=ranked["heads"][0])
    with pytest.raises(TransitionError):
        block_meeting.cast_vote(candidate, voter=members[4], choice="agree", by=ranked["heads"][4])
    block_meeting.cast_vote(candidate, voter=members[1], choice="agree", by=ranked["heads"][1])
    block_meeting.cast_vote(candidate, voter=members[1], choice="disagree", by=ranked["heads"][1])  # changes it
    ((_c, result),) = block_meeting.results(meeting)
    assert (result.agree, result.disagree, result.recused, result.members) == (0, 1, 1, 4)


@pytest.mark.parametrize(("agree", "passes"), [(2, False), (3, True)])
def test_more_than_half_of_those_present_carries_the_proposal(ranked, agree, passes):
    meeting = _meeting(ranked, present=5)  # the candidate is present and recused: 4 can agree, 3 of 5 needed
    candidate = meeting.candidates.get()
    for voter in ranked["members"][1 : 1 + agree]:
        block_meeting.cast_vote(candidate, voter=voter, choice="agree", by=ranked["heads"][1])
    ((_c, result),) = block_meeting.results(meeting)
    assert result.needed == 3 and result.passed is passes


def test_closing_without_a_quorum_is_refused(ranked):
    meeting = _meeting(ranked, present=3)  # 3 of 5 is less than two thirds
    with pytest.raises(TransitionError):
        block_meeting.close_meeting(meeting, by=ranked["heads"][1], day=DAY)


def test_closing_issues_minutes_and_proposal_and_sends_the_nomination_to_the_alliance(ranked):
    meeting = _meeting(ranked, present=5)
    candidate = meeting.candidates.get()
    for voter in ranked["members"][1:]:
        block_meeting.cast_vote(candidate, voter=voter, choice="agree", by=ranked["heads"][1])
    meeting = block_meeting.close_meeting(meeting, by=ranked["heads"][1], day=DAY)
    assert meeting.minutes.type_symbol == "BB" and meeting.proposal.type_symbol == "TTr"
    assert IssuedDocument.objects.count() == 2
    nomination = Nomination.objects.get()
    assert nomination.occasion == Occasion.BLOCK and nomination.campaign is None
    assert nomination.organization == ranked["members"][0].organization
    assert nomination.status != NominationStatus.DRAFT
    assert meeting.proposal.reference in nomination.achievements
    minutes = "\n".join(page_texts(meeting.minutes.file.read()))
    assert "HTX Khối 0" in minutes and "Đạt" in minutes and "4/5" in minutes
    proposal = "\n".join(page_texts(meeting.proposal.file.read()))
    assert "Cờ thi đua của UBND tỉnh" in proposal and meeting.minutes.reference in proposal
    with pytest.raises(TransitionError):
        block_meeting.cast_vote(candidate, voter=ranked["members"][1], choice="disagree", by=ranked["heads"][1])


def test_the_meeting_in_the_browser_head_opens_members_vote_head_closes(ranked, client_for, office_user):
    from django.urls import reverse

    year, members, heads = ranked["year"], ranked["members"], ranked["heads"]
    head = client_for(heads[1])
    url = reverse("awards:block_meeting_open", args=[year.pk])
    assert client_for(heads[2]).get(url).status_code == 403  # only the head opens it
    assert client_for(office_user).get(url).status_code == 403  # the office does not act for the block
    response = head.post(url, {"held_on": "10/12/2026", "present": [m.pk for m in members], "member_0": members[0].pk})
    assert response.status_code == 200  # the award is missing: nothing stored, the rest kept
    assert not block_meeting.BlockMeeting.objects.exists()
    head.post(
        url,
        {
            "held_on": "10/12/2026",
            "place": "Hội trường",
            "present": [m.pk for m in members],
            "member_0": members[0].pk,
            "award_0": ranked["flag"].pk,
        },
    )
    meeting = block_meeting.BlockMeeting.objects.get()
    candidate = meeting.candidates.get()
    vote_url = reverse("awards:block_meeting_vote", args=[year.pk, candidate.pk])
    for account in heads[1:]:
        client_for(account).post(vote_url, {"choice": "agree"})
    client_for(heads[0]).post(vote_url, {"choice": "agree"})  # the candidate itself: refused
    page = client_for(heads[3]).get(reverse("awards:block_meeting", args=[year.pk])).content.decode()
    assert candidate.votes.count() == 4  # the four others; the candidate's own vote refused
    assert "HTX Khối 0" in page and 'value="agree"' in page  # unit 3 sees the candidate and may change its vote
    outsider = UserFactory(role=Role.UNIT)
    assert client_for(outsider).get(reverse("awards:block_meeting", args=[year.pk])).status_code == 404
    assert client_for(heads[3]).post(reverse("awards:block_meeting_close", args=[year.pk])).status_code == 403
    head.post(reverse("awards:block_meeting_close", args=[year.pk]))
    meeting.refresh_from_db()
    assert meeting.closed_at and meeting.proposal is not None
    pdf = client_for(heads[4]).get(reverse("awards:block_meeting_document", args=[year.pk, "proposal"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

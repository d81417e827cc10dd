"""The Council's services: sessions, the agenda, votes once only, closing with the tally and minutes, approval."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from council_helpers import council_members, eligible, open_session, votes
from django.db import connection
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    NominationFactory,
    PersonFactory,
    RegistrationFactory,
    UserFactory,
)

from awards import council
from awards.models import (
    NominationEvent,
    NominationStatus,
    NomineeKind,
    SessionStatus,
    Vote,
    VoteRule,
)
from core.errors import TransitionError
from documents.models import IssuedDocument
from members.models import Role

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def members(db):
    return council_members(5)


# --- sessions -----------------------------------------------------------------------------------


def test_create_session_counts_the_active_council_accounts_as_the_membership(campaign, office_user, members):
    UserFactory(role=Role.COUNCIL, is_active=False)

    session = council.create_session(
        campaign=campaign, held_on=dt.date(2022, 2, 15), present=members[:3], by=office_user
    )

    assert (session.members_total, session.present.count(), session.status) == (5, 3, SessionStatus.OPEN)


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.UNIT])
def test_create_session_refuses_a_present_member_without_a_council_account(campaign, office_user, members, role):
    with pytest.raises(TransitionError):
        council.create_session(
            campaign=campaign,
            held_on=dt.date(2022, 2, 15),
            present=[members[0], UserFactory(role=role)],
            by=office_user,
        )


def test_create_session_refuses_more_present_than_members(campaign, office_user, members):
    with pytest.raises(TransitionError):
        council.create_session(
            campaign=campaign, held_on=dt.date(2022, 2, 15), present=members, members_total=4, by=office_user
        )


def test_update_session_keeps_a_member_who_already_voted_present(campaign, office_user, members):
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members, members_total=5, nominations=[nomination]
    )
    votes(session, nomination, members[:1], "agree")

    with pytest.raises(TransitionError):
        council.update_session(session, by=office_user, held_on=session.held_on, present=members[1:], members_total=7)

    assert set(session.present.all()) == set(members)


# --- the agenda ---------------------------------------------------------------------------------


def test_add_to_session_puts_eligible_nominations_before_the_council_with_an_event(campaign, office_user, members):
    nominations = [eligible(campaign), eligible(campaign)]
    session = open_session(campaign=campaign, by=office_user, present=members, members_total=5)

    result = council.add_to_session(session, nominations, by=office_user)

    assert [n.pk for n in result.added] == [n.pk for n in nominations]
    assert result.left_out == []
    for nomination in nominations:
        nomination.refresh_from_db()
        event = nomination.events.get()
        assert (nomination.status, nomination.session_id) == (NominationStatus.IN_COUNCIL, session.pk)
        assert (event.old_status, event.status, event.by) == (
            NominationStatus.ELIGIBLE,
            NominationStatus.IN_COUNCIL,
            office_user,
        )


@pytest.mark.parametrize(
    "status",
    [s for s in NominationStatus.values if s not in (NominationStatus.ELIGIBLE, NominationStatus.IN_COUNCIL)],
)
def test_add_to_session_leaves_out_a_nomination_that_is_not_eligible_and_says_why(
    campaign, office_user, members, status
):
    nomination = NominationFactory(campaign=campaign, status=status, eligibility_reasons=["Đơn vị bị vi phạm."])
    session = open_session(campaign=campaign, by=office_user, present=members, members_total=5)

    result = council.add_to_session(session, [nomination], by=office_user)

    nomination.refresh_from_db()
    assert (result.added, [(n.pk, r) for n, r in result.left_out]) == ([], [(nomination.pk, ["Đơn vị bị vi phạm."])])
    assert (nomination.status, nomination.events.count()) == (status, 0)


def test_add_to_session_leaves_out_another_campaigns_nomination(campaign, office_user, members):
    stranger = eligible(CampaignFactory())
    session = open_session(campaign=campaign, by=office_user, present=members, members_total=5)

    result = council.add_to_session(session, [stranger], by=office_user)

    stranger.refresh_from_db()
    assert (len(result.left_out), stranger.status) == (1, NominationStatus.ELIGIBLE)


def test_add_to_session_rechecks_eligibility_and_leaves_out_one_no_longer_eligible(
    campaign, office_user, members, monkeypatch
):
    """The eligibility check runs again before the vote: the facts may have changed since it was sent."""
    from awards import nominations

    def check_eligibility(nomination, *, by):
        nomination.__class__.objects.filter(pk=nomination.pk).update(
            status=NominationStatus.NOT_ELIGIBLE, eligibility_reasons=["Đã được khen cùng hình thức trong phong trào."]
        )

    monkeypatch.setattr(nominations, "check_eligibility", check_eligibility)
    nomination = eligible(campaign)
    session = open_session(campaign=campaign, by=office_user, present=members, members_total=5)

    result = council.add_to_session(session, [nomination], by=office_user)

    assert [(n.pk, r) for n, r in result.left_out] == [
        (nomination.pk, ["Đã được khen cùng hình thức trong phong trào."])
    ]


def test_add_to_session_twice_does_nothing_the_second_time(campaign, office_user, members):
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members, members_total=5, nominations=[nomination]
    )
    nomination.refresh_from_db()

    result = council.add_to_session(session, [nomination], by=office_user)

    assert (result.added, result.left_out, nomination.events.count()) == ([], [], 1)


# --- votes --------------------------------------------------------------------------------------


@pytest.fixture
def voting(campaign, office_user, members):
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members[:4], members_total=5, nominations=[nomination]
    )
    nomination.refresh_from_db()
    return session, nomination


def test_cast_vote_records_one_vote(voting, members):
    session, nomination = voting

    vote = council.cast_vote(session, nomination, voter=members[0], choice="agree")

    assert list(Vote.objects.values_list("voter", "choice")) == [(members[0].pk, "agree")]
    assert vote.session_id == session.pk


def test_cast_vote_a_second_time_is_refused_and_keeps_the_first(voting, members):
    session, nomination = voting
    council.cast_vote(session, nomination, voter=members[0], choice="agree")

    with pytest.raises(TransitionError, match="already voted"):
        council.cast_vote(session, nomination, voter=members[0], choice="disagree")

    assert list(Vote.objects.values_list("choice", flat=True)) == ["agree"]


def test_cast_vote_when_the_unique_constraint_answers_is_refused(voting, members, monkeypatch):
    """Two votes at the same moment: both pass the check, the database keeps one."""
    session, nomination = voting
    Vote.objects.create(session=session, nomination=nomination, voter=members[0], choice="agree")
    real_filter = Vote.objects.filter
    monkeypatch.setattr(
        Vote.objects, "filter", lambda *a, **k: real_filter(pk=-1) if "voter" in k else real_filter(*a, **k)
    )

    with pytest.raises(TransitionError, match="already voted"):
        council.cast_vote(session, nomination, voter=members[0], choice="disagree")

    assert Vote.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_cast_vote_concurrently_records_one_and_refuses_the_other(office_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the unique-constraint path is tested above")
    campaign = CampaignFactory()
    members = council_members(3)
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members, members_total=3, nominations=[nomination]
    )
    nomination.refresh_from_db()
    outcomes = []

    def vote(choice):
        try:
            council.cast_vote(session, nomination, voter=members[0], choice=choice)
            outcomes.append("cast")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(c,)) for c in ("agree", "disagree")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (sorted(outcomes), Vote.objects.count()) == (["cast", "refused"], 1)


def test_cast_vote_by_a_member_not_present_is_refused(voting, members):
    session, nomination = voting

    with pytest.raises(TransitionError, match="present"):
        council.cast_vote(session, nomination, voter=members[4], choice="agree")

    assert Vote.objects.count() == 0


def test_cast_vote_on_a_nomination_off_the_agenda_is_refused(voting, members, campaign):
    session, _nomination = voting

    with pytest.raises(TransitionError):
        council.cast_vote(session, eligible(campaign), voter=members[0], choice="agree")


def test_cast_vote_with_another_choice_is_refused(voting, members):
    session, nomination = voting

    with pytest.raises(TransitionError):
        council.cast_vote(session, nomination, voter=members[0], choice="maybe")


def test_cast_vote_in_a_closed_session_is_refused(voting, members, office_user):
    session, nomination = voting
    votes(session, nomination, members[:3], "agree")
    council.close_session(session, by=office_user, confirm_missing=True)

    with pytest.raises(TransitionError, match="closed"):
        council.cast_vote(session, nomination, voter=members[3], choice="agree")


# --- closing ------------------------------------------------------------------------------------


def test_close_session_sets_passed_and_not_passed_with_the_tally_and_issues_the_minutes(campaign, office_user, members):
    two_thirds = AwardTypeFactory(vote_rule=VoteRule.TWO_THIRDS)
    majority, strict = eligible(campaign), eligible(campaign, award_type=two_thirds)
    session = open_session(
        campaign=campaign, by=office_user, present=members[:4], members_total=5, nominations=[majority, strict]
    )
    votes(session, majority, members[:3], "agree")  # 3 of 5: more than half
    votes(session, strict, members[:3], "agree")  # 3 of 5: short of two thirds (4 needed)
    votes(session, strict, members[3:4], "disagree")

    council.close_session(session, by=office_user, confirm_missing=True)

    session.refresh_from_db()
    majority.refresh_from_db()
    strict.refresh_from_db()
    assert (session.status, session.closed_by) == (SessionStatus.CLOSED, office_user)
    assert (majority.status, strict.status) == (NominationStatus.PASSED, NominationStatus.NOT_PASSED)
    event = strict.events.first()
    assert (event.old_status, event.status, event.by) == (
        NominationStatus.IN_COUNCIL,
        NominationStatus.NOT_PASSED,
        office_user,
    )
    assert event.note == "Agree 3, disagree 1, abstain 0, recused 0, vote missing 0, absent 1 of 5 members; 4 needed."
    minutes = council.issued_minutes(session)
    assert (minutes.type_symbol, minutes.reference, minutes.issued_on) == ("BB", "01/BB-LMHTX", session.held_on)


def test_close_session_without_quorum_is_refused_and_changes_nothing(campaign, office_user, members):
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members[:3], members_total=5, nominations=[nomination]
    )
    votes(session, nomination, members[:3], "agree")

    with pytest.raises(TransitionError, match="quorum"):
        council.close_session(session, by=office_user)

    session.refresh_from_db()
    nomination.refresh_from_db()
    assert (session.status, nomination.status, IssuedDocument.objects.count()) == (
        SessionStatus.OPEN,
        NominationStatus.IN_COUNCIL,
        0,
    )


def test_close_session_with_an_empty_agenda_is_refused(campaign, office_user, members):
    session = open_session(campaign=campaign, by=office_user, present=members, members_total=5)

    with pytest.raises(TransitionError):
        council.close_session(session, by=office_user)


def test_close_session_twice_does_nothing_the_second_time(voting, members, office_user):
    session, nomination = voting
    votes(session, nomination, members[:3], "agree")
    council.close_session(session, by=office_user, confirm_missing=True)

    council.close_session(session, by=office_user)

    assert (IssuedDocument.objects.count(), NominationEvent.objects.filter(nomination=nomination).count()) == (1, 2)


# --- approval -----------------------------------------------------------------------------------


@pytest.fixture
def passed(campaign):
    return NominationFactory(campaign=campaign, status=NominationStatus.PASSED)


def test_approve_records_the_leaderships_approval_with_its_comment(passed, leader_user):
    council.approve(passed, by=leader_user, comment="Đồng ý đề nghị của Hội đồng.")

    passed.refresh_from_db()
    event = passed.events.get()
    assert (passed.status, passed.leader_comment) == (NominationStatus.APPROVED, "Đồng ý đề nghị của Hội đồng.")
    assert (event.old_status, event.status, event.by, event.note) == (
        NominationStatus.PASSED,
        NominationStatus.APPROVED,
        leader_user,
        "Đồng ý đề nghị của Hội đồng.",
    )


def test_approve_twice_does_nothing_the_second_time(passed, leader_user):
    council.approve(passed, by=leader_user)

    council.approve(passed, by=leader_user, comment="Lần hai")

    passed.refresh_from_db()
    assert (passed.events.count(), passed.leader_comment) == (1, "")


@pytest.mark.parametrize("comment", ["", "   "])
def test_reject_without_a_comment_is_refused(passed, leader_user, comment):
    with pytest.raises(TransitionError):
        council.reject(passed, by=leader_user, comment=comment)

    passed.refresh_from_db()
    assert (passed.status, passed.events.count()) == (NominationStatus.PASSED, 0)


def test_reject_with_a_comment_records_it_and_an_approval_may_follow_before_the_decision(passed, leader_user):
    council.reject(passed, by=leader_user, comment="Vượt số lượng khen thưởng.")
    council.approve(passed, by=leader_user, comment="Xem xét lại: đủ điều kiện.")

    passed.refresh_from_db()
    assert list(passed.events.order_by("pk").values_list("status", flat=True)) == [
        NominationStatus.REJECTED,
        NominationStatus.APPROVED,
    ]


@pytest.mark.parametrize("status", [s for s in NominationStatus.values if s not in council.DECIDABLE])
def test_approve_or_reject_is_refused_unless_the_council_passed_it(campaign, leader_user, status):
    nomination = NominationFactory(campaign=campaign, status=status)

    with pytest.raises(TransitionError):
        council.approve(nomination, by=leader_user)
    with pytest.raises(TransitionError):
        council.reject(nomination, by=leader_user, comment="Không")

    nomination.refresh_from_db()
    assert (nomination.status, nomination.events.count()) == (status, 0)


def test_approve_all_passed_approves_each_waiting_nomination_once(campaign, leader_user):
    waiting = NominationFactory.create_batch(2, campaign=campaign, status=NominationStatus.PASSED)
    rejected = NominationFactory(campaign=campaign, status=NominationStatus.REJECTED)

    approved = council.approve_all_passed(campaign, by=leader_user)

    rejected.refresh_from_db()
    assert sorted(n.pk for n in approved) == sorted(n.pk for n in waiting)
    assert rejected.status == NominationStatus.REJECTED
    assert NominationEvent.objects.filter(status=NominationStatus.APPROVED).count() == 2


# --- the shortlist ------------------------------------------------------------------------------


def shortlist_rows(campaign, tab):
    """Every row of one tab of the shortlist, in its order."""
    return council.shortlist_rows(council.ranked_nominations(campaign, tab.award_type))


def test_shortlist_groups_by_award_ranks_by_score_and_shows_the_shares_against_the_quota(campaign, leader_user):
    giay_khen = AwardTypeFactory(name="Giấy khen", order=1, quota_count=2)
    bang_khen = AwardTypeFactory(name="Bằng khen", order=2)
    worker = PersonFactory(is_direct_worker=True)
    manager = PersonFactory(is_direct_worker=False)

    def shortlisted(award_type, score, **kwargs):
        return NominationFactory(
            campaign=campaign, award_type=award_type, status=NominationStatus.PASSED, score=Decimal(score), **kwargs
        )

    low = shortlisted(giay_khen, "70")
    high = shortlisted(
        giay_khen, "95", nominee_kind=NomineeKind.INDIVIDUAL, person=worker, organization=worker.organization
    )
    middle = shortlisted(
        giay_khen, "80", nominee_kind=NomineeKind.INDIVIDUAL, person=manager, organization=manager.organization
    )
    other = shortlisted(bang_khen, "60")
    NominationFactory(campaign=campaign, award_type=giay_khen, status=NominationStatus.NOT_PASSED, score=99)
    council.reject(low, by=leader_user, comment="Điểm thấp.")

    result = council.shortlist(campaign)

    first, second = result.tabs
    assert (first.award_type, second.award_type) == (giay_khen, bang_khen)
    assert (first.rows, second.rows) == (3, 1)
    assert [row.nomination.pk for row in shortlist_rows(campaign, first)] == [high.pk, middle.pk, low.pk]
    assert [row.nomination.pk for row in shortlist_rows(campaign, second)] == [other.pk]
    # the rejected one is no longer proposed: 2 of a quota of 2
    assert (first.quota.count, first.quota.limit, first.quota.exceeded) == (2, 2, False)
    assert (first.shares.direct_workers.part, first.shares.direct_workers.whole) == (1, 2)
    assert (result.shares.collectives.part, result.shares.collectives.whole) == (1, 3)
    assert result.waiting == 3


def test_shortlist_says_when_a_quota_share_of_the_participants_is_exceeded(campaign):
    award = AwardTypeFactory(for_individuals=False, quota_share=Decimal("0.2"))
    RegistrationFactory.create_batch(5, campaign=campaign)  # 20 % of 5 units is 1
    NominationFactory.create_batch(2, campaign=campaign, award_type=award, status=NominationStatus.PASSED)

    group = council.shortlist(campaign).tabs[0]

    assert (group.quota.count, group.quota.limit, group.quota.exceeded) == (2, 1, True)


def test_shortlist_shows_the_council_tally_of_each_nomination(campaign, office_user, members):
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members[:4], members_total=5, nominations=[nomination]
    )
    votes(session, nomination, members[:3], "agree")
    votes(session, nomination, members[3:4], "disagree")
    council.close_session(session, by=office_user)

    row = shortlist_rows(campaign, council.shortlist(campaign).tabs[0])[0]

    assert (row.tally.agree, row.tally.disagree, row.tally.absent, row.tally.passed) == (3, 1, 1, True)

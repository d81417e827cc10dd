"""Sessions that cannot be steered (issue 16 item 4) and minutes as they are signed, abstention
and recusal, warnings before closing (issue 23 items 2, 4, 5): each attack as written becomes a test."""

import datetime as dt
from decimal import Decimal

import pytest
from council_helpers import council_members, eligible, open_session, votes
from django.conf import settings
from django.urls import reverse
from factories import AwardTypeFactory, CampaignFactory, NominationFactory, OrganizationFactory, UserFactory
from pdf_reading import page_texts

from awards import council, tally
from awards.eligibility import (
    STANDARD_CSTDCS,
    STANDARD_EXCELLENT_COLLECTIVE,
    AwardRules,
    Facts,
    check,
    rule_band,
    rule_quota,
)
from awards.models import (
    AwardType,
    CouncilSession,
    NominationStatus,
    Recusal,
    SessionEvent,
    SessionStatus,
    Vote,
    VoteRule,
)
from awards.nominations import default_award_types, install_default_award_types
from core.errors import TransitionError
from members.models import Role

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def six(db):
    return council_members(6)


@pytest.fixture
def three_of_six(campaign, office_user, six):
    """The attack's session: 6 members all present, a majority rule, 3 agree and 3 disagree: not passed."""
    nomination = eligible(campaign, award_type=AwardTypeFactory(vote_rule=VoteRule.MAJORITY))
    session = open_session(campaign=campaign, by=office_user, present=six, members_total=6, nominations=[nomination])
    votes(session, nomination, six[:3], "agree")
    votes(session, nomination, six[3:], "disagree")
    return session, nomination


def _flat(text):
    return " ".join(text.split())


# --- frozen at the first vote (issue 16 item 4) ------------------------------------------------------


def test_attack_setting_the_members_to_5_after_3_of_6_is_refused_and_the_nomination_does_not_pass(
    three_of_six, office_user, six
):
    session, nomination = three_of_six

    with pytest.raises(TransitionError, match="frozen"):
        council.update_session(
            session, by=office_user, held_on=session.held_on, chair=six[0], secretary=office_user,
            present=six[:5], members_total=5,
        )  # fmt: skip

    session.refresh_from_db()
    assert (session.members_total, session.present.count()) == (6, 6)
    council.close_session(session, by=office_user)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.NOT_PASSED


@pytest.mark.parametrize(
    "change",
    [
        {"held_on": dt.date(2022, 2, 16)},
        {"members_total": 7},
        {"present": "five"},
        {"chair": "another"},
        {"secretary": None},
    ],
)
def test_after_the_first_vote_date_membership_presence_and_signers_are_frozen(three_of_six, office_user, six, change):
    session, _nomination = three_of_six
    values = {
        "held_on": session.held_on,
        "place": session.place,
        "chair": six[0],
        "secretary": office_user,
        "present": six,
        "members_total": 6,
    }
    values.update(change)
    if values["present"] == "five":
        values["present"] = six[:5]
    if values["chair"] == "another":
        values["chair"] = six[1]

    with pytest.raises(TransitionError, match="frozen"):
        council.update_session(session, by=office_user, **values)

    assert SessionEvent.objects.filter(session=session, kind="changed").count() == 0


def test_after_the_first_vote_the_place_can_still_be_corrected(three_of_six, office_user, six):
    session, _nomination = three_of_six

    council.update_session(
        session, by=office_user, held_on=session.held_on, place="Phòng họp số 2", chair=six[0],
        secretary=office_user, present=six, members_total=6,
    )  # fmt: skip

    session.refresh_from_db()
    assert session.place == "Phòng họp số 2"


def test_after_the_first_vote_the_agenda_is_frozen(three_of_six, office_user, campaign):
    session, _nomination = three_of_six
    late = eligible(campaign)

    with pytest.raises(TransitionError, match="frozen"):
        council.add_to_session(session, [late], by=office_user)

    late.refresh_from_db()
    assert (late.status, late.session_id) == (NominationStatus.ELIGIBLE, None)


def test_every_change_before_voting_is_in_the_history_with_who_and_what(campaign, office_user, six, english_client):
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=six[:4], members_total=6, nominations=[nomination]
    )
    council.update_session(
        session, by=office_user, held_on=dt.date(2022, 2, 17), place=session.place, chair=six[0],
        secretary=office_user, present=six[:4], members_total=5,
    )  # fmt: skip

    kinds = list(session.events.values_list("kind", flat=True))
    assert kinds == ["created", "agenda", "changed"]
    changed = session.events.get(kind="changed")
    assert changed.by == office_user
    assert {c["field"]: (c["old"], c["new"]) for c in changed.changes} == {
        "held_on": ("15/02/2022", "17/02/2022"),
        "members_total": ("6", "5"),
    }
    english_client.force_login(office_user)
    page = english_client.get(session.get_absolute_url()).content.decode()
    assert "History of the session" in page and "15/02/2022" in page and "17/02/2022" in page


def test_the_edit_page_refuses_a_change_after_voting_and_stores_nothing(three_of_six, office_user, six, english_client):
    session, _nomination = three_of_six
    english_client.force_login(office_user)
    data = {
        "held_on": "2022-02-15",
        "place": session.place,
        "chair": six[0].pk,
        "secretary": office_user.pk,
        "present": [m.pk for m in six[:5]],
        "members_total": 5,
    }

    response = english_client.post(reverse("awards:session_edit", args=[session.pk]), data, follow=True)

    assert response.status_code == 200 and "frozen" in response.content.decode()
    session.refresh_from_db()
    assert session.members_total == 6


# --- the office sees the ballots, not the tally, until closed ---------------------------------------


def test_while_open_the_office_sees_the_count_of_ballots_but_not_the_tally(three_of_six, office_user, english_client):
    session, _nomination = three_of_six
    english_client.force_login(office_user)

    page = english_client.get(session.get_absolute_url()).content.decode()

    assert "6 of 6 ballots are in" in page
    assert "Passes" not in page and "Does not pass" not in page and "Tally" not in page
    close_page = english_client.get(reverse("awards:session_close", args=[session.pk])).content.decode()
    assert "6 of 6 ballots are in" in close_page and "Does not pass" not in close_page


@pytest.mark.parametrize("role", ["office", "leader"])
def test_while_open_nobody_reads_the_tally_and_the_draft_minutes_are_closed(
    three_of_six, office_user, leader_user, client_for, role
):
    session, _nomination = three_of_six
    user = office_user if role == "office" else leader_user

    page = client_for(user).get(session.get_absolute_url())

    assert "tally" not in page.context
    preview = client_for(office_user).get(reverse("awards:minutes_preview", args=[session.pk]))
    assert preview.status_code == 302


def test_once_closed_the_tally_is_shown(three_of_six, office_user, english_client):
    session, _nomination = three_of_six
    council.close_session(session, by=office_user)
    english_client.force_login(office_user)

    page = english_client.get(session.get_absolute_url()).content.decode()

    assert "Does not pass" in page


# --- chair and secretary (issue 23 item 2) -----------------------------------------------------------


def test_voting_opens_only_once_a_chair_and_a_secretary_are_named(campaign, office_user, six):
    nomination = eligible(campaign)
    session = council.create_session(
        campaign=campaign, held_on=dt.date(2022, 2, 15), by=office_user, present=six, members_total=6
    )
    council.add_to_session(session, [nomination], by=office_user)

    with pytest.raises(TransitionError, match="chair and the secretary"):
        council.cast_vote(session, nomination, voter=six[0], choice="agree")
    council.update_session(session, by=office_user, held_on=session.held_on, chair=six[0], present=six, members_total=6)
    with pytest.raises(TransitionError, match="secretary"):
        council.cast_vote(session, nomination, voter=six[0], choice="agree")
    assert not Vote.objects.exists()


def test_a_session_without_chair_or_secretary_cannot_close(campaign, office_user, six):
    nomination = eligible(campaign)
    session = council.create_session(
        campaign=campaign, held_on=dt.date(2022, 2, 15), by=office_user, present=six, members_total=6
    )
    council.add_to_session(session, [nomination], by=office_user)

    with pytest.raises(TransitionError, match="chair"):
        council.close_session(session, by=office_user, confirm_missing=True)

    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


def test_the_chair_and_the_secretary_are_two_people_of_the_right_roles(campaign, office_user, six, unit_user):
    with pytest.raises(TransitionError, match="two different"):
        council.create_session(
            campaign=campaign, held_on=dt.date(2022, 2, 15), by=office_user, chair=six[0], secretary=six[0]
        )
    with pytest.raises(TransitionError, match="secretary"):
        council.create_session(
            campaign=campaign, held_on=dt.date(2022, 2, 15), by=office_user, chair=six[0], secretary=unit_user
        )
    assert not CouncilSession.objects.exists()


def test_the_register_records_the_secretary_and_the_chair_as_the_minutes_signers(three_of_six, office_user, six):
    session, _nomination = three_of_six
    council.close_session(session, by=office_user)

    document = council.issued_minutes(session)

    assert document.signer_name == f"{office_user.display_name}, {six[0].display_name}"
    assert "Thư ký" in document.signer_title and "Chủ trì" in document.signer_title


def test_the_minutes_name_present_and_absent_members_and_state_each_result_in_words(campaign, office_user, six):
    nomination = eligible(campaign, award_type=AwardTypeFactory(vote_rule=VoteRule.MAJORITY))
    session = open_session(
        campaign=campaign, by=office_user, present=six[:5], members_total=6, nominations=[nomination]
    )
    votes(session, nomination, six[:4], "agree")
    votes(session, nomination, six[4:5], "abstain")
    council.close_session(session, by=office_user)

    text = _flat(" ".join(page_texts(council.issued_minutes(session).file.open("rb").read())))

    assert f"Chủ trì: {six[0].display_name}" in text and f"Thư ký: {office_user.display_name}" in text
    assert "……" not in text
    assert f"vắng mặt: 1 thành viên, gồm: {six[5].display_name}" in text
    assert all(member.display_name in text for member in six)
    assert (
        f"{nomination.organization.name}: đạt 4/6 phiếu (66,7%); 1 phiếu không biểu quyết, đề nghị khen thưởng" in text
    )


# --- abstention and recusal (issue 23 item 4) --------------------------------------------------------


def test_abstention_counts_as_not_in_favour_and_is_shown_apart(three_of_six, six):
    rule = council.threshold_on(VoteRule.MAJORITY, dt.date(2022, 2, 15))

    result = tally.tally(3, 0, abstain=2, recused=1, present=6, members=6, rule=rule)

    assert (result.agree, result.abstain, result.recused, result.not_voted, result.passed) == (3, 2, 1, 0, False)


def test_a_member_of_the_nominees_unit_can_only_recuse(campaign, office_user, six):
    unit = OrganizationFactory()
    nomination = eligible(campaign, organization=unit)
    insider = UserFactory(role=Role.COUNCIL, organization=unit)
    session = open_session(
        campaign=campaign, by=office_user, present=[*six[:3], insider], members_total=7, nominations=[nomination]
    )

    for choice in ("agree", "disagree", "abstain"):
        with pytest.raises(TransitionError, match="recuse"):
            council.cast_vote(session, nomination, voter=insider, choice=choice)
    council.cast_vote(session, nomination, voter=insider, choice="recused", recusal=Recusal.SAME_UNIT)

    assert Vote.objects.get(voter=insider).recusal == Recusal.SAME_UNIT


def test_a_recusal_names_the_connection_and_is_in_the_tally_and_the_minutes(campaign, office_user, six):
    nomination = eligible(campaign, award_type=AwardTypeFactory(vote_rule=VoteRule.MAJORITY))
    session = open_session(campaign=campaign, by=office_user, present=six, members_total=6, nominations=[nomination])
    with pytest.raises(TransitionError, match="connected"):
        council.cast_vote(session, nomination, voter=six[5], choice="recused")
    council.cast_vote(session, nomination, voter=six[5], choice="recused", recusal=Recusal.FAMILY)
    votes(session, nomination, six[:4], "agree")
    votes(session, nomination, six[4:5], "disagree")

    result = council.session_tally(session).rows[0][1]
    council.close_session(session, by=office_user)

    assert (result.agree, result.disagree, result.recused, result.members, result.passed) == (4, 1, 1, 6, True)
    text = _flat(" ".join(page_texts(council.issued_minutes(session).file.open("rb").read())))
    assert f"{six[5].display_name} (có quan hệ gia đình)" in text


def test_a_recusal_cannot_lower_the_votes_needed(campaign, office_user, six):
    """Standing aside is not leaving the Council: the base stays every member (the attack of 3 of 6)."""
    nomination = eligible(campaign, award_type=AwardTypeFactory(vote_rule=VoteRule.MAJORITY))
    session = open_session(campaign=campaign, by=office_user, present=six, members_total=6, nominations=[nomination])
    votes(session, nomination, six[:3], "agree")
    votes(session, nomination, six[3:5], "disagree")
    council.cast_vote(session, nomination, voter=six[5], choice="recused", recusal=Recusal.OTHER)

    council.close_session(session, by=office_user)

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.NOT_PASSED


def test_the_ballot_page_offers_abstain_and_recuse(campaign, office_user, six, client_for):
    nomination = eligible(campaign)
    session = open_session(campaign=campaign, by=office_user, present=six, members_total=6, nominations=[nomination])
    client = client_for(six[1])

    page = client.get(reverse("awards:session_vote", args=[session.pk])).content.decode()
    assert 'value="abstain"' in page and 'value="recused"' in page and 'name="recusal"' in page
    client.post(
        reverse("awards:session_vote", args=[session.pk]),
        {"nomination": nomination.pk, "choice": "recused", "recusal": Recusal.FAMILY},
    )

    assert Vote.objects.get(voter=six[1]).choice == "recused"


# --- closing with votes missing (issue 23 item 5) ----------------------------------------------------


def test_closing_with_votes_missing_asks_for_confirmation(campaign, office_user, six, english_client):
    nomination = eligible(campaign)
    session = open_session(campaign=campaign, by=office_user, present=six, members_total=6, nominations=[nomination])
    votes(session, nomination, six[:5], "agree")
    english_client.force_login(office_user)
    url = reverse("awards:session_close", args=[session.pk])

    page = english_client.get(url).content.decode()
    assert "1 vote is missing" in page and six[5].display_name in page
    response = english_client.post(url, {})

    body = response.content.decode()
    assert response.status_code == 200 and "Confirm to close anyway" in body
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN and council.issued_minutes(session) is None
    with pytest.raises(council.MissingVotes):
        council.close_session(session, by=office_user)

    english_client.post(url, {"confirm_missing": "on"})
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert "vote missing 1" in nomination.events.filter(status=NominationStatus.PASSED).get().note


def test_the_minutes_say_a_missing_vote_is_missing(campaign, office_user, six):
    nomination = eligible(campaign)
    session = open_session(campaign=campaign, by=office_user, present=six, members_total=6, nominations=[nomination])
    votes(session, nomination, six[:5], "agree")
    council.close_session(session, by=office_user, confirm_missing=True)

    text = _flat(" ".join(page_texts(council.issued_minutes(session).file.open("rb").read())))

    assert "1 thành viên có mặt chưa biểu quyết" in text


# --- the shortlist's footer --------------------------------------------------------------------------


def test_the_shortlist_footer_counts_every_nomination_of_every_award(campaign, leader_user, english_client):
    first, second = AwardTypeFactory(), AwardTypeFactory()
    for _index in range(5):
        NominationFactory(campaign=campaign, award_type=first, status=NominationStatus.PASSED)
    for _index in range(4):
        NominationFactory(campaign=campaign, award_type=second, status=NominationStatus.PASSED)
    english_client.force_login(leader_user)

    page = english_client.get(reverse("awards:shortlist", args=[campaign.pk])).content.decode()

    assert "9 nominations on the shortlist" in page
    assert "5 records" not in page


# --- the standard set carries the law (issue 23 item 5) ----------------------------------------------

BANDS = ("Xuất sắc", "Tốt", "Khá", "Hoàn thành")


def _standard_rules(name):

    values = next(v for v in default_award_types(dt.date(2022, 2, 15)) if v["name"] == name)
    return AwardRules(name=name, accepts=frozenset({"collective"}), minimum_band=values["minimum_band"])


@pytest.mark.parametrize(
    ("award", "band", "eligible"),
    [
        ("Giấy khen của Chủ tịch Liên minh HTX tỉnh", None, False),  # 48,97 points and no band
        ("Giấy khen của Chủ tịch Liên minh HTX tỉnh", "Hoàn thành", True),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Hoàn thành", False),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Tốt", False),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Xuất sắc", True),
        ("Tập thể lao động tiên tiến", "Khá", False),
        ("Tập thể lao động xuất sắc", "Tốt", False),
    ],
)
def test_the_standard_set_has_its_lowest_band(db, award, band, eligible):

    reason = rule_band(_standard_rules(award), Facts(nominee_kind="collective", bands=BANDS, band=band))

    assert (reason is None) == eligible


def test_installing_the_standard_set_gives_an_old_installation_its_bands(db, office_user):

    old = AwardTypeFactory(name="Bằng khen của Chủ tịch UBND tỉnh", minimum_band="")
    install_default_award_types(by=office_user)

    old.refresh_from_db()
    assert old.minimum_band == "Xuất sắc" and "Đ.74" in old.conditions_note
    unconfirmed = AwardType.objects.filter(conditions_note__contains="chưa xác nhận")
    assert unconfirmed.filter(short_name="Giấy khen").exists()


def test_reasons_never_read_a_band_of_a_dash(db):

    for standard, kind in ((STANDARD_CSTDCS, "individual"), (STANDARD_EXCELLENT_COLLECTIVE, "collective")):
        rules = AwardRules(name="X", accepts=frozenset({kind}), standard=standard)
        texts = [str(r) for r in check(rules, Facts(nominee_kind=kind, bands=BANDS, band=None))]
        assert texts and not any("“—”" in text or "None" in text for text in texts)
        assert any("not classified" in text for text in texts)


def test_a_quota_base_says_what_it_counts(db):

    rules = AwardRules(name="CSTĐCS", accepts=frozenset({"individual"}), quota_share=Decimal("0.15"))
    facts = Facts(nominee_kind="individual", participants=1, participants_what="eligible nominations for “LĐTT”")

    assert str(rule_quota(rules, facts)) == (
        "The quota of “CSTĐCS” is 15% of 1 eligible nominations for “LĐTT”, that is none."
    )


def test_the_vote_card_shows_band_score_findings_and_warnings(campaign, office_user, six, client_for):
    award = AwardTypeFactory(conditions_note="[chưa xác nhận] điều kiện lịch sử khen thưởng")
    nomination = eligible(campaign, award_type=award)
    session = open_session(campaign=campaign, by=office_user, present=six, members_total=6, nominations=[nomination])

    member = client_for(six[1])
    member.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = member.get(reverse("awards:session_vote", args=[session.pk]))

    card = response.context["cards"][0]
    assert card.band is None and "not classified" in " ".join(str(w) for w in card.warnings)
    assert "[chưa xác nhận] điều kiện lịch sử khen thưởng" in card.warnings
    page = response.content.decode()
    assert "vote-band" in page and "vote-warnings" in page and "vote-score" in page

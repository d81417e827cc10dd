"""Awards outside a scored campaign (issue 22 item 4): ad-hoc, thematic, flag and medal, from the
nomination through the Council (when the form asks it), the leadership, the decision or proposal and
the certificates, with no campaign, no registration and no score."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from factories import AwardTypeFactory, CampaignFactory, NominationFactory, PersonFactory, SignerFactory, UserFactory
from pdf_reading import page_texts

from awards import council, decisions, eligibility, nominations
from awards.decision_rules import merit_phrase
from awards.eligibility import OccasionFacts, check_occasion, service_years
from awards.history import history_of
from awards.models import (
    AwardCategory,
    AwardIssuer,
    Decision,
    LegalParameter,
    Nomination,
    NominationStatus,
    Occasion,
    VoteRule,
)
from core.errors import TransitionError
from members.models import Role

S = NominationStatus
DEED = "Cứu hộ tài sản của thành viên trong trận lũ ngày 19/11/2026"
CERTIFICATE_LINE = "Đã dũng cảm cứu hộ tài sản của thành viên trong trận lũ"


def codes(reasons):
    return [reason.code for reason in reasons]


RULES = eligibility.AwardRules(name="Giấy khen", accepts=frozenset({"individual", "collective"}))


# --- the pure rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (OccasionFacts(occasion="ad_hoc", nominee_kind="individual", occasion_title=DEED), ["deed_date"]),
        (OccasionFacts(occasion="ad_hoc", nominee_kind="individual", occasion_date=dt.date(2026, 11, 19)), ["deed"]),
        (
            OccasionFacts(
                occasion="ad_hoc",
                nominee_kind="individual",
                occasion_title=DEED,
                occasion_date=dt.date(2026, 11, 20),
                today=dt.date(2026, 11, 19),
            ),
            ["deed_date"],
        ),
        (
            OccasionFacts(
                occasion="ad_hoc",
                nominee_kind="individual",
                occasion_title=DEED,
                occasion_date=dt.date(2026, 11, 19),
                today=dt.date(2026, 11, 19),
            ),
            [],
        ),
        (OccasionFacts(occasion="thematic", nominee_kind="collective"), ["deed"]),
        (OccasionFacts(occasion="thematic", nominee_kind="collective", occasion_title="Phong trào chuyển đổi số"), []),
        (OccasionFacts(occasion="flag", nominee_kind="individual", category="title"), ["flag_collective"]),
        (OccasionFacts(occasion="flag", nominee_kind="collective", category="title"), []),
        (
            OccasionFacts(occasion="thematic", nominee_kind="collective", category="title", occasion_title="x"),
            ["title_outside_campaign"],
        ),
        (OccasionFacts(occasion="flag", nominee_kind="household"), ["kind", "flag_collective"]),
    ],
)
def test_occasion_rules(facts, expected):
    assert codes(check_occasion(RULES, facts)) == expected


@pytest.mark.parametrize(
    ("years", "needed", "missing", "expected"),
    [
        (9, 10, "", ["service"]),
        (10, 10, "", []),
        (11, 10, "", []),
        (None, 10, "", ["service_unknown"]),
        (30, None, "Kỷ niệm chương", ["service_missing"]),
    ],
)
def test_medal_needs_the_dated_years_of_service(years, needed, missing, expected):
    facts = OccasionFacts(
        occasion="medal", nominee_kind="individual", service_years=years, service_needed=needed, service_missing=missing
    )
    assert codes(check_occasion(RULES, facts)) == expected


def test_medal_goes_to_a_person_and_once():
    assert codes(check_occasion(RULES, OccasionFacts(occasion="medal", nominee_kind="collective"))) == [
        "medal_individual"
    ]
    again = OccasionFacts(
        occasion="medal", nominee_kind="individual", service_years=20, service_needed=10, same_type_status="proposed"
    )
    assert codes(check_occasion(RULES, again)) == ["awarded"]


def test_service_years_count_to_the_year_of_the_nomination():
    assert (service_years(2016, 2026), service_years(2027, 2026), service_years(None, 2026)) == (10, 0, None)


def test_merit_phrase_names_the_campaign_or_the_occasion():
    assert merit_phrase("campaign", "phong trào thi đua “Chống dịch”") == (
        "thành tích xuất sắc trong phong trào thi đua “Chống dịch”"
    )
    assert merit_phrase("ad_hoc", deeds=[DEED, DEED]) == f"thành tích xuất sắc đột xuất: c{DEED[1:]}"
    assert merit_phrase("ad_hoc", deeds=[DEED, "Dập lửa cứu kho"]) == "thành tích xuất sắc đột xuất"
    assert merit_phrase("thematic", deeds=["Phong trào chuyển đổi số 2026"]) == (
        "thành tích xuất sắc trong phong trào chuyển đổi số 2026"
    )
    assert "hợp tác xã" in merit_phrase("medal")
    assert merit_phrase("block", deeds=["Khối thi đua HTX nông nghiệp năm 2026"]) == (
        "thành tích xuất sắc trong phong trào thi đua của khối thi đua HTX nông nghiệp năm 2026"
    )


# --- services and pages, end to end -------------------------------------------------------------


@pytest.fixture
def deed_day():
    return timezone.localdate() - dt.timedelta(days=10)


@pytest.fixture
def simple_form(demo_parameters):
    """An ad-hoc Giấy khen the leadership grants without a Council vote (the simplified procedure)."""
    SignerFactory()
    return AwardTypeFactory(name="Giấy khen đột xuất", short_name="Giấy khen đột xuất", council_required=False)


@pytest.fixture
def council_form(demo_parameters):
    SignerFactory()
    return AwardTypeFactory(name="Giấy khen của Chủ tịch", short_name="Giấy khen", council_required=True)


def _post_ad_hoc(client, award_type, person, deed_day, **extra):
    data = {
        "occasion": "ad_hoc",
        "occasion_title": DEED,
        "occasion_date": deed_day.strftime("%d/%m/%Y"),
        "nominee_kind": "individual",
        "person": person.pk,
        "award_type": award_type.pk,
        "achievements": "Sơ tán 12 hộ thành viên và 30 tấn nông sản ra khỏi vùng ngập.",
        "certificate_text": CERTIFICATE_LINE,
        "action": "save",
    }
    data.update(extra)
    return client.post(reverse("awards:nomination_create"), data)


def test_ad_hoc_award_end_to_end_without_a_campaign(
    simple_form, deed_day, client_for, unit_user, other_unit_user, own_org, office_user, leader_user
):
    person = PersonFactory(full_name="Y Bhim Niê", organization=own_org)
    unit = client_for(unit_user)

    # The unit proposes its own member for the deed, with no campaign and no registration.
    response = _post_ad_hoc(unit, simple_form, person, deed_day)
    nomination = Nomination.objects.get()
    assert (response.status_code, nomination.campaign, nomination.occasion, nomination.occasion_title) == (
        302,
        None,
        Occasion.AD_HOC,
        DEED,
    )
    unit.post(reverse("awards:nomination_submit", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert (nomination.status, nomination.eligibility_reasons) == (S.ELIGIBLE, [])
    # Another unit does not see it.
    assert client_for(other_unit_user).get(nomination.get_absolute_url()).status_code == 404

    # No Council for this form: the leadership approves it from the shortlist outside campaigns.
    leader = client_for(leader_user)
    page = leader.get(reverse("awards:occasion_shortlist"))
    assert [row.nomination for row in page.context["rows"]] == [nomination]
    leader.post(reverse("awards:nomination_approve", args=[nomination.pk]), {"comment": ""})
    nomination.refresh_from_db()
    assert nomination.status == S.APPROVED
    # The office cannot approve, only prepare.
    assert client_for(office_user).post(reverse("awards:nomination_approve", args=[nomination.pk])).status_code == 403

    # The office prepares the decision outside any campaign.
    office = client_for(office_user)
    step = {"occasion": "ad_hoc"}
    listed = office.get(reverse("awards:decision_prepare", args=["decision"]), step)
    assert list(listed.context["form"].fields["nominations"].queryset) == [nomination]
    day = timezone.localdate()
    office.post(
        reverse("awards:decision_prepare", args=["decision"]) + "?occasion=ad_hoc",
        {"nominations": [nomination.pk], "decided_on": day.strftime("%d/%m/%Y")},
    )
    decision = Decision.objects.get()
    assert (decision.campaign, decision.occasion, decision.status) == (None, Occasion.AD_HOC, "draft")
    assert "đột xuất" in decision.title

    # The office cannot issue an unapproved draft; the leader approves, then issues.
    office.post(reverse("awards:decision_issue", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.status == "draft"
    leader.post(reverse("awards:decision_approve", args=[decision.pk]))
    leader.post(reverse("awards:decision_issue", args=[decision.pk]))
    decision.refresh_from_db()
    nomination.refresh_from_db()
    assert (decision.status, nomination.status) == ("issued", S.DECIDED)

    # The decision's PDF says what the award is for, without a campaign or a plan.
    text = " ".join(page_texts(office.get(reverse("awards:decision_download", args=[decision.pk])).getvalue()))
    flat = " ".join(text.split())
    assert "thành tích xuất sắc đột xuất" in flat
    assert "Kế hoạch" not in flat
    assert "Y Bhim Niê" in flat

    # The certificate: the unit downloads its own awardee's; another unit cannot.
    certificates = unit.get(reverse("awards:decision_certificates", args=[decision.pk]))
    assert certificates.status_code == 200
    certificate_text = " ".join(" ".join(page_texts(certificates.getvalue())).split())
    assert "Y Bhim Niê" in certificate_text
    assert "thành tích xuất sắc đột xuất" in certificate_text
    other = client_for(other_unit_user).get(reverse("awards:decision_certificates", args=[decision.pk]))
    assert other.status_code == 404

    # The award history holds it, for the year of the deed.
    records = history_of(person=person)
    assert [(r.year, r.decision_number, r.award_type) for r in records] == [
        (deed_day.year, decision.document.reference, simple_form)
    ]

    # The commendation history and the honour board list it under the occasion.
    history = unit.get(reverse("awards:history"))
    assert [a.nomination for a in history.context["page"]] == [nomination]
    board = client_for(None).get(reverse("honor:board"))
    assert ([key for key, _label in board.context["campaigns"]], board.context["chosen"]) == (["outside"], "outside")
    assert [a.nomination for a in board.context["page"]] == [nomination]


def test_nomination_form_asks_the_deed_and_its_date(simple_form, client_for, unit_user, own_org):
    person = PersonFactory(organization=own_org)
    client = client_for(unit_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    future = timezone.localdate() + dt.timedelta(days=3)

    response = _post_ad_hoc(client, simple_form, person, future, occasion_title="")

    assert (response.status_code, Nomination.objects.count()) == (200, 0)
    assert sorted(response.context["form"].errors) == ["occasion_date", "occasion_title"]


def test_campaign_is_still_asked_for_a_campaign_nomination(simple_form, client_for, unit_user, own_org):
    response = client_for(unit_user).post(
        reverse("awards:nomination_create"),
        {"nominee_kind": "collective", "award_type": simple_form.pk, "achievements": "x", "action": "save"},
    )
    assert list(response.context["form"].errors) == ["campaign"]


def _ad_hoc(award_type, organization, deed_day, by, **extra):
    person = PersonFactory(organization=organization)
    nomination = nominations.create_nomination(
        campaign=None,
        occasion=Occasion.AD_HOC,
        occasion_title=DEED,
        occasion_date=deed_day,
        award_type=award_type,
        nominee_kind="individual",
        person=person,
        achievements="Cứu hộ trong lũ.",
        by=by,
        **extra,
    )
    nominations.submit_nomination(nomination, by=by)
    nomination.refresh_from_db()
    return nomination


def test_council_form_needs_the_councils_vote_before_the_leadership(
    council_form, deed_day, own_org, office_user, leader_user
):
    nomination = _ad_hoc(council_form, own_org, deed_day, office_user)
    assert nomination.status == S.ELIGIBLE
    with pytest.raises(TransitionError):
        council.approve(nomination, by=leader_user)
    assert list(council.shortlisted(None)) == []

    members = [UserFactory(role=Role.COUNCIL) for _ in range(3)]
    session = council.create_session(
        campaign=None,
        held_on=timezone.localdate(),
        by=office_user,
        chair=leader_user,
        secretary=office_user,
        present=members,
        members_total=3,
    )
    result = council.add_to_session(session, council.eligible_nominations(None), by=office_user)
    assert result.added == [nomination]
    for member in members:
        council.cast_vote(session, nomination, voter=member, choice="agree")
    council.close_session(session, by=office_user)
    nomination.refresh_from_db()
    assert nomination.status == S.PASSED
    minutes = " ".join(" ".join(page_texts(council.issued_minutes(session).file.read())).split())
    assert "ngoài phong trào thi đua" in minutes

    council.approve(nomination, by=leader_user)
    nomination.refresh_from_db()
    assert nomination.status == S.APPROVED


def test_a_campaign_session_does_not_take_a_nomination_outside_campaigns(
    council_form, deed_day, own_org, office_user, leader_user
):
    nomination = _ad_hoc(council_form, own_org, deed_day, office_user)
    session = council.create_session(
        campaign=CampaignFactory(), held_on=timezone.localdate(), by=office_user, members_total=3
    )
    result = council.add_to_session(session, [nomination], by=office_user)
    assert (result.added, [n for n, _r in result.left_out]) == ([], [nomination])


def test_a_decision_does_not_mix_a_campaign_and_an_occasion(simple_form, deed_day, own_org, office_user, leader_user):
    outside = _ad_hoc(simple_form, own_org, deed_day, office_user)
    council.approve(outside, by=leader_user)
    inside = NominationFactory(award_type=simple_form, organization=own_org, status=S.APPROVED)
    with pytest.raises(TransitionError):
        decisions.prepare_decision(None, [outside, inside], by=office_user, decided_on=timezone.localdate())
    with pytest.raises(TransitionError):
        decisions.prepare_decision(inside.campaign, [outside, inside], by=office_user, decided_on=timezone.localdate())


def test_a_decision_is_not_dated_before_the_deed(simple_form, own_org, office_user, leader_user):
    deed_day = timezone.localdate() - dt.timedelta(days=2)
    nomination = _ad_hoc(simple_form, own_org, deed_day, office_user)
    council.approve(nomination, by=leader_user)
    with pytest.raises(TransitionError, match="deed|hành động|việc"):
        decisions.prepare_decision(None, [nomination], by=office_user, decided_on=deed_day - dt.timedelta(days=1))


def test_the_same_deed_is_not_awarded_twice_to_the_same_person(simple_form, deed_day, own_org, office_user):
    first = _ad_hoc(simple_form, own_org, deed_day, office_user)
    second = nominations.create_nomination(
        campaign=None,
        occasion=Occasion.AD_HOC,
        occasion_title=DEED.upper(),
        occasion_date=deed_day,
        award_type=simple_form,
        nominee_kind="individual",
        person=first.person,
        achievements="Lặp lại.",
        by=office_user,
    )
    nominations.submit_nomination(second, by=office_user)
    second.refresh_from_db()
    assert second.status == S.NOT_ELIGIBLE


@pytest.fixture
def medal(demo_parameters):
    SignerFactory()
    return AwardTypeFactory(
        name="Kỷ niệm chương “Vì sự nghiệp phát triển Hợp tác xã Việt Nam”",
        short_name="Kỷ niệm chương",
        issuer=AwardIssuer.NATIONAL,
        category=AwardCategory.FORM,
        for_collectives=False,
        coefficient_key="",
        vote_rule=VoteRule.MAJORITY,
        council_required=False,
    )


def _medal(award_type, organization, since, by):
    nomination = nominations.create_nomination(
        campaign=None,
        occasion=Occasion.MEDAL,
        service_from=since,
        award_type=award_type,
        nominee_kind="individual",
        person=PersonFactory(organization=organization),
        achievements="Công tác liên tục trong hợp tác xã.",
        by=by,
    )
    nominations.submit_nomination(nomination, by=by)
    nomination.refresh_from_db()
    return nomination


def test_medal_by_years_of_service_and_its_proposal_upward(medal, own_org, office_user, leader_user):
    year = timezone.localdate().year
    needed = int(LegalParameter.objects.filter(key="medal_service_years").latest("valid_from").value)
    short = _medal(medal, own_org, year - needed + 1, office_user)
    enough = _medal(medal, own_org, year - needed, office_user)
    assert (short.status, enough.status) == (S.NOT_ELIGIBLE, S.ELIGIBLE)
    assert str(needed) in short.eligibility_reasons[0]

    council.approve(enough, by=leader_user)
    proposal = decisions.prepare_proposal(
        None, [enough], addressee=AwardIssuer.NATIONAL, by=office_user, decided_on=timezone.localdate()
    )
    assert (proposal.campaign, proposal.occasion) == (None, Occasion.MEDAL)
    decisions.approve_draft(proposal, by=leader_user)
    decisions.issue_proposal(proposal, by=leader_user)
    proposal.refresh_from_db()
    text = " ".join(" ".join(page_texts(proposal.document.file.read())).split())
    assert "TỜ TRÌNH" in text and "Kỷ niệm chương" in text
    assert "đóng góp cho sự nghiệp" in text


def test_approval_fingerprint_covers_the_deed(simple_form, deed_day, own_org, office_user, leader_user):
    nomination = _ad_hoc(simple_form, own_org, deed_day, office_user)
    council.approve(nomination, by=leader_user)
    draft = decisions.prepare_decision(None, [nomination], by=office_user, decided_on=timezone.localdate())
    decisions.approve_draft(draft, by=leader_user)
    Nomination.objects.filter(pk=nomination.pk).update(occasion_title="Một việc khác")
    with pytest.raises(TransitionError):
        decisions.issue_decision(draft, by=leader_user)


def test_thematic_award_and_flag_for_collectives(simple_form, own_org, office_user, leader_user):
    drive = "Phong trào thi đua chuyển đổi số trong hợp tác xã năm 2026"
    thematic = nominations.create_nomination(
        campaign=None,
        occasion=Occasion.THEMATIC,
        occasion_title=drive,
        award_type=simple_form,
        nominee_kind="collective",
        organization=own_org,
        achievements="Đưa toàn bộ sản phẩm lên sàn thương mại điện tử.",
        by=office_user,
    )
    flag_type = AwardTypeFactory(name="Cờ thi đua", short_name="Cờ thi đua", category=AwardCategory.TITLE)
    flag = nominations.create_nomination(
        campaign=None,
        occasion=Occasion.FLAG,
        award_type=flag_type,
        nominee_kind="collective",
        organization=own_org,
        achievements="Dẫn đầu khối thi đua.",
        by=office_user,
    )
    for nomination in (thematic, flag):
        nominations.submit_nomination(nomination, by=office_user)
        nomination.refresh_from_db()
    assert (thematic.status, flag.status, thematic.occasion_date) == (S.ELIGIBLE, S.ELIGIBLE, None)

    council.approve(thematic, by=leader_user)
    draft = decisions.prepare_decision(None, [thematic], by=office_user, decided_on=timezone.localdate())
    assert draft.title.endswith("trong phong trào thi đua chuyển đổi số trong hợp tác xã năm 2026")

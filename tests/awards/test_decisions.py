"""Decisions and proposals: amounts fixed on the decision's date, the register's numbers, the PDFs read back."""

import datetime as dt
from decimal import Decimal

import pytest
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    HouseholdFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    SignerFactory,
    leader_approves,
)
from pdf_reading import page_texts

from awards.decision_rules import (
    award_sort_key,
    certificate_heading,
    count_phrase,
    deciding_authority,
    movement_phrase,
    short_achievement,
    vnd_in_words,
)
from awards.decisions import (
    discard_draft,
    issue_decision,
    issue_proposal,
    prepare_decision,
    prepare_proposal,
    render_draft,
)
from awards.models import Award, AwardIssuer, Decision, LegalParameter, NominationEvent, NominationStatus
from core.errors import TransitionError
from documents.services import set_next_number

DAY_2022 = dt.date(2022, 2, 25)


@pytest.fixture
def signer(db):
    return SignerFactory()


@pytest.fixture
def campaign(db):
    return CampaignFactory(
        name="Triển khai phong trào thi đua đặc biệt “Chung sức phòng, chống dịch Covid-19”",
        plan_number=514,
        plan_date=dt.date(2021, 11, 8),
    )


@pytest.fixture
def giay_khen(db):
    return AwardTypeFactory(name="Giấy khen của Chủ tịch Liên minh HTX tỉnh", short_name="Giấy khen", order=1)


@pytest.fixture
def approved(campaign, giay_khen):
    """An approved nomination: a collective by default, a person with `person=` its name."""

    def make(name=None, *, person=None, award_type=None, kind=None, **extra):
        if person:
            org = extra.pop("organization", None) or OrganizationFactory()
            who = PersonFactory(full_name=person, organization=org, position="Xã viên")
            return NominationFactory(
                campaign=campaign,
                award_type=award_type or giay_khen,
                nominee_kind="individual",
                organization=org,
                person=who,
                status=NominationStatus.APPROVED,
                **extra,
            )
        org = extra.pop("organization", None) or OrganizationFactory(
            name=name or "Hợp tác xã Dịch vụ Nông nghiệp Đắk Wil"
        )
        if kind == "household":
            extra["household"] = HouseholdFactory(organization=org, head_name="Y Bhim Niê")
        return NominationFactory(
            campaign=campaign,
            award_type=award_type or giay_khen,
            nominee_kind=kind or "collective",
            organization=org,
            status=NominationStatus.APPROVED,
            **extra,
        )

    return make


# --- pure rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (55, "Năm mươi lăm đồng"),
        (105, "Một trăm linh năm đồng"),
        (450_000, "Bốn trăm năm mươi nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_700_000, "Hai triệu bảy trăm nghìn đồng"),
        (1_200_050_000, "Một tỷ hai trăm triệu không trăm năm mươi nghìn đồng"),
        (2_000_000_000_000, "Hai nghìn tỷ đồng"),
    ],
)
def test_vnd_in_words_reads_amounts_as_a_decision_writes_them(amount, words):
    assert vnd_in_words(amount) == words


def test_vnd_in_words_refuses_a_negative_amount():
    with pytest.raises(ValueError):
        vnd_in_words(-1)


@pytest.mark.parametrize(
    ("collectives", "individuals", "phrase"),
    [(0, 0, ""), (1, 0, "01 tập thể"), (0, 12, "12 cá nhân"), (2, 3, "02 tập thể và 03 cá nhân")],
)
def test_count_phrase_pads_counts_under_ten(collectives, individuals, phrase):
    assert count_phrase(collectives, individuals) == phrase


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("Triển khai phong trào thi đua đặc biệt “A”", "phong trào thi đua đặc biệt “A”"),
        ("Phát động phong trào thi đua B", "phong trào thi đua B"),
        ("Phong trào thi đua C", "phong trào thi đua C"),
    ],
)
def test_movement_phrase_drops_the_plans_verb(name, phrase):
    assert movement_phrase(name) == phrase


@pytest.mark.parametrize(
    ("text", "limit", "line"),
    [
        ("Giữ việc làm cho 100% xã viên. Hỗ trợ 200 hộ.", 180, "Giữ việc làm cho 100% xã viên"),
        ("  Một   dòng  ", 180, "Một dòng"),
        ("Tiêu thụ nông sản cho xã viên trong giãn cách", 20, "Tiêu thụ nông sản…"),
        ("", 180, ""),
    ],
)
def test_short_achievement_keeps_the_first_sentence_cut_at_a_word(text, limit, line):
    assert short_achievement(text, limit) == line


@pytest.mark.parametrize(
    ("category", "short_name", "name", "heading"),
    [
        ("form", "Giấy khen", "Giấy khen của Chủ tịch", "GIẤY KHEN"),
        ("form", "BK LMHTX VN", "Bằng khen của Liên minh HTX Việt Nam", "BẰNG KHEN"),
        ("title", "LĐTT", "Lao động tiên tiến", "GIẤY CHỨNG NHẬN"),
        ("form", "Kỷ niệm chương", "Kỷ niệm chương", "KỶ NIỆM CHƯƠNG"),
    ],
)
def test_certificate_heading_names_the_form_or_a_title_certificate(category, short_name, name, heading):
    assert certificate_heading(category, short_name, name) == heading


@pytest.mark.parametrize(
    ("authority", "line", "printed"),
    [("tm", "T/M BAN THƯỜNG VỤ", "BAN THƯỜNG VỤ"), ("kt", "KT. CHỦ TỊCH", "CHỦ TỊCH"), ("direct", "", "CHỦ TỊCH")],
)
def test_deciding_authority_names_who_decides(authority, line, printed):
    assert deciding_authority(authority, line) == printed


def test_award_sort_key_puts_type_then_collectives_then_names():
    keys = [
        award_sort_key(2, "Bằng khen", 2, "collective", "A"),
        award_sort_key(1, "Giấy khen", 1, "individual", "Đào"),
        award_sort_key(1, "Giấy khen", 1, "individual", "An"),
        award_sort_key(1, "Giấy khen", 1, "household", "Z"),
    ]

    assert sorted(keys) == [keys[3], keys[2], keys[1], keys[0]]


# --- amounts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "day", "coefficient", "base", "amount"),
    [
        ("individual", dt.date(2022, 2, 25), "0.3", 1_490_000, 450_000),  # 447,000 rounded up
        ("collective", dt.date(2022, 2, 25), "0.3", 1_490_000, 900_000),
        ("household", dt.date(2022, 2, 25), "0.3", 1_490_000, 900_000),
        ("individual", dt.date(2023, 6, 30), "0.3", 1_490_000, 450_000),
        ("individual", dt.date(2023, 7, 1), "0.3", 1_800_000, 540_000),
        ("individual", dt.date(2024, 8, 1), "0.3", 2_340_000, 710_000),  # 702,000 rounded up
        ("collective", dt.date(2026, 8, 1), "0.3", 2_530_000, 1_520_000),  # 759,000 → 760,000, × 2
    ],
)
def test_prepare_decision_snapshots_the_amount_in_force_on_the_decision_date(
    demo_parameters, signer, office_user, approved, campaign, kind, day, coefficient, base, amount
):
    if day.year >= 2026:
        SignerFactory(issuing_body__valid_from=dt.date(2025, 7, 1), issuing_body__place="Lâm Đồng")
    nomination = approved(person="Y Bhim Niê") if kind == "individual" else approved(kind=kind)

    decision = prepare_decision(campaign, [nomination], by=office_user, decided_on=day)

    award = decision.awards.get()
    assert (award.coefficient, award.base_salary, award.amount) == (
        Decimal(coefficient),
        Decimal(base),
        Decimal(amount),
    )


def test_prepare_decision_gives_no_money_for_an_award_without_coefficient(
    demo_parameters, signer, office_user, approved, campaign
):
    nomination = approved(award_type=AwardTypeFactory(coefficient_key=""))

    award = prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY_2022).awards.get()

    assert (award.coefficient, award.base_salary, award.amount) == (None, None, 0)


def test_issued_amounts_and_pdf_stay_when_the_base_salary_is_corrected_later(
    demo_parameters, signer, office_user, approved, campaign
):
    decision = prepare_decision(campaign, [approved(person="Hoàng Thị Lan")], by=office_user, decided_on=DAY_2022)
    issue_decision(leader_approves(decision), by=office_user)
    decision.refresh_from_db()
    digest = decision.document.sha256

    LegalParameter.objects.create(
        key="base_salary", value=2_000_000, valid_from=dt.date(2022, 1, 1), source="Đính chính"
    )

    award = decision.awards.get()
    decision.document.refresh_from_db()
    assert (award.amount, award.base_salary, decision.document.sha256) == (450_000, 1_490_000, digest)


def test_issue_recomputes_a_drafts_amounts_on_the_parameters_in_force_when_issued(
    demo_parameters, signer, office_user, approved, campaign
):
    decision = prepare_decision(campaign, [approved(person="Hoàng Thị Lan")], by=office_user, decided_on=DAY_2022)
    LegalParameter.objects.create(
        key="base_salary", value=2_000_000, valid_from=dt.date(2022, 1, 1), source="Đính chính"
    )

    issue_decision(leader_approves(decision), by=office_user)

    assert decision.awards.get().amount == 600_000


# --- preparing: what a draft may list ------------------------------------------------------


@pytest.mark.parametrize("status", [s for s in NominationStatus.values if s != NominationStatus.APPROVED])
def test_prepare_decision_refuses_a_nomination_not_approved(
    demo_parameters, signer, office_user, approved, campaign, status
):
    nomination = approved()
    nomination.status = status
    nomination.save()

    with pytest.raises(TransitionError):
        prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY_2022)

    assert Decision.objects.count() == 0


def test_prepare_decision_refuses_an_upward_award(demo_parameters, signer, office_user, approved, campaign):
    upward = AwardTypeFactory(issuer=AwardIssuer.NATIONAL, coefficient_key="")

    with pytest.raises(TransitionError):
        prepare_decision(campaign, [approved(award_type=upward)], by=office_user, decided_on=DAY_2022)


def test_prepare_decision_refuses_a_nomination_of_another_campaign(demo_parameters, signer, office_user, approved):
    with pytest.raises(TransitionError):
        prepare_decision(CampaignFactory(), [approved()], by=office_user, decided_on=DAY_2022)


def test_prepare_decision_refuses_a_nomination_already_on_a_draft(
    demo_parameters, signer, office_user, approved, campaign
):
    nomination = approved()
    prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY_2022)

    with pytest.raises(TransitionError):
        prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY_2022)

    assert Decision.objects.count() == 1


def test_prepare_decision_refuses_an_empty_list(demo_parameters, signer, office_user, campaign):
    with pytest.raises(TransitionError):
        prepare_decision(campaign, [], by=office_user, decided_on=DAY_2022)


def test_prepare_decision_refuses_a_signer_of_another_identity(
    demo_parameters, signer, office_user, approved, campaign
):
    other = SignerFactory(issuing_body__valid_from=dt.date(2025, 7, 1), is_default=False)

    with pytest.raises(TransitionError):
        prepare_decision(campaign, [approved()], by=office_user, decided_on=DAY_2022, signer=other)


def test_prepare_decision_orders_lines_by_award_type_collectives_first_then_name(
    demo_parameters, signer, office_user, approved, campaign, giay_khen
):
    second_type = AwardTypeFactory(name="Giấy khen thứ hai", order=2)
    later = approved("Hợp tác xã Thuận An", award_type=second_type)
    person_b = approved(person="Trần Văn Bình")
    person_a = approved(person="Đào Thị An")
    collective = approved("Hợp tác xã Ea Pô")

    decision = prepare_decision(campaign, [later, person_b, person_a, collective], by=office_user, decided_on=DAY_2022)

    assert [a.nomination_id for a in decision.awards.order_by("order")] == [
        collective.pk,
        person_a.pk,
        person_b.pk,
        later.pk,
    ]


# --- issuing -----------------------------------------------------------------------------


@pytest.fixture
def issued(demo_parameters, signer, office_user, approved, campaign):
    set_next_number(year=2022, type_symbol="QĐ", issuer_symbol="LMHTX", next_number=12, by=office_user)
    nominations = [
        approved("Hợp tác xã Nông nghiệp Ea Pô"),
        approved(person="Y Bhim Niê"),
        approved(person="Hoàng Thị Lan"),
    ]
    decision = prepare_decision(campaign, nominations, by=office_user, decided_on=DAY_2022)
    issue_decision(leader_approves(decision), by=office_user)
    decision.refresh_from_db()
    return decision, nominations


def test_issue_decision_takes_the_registers_number_and_records_each_nomination(issued, office_user):
    decision, nominations = issued

    events = NominationEvent.objects.filter(nomination__in=nominations)
    assert (decision.status, decision.document.reference, decision.document.type_symbol) == (
        "issued",
        "12/QĐ-LMHTX",
        "QĐ",
    )
    assert (
        sorted((e.old_status, e.status, e.by_id, e.note) for e in events)
        == [("approved", "decided", office_user.pk, "Quyết định số 12/QĐ-LMHTX ngày 25/02/2022")] * 3
    )
    assert {n.status for n in type(nominations[0]).objects.filter(pk__in=[n.pk for n in nominations])} == {"decided"}


def test_issue_decision_again_changes_nothing(issued, office_user):
    decision, nominations = issued

    again = issue_decision(decision, by=office_user)

    assert (again.document_id, NominationEvent.objects.count()) == (decision.document_id, 3)
    assert type(decision.document).objects.filter(type_symbol="QĐ").count() == 1


def test_issued_decision_pdf_reads_back_with_its_number_articles_annex_and_total(issued):
    decision, _ = issued

    pages = page_texts(decision.document.file.read())
    text = " ".join(" ".join(page.split()) for page in pages)

    assert "QUYẾT ĐỊNH" in pages[0]
    assert "Số: 12/QĐ-LMHTX" in text
    assert "Căn cứ Kế hoạch số 514/KH-LMHTX ngày 08/11/2021" in text
    assert "Điều 1. Tặng Giấy khen của Chủ tịch Liên minh HTX tỉnh cho 01 tập thể và 02 cá nhân" in text
    assert "1.800.000 đồng" in text and "Một triệu tám trăm nghìn đồng" in text
    assert "(Kèm theo Quyết định số 12/QĐ-LMHTX ngày 25/02/2022" in text
    annex = " ".join(" ".join(page.split()) for page in pages[1:])
    assert [
        annex.find(s) >= 0 for s in ("1 Hợp tác xã Nông nghiệp Ea Pô", "2 Bà Hoàng Thị Lan", "3 Bà Y Bhim Niê")
    ] == [True] * 3
    assert "Tổng cộng: 01 tập thể và 02 cá nhân 1.800.000" in annex


def test_issue_decision_refuses_when_a_nomination_is_no_longer_approved(
    demo_parameters, signer, office_user, approved, campaign
):
    nomination = approved()
    decision = prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY_2022)
    type(nomination).objects.filter(pk=nomination.pk).update(status=NominationStatus.REJECTED)

    with pytest.raises(TransitionError):
        issue_decision(leader_approves(decision), by=office_user)

    decision.refresh_from_db()
    assert (decision.status, decision.document_id) == ("draft", None)


def test_issue_decision_refuses_a_proposal(demo_parameters, signer, office_user, approved, campaign):
    upward = AwardTypeFactory(issuer=AwardIssuer.NATIONAL, coefficient_key="")
    proposal = prepare_proposal(
        campaign, [approved(award_type=upward)], addressee=AwardIssuer.NATIONAL, by=office_user, decided_on=DAY_2022
    )

    with pytest.raises(TransitionError):
        issue_decision(proposal, by=office_user)


def test_draft_pdf_is_watermarked_and_unnumbered(demo_parameters, signer, office_user, approved, campaign):
    decision = prepare_decision(campaign, [approved()], by=office_user, decided_on=DAY_2022)

    text = " ".join(page_texts(render_draft(decision)))

    assert ("DỰ THẢO" in text, "/QĐ-LMHTX" in text, "01/QĐ" in text) == (True, True, False)


def test_discard_draft_frees_its_nominations(demo_parameters, signer, office_user, approved, campaign):
    nomination = approved()
    decision = prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY_2022)

    discard_draft(decision, by=office_user)

    assert (Decision.objects.count(), Award.objects.count()) == (0, 0)
    assert prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY_2022).awards.count() == 1


def test_discard_draft_refuses_an_issued_decision(issued, office_user):
    decision, _ = issued

    with pytest.raises(TransitionError):
        discard_draft(decision, by=office_user)

    assert Decision.objects.filter(pk=decision.pk).exists()


# --- proposals ---------------------------------------------------------------------------


@pytest.fixture
def national(db):
    return AwardTypeFactory(
        name="Bằng khen của Liên minh Hợp tác xã Việt Nam",
        short_name="Bằng khen LMHTX VN",
        issuer=AwardIssuer.NATIONAL,
        coefficient_key="",
    )


def test_prepare_proposal_refuses_an_award_of_another_body(
    demo_parameters, signer, office_user, approved, campaign, national
):
    with pytest.raises(TransitionError):
        prepare_proposal(
            campaign,
            [approved(award_type=national)],
            addressee=AwardIssuer.PROVINCE,
            by=office_user,
            decided_on=DAY_2022,
        )
    with pytest.raises(TransitionError):
        prepare_proposal(campaign, [approved()], addressee=AwardIssuer.NATIONAL, by=office_user, decided_on=DAY_2022)


def test_issue_proposal_numbers_a_ttr_lists_achievements_and_marks_nominations_proposed(
    demo_parameters, signer, office_user, approved, campaign, national
):
    nominations = [
        approved(
            "Hợp tác xã Nông nghiệp Ea Pô", award_type=national, achievements="Tiêu thụ 120 tấn nông sản cho xã viên."
        ),
        approved(person="Y Bhim Niê", award_type=national, achievements="Vận động 100% xã viên tiêm vắc xin."),
    ]
    proposal = prepare_proposal(
        campaign, nominations, addressee=AwardIssuer.NATIONAL, by=office_user, decided_on=DAY_2022
    )

    issue_proposal(leader_approves(proposal), by=office_user)

    proposal.refresh_from_db()
    text = " ".join(" ".join(p.split()) for p in page_texts(proposal.document.file.read()))
    assert (proposal.document.reference, proposal.kind, proposal.status) == ("01/TTr-LMHTX", "proposal", "issued")
    assert "TỜ TRÌNH" in text and "Kính gửi: Ban Thường vụ Liên minh Hợp tác xã Việt Nam" in text
    assert "Tiêu thụ 120 tấn nông sản cho xã viên" in text and "Vận động 100% xã viên tiêm vắc xin" in text
    assert [n.status for n in type(nominations[0]).objects.filter(pk__in=[n.pk for n in nominations])] == [
        "proposed"
    ] * 2
    assert set(NominationEvent.objects.values_list("status", flat=True)) == {"proposed"}
    assert set(proposal.awards.values_list("amount", flat=True)) == {0}

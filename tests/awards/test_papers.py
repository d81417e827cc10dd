"""Decisions and certificates by the authority that gives them (issue 23.3): heading and signature,
the laws in force on the date, the tờ trình answered, Ông/Bà and position, the certificate's text,
which paper each title gets."""

import datetime as dt

import pytest
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    HouseholdFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    SignerFactory,
)
from pdf_reading import page_texts

from awards.certificates import certificate_achievement, certificate_awards, certificate_context
from awards.decision_rules import household_name, no_lone_last_word, paper_for, signature_lines
from awards.decisions import approve_draft, decision_context, issue_decision, prepare_decision
from awards.legal_texts import install_legal_texts, legal_texts_on
from awards.models import (
    CERTIFICATE_TEXT_LIMIT,
    AwardCategory,
    DecidingAuthority,
    LegalText,
    NominationStatus,
    NomineeKind,
    Paper,
)
from core.errors import TransitionError
from members.models import Gender

DAY_2022 = dt.date(2022, 2, 25)
DAY_2026 = dt.date(2026, 11, 16)


def flat(pdf):
    return " ".join(" ".join(page.split()) for page in page_texts(pdf))


# --- pure rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided_by", "title", "authority", "line", "lines"),
    [
        ("chairman", "CHỦ TỊCH", "tm", "T/M BAN THƯỜNG VỤ", ["CHỦ TỊCH"]),
        ("chairman", "CHỦ TỊCH", "direct", "", ["CHỦ TỊCH"]),
        ("chairman", "PHÓ CHỦ TỊCH", "kt", "KT. CHỦ TỊCH", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("committee", "CHỦ TỊCH", "tm", "T/M BAN THƯỜNG VỤ", ["T/M BAN THƯỜNG VỤ", "CHỦ TỊCH"]),
        ("committee", "CHỦ TỊCH", "direct", "", ["T/M BAN THƯỜNG VỤ", "CHỦ TỊCH"]),
        ("committee", "PHÓ CHỦ TỊCH", "kt", "KT. CHỦ TỊCH", ["T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ],
)
def test_the_signature_block_follows_who_decides(decided_by, title, authority, line, lines):
    assert signature_lines(decided_by, title, authority, line) == lines


@pytest.mark.parametrize(
    ("category", "short_name", "name", "paper"),
    [
        ("title", "LĐTT", "Danh hiệu Lao động tiên tiến", ""),
        ("title", "TTLĐTT", "Danh hiệu Tập thể lao động tiên tiến", "chung_nhan"),
        ("title", "CSTĐCS", "Danh hiệu Chiến sĩ thi đua cơ sở", "chung_nhan"),
        ("form", "Giấy khen", "Giấy khen của Chủ tịch Liên minh HTX tỉnh", "giay_khen"),
        ("form", "Bằng khen", "Bằng khen của Liên minh HTX Việt Nam", "bang_khen"),
    ],
)
def test_which_paper_each_award_gives_by_default(category, short_name, name, paper):
    assert paper_for(category, short_name, name) == paper


def test_households_are_named_by_their_heads_honorific():
    assert household_name("Y Bhim Niê", "male") == "Hộ ông Y Bhim Niê"
    assert household_name("H'Hoa Byă", "female") == "Hộ bà H'Hoa Byă"
    assert household_name("Y Bhim Niê", "") == "Hộ gia đình Y Bhim Niê"


def test_a_long_name_never_leaves_its_last_word_alone():
    assert no_lone_last_word("Hợp tác xã Môi trường Đắk Sin") == "Hợp tác xã Môi trường Đắk\u00a0Sin"
    assert no_lone_last_word("Lan") == "Lan"


def test_the_certificate_prints_its_own_text_whole_or_nothing_cut():
    assert certificate_achievement("Dẫn đầu phong trào chuyển đổi số năm 2026", "x") == (
        "Dẫn đầu phong trào chuyển đổi số năm 2026"
    )
    assert certificate_achievement("", "Doanh thu tăng 20%. Nộp thuế đủ.") == "Doanh thu tăng 20%"
    long_first = "Hoàn thành xuất sắc nhiệm vụ " * 20
    assert certificate_achievement("", long_first) == ""


# --- the laws in force, as dated rows ------------------------------------------------------------


def test_the_law_and_decree_in_force_on_a_decisions_date(db):
    install_legal_texts()
    install_legal_texts()  # twice changes nothing
    assert LegalText.objects.count() == 5
    texts_2022 = " ".join(legal_texts_on(DAY_2022))
    assert "ngày 26 tháng 11 năm 2003" in texts_2022 and "91/2017/NĐ-CP" in texts_2022
    texts_2026 = legal_texts_on(DAY_2026)
    assert texts_2026[0] == "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    assert "152/2025/NĐ-CP" in texts_2026[1]
    assert "98/2023/NĐ-CP" in legal_texts_on(dt.date(2024, 6, 1))[1]


# --- the decision and its certificates -------------------------------------------------------------


@pytest.fixture
def chain(db, demo_parameters, office_user, leader_user):
    install_legal_texts()
    SignerFactory()
    campaign = CampaignFactory(name="Phong trào thi đua chuyển đổi số năm 2026", plan_number=21)
    org = OrganizationFactory(name="Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Thuận An")
    giay_khen = AwardTypeFactory(name="Giấy khen của Chủ tịch Liên minh HTX tỉnh", short_name="Giấy khen")
    lao_dong = AwardTypeFactory(
        name="Danh hiệu Lao động tiên tiến",
        short_name="LĐTT",
        category=AwardCategory.TITLE,
        coefficient_key="bonus_advanced_worker",
        for_collectives=False,
    )
    man = PersonFactory(full_name="Nguyễn Văn Hùng", gender=Gender.MALE, position="Giám đốc", organization=org)
    woman = PersonFactory(full_name="Trần Thị Lan", gender=Gender.FEMALE, position="Kế toán", organization=org)
    household = HouseholdFactory(head_name="Y Bhim Niê", head_gender=Gender.MALE, organization=org)

    def approved(award_type, kind, **extra):
        return NominationFactory(
            campaign=campaign,
            award_type=award_type,
            nominee_kind=kind,
            organization=org,
            status=NominationStatus.APPROVED,
            **extra,
        )

    nominations = [
        approved(
            giay_khen,
            NomineeKind.INDIVIDUAL,
            person=man,
            certificate_text="Dẫn đầu phong trào thi đua chuyển đổi số của Hợp tác xã năm 2026",
        ),
        approved(giay_khen, NomineeKind.HOUSEHOLD, household=household),
        approved(lao_dong, NomineeKind.INDIVIDUAL, person=woman),
    ]
    decision = prepare_decision(
        campaign,
        nominations,
        by=office_user,
        decided_on=DAY_2026,
        request={"request_reference": "03/TTr-HĐTĐKT", "request_date": dt.date(2026, 11, 14)},
    )
    approve_draft(decision, by=leader_user)
    decision.refresh_from_db()
    return decision, giay_khen, office_user


def test_the_chairmans_own_award_is_headed_and_signed_in_his_name(chain):
    decision, _giay_khen, office_user = chain
    issue_decision(decision, by=office_user)
    decision.refresh_from_db()
    text = flat(decision.document.file.read())
    assert "CHỦ TỊCH LIÊN MINH HỢP TÁC XÃ TỈNH ĐẮK NÔNG" in text
    assert "T/M BAN THƯỜNG VỤ" not in text and "BAN THƯỜNG VỤ LIÊN MINH" not in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in text
    assert (
        "Xét đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng tại Tờ trình số 03/TTr-HĐTĐKT ngày 14/11/2026,"
        in text
    )
    assert "Ông Nguyễn Văn Hùng Giám đốc, Hợp tác xã" in text
    assert "Hộ ông Y Bhim Niê" in text
    assert "Bà Trần Thị Lan Kế toán, Hợp tác xã" in text


def test_the_standing_committees_award_is_headed_and_signed_on_its_behalf(chain):
    decision, giay_khen, office_user = chain
    giay_khen.decided_by = DecidingAuthority.STANDING_COMMITTEE
    giay_khen.save()
    context = decision_context(decision)
    assert context["authority"] == "BAN THƯỜNG VỤ"
    assert context["signature_lines"] == ["T/M BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    issue_decision(decision, by=office_user)
    decision.refresh_from_db()
    certificates = certificate_context(decision, certificate_awards(decision))
    assert certificates["signature_lines"] == ["T/M BAN THƯỜNG VỤ", "CHỦ TỊCH"]


def test_certificates_name_the_awardee_with_ong_ba_and_print_the_certificate_text_whole(chain):
    decision, _giay_khen, office_user = chain
    issue_decision(decision, by=office_user)
    decision.refresh_from_db()
    awards = certificate_awards(decision)
    # Lao động tiên tiến is recognised by the decision alone: no paper is printed for it.
    assert [a.nomination.award_type.short_name for a in awards] == ["Giấy khen", "Giấy khen"]
    lines = certificate_context(decision, awards)["certificates"]
    names = {" ".join(item["name"].split()) for item in lines}
    assert names == {"Ông Nguyễn Văn Hùng", "Hộ ông Y Bhim Niê"}
    hung = next(item for item in lines if "Hùng" in item["name"])
    assert hung["unit"] == "Giám đốc, Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Thuận An"
    assert " ".join(hung["achievement"].split()) == "Dẫn đầu phong trào thi đua chuyển đổi số của Hợp tác xã năm 2026"


def test_an_award_type_may_be_told_to_give_no_paper(chain):
    decision, giay_khen, office_user = chain
    giay_khen.paper = Paper.NONE
    giay_khen.save()
    issue_decision(decision, by=office_user)
    decision.refresh_from_db()
    assert certificate_awards(decision) == []


def test_a_request_dated_after_the_decision_is_refused(db, demo_parameters, office_user):
    SignerFactory()
    nomination = NominationFactory(status=NominationStatus.APPROVED)
    with pytest.raises(TransitionError):
        prepare_decision(
            nomination.campaign,
            [nomination],
            by=office_user,
            decided_on=DAY_2022,
            request={"request_reference": "02/TTr-HĐTĐKT", "request_date": DAY_2022 + dt.timedelta(days=1)},
        )


def test_the_certificate_text_limit_is_the_fields(db):
    from awards.models import Nomination  # noqa: PLC0415  (the model's own field, read here only)

    assert Nomination._meta.get_field("certificate_text").max_length == CERTIFICATE_TEXT_LIMIT

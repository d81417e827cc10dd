"""The minutes (Biên bản) of a Council session, rendered and read back."""

import pytest
from council_helpers import council_members, eligible, open_session, votes
from factories import AwardTypeFactory, CampaignFactory, OrganizationFactory, PersonFactory
from pdf_reading import fonts, page_texts

from awards import council
from awards.models import NomineeKind, VoteRule


def _flat(text):
    return " ".join(text.split())


@pytest.fixture
def closed_session(db, office_user):
    campaign = CampaignFactory(name="Phong trào thi đua đặc biệt chống dịch Covid-19")
    members = council_members(7)
    coop = OrganizationFactory(name="HTX Nông nghiệp Đắk Wil")
    worker = PersonFactory(full_name="Nguyễn Thị Hằng", organization=coop, is_direct_worker=True)
    collective = eligible(campaign, organization=coop)
    person = eligible(
        campaign,
        nominee_kind=NomineeKind.INDIVIDUAL,
        person=worker,
        organization=coop,
        award_type=AwardTypeFactory(name="Bằng khen của Chủ tịch UBND tỉnh", vote_rule=VoteRule.TWO_THIRDS),
    )
    session = open_session(
        campaign=campaign,
        by=office_user,
        present=members[:6],
        members_total=7,
        nominations=[collective, person],
        chair=members[0],
    )
    votes(session, collective, members[:5], "agree")  # 5 of 7: passes a majority
    votes(session, collective, members[5:6], "disagree")
    votes(session, person, members[:4], "agree")  # 4 of 7: short of two thirds (5)
    votes(session, person, members[4:6], "disagree")
    council.close_session(session, by=office_user)
    return session


def test_minutes_pdf_reads_back_with_header_type_and_the_tally(closed_session):
    document = council.issued_minutes(closed_session)
    pdf = document.file.open("rb").read()

    text = _flat(" ".join(page_texts(pdf)))

    assert "UBND TỈNH ĐẮK NÔNG" in text
    assert "Số: 01/BB-LMHTX" in text
    assert "Đắk Nông, ngày 15 tháng 02 năm 2022" in text
    assert "BIÊN BẢN" in text
    assert "Thành viên Hội đồng có mặt: 6/7 thành viên" in text
    assert "vắng mặt: 1 thành viên" in text
    assert "đạt túc số" in text and "không đạt túc số" not in text
    # the collective, its unit, the person's unit in the table; the collective in the conclusion
    assert text.count("HTX Nông nghiệp Đắk Wil") == 4
    assert "Nguyễn Thị Hằng" in text
    # collective: 5 agree of 7, 1 disagree, passes; the person: 4 of 7, 2 disagree, needs 5
    assert "5/7 1 0 0 Đạt (cần 4)" in text
    assert "4/7 2 0 0 Không đạt (cần 5)" in text
    # the result per nominee in words, the person with Ông/Bà
    assert "HTX Nông nghiệp Đắk Wil: đạt 5/7 phiếu (71,4%), đề nghị khen thưởng" in text
    assert "Nguyễn Thị Hằng: không đạt, 4/7 phiếu (57,1%)" in text
    assert "khen thưởng 1 trong số 2 hồ sơ" in text
    assert "tập thể, cá nhân đạt tỷ lệ" not in text
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text
    assert {name for name, _embedded in fonts(pdf)} and all(embedded for _name, embedded in fonts(pdf))
    assert all("Tinos" in name for name, _embedded in fonts(pdf))


def test_minutes_draft_is_unnumbered_and_watermarked(db, office_user):
    campaign = CampaignFactory()
    members = council_members(3)
    nomination = eligible(campaign)
    session = open_session(
        campaign=campaign, by=office_user, present=members, members_total=3, nominations=[nomination]
    )

    text = _flat(" ".join(page_texts(council.render_minutes_draft(session))))

    assert "DỰ THẢO" in text
    assert "/BB-LMHTX" in text and "01/BB-LMHTX" not in text
    assert "0/3 0 0 0 Không đạt (cần 2)" in text

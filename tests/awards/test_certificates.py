"""Certificates of an issued decision: one landscape page per award, names with diacritics, chunks merged."""

import datetime as dt

import pytest
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    InitiativeFactory,
    NominationFactory,
    PersonFactory,
    SignerFactory,
    leader_approves,
)
from pdf_reading import page_texts, reader

from awards.certificates import render_certificates
from awards.decisions import issue_decision, prepare_decision, prepare_proposal
from awards.models import AwardIssuer
from core.errors import TransitionError

DAY = dt.date(2022, 2, 25)
A4_LANDSCAPE = (842, 595)


@pytest.fixture
def decision(demo_parameters, office_user):
    SignerFactory()
    campaign = CampaignFactory()
    giay_khen = AwardTypeFactory(short_name="Giấy khen", for_initiatives=True)
    person = PersonFactory(full_name="Nguyễn Thị Ngọc Ánh", position="Kế toán")
    initiative = InitiativeFactory(title="Sấy cà phê bằng năng lượng mặt trời", organization=person.organization)
    initiative.authors.add(person)
    nominations = [
        NominationFactory(
            campaign=campaign,
            award_type=giay_khen,
            status="approved",
            achievements="Giữ việc làm cho 45 lao động. Khác.",
        ),
        NominationFactory(
            campaign=campaign,
            award_type=giay_khen,
            status="approved",
            nominee_kind="individual",
            person=person,
            organization=person.organization,
        ),
        NominationFactory(
            campaign=campaign,
            award_type=giay_khen,
            status="approved",
            nominee_kind="initiative",
            initiative=initiative,
            organization=person.organization,
        ),
    ]
    draft = prepare_decision(campaign, nominations, by=office_user, decided_on=DAY)
    return issue_decision(leader_approves(draft), by=office_user)


def _sizes(pdf):
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader(pdf).pages}


@pytest.mark.parametrize("chunk_size", [200, 2, 1])
def test_certificates_are_one_landscape_page_per_award_whatever_the_chunks(decision, chunk_size):
    pdf = render_certificates(decision, chunk_size=chunk_size)

    assert (len(reader(pdf).pages), _sizes(pdf)) == (3, {A4_LANDSCAPE})


def test_certificates_carry_names_achievements_and_the_decision_number(decision):
    pages = [" ".join(p.split()) for p in page_texts(render_certificates(decision))]

    assert all("GIẤY KHEN" in page and "Quyết định số 01/QĐ-LMHTX" in page for page in pages)
    assert "Giữ việc làm cho 45 lao động" in pages[0]
    assert "Nguyễn Thị Ngọc Ánh" in pages[1] and "Kế toán" in pages[1]
    assert "Tác giả sáng kiến “Sấy cà phê bằng năng lượng mặt trời”" in pages[2]


def test_certificates_are_not_numbered_in_the_register(decision):
    from documents.models import IssuedDocument

    render_certificates(decision)

    assert list(IssuedDocument.objects.values_list("type_symbol", flat=True)) == ["QĐ"]


def test_certificates_refuse_a_draft(demo_parameters, office_user):
    SignerFactory()
    campaign = CampaignFactory()
    draft = prepare_decision(
        campaign, [NominationFactory(campaign=campaign, status="approved")], by=office_user, decided_on=DAY
    )

    with pytest.raises(TransitionError):
        render_certificates(draft)


def test_certificates_refuse_a_proposal(demo_parameters, office_user):
    SignerFactory()
    campaign = CampaignFactory()
    upward = AwardTypeFactory(issuer=AwardIssuer.NATIONAL, coefficient_key="")
    nomination = NominationFactory(campaign=campaign, award_type=upward, status="approved")
    proposal = prepare_proposal(campaign, [nomination], addressee=AwardIssuer.NATIONAL, by=office_user, decided_on=DAY)

    with pytest.raises(TransitionError):
        render_certificates(proposal)

"""The awards demo: plan 514 taken from nominations to its decision and proposal, once."""

import pytest
from django.utils import timezone
from pdf_reading import page_texts, reader

from awards.blanks import print_on_blanks, render_calibration
from awards.certificates import certificate_awards, stored_certificates_pdf
from awards.demo import (
    APPROVAL_DAY,
    DECISION_DAY,
    DEED,
    DEMO_PRINTER_NAME,
    EXAMPLES_PUBLISHED_ON,
    NOMINATIONS_2026_DAY,
    NOMINATIONS_DAY,
    SESSION_2026_DAY,
    SESSION_DAY,
    load_blanks,
    load_commendation,
    load_commendation_2026,
    load_occasions,
    load_parameters,
)
from awards.history import history_of
from awards.models import (
    AwardType,
    BlankLayout,
    BlankPrint,
    Certificate,
    CouncilSession,
    Decision,
    ExemplaryExample,
    Nomination,
    NominationEvent,
    NominationStatus,
    Occasion,
    PrinterProfile,
    Vote,
)
from campaign.demo import CampaignDemo
from documents.demo import load_issuers
from documents.models import IssuedDocument
from members.demo import DemoBuilder


@pytest.fixture
def demo(db):
    DemoBuilder().build()
    load_issuers()
    load_parameters()
    CampaignDemo().build()
    summary = load_commendation()
    load_commendation_2026()
    return summary


def test_demo_walks_plan_514_through_every_step_of_commendation(demo):
    statuses = set(Nomination.objects.values_list("status", flat=True))

    assert {
        NominationStatus.DRAFT,
        NominationStatus.NOT_ELIGIBLE,
        NominationStatus.NOT_PASSED,
        NominationStatus.REJECTED,
        NominationStatus.DECIDED,
        NominationStatus.PROPOSED,
    } <= statuses
    references = set(IssuedDocument.objects.values_list("reference", flat=True))
    assert {"514/KH-LMHTX", "01/BB-LMHTX", "18/QĐ-LMHTX", "05/TTr-LMHTX"} <= references
    decision = Decision.objects.get(kind=Decision.Kind.DECISION, decided_on__year=2022)
    # Giấy khen of 2022: 0.3 × 1,490,000 = 447,000, rounded up to 450,000; a collective twice that.
    assert sorted({award.amount for award in decision.awards.all()}) == [450000, 900000]
    refused = Nomination.objects.filter(status=NominationStatus.NOT_ELIGIBLE)
    assert refused.exists()
    assert all(nomination.eligibility_reasons for nomination in refused)

    # The demo loads once: a second run changes nothing (the whole demo takes seconds to build).
    counts = (Nomination.objects.count(), IssuedDocument.objects.count())

    assert load_commendation() == "Commendation: unchanged."
    assert (Nomination.objects.count(), IssuedDocument.objects.count()) == counts


def test_the_same_giay_khen_gives_a_different_amount_in_2026_from_the_same_coefficients(demo):
    """Issue 10's done-when: 0.3 × the base salary of each decision's date, rounded up to 10,000,
    in the 2026 decision of the Lâm Đồng Alliance, which loads once (the demo takes seconds)."""
    in_2022 = Decision.objects.get(kind=Decision.Kind.DECISION, decided_on__year=2022)
    in_2026 = Decision.objects.get(kind=Decision.Kind.DECISION, decided_on__year=2026)
    giay_khen = AwardType.objects.get(name="Giấy khen của Chủ tịch Liên minh HTX tỉnh")

    def amounts(decision):
        awards = decision.awards.filter(nomination__award_type=giay_khen)
        return {kind: {a.amount for a in awards if a.nomination.nominee_kind == kind}
                for kind in ("collective", "individual")}  # fmt: skip

    assert amounts(in_2022)["collective"] == {900000}  # 0.3 × 1,490,000 = 447,000 → 450,000, twice
    # 2026: 0.3 × 2,530,000 = 759,000 → 760,000; a collective twice that.
    assert amounts(in_2026) == {"collective": {1520000}, "individual": {760000}}

    text = " ".join(" ".join(page_texts(in_2026.document.file.open("rb").read())).split())
    assert in_2026.document.reference == "112/QĐ-LMHTX"
    assert "UBND TỈNH LÂM ĐỒNG" in text and "Lâm Đồng, ngày 16 tháng 11 năm 2026" in text
    assert "UBND TỈNH ĐẮK NÔNG" not in text and "Đắk Nông, ngày" not in text

    counts = (Nomination.objects.count(), IssuedDocument.objects.count())
    assert load_commendation_2026() == "Commendation 2026: unchanged."
    assert (Nomination.objects.count(), IssuedDocument.objects.count()) == counts


def test_the_demo_nominations_votes_and_decisions_carry_the_dates_they_happened(demo):
    """Issue 23: the nominations of 2022 were filed in 2022, not on the day the demo was loaded."""

    def days(rows, field):
        return {timezone.localdate(getattr(row, field)) for row in rows}

    of_2022 = Nomination.objects.filter(campaign__plan_number=514)
    of_2026 = Nomination.objects.exclude(campaign__plan_number=514)
    decision_2022 = Decision.objects.get(kind=Decision.Kind.DECISION, decided_on__year=2022)

    assert days(of_2022, "created_at") == {NOMINATIONS_DAY}
    assert days(Vote.objects.filter(session__campaign__plan_number=514), "cast_at") == {SESSION_DAY}
    assert days(NominationEvent.objects.filter(nomination__in=of_2022), "at") <= {
        NOMINATIONS_DAY,
        SESSION_DAY,
        APPROVAL_DAY,
        DECISION_DAY,
    }
    assert days([decision_2022.document], "created_at") == {DECISION_DAY}
    assert days(of_2026, "created_at") == {NOMINATIONS_2026_DAY}
    assert days(Vote.objects.exclude(session__campaign__plan_number=514), "cast_at") == {SESSION_2026_DAY}
    assert days(ExemplaryExample.objects.exclude(published_at=None), "published_at") == set(EXAMPLES_PUBLISHED_ON)
    assert not NominationEvent.objects.filter(at__gt=timezone.now()).exists()


def test_the_demo_prints_18_qd_on_its_blanks_and_each_certificate_qr_says_valid(demo, client, settings):
    """Issue 19's done-when, items 4 and 5: each certificate of 18/QĐ-LMHTX opens a page that says valid; the
    demo's blank and printer give a calibration page and a blank print."""
    assert load_blanks() == "Blanks: blank, printer."
    assert load_blanks() == "Blanks: unchanged."
    decision = Decision.objects.get(document__reference="18/QĐ-LMHTX")
    awards = certificate_awards(decision)
    stored_certificates_pdf(decision, awards)
    for certificate in Certificate.objects.filter(award__in=awards):
        page = client.get(f"/verify/{certificate.verification_code}/").content.decode()
        assert certificate.carries_qr and 'data-state="valid"' in page

    layout = BlankLayout.objects.get(paper="giay_khen")
    printer = PrinterProfile.objects.get(name=DEMO_PRINTER_NAME)
    office = decision.created_by
    calibration = render_calibration(layout, printer)
    blanks = print_on_blanks(decision, layout, printer, by=office)

    assert len(reader(calibration).pages) == 1 and len(reader(blanks).pages) == len(awards)
    assert BlankPrint.objects.filter(certificate__award__decision=decision).count() == len(awards)


def test_the_demo_issues_an_ad_hoc_award_and_proposes_a_medal_without_a_campaign(demo):
    """Issue 22: an ad-hoc Giấy khen issued with no campaign (nomination, decision, certificate) and
    a commemorative medal through a Council session outside campaigns and a proposal upward; once."""
    summary = load_occasions()

    outside = Decision.objects.filter(campaign__isnull=True).order_by("pk")
    assert [(d.kind, d.occasion, d.status) for d in outside] == [
        (Decision.Kind.DECISION, Occasion.AD_HOC, "issued"),
        (Decision.Kind.PROPOSAL, Occasion.MEDAL, "issued"),
    ]
    ad_hoc, medal = outside
    award = ad_hoc.awards.get()
    assert award.nomination.occasion_title == DEED and award.nomination.status == NominationStatus.DECIDED
    # Numbered in the certificate register at issue (a worker renders the page once committed).
    assert Certificate.objects.get(award=award).reference == f"01/{ad_hoc.decided_on.year}"
    text = " ".join(" ".join(page_texts(ad_hoc.document.file.open("rb").read())).split())
    assert "thành tích xuất sắc đột xuất" in text and "Kế hoạch số" not in text
    assert [r.decision_number for r in history_of(person=award.nomination.person)] == [ad_hoc.document.reference]
    assert medal.awards.get().nomination.status == NominationStatus.PROPOSED
    assert CouncilSession.objects.filter(campaign__isnull=True, status="closed").count() == 1

    counts = (Nomination.objects.count(), IssuedDocument.objects.count())
    assert load_occasions() == "Awards outside a campaign: unchanged."
    assert (Nomination.objects.count(), IssuedDocument.objects.count()) == counts
    assert "2 documents" in summary

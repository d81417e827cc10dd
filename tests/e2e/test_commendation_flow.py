"""Issue 5 end to end, in a real browser: one campaign from nominations to the decision, its
certificates and the proposal upward.

A unit nominates itself for the Alliance's Giấy khen from a phone, with a file, and sends it:
it is found eligible. The office nominates another cooperative for the province's Bằng khen,
opens a Council session with the three members present and puts both on the agenda. Each
member votes from a phone (2 agree + 1 disagree on the Giấy khen, which needs more than half
of 3, that is 2; 3 agree on the Bằng khen, which needs two thirds of 3, that is 2); the office
closes the session and downloads the minutes. The leadership approves both on its shortlist.
The office prepares the decision (QĐ) and the proposal (TTr), the leadership issues them, and
their PDFs and the certificates are read back and drawn as pictures. The unit then finds its
award and its certificate, and the public honour board lists it.

Only the arrange step uses factories and services; everything after it goes through the UI.
Statuses are asserted on CSS classes, URLs and the database, never on UI wording (the
catalogue is being translated). Screenshots and page-one PNGs go to /tmp/e2e-shots.
"""

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from browsers import SHOTS, accept_confirms, click_and_wait, shot
from django.urls import reverse
from django.utils import timezone
from factories import (
    TEST_PASSWORD,
    CampaignFactory,
    ClassificationBandFactory,
    CriterionFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SignerFactory,
    SubmissionFactory,
    SubmissionValueFactory,
    UserFactory,
)
from pdf_reading import page_texts
from pypdf import PdfWriter

from awards.demo import load_parameters
from awards.models import (
    AwardType,
    CouncilSession,
    Decision,
    DecisionStatus,
    Nomination,
    NominationAttachment,
    NominationStatus,
    NomineeKind,
    SessionStatus,
    Vote,
)
from awards.nominations import install_default_award_types
from campaign.models import ScoringRule, SubmissionStatus
from members.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

COMMENDATION = "Giấy khen của Chủ tịch Liên minh HTX tỉnh"
PROVINCE_MERIT = "Bằng khen của Chủ tịch UBND tỉnh"
SESSION_DAY = dt.date(2022, 2, 15)  # after the campaign's end (31/01/2022), as in plan 514
DECISION_DAY = dt.date(2022, 2, 25)
UNIT_ACHIEVEMENTS = (
    "Duy trì sản xuất “ba tại chỗ” trong thời gian giãn cách; 100% người lao động được tiêm đủ liều vắc xin; "
    "tiêu thụ 120 tấn nông sản cho xã viên."
)
OFFICE_ACHIEVEMENTS = "Đơn vị dẫn đầu phong trào thi đua đặc biệt phòng, chống dịch Covid-19 của hợp tác xã trong tỉnh."
# Giấy khen: 0,3 × 1.490.000 (base salary on 25/02/2022) = 447.000 → 450.000; a collective gets twice: 900.000.
AMOUNT = Decimal("900000")


def small_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def link(href):
    return f'main a[href="{href}"]'


def download(page, href, name):
    """Click the link to a file, keep the file under SHOTS, return its bytes."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with page.expect_download() as info:
        page.click(f'a[href="{href}"]')
    path = SHOTS / name
    info.value.save_as(path)
    return path.read_bytes()


def page_one_png(pdf_path):
    """Page 1 of a PDF as a PNG at 60 dpi next to it, to be looked at."""
    stem = pdf_path.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(stem)], check=True
    )
    png = stem.with_suffix(".png")
    assert png.stat().st_size > 0
    return png


def flat(text):
    return " ".join(text.split())


def status_of(nomination):
    nomination.refresh_from_db()
    return nomination.status


@pytest.fixture
def commendation_campaign(own_org, other_org):
    """A running campaign of 2021 with its bands and two registered cooperatives whose verified
    reports score them 95 and 92 (both Xuất sắc, the band the province's Bằng khen asks); the demo's legal parameters; the Alliance
    and its chairman; the standard award types."""
    load_parameters()
    SignerFactory()
    campaign = CampaignFactory(
        name="Phong trào thi đua đặc biệt phòng, chống dịch Covid-19", short_name="Thi đua chống dịch 2021"
    )
    period = ReportingPeriodFactory(campaign=campaign)
    criterion = CriterionFactory(
        campaign=campaign, rule=ScoringRule.PERCENTAGE, max_points=Decimal("100"), evidence_required=False
    )
    for name, low in (("Xuất sắc", 90), ("Tốt", 70), ("Khá", 50), ("Hoàn thành", 30)):
        ClassificationBandFactory(campaign=campaign, name=name, min_score=Decimal(low))
    for org, value in ((own_org, 95), (other_org, 92)):
        RegistrationFactory(campaign=campaign, organization=org)
        submission = SubmissionFactory(
            period=period, organization=org, status=SubmissionStatus.VERIFIED, submitted_at=timezone.now()
        )
        SubmissionValueFactory(submission=submission, criterion=criterion, value=Decimal(value))
    office = UserFactory(username="vanphong", role=Role.OFFICE, last_name="Phạm", first_name="Thị Văn")
    install_default_award_types(by=office, day=SESSION_DAY)
    return {
        "campaign": campaign,
        "office": office,
        "commendation": AwardType.objects.get(name=COMMENDATION),
        "province_merit": AwardType.objects.get(name=PROVINCE_MERIT),
    }


def test_one_campaign_from_nominations_to_the_decision_certificates_and_proposal(
    browser_for, live_server, commendation_campaign, unit_user, own_org, other_org
):
    c = commendation_campaign
    campaign, office_user = c["campaign"], c["office"]
    commendation, province_merit = c["commendation"], c["province_merit"]
    members = [
        UserFactory(username=f"hoidong{i}", role=Role.COUNCIL, last_name=last, first_name=first)
        for i, (last, first) in enumerate((("Nguyễn", "Văn An"), ("Trần", "Thị Bình"), ("Lê", "Văn Cường")), start=1)
    ]
    leader_user = UserFactory(username="chutich", role=Role.LEADER, last_name="Nguyễn", first_name="Khải")
    url = live_server.url

    # --- 1. The unit, on a phone: its own collective for the Alliance's Giấy khen, with a file ----------
    unit = browser_for(unit_user, password=TEST_PASSWORD, **PHONE)
    accept_confirms(unit)
    unit.goto(f"{url}{reverse('awards:nomination_create')}?campaign={campaign.pk}")
    assert unit.locator("input[name=nominee_kind][value=collective]").is_checked()
    # A unit cannot choose another unit: the collective is its own, shown but disabled.
    assert unit.locator("select[name=organization]").is_disabled()
    unit.select_option("select[name=campaign]", str(campaign.pk))
    unit.select_option("select[name=award_type]", str(commendation.pk))
    unit.fill("textarea[name=achievements]", UNIT_ACHIEVEMENTS)
    pdf = small_pdf()
    unit.set_input_files(
        "input[name=file]",
        files=[{"name": "bao-cao-thanh-tich.pdf", "mimeType": "application/pdf", "buffer": pdf}],
    )
    assert unit.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(unit, "c01-unit-phone-nomination-form")
    click_and_wait(unit, "button[name=action][value=save]")
    ours = Nomination.objects.get(campaign=campaign, organization=own_org)
    detail = reverse("awards:nomination_detail", args=[ours.pk])
    assert unit.url == f"{url}{detail}"
    assert (ours.status, ours.nominee_kind, ours.award_type, ours.achievements, ours.created_by) == (
        NominationStatus.DRAFT,
        NomineeKind.COLLECTIVE,
        commendation,
        UNIT_ACHIEVEMENTS,
        unit_user,
    )
    attachment = NominationAttachment.objects.get(nomination=ours)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "bao-cao-thanh-tich.pdf",
        "application/pdf",
        len(pdf),
    )
    assert unit.locator(".badge.status-draft").count() == 1
    assert unit.locator(link(reverse("awards:attachment_download", args=[attachment.pk]))).count() == 1
    click_and_wait(unit, link(reverse("awards:nomination_submit", args=[ours.pk])))
    shot(unit, "c02-unit-phone-send")
    click_and_wait(unit, "main form button[type=submit]")
    assert unit.url == f"{url}{detail}"
    # Eligible: the badge's class and the eligibility card's green border, no reason listed.
    assert unit.locator(".badge.status-eligible").count() == 1
    assert unit.locator(".eligibility.border-success").count() == 1
    assert unit.locator(".eligibility-reasons").count() == 0
    assert unit.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(unit, "c03-unit-phone-eligible")
    ours.refresh_from_db()
    assert (ours.status, ours.eligibility_reasons, ours.score) == (NominationStatus.ELIGIBLE, [], Decimal("95.00"))

    # --- 2. The office, at a desk: the other cooperative for the province's Bằng khen ---------------------
    office = browser_for(office_user, password=TEST_PASSWORD, **DESKTOP)
    accept_confirms(office)
    office.goto(f"{url}{reverse('awards:nomination_create')}")
    office.select_option("select[name=campaign]", str(campaign.pk))
    office.check("input[name=nominee_kind][value=collective]")
    office.select_option("select[name=organization]", str(other_org.pk))
    office.select_option("select[name=award_type]", str(province_merit.pk))
    office.fill("textarea[name=achievements]", OFFICE_ACHIEVEMENTS)
    click_and_wait(office, "button[name=action][value=save]")
    theirs = Nomination.objects.get(campaign=campaign, organization=other_org)
    assert office.url == f"{url}{reverse('awards:nomination_detail', args=[theirs.pk])}"
    click_and_wait(office, link(reverse("awards:nomination_submit", args=[theirs.pk])))
    click_and_wait(office, "main form button[type=submit]")
    assert office.locator(".badge.status-eligible").count() == 1
    shot(office, "c04-office-upward-nomination-eligible")
    assert (status_of(theirs), theirs.award_type, theirs.score) == (
        NominationStatus.ELIGIBLE,
        province_merit,
        Decimal("92.00"),
    )

    # --- 3. A Council session on the campaign's date, three members present, both on the agenda ---------
    office.goto(f"{url}{reverse('awards:session_create')}?campaign={campaign.pk}")
    office.select_option("select[name=campaign]", str(campaign.pk))
    office.fill("input[name=held_on]", SESSION_DAY.strftime("%d/%m/%Y"))
    office.fill("input[name=place]", "Hội trường Liên minh HTX tỉnh Đắk Nông")
    office.select_option("select[name=chair]", str(members[0].pk))
    office.select_option("select[name=secretary]", str(office_user.pk))  # voting opens with both named
    for member in members:
        office.check(f"input[name=present][value='{member.pk}']")
    shot(office, "c05-office-new-session")
    click_and_wait(office, "main form button[type=submit]")
    session = CouncilSession.objects.get(campaign=campaign)
    assert office.url == f"{url}{reverse('awards:session_agenda', args=[session.pk])}"
    assert (session.held_on, session.members_total, session.status) == (SESSION_DAY, 3, SessionStatus.OPEN)
    assert set(session.present.all()) == set(members)
    for nomination in (ours, theirs):
        office.check(f"input[name=nominations][value='{nomination.pk}']")
    shot(office, "c06-office-agenda")
    click_and_wait(office, "main form button[type=submit]")
    assert office.url == f"{url}{reverse('awards:session_detail', args=[session.pk])}"
    assert (status_of(ours), status_of(theirs)) == (NominationStatus.IN_COUNCIL, NominationStatus.IN_COUNCIL)
    assert ours.session_id == theirs.session_id == session.pk

    # --- 4. Each member votes from a phone -----------------------------------------------------------------
    vote_page = reverse("awards:session_vote", args=[session.pk])
    choices = {  # member index → (on the Giấy khen, on the Bằng khen)
        0: ("agree", "agree"),
        1: ("agree", "agree"),
        2: ("disagree", "agree"),
    }
    for index, member in enumerate(members):
        phone = browser_for(member, password=TEST_PASSWORD, **PHONE)
        phone.goto(f"{url}{reverse('awards:session_detail', args=[session.pk])}")
        click_and_wait(phone, link(vote_page))
        assert phone.locator(".vote-card").count() == 2
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if index == 0:
            shot(phone, "c07-council-phone-before-vote")
        for nomination, choice in zip((ours, theirs), choices[index], strict=True):
            card = f"#n{nomination.pk}"
            click_and_wait(phone, f"{card} button[name=choice][value={choice}]")
            # Cast once: the card shows the member's vote and no longer offers the buttons.
            assert phone.locator(f"{card} button[name=choice]").count() == 0
            badge = "text-bg-success" if choice == "agree" else "text-bg-danger"
            assert phone.locator(f"{card} .card-header .badge.{badge}").count() == 1
        shot(phone, f"c08-council-{index + 1}-phone-voted")
    votes = sorted(Vote.objects.filter(session=session).values_list("nomination_id", "voter__username", "choice"))
    assert votes == sorted(
        (nomination.pk, member.username, choices[i][j])
        for i, member in enumerate(members)
        for j, nomination in enumerate((ours, theirs))
    )

    # --- 5. The office closes the session; the minutes are issued ----------------------------------------
    office.goto(f"{url}{reverse('awards:session_detail', args=[session.pk])}")
    click_and_wait(office, link(reverse("awards:session_close", args=[session.pk])))
    assert office.locator("main .alert-success").count() == 1  # the quorum is met: 3 of 3
    # While the session is open the office sees how many ballots are in, never the tally.
    assert office.locator("main .ballots").count() == 1 and office.locator("main table").count() == 0
    assert office.locator("main .missing-votes").count() == 0  # every member voted on both
    shot(office, "c09-office-close-session")
    click_and_wait(office, "main form button.btn-danger[type=submit]")
    assert office.url == f"{url}{reverse('awards:session_detail', args=[session.pk])}"
    for nomination, agree, disagree in ((ours, "2", "1"), (theirs, "3", "0")):
        cells = office.locator("main table tbody tr", has_text=nomination.organization.name).locator("td")
        assert (cells.nth(3).inner_text().strip(), cells.nth(4).inner_text().strip()) == (agree, disagree)
    assert office.locator("main table tbody tr .badge.text-bg-success").count() == 2  # both pass
    session.refresh_from_db()
    assert (session.status, session.closed_by) == (SessionStatus.CLOSED, office_user)
    assert (status_of(ours), status_of(theirs)) == (NominationStatus.PASSED, NominationStatus.PASSED)
    minutes_pdf = download(office, reverse("awards:minutes_download", args=[session.pk]), "c-minutes.pdf")
    assert minutes_pdf.startswith(b"%PDF")
    minutes_text = flat("\n".join(page_texts(minutes_pdf)))
    assert "BIÊN BẢN" in minutes_text
    assert "01/BB-LMHTX" in minutes_text
    assert own_org.name in minutes_text and other_org.name in minutes_text
    shot(office, "c10-office-session-closed")

    # --- 6. The leadership: both on the shortlist, each approved -------------------------------------------
    leader = browser_for(leader_user, password=TEST_PASSWORD, **DESKTOP)
    shortlist = reverse("awards:shortlist", args=[campaign.pk])
    for nomination in (ours, theirs):  # two award types: one tab each
        leader.goto(f"{url}{shortlist}?type={nomination.award_type_id}")
        row = leader.locator(f"li#n{nomination.pk}")
        assert row.count() == 1
        assert row.locator(".badge.text-bg-primary").count() == 1  # passed, waiting for the leadership
        assert nomination.organization.name in row.inner_text()
    shot(leader, "c11-leader-shortlist")
    for nomination in (ours, theirs):
        leader.goto(f"{url}{shortlist}?type={nomination.award_type_id}")
        click_and_wait(leader, link(reverse("awards:nomination_approve", args=[nomination.pk])))
        leader.fill("textarea[name=comment]", "Đồng ý theo đề nghị của Hội đồng.")
        click_and_wait(leader, "main form button.btn-success[type=submit]")
        assert leader.url.startswith(f"{url}{shortlist}")
        assert leader.locator(f"li#n{nomination.pk} .badge.text-bg-success").count() == 1
    shot(leader, "c12-leader-shortlist-approved")
    assert (status_of(ours), status_of(theirs)) == (NominationStatus.APPROVED, NominationStatus.APPROVED)
    assert ours.leader_comment == "Đồng ý theo đề nghị của Hội đồng."

    # --- 7. The office prepares the decision; the leadership issues it -------------------------------------
    prepare = reverse("awards:decision_prepare", args=["decision"])
    office.goto(f"{url}{prepare}")
    office.select_option("select[name=campaign]", str(campaign.pk))
    click_and_wait(office, "main form[method=get] button[type=submit]")
    # Only the Alliance's own award is offered for a decision.
    assert office.locator("input[name=nominations]").count() == 1
    office.check(f"input[name=nominations][value='{ours.pk}']")
    office.fill("input[name=decided_on]", DECISION_DAY.strftime("%d/%m/%Y"))
    shot(office, "c13-office-prepare-decision")
    click_and_wait(office, "main form[method=post] button[type=submit]")
    decision = Decision.objects.get(campaign=campaign, kind=Decision.Kind.DECISION)
    assert office.url == f"{url}{reverse('awards:decision_detail', args=[decision.pk])}"
    assert (decision.status, decision.decided_on) == (DecisionStatus.DRAFT, DECISION_DAY)
    assert list(decision.awards.values_list("nomination_id", "amount")) == [(ours.pk, AMOUNT)]

    leader.goto(f"{url}{reverse('awards:decision_detail', args=[decision.pk])}")
    # The office cannot issue it yet: the leadership approves the draft as it stands first.
    assert leader.locator(link(reverse("awards:decision_issue", args=[decision.pk]))).count() == 0
    click_and_wait(leader, link(reverse("awards:decision_approve", args=[decision.pk])))
    click_and_wait(leader, "main form button[type=submit]")
    assert decision.approvals.get().approved_by.role == "leader"
    accept_confirms(leader)
    click_and_wait(leader, link(reverse("awards:decision_issue", args=[decision.pk])))
    assert "01/QĐ-LMHTX" in leader.locator("main").inner_text()  # the number it will take
    shot(leader, "c14-leader-issue-decision")
    click_and_wait(leader, "main form button[type=submit]")
    decision.refresh_from_db()
    assert leader.url == f"{url}{reverse('awards:decision_detail', args=[decision.pk])}"
    assert (decision.status, decision.document.reference) == (DecisionStatus.ISSUED, "01/QĐ-LMHTX")
    assert status_of(ours) == NominationStatus.DECIDED
    shot(leader, "c15-leader-decision-issued")
    # The leadership downloads the decision it signed, from the decision's page.
    leader_copy = download(leader, reverse("awards:decision_download", args=[decision.pk]), "c-decision-leader.pdf")
    assert leader_copy.startswith(b"%PDF") and "01/QĐ-LMHTX" in flat("\n".join(page_texts(leader_copy)))

    office.goto(f"{url}{reverse('awards:decision_detail', args=[decision.pk])}")
    decision_pdf = download(office, reverse("awards:decision_download", args=[decision.pk]), "c-decision.pdf")
    decision_text = flat("\n".join(page_texts(decision_pdf)))
    for expected in ("QUYẾT ĐỊNH", "01/QĐ-LMHTX", own_org.name, "900.000"):
        assert expected in decision_text, expected
    certificates_pdf = download(
        office, reverse("awards:decision_certificates", args=[decision.pk]), "c-certificates.pdf"
    )
    certificate_pages = [flat(text) for text in page_texts(certificates_pdf)]
    assert len(certificate_pages) == 1  # one awardee, one page
    assert "GIẤY KHEN" in certificate_pages[0] and own_org.name in certificate_pages[0]
    assert "01/QĐ-LMHTX" in certificate_pages[0]

    # --- 8. The proposal upward for the province's Bằng khen -----------------------------------------------
    proposal_prepare = reverse("awards:decision_prepare", args=["proposal"])
    office.goto(f"{url}{proposal_prepare}")
    office.select_option("select[name=campaign]", str(campaign.pk))
    office.select_option("select[name=addressee]", "province")
    click_and_wait(office, "main form[method=get] button[type=submit]")
    assert office.locator("input[name=nominations]").count() == 1
    office.check(f"input[name=nominations][value='{theirs.pk}']")
    office.fill("input[name=decided_on]", DECISION_DAY.strftime("%d/%m/%Y"))
    click_and_wait(office, "main form[method=post] button[type=submit]")
    proposal = Decision.objects.get(campaign=campaign, kind=Decision.Kind.PROPOSAL)
    assert office.url == f"{url}{reverse('awards:decision_detail', args=[proposal.pk])}"
    leader.goto(f"{url}{reverse('awards:decision_approve', args=[proposal.pk])}")
    click_and_wait(leader, "main form button[type=submit]")
    office.reload()
    click_and_wait(office, link(reverse("awards:decision_issue", args=[proposal.pk])))
    click_and_wait(office, "main form button[type=submit]")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.addressee, proposal.document.reference) == (
        DecisionStatus.ISSUED,
        "province",
        "01/TTr-LMHTX",
    )
    assert status_of(theirs) == NominationStatus.PROPOSED
    shot(office, "c16-office-proposal-issued")
    proposal_pdf = download(office, reverse("awards:decision_download", args=[proposal.pk]), "c-proposal.pdf")
    proposal_text = flat("\n".join(page_texts(proposal_pdf)))
    for expected in ("TỜ TRÌNH", "01/TTr-LMHTX", other_org.name, PROVINCE_MERIT):
        assert expected in proposal_text, expected

    # Each PDF's first page as a picture, to be looked at.
    for name in ("c-minutes", "c-decision", "c-certificates", "c-proposal"):
        page_one_png(SHOTS / f"{name}.pdf")

    # --- 9. The unit: its award in the history, its own certificate; the public honour board -------------
    unit.goto(f"{url}{reverse('awards:history')}")
    rows = unit.locator("main table tbody tr")
    assert rows.count() == 1  # its own award only; the other cooperative's proposal is not shown
    assert own_org.name in rows.first.inner_text()
    assert rows.first.locator(f'a[href="{reverse("awards:decision_download", args=[decision.pk])}"]').count() == 1
    shot(unit, "c17-unit-phone-history")
    own_certificate = download(
        unit, reverse("awards:decision_certificates", args=[decision.pk]), "c-unit-certificate.pdf"
    )
    assert flat(page_texts(own_certificate)[0]) == certificate_pages[0]
    # The proposal that does not name it stays out of its reach.
    response = unit.goto(f"{url}{reverse('awards:decision_download', args=[proposal.pk])}")
    assert response.status == 404

    public = browser_for(None, **PHONE)
    public.goto(f"{url}{reverse('honor:board')}")
    board = public.locator("main").inner_text()
    assert own_org.name in board and "01/QĐ-LMHTX" in board
    assert other_org.name not in board  # proposed upward is not yet an award
    assert public.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(public, "c18-public-honour-board")

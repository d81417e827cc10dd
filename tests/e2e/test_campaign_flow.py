"""Issue 3 end to end, in a real browser: a unit registers, reports with evidence from a phone,
is returned, corrects and resends; the office verifies; the ranking and the dashboard follow.
And a second unit can neither read nor change the first one's report or evidence.

Only the arrange step uses factories and services; everything after it goes through the UI.
Screenshots of every step are written to /tmp/e2e-shots (or $THIDUA_E2E_SHOTS).

Most campaign labels are not in locale/vi yet (a translator is filling the catalogue), so
statuses are asserted on the status badge's CSS class (`status-<code>`), not on its text.
"""

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from browsers import accept_confirms, click_and_wait, shot
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from factories import (
    TEST_PASSWORD,
    CampaignFactory,
    ClassificationBandFactory,
    CriterionFactory,
    CriterionGroupFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    SubmissionValueFactory,
    UserFactory,
)
from pypdf import PdfWriter

from campaign import submissions as services
from campaign.models import (
    CampaignStatus,
    Evidence,
    Registration,
    ScoringRule,
    Submission,
    SubmissionStatus,
)
from members.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

RETURN_REASON = "Tỷ lệ tiêm chủng 80% không khớp danh sách đính kèm (95%). Đề nghị sửa lại."


def small_pdf():
    """A real one-page PDF, as a phone's scanner app would make it (a few hundred bytes)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def dashboard_counts(page):
    """Verified and submitted units of the period, summed over the dashboard's per-kind chart data."""
    charts = json.loads(page.locator("#dashboard-charts").text_content())
    series = {s["key"]: sum(s["data"]) for s in charts["kind"]["series"]}
    bands = sum(charts["bands"]["series"][0]["data"])
    return {"verified": series["verified"], "submitted": series["submitted"], "banded": bands}


def ranking_row(page, campaign, org):
    """The rankings table row of a unit (its name links to its scorecard for office staff)."""
    href = reverse("campaign:scorecard", args=[campaign.pk, org.pk])
    return page.locator(f'table.score-table tbody tr:has(a[href="{href}"])')


def row_cells(row):
    """Rank, total and band of a rankings row, as shown (Vietnamese decimal comma)."""
    cells = row.locator("td")
    return cells.nth(0).inner_text().strip(), cells.nth(2).inner_text().strip(), cells.nth(3).inner_text().strip()


@pytest.fixture
def running_campaign(other_org):
    """A running campaign for cooperatives: a current period, four criteria of different rules,
    bands, and another cooperative already verified for the period (33 points)."""
    today = timezone.localdate()
    campaign = CampaignFactory(
        status=CampaignStatus.RUNNING,
        starts_on=today - dt.timedelta(days=40),
        ends_on=today + dt.timedelta(days=120),
    )
    period = ReportingPeriodFactory(
        campaign=campaign,
        name="Kỳ hiện tại",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today,
        deadline=today + dt.timedelta(days=7),
    )
    covid = CriterionGroupFactory(campaign=campaign, name="I. Phòng, chống dịch Covid-19", order=1)
    production = CriterionGroupFactory(campaign=campaign, name="II. Khôi phục sản xuất, kinh doanh", order=2)
    vaccinated = CriterionFactory(
        campaign=campaign,
        group=covid,
        code="1.1",
        name="Tỷ lệ người lao động được tiêm đủ liều vắc xin",
        unit="%",
        rule=ScoringRule.PERCENTAGE,
        max_points=Decimal("20"),
        evidence_required=True,
        order=1,
    )
    it_used = CriterionFactory(
        campaign=campaign,
        group=covid,
        code="1.2",
        name="Ứng dụng công nghệ thông tin trong phòng, chống dịch",
        unit="",
        rule=ScoringRule.YES_NO,
        max_points=Decimal("10"),
        order=2,
    )
    revenue = CriterionFactory(
        campaign=campaign,
        group=production,
        code="2.1",
        name="Doanh thu so với cùng kỳ năm trước",
        unit="%",
        rule=ScoringRule.TARGET,
        target=Decimal("100"),
        max_points=Decimal("30"),
        order=1,
    )
    propaganda = CriterionFactory(
        campaign=campaign,
        group=production,
        code="2.2",
        name="Số hoạt động tuyên truyền",
        unit="hoạt động",
        rule=ScoringRule.COUNT,
        points_per_unit=Decimal("2"),
        max_points=Decimal("15"),
        order=2,
    )
    for name, low in (("Xuất sắc", 90), ("Tốt", 70), ("Khá", 50), ("Hoàn thành", 30)):
        ClassificationBandFactory(campaign=campaign, name=name, min_score=Decimal(low))
    # The unit to compare with: 60% → 12, no → 0, 50/100 → 15, 3 × 2 → 6; 33 points, band “Hoàn thành”.
    RegistrationFactory(campaign=campaign, organization=other_org)
    other = SubmissionFactory(
        period=period, organization=other_org, status=SubmissionStatus.VERIFIED, submitted_at=timezone.now()
    )
    for criterion, value in ((vaccinated, 60), (it_used, 0), (revenue, 50), (propaganda, 3)):
        SubmissionValueFactory(submission=other, criterion=criterion, value=Decimal(value))
    return {
        "campaign": campaign,
        "period": period,
        "vaccinated": vaccinated,
        "it_used": it_used,
        "revenue": revenue,
        "propaganda": propaganda,
        "other_submission": other,
    }


def test_a_unit_reports_from_a_phone_is_returned_resends_and_is_verified_and_ranked(
    browser_for, live_server, running_campaign, unit_user, office_user, other_org
):
    c = running_campaign
    campaign, period = c["campaign"], c["period"]
    org = unit_user.organization
    vaccinated, it_used, revenue, propaganda = (c[k].pk for k in ("vaccinated", "it_used", "revenue", "propaganda"))
    url = live_server.url

    # --- 1. The unit, on a phone: register with a commitment and its own revenue target ------------------
    unit = browser_for(unit_user, password=TEST_PASSWORD, **PHONE)
    accept_confirms(unit)
    assert unit.locator("html").get_attribute("lang") == "vi"
    register_link = f'a[href="{reverse("campaign:registration_create", args=[campaign.pk])}"]'
    shot(unit, "01-unit-home-not-registered")
    click_and_wait(unit, register_link)
    unit.fill("textarea[name=note]", "HTX cam kết 100% người lao động được tiêm đủ liều, doanh thu đạt 120% cùng kỳ.")
    unit.fill(f"input[name=target_{revenue}]", "120")
    shot(unit, "02-unit-registration-form")
    click_and_wait(unit, "form.form-page button[type=submit]")
    registration = Registration.objects.get(campaign=campaign, organization=org)
    assert unit.url == f"{url}{reverse('campaign:registration_detail', args=[registration.pk])}"
    assert registration.targets.get(criterion_id=revenue).target == Decimal("120")

    # --- 2. Start the period's report, fill it, attach the evidence, send it ----------------------------
    unit.goto(f"{url}/")
    start = f'form[action="{reverse("campaign:submission_start", args=[period.pk])}"] button[type=submit]'
    click_and_wait(unit, start)
    submission = Submission.objects.get(period=period, organization=org)
    assert unit.url == f"{url}{reverse('campaign:submission_edit', args=[submission.pk])}"
    unit.fill(f"input[name=value_{vaccinated}]", "80")
    unit.fill(f"textarea[name=note_{vaccinated}]", "Theo danh sách tiêm chủng của Trạm Y tế xã.")
    unit.select_option(f"select[name=value_{it_used}]", "1")
    unit.fill(f"input[name=value_{revenue}]", "90")
    unit.fill(f"input[name=value_{propaganda}]", "5")
    pdf = small_pdf()
    unit.set_input_files(
        f"input[name=file_{vaccinated}]",
        files=[{"name": "danh-sach-tiem-chung.pdf", "mimeType": "application/pdf", "buffer": pdf}],
    )
    # The chosen file takes the place of the "evidence is required" warning of its card.
    assert "text-success" in unit.locator(".evidence-missing").get_attribute("class")
    # The form fits a phone: no sideways scrolling.
    assert unit.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(unit, "03-unit-phone-form-with-evidence")
    click_and_wait(unit, "button[name=action][value=submit]")
    assert unit.url == f"{url}{reverse('campaign:submission_detail', args=[submission.pk])}"
    # “Submitted”: the badge's class carries the state (its label is not translated yet).
    assert unit.locator(".badge.status-submitted").count() == 1
    evidence = Evidence.objects.get(value__submission=submission)
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "danh-sach-tiem-chung.pdf",
        "application/pdf",
        len(pdf),
    )
    # The file's name opens it in the browser (a PDF is shown inline, sandboxed); a download link sits beside.
    evidence_link = unit.locator(f'a.text-break[href="{reverse("campaign:evidence_view", args=[evidence.pk])}"]')
    assert evidence_link.inner_text().strip() == "danh-sach-tiem-chung.pdf"
    downloaded = unit.request.get(f"{url}{reverse('campaign:evidence_download', args=[evidence.pk])}")
    assert downloaded.status == 200 and downloaded.body() == pdf
    shot(unit, "04-unit-submitted")

    # --- 3. The office, at a desk: the queue, the report, returned with a reason -------------------------
    office = browser_for(office_user, password=TEST_PASSWORD, **DESKTOP)
    # The office checks the registration and its target first: only a verified target counts (issue 16).
    office.goto(f"{url}{reverse('campaign:registration_detail', args=[registration.pk])}")
    review = f'form[action="{reverse("campaign:registration_review", args=[registration.pk])}"]'
    click_and_wait(office, f"{review} button[value=verify]")
    registration.refresh_from_db()
    assert registration.status == "verified"
    assert office.locator('[data-registration-status="verified"]').count() == 1
    office.goto(f"{url}{reverse('campaign:submission_queue', args=[campaign.pk])}")
    detail = reverse("campaign:submission_detail", args=[submission.pk])
    queue_row = office.locator(f'table tbody tr:has(a[href="{detail}"])')
    assert queue_row.locator(".badge.status-submitted").count() == 1
    shot(office, "05-office-queue")
    click_and_wait(office, f'table tbody a[href="{detail}"]')
    return_form = f'form[action="{reverse("campaign:submission_return", args=[submission.pk])}"]'
    office.fill(f"{return_form} textarea[name=reason]", RETURN_REASON)
    shot(office, "06-office-report-before-return")
    click_and_wait(office, f"{return_form} button[type=submit]")
    assert office.url == f"{url}{detail}"
    assert office.locator(".badge.status-returned").count() == 1

    # --- 4. The unit sees the reason at home, corrects the value and resends ------------------------------
    unit.goto(f"{url}/")
    banner = unit.locator(".alert-danger[role=alert]")
    assert banner.count() == 1
    assert RETURN_REASON in banner.inner_text()
    assert period.name in banner.inner_text()
    shot(unit, "07-unit-home-returned-banner")
    click_and_wait(unit, f'.alert-danger a[href="{reverse("campaign:submission_edit", args=[submission.pk])}"]')
    assert RETURN_REASON in unit.locator(".alert-danger").first.inner_text()
    assert unit.input_value(f"input[name=value_{vaccinated}]") == "80"  # what was sent before
    assert unit.locator(f"#criterion-{vaccinated} a", has_text="danh-sach-tiem-chung.pdf").count() == 1
    unit.fill(f"input[name=value_{vaccinated}]", "95")
    shot(unit, "08-unit-correcting")
    click_and_wait(unit, "button[name=action][value=submit]")
    assert unit.url == f"{url}{detail}"
    assert unit.locator(".badge.status-submitted").count() == 1
    assert unit.locator(".badge.status-returned").count() == 0

    # --- 5. The office reads the dashboard, verifies; the ranking and the dashboard follow --------------
    dashboard = f"{url}{reverse('campaign:dashboard', args=[campaign.pk])}?period={period.pk}"
    rankings = f"{url}{reverse('campaign:rankings', args=[campaign.pk])}?period={period.pk}"
    office.goto(dashboard)
    before = dashboard_counts(office)
    assert before == {"verified": 1, "submitted": 1, "banded": 1}  # only the other cooperative counts
    shot(office, "09-office-dashboard-before")
    office.goto(rankings)
    assert row_cells(ranking_row(office, campaign, org))[:2] == ("2", "0,00")
    assert ranking_row(office, campaign, org).locator(".badge.status-submitted").count() == 1

    office.goto(f"{url}{detail}")
    assert office.locator(".badge.status-submitted").count() == 1
    verify_form = f'form[action="{reverse("campaign:submission_verify", args=[submission.pk])}"]'
    click_and_wait(office, f"{verify_form} button[type=submit]")
    assert office.locator(".badge.status-verified").count() == 1
    shot(office, "10-office-verified")

    # 95% → 19; yes → 10; 90 of the unit's own target 120 → 22.5; 5 × 2 → 10: 61.5, band “Khá”.
    office.goto(rankings)
    ours, theirs = ranking_row(office, campaign, org), ranking_row(office, campaign, other_org)
    assert row_cells(ours) == ("1", "61,50", "Khá")
    assert row_cells(theirs) == ("2", "33,00", "Hoàn thành")
    assert ours.locator(".badge.status-verified").count() == 1
    shot(office, "11-office-rankings-after")

    office.goto(dashboard)
    after = dashboard_counts(office)
    assert after == {"verified": before["verified"] + 1, "submitted": before["submitted"] - 1, "banded": 2}
    best = office.locator("#score-distribution tbody tr").first
    assert org.name in best.inner_text() and "61,50" in best.inner_text()
    shot(office, "12-office-dashboard-after")

    # The unit's own home shows its verified score, rank and band for the period.
    unit.goto(f"{url}/")
    assert unit.locator(".alert-danger[role=alert]").count() == 0
    history = unit.locator("#score-history tbody tr", has_text=period.name)
    assert [cell.strip() for cell in history.locator("td").all_inner_texts()] == [period.name, "61,50", "1", "Khá"]
    shot(unit, "13-unit-home-verified")

    submission.refresh_from_db()
    assert (submission.status, submission.is_late, submission.verified_by) == (
        SubmissionStatus.VERIFIED,
        False,
        office_user,
    )
    assert list(submission.events.order_by("pk").values_list("status", "by__username")) == [
        ("draft", unit_user.username),
        ("submitted", unit_user.username),
        ("returned", office_user.username),
        ("submitted", unit_user.username),
        ("verified", office_user.username),
    ]


def test_another_unit_can_neither_read_nor_change_a_units_report_or_evidence(
    browser_for, live_server, running_campaign, unit_user, other_unit_user, other_org
):
    c = running_campaign
    campaign, period = c["campaign"], c["period"]
    org = unit_user.organization
    url = live_server.url
    # Arrange (services only here): the first unit's report, with evidence, returned with a reason.
    RegistrationFactory(campaign=campaign, organization=org, note="Cam kết riêng của HTX Đắk Wil")
    submission = services.open_submission(period, org, by=unit_user)
    values = {c["vaccinated"].pk: (Decimal("77"), "Ghi chú riêng của Đắk Wil"), c["it_used"].pk: (Decimal("1"), "")}
    values |= {c["revenue"].pk: (Decimal("88"), ""), c["propaganda"].pk: (Decimal("4"), "")}
    services.save_values(submission, values, by=unit_user, version=submission.version)
    row = submission.values.get(criterion=c["vaccinated"])
    pdf = small_pdf()
    upload = SimpleUploadedFile("bien-ban-rieng-dak-wil.pdf", pdf, content_type="application/pdf")
    evidence = services.add_evidence(row, upload, by=unit_user)
    services.submit(submission, by=unit_user)
    office = UserFactory(username="vanphong-kiemtra", role=Role.OFFICE)
    services.return_submission(submission, by=office, reason="Lý do trả lại chỉ Đắk Wil được đọc")
    submission.refresh_from_db()
    version = submission.version

    intruder = browser_for(other_unit_user, password=TEST_PASSWORD, **PHONE)
    home = intruder.locator("body").inner_text()
    assert other_org.name in home  # its own home, with its own campaign
    for secret in (org.name, "Lý do trả lại chỉ Đắk Wil được đọc", "bien-ban-rieng-dak-wil.pdf"):
        assert secret not in home
    assert intruder.locator(".alert-danger[role=alert]").count() == 0  # the other unit's return is not shown
    html = intruder.content()
    for address in (
        reverse("campaign:submission_detail", args=[submission.pk]),
        reverse("campaign:submission_edit", args=[submission.pk]),
        reverse("campaign:evidence_download", args=[evidence.pk]),
    ):
        assert address not in html
    shot(intruder, "20-other-unit-home")

    # Reading: the report, its edit and send pages, its evidence and the unit's registration are 404.
    registration = Registration.objects.get(campaign=campaign, organization=org)
    for name, address in (
        ("detail", reverse("campaign:submission_detail", args=[submission.pk])),
        ("edit", reverse("campaign:submission_edit", args=[submission.pk])),
        ("submit", reverse("campaign:submission_submit", args=[submission.pk])),
        ("evidence", reverse("campaign:evidence_download", args=[evidence.pk])),
        ("registration", reverse("campaign:registration_detail", args=[registration.pk])),
    ):
        response = intruder.goto(f"{url}{address}")
        assert response.status == 404, (name, response.status)
        text = intruder.locator("body").inner_text()
        assert org.name not in text and "bien-ban-rieng-dak-wil.pdf" not in text
        assert not re.search(r"%PDF", text)
        shot(intruder, f"21-other-unit-404-{name}")

    # Changing: posts with a valid CSRF token (so only the app's own checks stand in the way) are 404 too.
    intruder.goto(f"{url}/")
    token = next(ck["value"] for ck in intruder.context.cookies() if ck["name"] == "csrftoken")
    headers = {"X-CSRFToken": token, "Referer": f"{url}/"}
    edit = {
        "version": str(version),
        f"value_{c['vaccinated'].pk}": "0",
        f"note_{c['vaccinated'].pk}": "đã bị sửa",
        "action": "submit",
    }
    for name, address, form in (
        ("edit", reverse("campaign:submission_edit", args=[submission.pk]), edit),
        (
            "remove evidence",
            reverse("campaign:submission_edit", args=[submission.pk]),
            {"action": f"remove-{evidence.pk}", "version": str(version)},
        ),
        ("submit", reverse("campaign:submission_submit", args=[submission.pk]), {}),
    ):
        response = intruder.request.post(f"{url}{address}", form=form, headers=headers, max_redirects=0)
        assert response.status == 404, (name, response.status)
    # Nor can it use the office's actions on it: 404 as well, and nothing moves.
    for action in ("submission_verify", "submission_return", "submission_reopen"):
        address = reverse(f"campaign:{action}", args=[submission.pk])
        response = intruder.request.post(f"{url}{address}", form={"reason": "x"}, headers=headers, max_redirects=0)
        assert response.status == 404, (action, response.status)

    submission.refresh_from_db()
    assert (submission.status, submission.version) == (SubmissionStatus.RETURNED, version)
    row.refresh_from_db()
    assert (row.value, row.note) == (Decimal("77.00"), "Ghi chú riêng của Đắk Wil")
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert Evidence.objects.get(pk=evidence.pk).file.read() == pdf

    # The owner, for contrast, reads the same report and file.
    owner = browser_for(unit_user, password=TEST_PASSWORD, **PHONE)
    response = owner.goto(f"{url}{reverse('campaign:submission_detail', args=[submission.pk])}")
    assert response.status == 200
    downloaded = owner.request.get(f"{url}{reverse('campaign:evidence_download', args=[evidence.pk])}")
    assert downloaded.status == 200 and downloaded.body() == pdf

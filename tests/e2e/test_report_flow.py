"""Issue 6 end to end, in a real browser: the office generates a progress report, watches its run
to the end, writes its texts; the leadership approves it (numbered BC in the register) and it goes
to the Board's address; the office downloads the PDF and the XLSX annex.

Celery runs eagerly here (also in the PostgreSQL + Redis run), so the run page opens on a finished run; a real worker's progress
is covered by tests/integration/test_reports_worker.py.
"""

import datetime as dt
from pathlib import Path

import pytest
from browsers import shot
from django.core import mail
from factories import (
    TEST_PASSWORD,
    AdministrativeAreaFactory,
    CampaignFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SignerFactory,
    UserFactory,
)

from members.models import Role
from reports.models import BoardSettings, Report, ReportStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def arranged(settings, eager_celery):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    SignerFactory()
    campaign = CampaignFactory(status="running", short_name="Thi đua đặc biệt Covid-19")
    province = AdministrativeAreaFactory(code="67", name="Tỉnh Đắk Nông", level="province")
    for n in range(3):
        RegistrationFactory(
            campaign=campaign, organization=OrganizationFactory(name=f"Hợp tác xã Thử {n}", province=province)
        )
    period = ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 11/2021",
        starts_on=dt.date(2021, 11, 1),
        ends_on=dt.date(2021, 11, 30),
        deadline=dt.date(2021, 12, 5),
    )
    BoardSettings.objects.create(name="Ban Thi đua - Khen thưởng Liên minh HTX Việt Nam", email="bantdkt@example.vn")
    office = UserFactory(username="vp_e2e", role=Role.OFFICE)
    leader = UserFactory(username="ct_e2e", role=Role.LEADER)
    return campaign, period, office, leader


def test_office_generates_leader_approves_and_the_board_receives_it(browser_for, live_server, arranged):
    campaign, period, office, leader = arranged

    page = browser_for(office, password=TEST_PASSWORD)
    page.goto(f"{live_server.url}/reports/campaign/{campaign.pk}/generate/")
    page.select_option("select[name=period]", str(period.pk))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/reports/runs/" in page.url
    page.wait_for_selector("[data-run-done]:not(.d-none)")
    assert page.locator("[data-run-percent]").inner_text() == "100"
    shot(page, "report-01-run-finished")

    with page.expect_navigation():
        page.click("[data-run-report]")
    report = Report.objects.get(campaign=campaign, period=period)
    assert (report.status, report.figures["participation"]["registered"]) == (ReportStatus.DRAFT, 3)
    page.goto(f"{live_server.url}/reports/{report.pk}/texts/")
    page.fill("textarea[name=difficulties]", "Một số hợp tác xã gửi báo cáo chậm.")
    page.fill("textarea[name=proposals]", "Đề nghị hỗ trợ kết nối tiêu thụ nông sản.")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    shot(page, "report-02-draft")

    leader_page = browser_for(leader, password=TEST_PASSWORD)
    leader_page.on("dialog", lambda dialog: dialog.accept())
    leader_page.goto(f"{live_server.url}/reports/{report.pk}/")
    with leader_page.expect_navigation():
        leader_page.click(f"form[action='/reports/{report.pk}/approve/'] button[type=submit]")
    shot(leader_page, "report-03-approved")

    report.refresh_from_db()
    assert report.status == ReportStatus.SENT
    assert report.document is not None and report.document.reference.endswith("/BC-LMHTX")
    assert report.difficulties == "Một số hợp tác xã gửi báo cáo chậm."
    assert [m.to for m in mail.outbox] == [["bantdkt@example.vn"]]
    assert sorted(name.rsplit(".", 1)[1] for name, _content, _type in mail.outbox[0].attachments) == ["pdf", "xlsx"]

    page.goto(f"{live_server.url}/reports/{report.pk}/")
    with page.expect_download() as pdf:
        page.click(f"a[href='/reports/{report.pk}/pdf/']")
    assert Path(pdf.value.path()).read_bytes() == report.document.file.open("rb").read()
    with page.expect_download() as annex:
        page.click(f"a[href='/reports/{report.pk}/xlsx/']")
    assert Path(annex.value.path()).read_bytes()[:2] == b"PK"
    shot(page, "report-04-sent")

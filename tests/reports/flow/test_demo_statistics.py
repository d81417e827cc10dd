"""The statistics forms of 2022 and 2026 and the annual report out of the demo data."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from members.models import User
from reports import statistics, statistics_output
from reports.demo import ANNUAL_YEAR, load_annual_report
from reports.models import AnnualReport, ReportStatus

CELL = re.compile(
    r'href="(/reports/statistics/\d+/[\w-]+/[\w-]+/[\w-]+/)" data-cell="((?:campaigns|level_awards)/[\w/-]+)">(\d+)</a>'
)
ROW = re.compile(r"<tr>\s*<td>\d+</td>")


@pytest.fixture
def office(db, settings):
    """The data of `manage.py demo`, built once for the test (slow: one test reads every year from it)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", stdout=io.StringIO())
    return User.objects.get(username="vanphong")


def check_year(client, year, awards, proposed, campaigns):
    page = client.get(reverse("reports:statistics_year", args=[year])).content.decode()
    links = CELL.findall(page)
    computed = statistics.compute(year)

    assert computed.form("level_awards").cells[("total", "total")] == awards
    assert computed.form("level_awards").cells[("proposed", "total")] == proposed
    assert computed.form("campaigns").cells[("total", "carried_out")] == campaigns
    assert len(links) == sum(
        len(f.layout.rows) * len(f.layout.columns) for f in computed.forms if f.layout.source == statistics.COUNTED
    )
    for url, cell, number in links:
        if int(number) or cell.endswith("/total/total"):
            assert len(ROW.findall(client.get(url).content.decode())) == int(number), cell
    book = load_workbook(io.BytesIO(client.get(reverse("reports:statistics_xlsx", args=[year])).content))
    assert book["0603" if year == 2026 else "level_awards"].cell(statistics_output.FIRST_DATA_ROW, 3).value == awards


def test_the_demo_years_open_their_rows_and_the_2022_annual_report_is_sent(office, client_for):
    client = client_for(office)
    # 2022: decision 18/QĐ (11 lines) and the province's grant of 05/TTr's line (456/QĐ-UBND), the
    # proposals 05/TTr and 06/TTr; 2026: the campaign's Giấy khen (5) and an award outside any
    # campaign, and a proposal outside any campaign.
    check_year(client, 2022, awards=12, proposed=2, campaigns=1)
    check_year(client, 2026, awards=6, proposed=1, campaigns=1)

    report = AnnualReport.objects.get(year=ANNUAL_YEAR)

    assert report.status == ReportStatus.SENT
    assert report.document.reference.endswith("/BC-LMHTX") and report.document.issued_on.year == 2022
    assert report.figures["total_awarded"] == 11 and report.figures["total_proposed"] == 2
    assert report.figures["granted_upward"] == 1
    assert load_annual_report() == "Annual report: unchanged."

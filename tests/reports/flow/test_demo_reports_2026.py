"""The 2026 demo campaign's reports (issue 18): they speak only of its own criteria, groups and data,
and its mid-term review is issued as a numbered BC, approved by the leader and sent."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from pdf_reading import page_texts

from awards.demo import load_commendation, load_commendation_2026, load_parameters
from campaign.demo import CampaignDemo
from campaign.report_template import section_title, sections_of
from documents.demo import load_issuers
from documents.identity import issuer_on
from documents.rendering import document_context
from members.demo import DemoBuilder
from reports import document
from reports.demo import CAMPAIGN_2026, load_reports_2026
from reports.models import Report, ReportKind, ReportStatus

# What the seed's Covid campaign reported and the 2026 campaign has nothing of.
FOREIGN = ("Covid", "vắc xin", "503/CTr", "Công tác tuyên truyền", "không có tiêu chí", "Kế hoạch không có")


@pytest.fixture
def demo(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DemoBuilder().build()
    load_issuers()
    load_parameters()
    CampaignDemo().build()
    load_commendation()
    load_commendation_2026()
    return load_reports_2026()


def _text(report):
    context = document.report_context(report)
    context.pop("recipients")
    html = render_to_string(
        document.TEMPLATE_NAME,
        document_context(issuer=issuer_on(dt.date(2026, 11, 20)), type_symbol="BC", issued_on=dt.date(2026, 11, 20),
                         recipients=[], subject=document.subject_for(report), **context),
    )  # fmt: skip
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_2026_reports_speak_only_of_the_campaigns_own_criteria_and_groups(demo):
    reports = Report.objects.filter(campaign__short_name=CAMPAIGN_2026).select_related("campaign", "period")
    assert {r.kind for r in reports} == {ReportKind.PERIODIC, ReportKind.MIDTERM}
    campaign = reports[0].campaign
    groups = [section_title(s) for s in sections_of(campaign) if s.kind == "group"]
    assert "Chuyển đổi số" in groups
    for report in reports:
        text = _text(report)
        for word in FOREIGN:
            assert word not in text, (report.kind, word)
        for number, title in enumerate(groups, start=1):
            assert f"{number}. {title}" in text
        for criterion in campaign.criteria.filter(rule__in=["count", "percentage", "yes_no", "target"]):
            assert criterion.name in text


def test_the_mid_term_review_is_issued_approved_and_sent(demo):
    summary = Report.objects.get(campaign__short_name=CAMPAIGN_2026, kind=ReportKind.MIDTERM)
    assert (summary.status, summary.approved_by.username) == (ReportStatus.SENT, "chutich")
    assert summary.document.reference.endswith("/BC-LMHTX") and summary.document.issued_on.year == 2026
    assert summary.directions and summary.results
    (sent,) = [m for m in mail.outbox if summary.document.reference in m.subject]
    assert sent.to == ["bantdkt@lienminhhtx.example"]
    text = " ".join(" ".join(page_texts(summary.document.file.read())).split())
    assert text.count("Sơ kết phong trào thi đua") >= 1
    assert "112/QĐ-LMHTX" in text  # its awards
    assert "Hợp tác xã đưa toàn bộ sản phẩm lên sàn thương mại điện tử" in text  # its exemplary example
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in text
    for word in FOREIGN:
        assert word not in text
    assert load_reports_2026() == "Reports of 2026: unchanged."

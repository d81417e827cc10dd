"""Builders shared by the submission tests: a running campaign with one criterion per rule, and real small files."""

import datetime as dt
import io
import zipfile
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from factories import (
    CampaignFactory,
    CriterionFactory,
    CriterionGroupFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
)

from campaign.models import ScoringRule, Submission, SubmissionEvent, SubmissionStatus

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 30, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Số người lao động tiêm đủ liều", 42])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def ole_bytes(marker_at_512):
    """The head of an OLE compound file (old Word or Excel) as filetype recognises it."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + marker_at_512
    return head + b"\x00" * (4096 - len(head))


DOC = ole_bytes(b"\xec\xa5\xc1\x00")
XLS = ole_bytes(b"\xfd\xff\xff\xff\x00\x00\x00")


def upload(name="bien-ban-kiem-tra.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def running_campaign(**kwargs):
    """A running campaign with a criterion of each rule a unit reports, a veto and one for credit funds."""
    campaign = CampaignFactory(**kwargs)
    covid = CriterionGroupFactory(campaign=campaign, name="Phòng, chống dịch Covid-19", order=1)
    business = CriterionGroupFactory(campaign=campaign, name="Khôi phục sản xuất, kinh doanh", order=2)

    def criterion(group, order, **fields):
        return CriterionFactory(campaign=campaign, group=group, order=order, **fields)

    c = SimpleNamespace(
        vaccinated=criterion(
            covid,
            1,
            code="1.1",
            name="Tỷ lệ người lao động được tiêm đủ liều vắc xin",
            unit="%",
            rule=ScoringRule.PERCENTAGE,
            max_points=Decimal("20"),
            evidence_required=True,
        ),
        it=criterion(
            covid,
            2,
            code="1.2",
            name="Ứng dụng công nghệ thông tin trong phòng, chống dịch",
            unit="",
            rule=ScoringRule.YES_NO,
            max_points=Decimal("10"),
        ),
        veto=criterion(
            covid, 3, code="1.3", name="Không vi phạm quy định phòng, chống dịch", rule=ScoringRule.VETO, max_points=0
        ),
        sales=criterion(
            business,
            1,
            code="2.1",
            name="Doanh số tiêu thụ qua kết nối cung cầu (Chương trình 503/CTr-LMHTXVN)",
            unit="triệu đồng",
            rule=ScoringRule.TARGET,
            target=Decimal("500"),
            max_points=Decimal("20"),
        ),
        bad_debt=criterion(
            business, 2, code="2.2", name="Tỷ lệ nợ xấu", kinds=["credit_fund"], rule=ScoringRule.PERCENTAGE
        ),
        initiatives=criterion(
            business,
            3,
            code="2.3",
            name="Sáng kiến, mô hình mới",
            unit="",
            rule=ScoringRule.QUALITATIVE,
            max_points=Decimal("10"),
        ),
    )
    period = ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 11/2021",
        starts_on=dt.date(2021, 11, 1),
        ends_on=dt.date(2021, 11, 30),
        deadline=dt.date(2021, 12, 5),
    )
    return SimpleNamespace(campaign=campaign, period=period, c=c)


def register(setup, organization):
    return RegistrationFactory(campaign=setup.campaign, organization=organization)


GOOD_VALUES = {"vaccinated": (Decimal("96.5"), "48/50 người"), "it": (Decimal("1"), "Dùng ứng dụng PC-Covid")}
GOOD_VALUES |= {"sales": (Decimal("620"), ""), "initiatives": (None, "Mô hình bán hàng qua Zalo cho xã viên")}


def values_for(setup, **overrides):
    merged = GOOD_VALUES | overrides
    return {getattr(setup.c, key).pk: value for key, value in merged.items()}


def submission_in(status, setup, organization, by):
    """A complete submission of the organization, moved to `status` by writing the row as the services would."""
    from campaign import counters
    from campaign import submissions as services

    submission = services.open_submission(setup.period, organization, by=by)
    services.save_values(submission, values_for(setup), by=by, version=submission.version)
    row = submission.values.get(criterion=setup.c.vaccinated)
    services.add_evidence(row, upload(), by=by)
    if status != SubmissionStatus.DRAFT:
        Submission.objects.filter(pk=submission.pk).update(
            status=status, return_reason="Thiếu biên bản" if status == SubmissionStatus.RETURNED else ""
        )
        counters.count_submission(submission.period_id, organization, (SubmissionStatus.DRAFT, False), (status, False))
        SubmissionEvent.objects.create(submission=submission, old_status="draft", status=status, by=by)
        submission.refresh_from_db()
    return submission

"""The progress report's PDF: rendered from the figures, read back with pypdf."""

import datetime as dt
import os
import re

import pytest
from django.template.loader import render_to_string
from factories import CampaignFactory, IssuingBodyFactory, ReportingPeriodFactory, SignerFactory
from pdf_reading import fonts, page_texts
from report_builders import build_report_case

from documents.identity import issuer_on
from documents.rendering import document_context
from reports import document
from reports.figures import compute_figures
from reports.models import Report


@pytest.fixture
def report(db):
    case = build_report_case()
    SignerFactory(issuing_body=IssuingBodyFactory())
    report = Report.objects.create(
        campaign=case.campaign,
        period=case.period,
        difficulties="Giá vật tư nông nghiệp tăng cao.\nMột số đơn vị chưa quen gửi báo cáo trên phần mềm.",
        proposals="Đề nghị Liên minh HTX Việt Nam hỗ trợ kết nối tiêu thụ cà phê, hồ tiêu.",
    )
    report.figures = compute_figures(case.campaign, case.period)
    report.save()
    return report


def test_subject_names_the_movement_and_the_period(report):
    assert document.subject_for(report).startswith("Kết quả thực hiện phong trào thi đua")
    assert document.subject_for(report).endswith("tháng 11 năm 2021")


def test_vietnamese_numbers():
    assert document.vn_number(1234567) == "1.234.567"
    assert document.vn_number(78.25, 1) in ("78,2", "78,3")
    assert document.vn_number(61.5) == "61,5"
    assert document.vn_number(75.0) == "75"
    assert document.vn_number(3.5, 2) == "3,5"
    assert document.vn_number(745000, 0) == "745.000"


def test_recipients_put_the_board_first_and_the_archive_last(report):
    lines = document.report_context(report)["recipients"]
    assert lines[0].startswith("Ban Thi đua - Khen thưởng Liên minh HTX Việt Nam")
    assert lines[-1].startswith("Lưu")


def test_the_draft_renders_with_its_sections_tables_and_numbers(report):
    pdf = document.render_draft(report)
    if os.environ.get("REPORT_PDF_OUT"):
        with open(os.environ["REPORT_PDF_OUT"], "wb") as out:
            out.write(pdf)
    pages = page_texts(pdf)
    text = " ".join(" ".join(pages).split())
    assert "BÁO CÁO" in text
    assert "/BC-LMHTX" in text and "Số: /BC-LMHTX" in text.replace("\xa0", " ").replace("Số:  ", "Số: ")
    assert "DỰ THẢO" in text
    for heading in (
        "I. TÌNH HÌNH TRIỂN KHAI, THAM GIA PHONG TRÀO",
        "II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG THI ĐUA",
        "III. CÔNG TÁC KHEN THƯỞNG",
        "IV. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG",
        "V. ĐÁNH GIÁ CHUNG",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text
    for caption in ("Bảng 1.", "Bảng 2.", "Bảng 3.", "Bảng 4.", "Bảng 5.", "Bảng 6.", "Bảng 7.", "Bảng 8."):
        assert caption in text
    assert "Biểu đồ 1." in text and "Biểu đồ 2." in text and "Biểu đồ 3." in text
    # The figures as the text says them.
    assert "đã đăng ký thi đua: 4 đơn vị, đạt 66,7%" in text
    assert "có 1 đơn vị nộp đúng hạn, 2 đơn vị nộp trễ hạn và 1 đơn vị chưa nộp" in text
    assert "tỷ lệ người lao động được tiêm đủ liều vắc xin bình quân đạt 78,0%" in text
    assert "Cà phê nhân" in text and "120" in text
    assert "HTX Hưng" in text  # changed its status
    assert "12/QĐ-LMHTX" in text and "745.000" in text
    assert "chỉ tổng hợp từ 2 báo cáo đã được Văn phòng kiểm tra, xác nhận" in text
    assert "Giá vật tư nông nghiệp tăng cao." in text
    assert "Nơi nhận:" in text and "Ban Thi đua - Khen thưởng Liên minh HTX Việt Nam" in text
    assert "Nguyễn Khải" in text
    # Tinos only, embedded, in the text and in the charts' SVG alike.
    assert all("Tinos" in name and embedded for name, embedded in fonts(pdf))


def test_an_issued_report_carries_its_number(report, office_user):
    from documents.services import issue_document

    context = document.report_context(report)
    issued = issue_document(
        template_name=document.TEMPLATE_NAME,
        context=context,
        type_symbol=document.TYPE_SYMBOL,
        issued_on=dt.date(2021, 12, 8),
        subject=document.subject_for(report),
        by=office_user,
        related=report,
    )
    text = " ".join(page_texts(issued.file.read()))
    assert f"Số: {issued.reference}" in text
    assert "DỰ THẢO" not in text
    assert "Đắk Nông, ngày 08 tháng 12 năm 2021" in text


@pytest.mark.parametrize(
    ("kind", "starts_on", "ends_on", "title"),
    [
        ("month", dt.date(2026, 11, 1), dt.date(2026, 11, 30), "tháng 11 năm 2026"),
        ("quarter", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "quý IV năm 2026"),
        ("quarter", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "quý I năm 2026"),
        ("half", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("half", dt.date(2026, 7, 1), dt.date(2026, 12, 31), "6 tháng cuối năm 2026"),
        ("final", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "năm 2026"),
        ("final", dt.date(2021, 11, 1), dt.date(2025, 6, 30), "giai đoạn 2021 - 2025"),
        # A "month" over two calendar months is said by its name.
        ("month", dt.date(2026, 11, 15), dt.date(2026, 12, 14), "kỳ 15/11 - 14/12"),
    ],
)
def test_period_titles_by_kind(kind, starts_on, ends_on, title):
    assert document.period_title(kind, starts_on, ends_on, "Kỳ 15/11 - 14/12") == title


def test_the_subject_never_says_the_year_twice(db):
    campaign = CampaignFactory(name="Phát động phong trào thi đua “Hợp tác xã đẩy mạnh chuyển đổi số” năm 2026")
    period = ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 11/2026",
        kind="month",
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 11, 30),
        deadline=dt.date(2026, 12, 5),
    )
    report = Report(campaign=campaign, period=period)
    assert document.subject_for(report) == (
        "Kết quả thực hiện phong trào thi đua “Hợp tác xã đẩy mạnh chuyển đổi số” tháng 11 năm 2026"
    )


def test_percentages_have_one_precision():
    assert [document.vn_percent(v) for v in (75, 75.0, 71.84, 100, 0, 1234.56)] == [
        "75,0",
        "75,0",
        "71,8",
        "100,0",
        "0,0",
        "1.234,6",
    ]
    assert document.vn_percent(None) == ""


def test_tables_are_numbered_in_order_only_when_printed(report):
    figures = report.figures
    numbers = document.table_numbers(figures)
    assert list(numbers.values()) == list(range(1, len(numbers) + 1))
    # Section I, then the parts of Section II in the template's order, then awards and rankings.
    for key in ("by_kind", "by_area", "submissions", "operation", "changes", "sales", "violations", "nominations"):
        assert key in numbers  # the case has every one of them
    assert numbers["submissions"] < min(v for k, v in numbers.items() if k.startswith("group-")) < numbers["operation"]
    assert numbers["violations"] < numbers["nominations"] < numbers["decisions"] < numbers["ranking_period"]
    figures["operation"]["changes"] = []
    figures["sales"]["products"] = []
    figures["violations"]["count"] = 0
    figures["awards"]["nominations"] = 0
    fewer = document.table_numbers(figures)
    assert list(fewer.values()) == list(range(1, len(fewer) + 1))
    assert set(fewer) <= set(numbers)
    assert "changes" not in fewer and "nominations" not in fewer and "sales" not in fewer


def test_the_text_cites_the_tables_it_prints_in_order(report):
    """The HTML of the report: captions 1, 2, 3 … with no gap, and each "Bảng N" cited is printed."""
    report.figures["sales"]["products"] = []  # Bảng 6 of the full case is gone: the rest moves up
    context = document.report_context(report)
    context.pop("recipients")
    html = render_to_string(
        document.TEMPLATE_NAME,
        document_context(issuer=issuer_on(dt.date.today()), type_symbol="BC", issued_on=dt.date.today(),
                         recipients=[], subject=document.subject_for(report), **context),
    )  # fmt: skip
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    captions = [int(n) for n in re.findall(r'<p class="caption">Bảng (\d+)\. ', html)]
    assert captions == list(range(1, len(context["no"]) + 1))  # one table fewer, no gap
    assert {int(n) for n in re.findall(r"Bảng (\d+)", text)} == set(captions)
    charts = [int(n) for n in re.findall(r'<p class="caption">Biểu đồ (\d+)\. ', html)]
    assert charts == list(range(1, len(charts) + 1))
    assert "Số liệu trong báo cáo được tổng hợp tại cùng một thời điểm" in text

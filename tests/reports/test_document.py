"""The progress report's PDF: rendered from the figures, read back with pypdf."""

import datetime as dt
import os

import pytest
from factories import IssuingBodyFactory, SignerFactory
from pdf_reading import fonts, page_texts
from report_builders import build_report_case

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
    assert document.subject_for(report).endswith("tháng 11/2021")


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
        "V. KHÓ KHĂN, VƯỚNG MẮC",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text
    for caption in ("Bảng 1.", "Bảng 2.", "Bảng 3.", "Bảng 4.", "Bảng 5.", "Bảng 6.", "Bảng 7.", "Bảng 8."):
        assert caption in text
    assert "Biểu đồ 1." in text and "Biểu đồ 2." in text and "Biểu đồ 3." in text
    # The figures as the text says them.
    assert "đã đăng ký thi đua: 4 đơn vị, đạt 66,7%" in text
    assert "có 1 đơn vị nộp đúng hạn, 2 đơn vị nộp trễ hạn và 1 đơn vị chưa nộp" in text
    assert "tỷ lệ người lao động được tiêm đủ liều vắc xin bình quân đạt 78%" in text
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

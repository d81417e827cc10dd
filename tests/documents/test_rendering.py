"""Official documents as rendered: Decree 30 header, Tinos only, A4, drafts, page numbers, long tables."""

import datetime as dt
import re

import pytest
from pdf_reading import A4, dak_nong_identity, fonts, page_texts, reader, top_margin_texts

from documents.rendering import document_context, reference, render_document

DAY = dt.date(2021, 11, 8)
ROWS = [
    (f"Nội dung công việc số {i} của kế hoạch thi đua", "Tháng 11/2021", "Các HTX thành viên") for i in range(1, 41)
]


def sample_context(**extra):
    issuer, signer = dak_nong_identity()
    return document_context(issuer=issuer, signer=signer, type_symbol="TB", issued_on=DAY, number=514, **extra)


@pytest.fixture(scope="module")
def final_pdf():
    return render_document("documents/sample_notice.html", sample_context())


@pytest.fixture(scope="module")
def draft_pdf():
    return render_document("documents/sample_notice.html", sample_context(rows=ROWS), draft=True)


@pytest.fixture(scope="module")
def long_pdf():
    return render_document("documents/sample_notice.html", sample_context(rows=ROWS))


def test_document_context_fills_reference_date_line_type_and_recipients():
    context = sample_context()

    assert (context["reference"], context["date_line"], context["doc_type"], context["recipients"][-1]) == (
        "514/TB-LMHTX",
        "Đắk Nông, ngày 08 tháng 11 năm 2021",
        "THÔNG BÁO",
        "Lưu: VT, VP.",
    )


@pytest.mark.parametrize(("number", "expected"), [(1, "01/KH-LMHTX"), (9, "09/KH-LMHTX"), (10, "10/KH-LMHTX")])
def test_reference_writes_numbers_under_ten_with_a_leading_zero(number, expected):
    assert reference(number, "KH", "LMHTX") == expected


def test_rendered_page_is_a4(final_pdf):
    box = reader(final_pdf).pages[0].mediabox

    assert float(box.width) == pytest.approx(A4[0], abs=1) and float(box.height) == pytest.approx(A4[1], abs=1)


@pytest.mark.parametrize(
    "line",
    [
        "UBND TỈNH ĐẮK NÔNG",
        "LIÊN MINH HTX",
        "Số: 514/TB-LMHTX",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đắk Nông, ngày 08 tháng 11 năm 2021",
        "THÔNG BÁO",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
        "T/M BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Nguyễn Khải",
    ],
)
def test_final_document_carries_each_header_and_closing_line_exactly(final_pdf, line):
    lines = [text.strip() for text in page_texts(final_pdf)[0].splitlines()]

    assert line in lines


def test_every_font_is_embedded_tinos(final_pdf, draft_pdf):
    found = fonts(final_pdf) | fonts(draft_pdf)

    assert found and all("Tinos" in name and embedded for name, embedded in found), found


def test_document_is_pdf_a_2b(final_pdf):
    xmp = reader(final_pdf).xmp_metadata.rdf_root.toxml()

    assert ('pdfaid:part="2"' in xmp, 'pdfaid:conformance="B"' in xmp) == (True, True)


def test_draft_is_watermarked_on_every_page_and_unnumbered(draft_pdf):
    pages = page_texts(draft_pdf)

    assert len(pages) >= 2
    assert all("DỰ THẢO" in text for text in pages)
    assert re.search(r"^Số:\s+/TB-LMHTX$", pages[0], re.MULTILINE)
    assert "514" not in pages[0]


def test_final_document_has_no_watermark(final_pdf, long_pdf):
    assert not any("DỰ THẢO" in text for text in page_texts(final_pdf) + page_texts(long_pdf))


def test_page_numbers_start_on_page_two_in_the_top_margin(long_pdf):
    pages = reader(long_pdf).pages

    assert [top_margin_texts(page) for page in pages[:3]] == [[], ["2"], ["3"]]


def test_table_header_row_repeats_on_the_next_page(long_pdf):
    second = page_texts(long_pdf)[1]

    assert "STT Nội dung công việc Thời gian Đơn vị thực hiện" in second
    assert "Nội dung công việc số 1 của" not in second


def test_unnumbered_final_document_leaves_the_number_blank():
    issuer, signer = dak_nong_identity()
    context = document_context(issuer=issuer, signer=signer, type_symbol="TB", issued_on=DAY)

    text = page_texts(render_document("documents/sample_notice.html", context))[0]

    assert re.search(r"^Số:\s+/TB-LMHTX$", text, re.MULTILINE)


def test_certificate_is_a4_landscape_in_tinos():
    issuer, signer = dak_nong_identity()
    context = document_context(
        issuer=issuer, signer=signer, type_symbol="QĐ", issued_on=DAY, number=12, awardee="Hợp tác xã Đắk Wil"
    )

    pdf = render_document("documents/sample_certificate.html", context)

    box = reader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height)), len(reader(pdf).pages)) == (842, 595, 1)
    assert all("Tinos" in name and embedded for name, embedded in fonts(pdf))
    assert "Hợp tác xã Đắk Wil" in page_texts(pdf)[0]

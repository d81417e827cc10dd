"""The statistics forms of a year as XLSX (one sheet per form, in the form's layout) and as PDF.

Both print one `reports.statistics.compute` result; the words are the forms' own (Vietnamese).
"""

from django.template.loader import render_to_string

from core.spreadsheets import (
    FORM_FIRST_DATA_ROW,
    FORM_FIRST_VALUE_COLUMN,
    FORM_HEADING_ROW,
    FORM_TITLE_ROW,
    FormSheet,
    build_forms_workbook,
)
from documents.identity import NoIssuingBody, issuer_on
from documents.rendering import html_to_pdf

from .statistics import ENTERED

RECEIVER = "Sở Nội vụ (Ban Thi đua - Khen thưởng)"
PDF_TEMPLATE = "reports/statistics_pdf.html"
# The layout of every sheet (core.spreadsheets.build_forms_workbook): where the heading and rows sit.
TITLE_ROW = FORM_TITLE_ROW
PERIOD_ROW = FORM_TITLE_ROW + 1
HEADING_ROW = FORM_HEADING_ROW
LETTERS_ROW = FORM_HEADING_ROW + 1
FIRST_DATA_ROW = FORM_FIRST_DATA_ROW
FIRST_VALUE_COLUMN = FORM_FIRST_VALUE_COLUMN
NOT_ENTERED = "…"


def reporter_name(statistics):
    """The reporting body as printed: the issuing body in force at the end of the period."""
    try:
        return issuer_on(statistics.period[1]).full_name
    except NoIssuingBody:
        return ""


def form_number(computed):
    return f"Biểu số {computed.code}" if computed.code else "Biểu số: (chưa xác nhận)"


def period_line(statistics):
    start, end = statistics.period
    return f"Kỳ báo cáo năm {statistics.year}: từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def numbered_rows(computed):
    """[(STT, label, level, [value…])]: Roman numerals for groups and Arabic ones under them; Arabic
    ones for a form whose rows are all of one level."""
    out, group, item = [], 0, 0
    if all(row.level == 0 and row.key != "total" for row in computed.layout.rows):  # a flat list: 1, 2, 3
        return [
            (str(n), row.label, 0, [value for _col, value in cells])
            for n, (row, cells) in enumerate(computed.table(), start=1)
        ]
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    for row, cells in computed.table():
        if row.key == "total":
            number = ""
        elif row.level == 0:
            group += 1
            item = 0
            number = romans[group - 1] if group <= len(romans) else str(group)
        else:
            item += 1
            number = str(item)
        out.append((number, row.label, row.level, [value for _col, value in cells]))
    return out


def build_xlsx(statistics):
    """The .xlsx bytes: one sheet per form, header block, heading with column letters, the rows
    (written by core.spreadsheets, the one place a workbook is written)."""
    reporter = reporter_name(statistics)
    sheets = []
    for computed in statistics.forms:
        form = computed.layout
        notes = [form.note] if form.note else []
        if form.source == ENTERED and computed.entered_on is None:
            notes.append("Văn phòng chưa nhập số liệu của năm.")
        sheets.append(
            FormSheet(
                name=computed.code or form.key,
                header=[
                    (form_number(computed), True),
                    (f"Ban hành kèm theo Thông tư số {statistics.circular.number}", False),
                    (f"Đơn vị báo cáo: {reporter}", False),
                    (f"Đơn vị nhận báo cáo: {RECEIVER}", False),
                ],
                title=form.title,
                period=period_line(statistics),
                unit=f"Đơn vị tính: {form.unit}",
                headings=["STT", "Chỉ tiêu"] + [col.label for col in form.columns],
                letters=["A", "B"] + [str(i) for i in range(1, len(form.columns) + 1)],
                rows=numbered_rows(computed),
                notes=[f"Ghi chú: {text}" for text in notes],
                signatures=("Người lập biểu", "Thủ trưởng đơn vị"),
            )
        )
    return build_forms_workbook(sheets)


def pdf_context(statistics):
    return {
        "statistics": statistics,
        "reporter": reporter_name(statistics),
        "receiver": RECEIVER,
        "period_line": period_line(statistics),
        "forms": [
            {
                "computed": computed,
                "number": form_number(computed),
                "rows": numbered_rows(computed),
                "letters": [str(i) for i in range(1, len(computed.layout.columns) + 1)],
                "missing": computed.layout.source == ENTERED and computed.entered_on is None,
            }
            for computed in statistics.forms
        ],
        "not_entered": NOT_ENTERED,
    }


def build_pdf(statistics):
    """The PDF/A-2b bytes of every form, one per page (A4 landscape), in the shipped fonts."""
    return html_to_pdf(render_to_string(PDF_TEMPLATE, pdf_context(statistics)))

"""The statistics forms of a year as XLSX (one sheet per form, in the form's layout) and as PDF.

Both print one `reports.statistics.compute` result; the words are the forms' own (Vietnamese).
"""

import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from core.spreadsheets import safe_cell
from documents.identity import NoIssuingBody, issuer_on
from documents.rendering import html_to_pdf

from .statistics import ENTERED

RECEIVER = "Sở Nội vụ (Ban Thi đua - Khen thưởng)"
PDF_TEMPLATE = "reports/statistics_pdf.html"
# The layout of every sheet: where the header block, the table's heading and its first row sit.
TITLE_ROW = 5
PERIOD_ROW = 6
UNIT_ROW = 7
HEADING_ROW = 9
LETTERS_ROW = 10
FIRST_DATA_ROW = 11
FIRST_VALUE_COLUMN = 3  # A: STT, B: the row's label, C…: the form's columns
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
    """The .xlsx bytes: one sheet per form, header block, heading with column letters, the rows."""
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    reporter = reporter_name(statistics)
    wb = Workbook()
    wb.remove(wb.active)
    for computed in statistics.forms:
        form = computed.layout
        ws = wb.create_sheet((computed.code or form.key)[:31])
        width = FIRST_VALUE_COLUMN - 1 + len(form.columns)
        last = get_column_letter(width)
        ws["A1"] = form_number(computed)
        ws["A1"].font = Font(bold=True)
        ws["A2"] = safe_cell(f"Ban hành kèm theo Thông tư số {statistics.circular.number}")
        ws["A3"] = safe_cell(f"Đơn vị báo cáo: {reporter}")
        ws["A4"] = f"Đơn vị nhận báo cáo: {RECEIVER}"
        ws.cell(row=TITLE_ROW, column=1, value=form.title).font = Font(bold=True, size=13)
        ws.cell(row=PERIOD_ROW, column=1, value=period_line(statistics)).font = Font(italic=True)
        ws.cell(row=UNIT_ROW, column=1, value=f"Đơn vị tính: {form.unit}")
        for line in (TITLE_ROW, PERIOD_ROW):
            ws.merge_cells(f"A{line}:{last}{line}")
            ws.cell(row=line, column=1).alignment = Alignment(horizontal="center")
        headings = ["STT", "Chỉ tiêu"] + [col.label for col in form.columns]
        letters = ["A", "B"] + [str(i) for i in range(1, len(form.columns) + 1)]
        for index, (heading, letter) in enumerate(zip(headings, letters, strict=True), start=1):
            cell = ws.cell(row=HEADING_ROW, column=index, value=heading)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = box
            mark = ws.cell(row=LETTERS_ROW, column=index, value=letter)
            mark.font = Font(italic=True)
            mark.alignment = Alignment(horizontal="center")
            mark.border = box
        ws.row_dimensions[HEADING_ROW].height = 60
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 48
        for index in range(FIRST_VALUE_COLUMN, width + 1):
            ws.column_dimensions[get_column_letter(index)].width = 14
        number = FIRST_DATA_ROW
        for stt, label, level, values in numbered_rows(computed):
            ws.cell(row=number, column=1, value=stt).alignment = Alignment(horizontal="center")
            name = ws.cell(row=number, column=2, value=safe_cell(label))
            name.alignment = Alignment(indent=2 * level, wrap_text=True)
            if level == 0:
                name.font = Font(bold=True)
            for index, value in enumerate(values, start=FIRST_VALUE_COLUMN):
                ws.cell(row=number, column=index, value=value)
            for index in range(1, width + 1):
                ws.cell(row=number, column=index).border = box
            number += 1
        notes = [form.note] if form.note else []
        if form.source == ENTERED and computed.entered_on is None:
            notes.append("Văn phòng chưa nhập số liệu của năm.")
        for text in notes:
            number += 1
            ws.cell(row=number, column=1, value=safe_cell(f"Ghi chú: {text}")).font = Font(italic=True)
        number += 2
        ws.cell(row=number, column=2, value="Người lập biểu").font = Font(bold=True)
        ws.cell(row=number, column=max(width - 1, 3), value="Thủ trưởng đơn vị").font = Font(bold=True)
        ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=FIRST_VALUE_COLUMN)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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

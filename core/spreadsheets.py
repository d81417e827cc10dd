"""Excel in and out for the registry: templates, exports, and imports that take all rows or none.

A sheet's columns are described once (`Column`); the same description writes the
template, the export and reads the import, so an exported file imports back unchanged.
"""

import csv
import io
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .text import fold, normalize

HEADER_FILL = "DDEBF7"
# A cell that starts with one of these would run as a formula in a spreadsheet program.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Column:
    key: str
    label: object  # a lazy translation
    required: bool = False
    width: int = 18
    export_only: bool = False
    hint: object = ""

    def labels(self):
        """The header as written in every language, to recognise a file from either."""
        found = {normalize(self.key)}
        for code in ("vi", "en"):
            with translation.override(code):
                found.add(normalize(str(self.label)))
        return found


class ImportRejected(Exception):
    """The file itself cannot be read as the expected sheet (not a row-level error)."""


def safe_cell(value):
    """Neutralise text that a spreadsheet program would run as a formula, and drop the control
    characters a worksheet cannot hold (openpyxl refuses them: the whole export would fail)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def build_workbook(title, columns, rows, notes=(), example=None):
    """An .xlsx (bytes) with a styled header row and the given rows of values.

    `notes` and an `example` row go on a sheet of their own ("Instructions"): an import reads
    only the first sheet, so neither is ever imported."""

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = str(title)[:31]
    ws.append([str(c.label) + (" *" if c.required else "") for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD/MM/YYYY"
    if notes or example:
        guide = wb.create_sheet(str(gettext_lazy("Instructions"))[:31])
        guide.column_dimensions["A"].width = 110
        for line in notes:
            guide.append([str(line)])
        if example:
            guide.append([])
            guide.append([str(gettext_lazy("Example of a filled row (this sheet is never imported):"))])
            guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
            guide.append([str(c.label) + (" *" if c.required else "") for c in columns])
            guide.append([safe_cell(v) for v in example])
            for cell in guide[guide.max_row]:
                if isinstance(cell.value, (date, datetime)):
                    cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def build_tables_workbook(cover_title, cover, tables, total_label=None):
    """An .xlsx (bytes) of a cover sheet and one sheet per titled table, as the report annexes are.

    `cover` is [(text, bold)]; `tables` is [(sheet name, title, [(heading, width, number format or
    None)], rows)]. Every value goes through safe_cell; a row with `total_label` in its first two
    cells is bold."""

    wb = Workbook()
    sheet = wb.active
    sheet.title = cover_title[:31]
    for text, bold in cover:
        sheet.append([safe_cell(text)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=bold)
    sheet.column_dimensions["A"].width = 120
    for name, title, columns, rows in tables:
        ws = wb.create_sheet(name[:31])
        ws.append([safe_cell(title)])
        ws.cell(row=1, column=1).font = Font(bold=True, size=12)
        ws.append([safe_cell(heading) for heading, _width, _fmt in columns])
        for index, (_heading, width, _fmt) in enumerate(columns, start=1):
            cell = ws.cell(row=2, column=index)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            ws.column_dimensions[get_column_letter(index)].width = width
        # The row just appended is counted here: ws.max_row walks every cell, and asking it for
        # each row made a national annex (15,000 rows) take 45 s instead of 1.
        number = ws.max_row
        for row in rows:
            ws.append([safe_cell(value) for value in row])
            number += 1
            for index, (_heading, _width, fmt) in enumerate(columns, start=1):
                cell = ws.cell(row=number, column=index)
                if fmt and cell.value is not None:
                    cell.number_format = fmt
                elif isinstance(cell.value, str) and len(cell.value) > 40:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            if total_label is not None and total_label in row[:2]:
                for index in range(1, len(columns) + 1):
                    ws.cell(row=number, column=index).font = Font(bold=True)
        ws.freeze_panes = "A3"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_table(fileobj, filename, max_rows):
    """Rows of a .xlsx or .csv file as (header, [(row_number, [values])]).

    Reading stops as soon as there are more than `max_rows` data rows, so a file of a million
    rows (or a small zip that unpacks to one) is refused without being held in memory."""
    name = filename.lower()
    if name.endswith(".csv"):
        raw = fileobj.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRejected(_("The CSV file is not in UTF-8 encoding.")) from exc
        if "\x00" in text:
            raise ImportRejected(_("The CSV file holds binary data; save it again as CSV (UTF-8) from Excel."))
        try:
            rows = _limited(enumerate(csv.reader(io.StringIO(text)), start=1), max_rows)
        except csv.Error as exc:
            raise ImportRejected(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    elif name.endswith(".xlsx"):
        rows = _read_xlsx(fileobj, max_rows)
    else:
        raise ImportRejected(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."))
    if not rows:
        raise ImportRejected(_("The file is empty."))
    header_number, header = rows[0]
    body = rows[1:]
    if not body:
        raise ImportRejected(_("The file has a header but no data rows."))
    return header, body


def _limited(numbered_rows, max_rows):
    """The non-empty rows, refusing the file once it has more than a header and `max_rows` of them."""
    rows = []
    for number, row in numbered_rows:
        if any(_present(v) for v in row):
            if len(rows) > max_rows:
                raise ImportRejected(
                    _("The file has more than %(max)s rows; at most %(max)s rows can be imported at once.")
                    % {"max": max_rows}
                )
            rows.append((number, list(row)))
    return rows


def _present(value):
    return value is not None and str(value).strip() != ""


def _read_xlsx(fileobj, max_rows):

    limit = getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            # zipfile never reads past a member's declared size, so the sum bounds what is unpacked.
            unpacked = sum(info.file_size for info in archive.infolist())
        fileobj.seek(0)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRejected(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    if unpacked > limit:
        raise ImportRejected(
            _("The workbook unpacks to %(size)s, more than the %(max)s an import reads; split it into smaller files.")
            % {"size": filesizeformat(unpacked), "max": filesizeformat(limit)}
        )
    try:
        with first_sheet_rows(fileobj) as rows:
            if rows is None:
                raise ImportRejected(_("The file is empty."))
            return _limited(enumerate(rows, start=1), max_rows)
    except ImportRejected:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError, SyntaxError) as exc:
        # SyntaxError: the XML parser's ParseError for a damaged sheet.
        raise ImportRejected(_("The file is not a readable Excel workbook (.xlsx).")) from exc


@contextmanager
def first_sheet_rows(fileobj):
    """The rows of a workbook's first sheet (tuples of values) as openpyxl reads them, read-only and
    unchecked; None for a workbook without a sheet. An import reads through read_table."""
    wb = load_workbook(fileobj, read_only=True, data_only=False)
    try:
        yield wb.worksheets[0].iter_rows(values_only=True) if wb.worksheets else None
    finally:
        wb.close()


def map_header(header, columns):
    """Column index for each key; raises ImportRejected naming missing required columns."""
    wanted = {c.key: c for c in columns if not c.export_only}
    positions = {}
    for index, title in enumerate(header):
        text = normalize(str(title or "").replace("*", ""))
        for key, column in wanted.items():
            if key not in positions and text in column.labels():
                positions[key] = index
    missing = [str(wanted[k].label) for k in wanted if wanted[k].required and k not in positions]
    if missing:
        raise ImportRejected(
            _("The header row lacks these columns: %(columns)s. Download the template and keep its header.")
            % {"columns": ", ".join(missing)}
        )
    return positions


def cell_text(value):
    """A cell as the text a form field expects (dates as dd/mm/yyyy, whole numbers without .0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]  # neutralised by safe_cell on export: read back the value itself
    return text


def row_values(row, positions):
    """{key: raw value} for one data row; a formula is reported rather than imported."""
    values = {}
    for key, index in positions.items():
        values[key] = row[index] if index < len(row) else None
    return values


def is_formula(value):
    return isinstance(value, str) and value.startswith("=")


def choice_lookup(choices, extra=None):
    """Map every spelling of a choice (code, label in each language, aliases) to its code."""
    lookup = {}
    for code, label in choices:
        lookup[fold(code)] = code
        for lang in ("vi", "en"):
            with translation.override(lang):
                lookup[fold(str(label))] = code
    for alias, code in (extra or {}).items():
        lookup[fold(alias)] = code
    return lookup


YES = {"1", "x", "co", "có", "yes", "true", "y", "c"}
NO = {"0", "", "khong", "không", "no", "false", "n", "k"}
_FOLDED_YES = {fold(v) for v in YES}
_FOLDED_NO = {fold(v) for v in NO}


def parse_bool(value):
    text = fold(cell_text(value))
    if text in _FOLDED_YES:
        return True
    if text in _FOLDED_NO:
        return False
    raise forms.ValidationError(_("Write “có” or “không”."))


@dataclass(frozen=True)
class FormSheet:
    """One statistical form as a sheet: the header lines, the title and period, the heading with its
    column letters (A, B, 1, 2…), numbered rows (number, label, level, values), notes, signatures."""

    name: str
    header: list  # [(text, bold)], from A1 down
    title: str
    period: str
    unit: str
    headings: list
    letters: list
    rows: list  # [(number, label, level, [values])]
    notes: list
    signatures: tuple  # (left label, right label)


FORM_TITLE_ROW = 5
FORM_HEADING_ROW = 9
FORM_FIRST_DATA_ROW = 11
FORM_FIRST_VALUE_COLUMN = 3  # A: number, B: the row's label, C…: the form's columns


def build_forms_workbook(sheets):
    """An .xlsx (bytes) with one sheet per FormSheet, laid out as the ministries' statistical forms
    are: header block, centred title and period, bordered heading with column letters, the rows.
    Every text goes through safe_cell."""
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(str(sheet.name)[:31])
        width = len(sheet.headings)
        last = get_column_letter(width)
        for row, (text, bold) in enumerate(sheet.header, start=1):
            ws.cell(row=row, column=1, value=safe_cell(text)).font = Font(bold=bold)
        ws.cell(row=FORM_TITLE_ROW, column=1, value=safe_cell(sheet.title)).font = Font(bold=True, size=13)
        ws.cell(row=FORM_TITLE_ROW + 1, column=1, value=safe_cell(sheet.period)).font = Font(italic=True)
        ws.cell(row=FORM_TITLE_ROW + 2, column=1, value=safe_cell(sheet.unit))
        for line in (FORM_TITLE_ROW, FORM_TITLE_ROW + 1):
            ws.merge_cells(f"A{line}:{last}{line}")
            ws.cell(row=line, column=1).alignment = Alignment(horizontal="center")
        for index, (heading, letter) in enumerate(zip(sheet.headings, sheet.letters, strict=True), start=1):
            cell = ws.cell(row=FORM_HEADING_ROW, column=index, value=safe_cell(heading))
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = box
            mark = ws.cell(row=FORM_HEADING_ROW + 1, column=index, value=letter)
            mark.font = Font(italic=True)
            mark.alignment = Alignment(horizontal="center")
            mark.border = box
        ws.row_dimensions[FORM_HEADING_ROW].height = 60
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 48
        for index in range(FORM_FIRST_VALUE_COLUMN, width + 1):
            ws.column_dimensions[get_column_letter(index)].width = 14
        number = FORM_FIRST_DATA_ROW
        for stt, label, level, values in sheet.rows:
            ws.cell(row=number, column=1, value=stt).alignment = Alignment(horizontal="center")
            name = ws.cell(row=number, column=2, value=safe_cell(label))
            name.alignment = Alignment(indent=2 * level, wrap_text=True)
            if level == 0:
                name.font = Font(bold=True)
            for index, value in enumerate(values, start=FORM_FIRST_VALUE_COLUMN):
                ws.cell(row=number, column=index, value=safe_cell(value))
            for index in range(1, width + 1):
                ws.cell(row=number, column=index).border = box
            number += 1
        for text in sheet.notes:
            number += 1
            ws.cell(row=number, column=1, value=safe_cell(text)).font = Font(italic=True)
        number += 2
        left, right = sheet.signatures
        ws.cell(row=number, column=2, value=safe_cell(left)).font = Font(bold=True)
        ws.cell(row=number, column=max(width - 1, 3), value=safe_cell(right)).font = Font(bold=True)
        ws.freeze_panes = ws.cell(row=FORM_FIRST_DATA_ROW, column=FORM_FIRST_VALUE_COLUMN)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

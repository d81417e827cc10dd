"""The XLSX annex: the PDF's tables with the same numbers, as numbers, in Vietnamese."""

import io

import pytest
from openpyxl import load_workbook
from report_builders import build_report_case

from reports.annex import build_annex
from reports.document import table_numbers
from reports.figures import compute_figures
from reports.models import Report


@pytest.fixture
def report(db):
    case = build_report_case()
    # A name a spreadsheet program would run as a formula.
    unit = case.units["THT Cường"]
    unit.name = '=HYPERLINK("http://example.org")'
    unit.save()
    report = Report.objects.create(campaign=case.campaign, period=case.period)
    report.figures = compute_figures(case.campaign, case.period)
    report.save()
    return report


@pytest.fixture
def workbook(report):
    return load_workbook(io.BytesIO(build_annex(report)))


def rows(ws):
    return [list(row) for row in ws.iter_rows(min_row=3, values_only=True)]


def test_one_sheet_per_table_with_vietnamese_headings(workbook):
    for name in ("Thông tin", "Bảng 1", "Bảng 2", "Bảng 3", "Bảng 4", "Bảng 5", "Bảng 6", "Bảng 7", "Bảng 8",
                 "Bảng 9", "Bảng 10", "Bảng 11", "Chưa nộp"):  # fmt: skip
        assert name in workbook.sheetnames
    ws = workbook["Bảng 1"]
    assert ws["A1"].value == "Bảng 1. Đơn vị tham gia thi đua theo loại hình"
    assert [c.value for c in ws[2]] == ["STT", "Loại hình", "Đối tượng thi đua", "Đã đăng ký", "Tỷ lệ (%)"]
    assert ws.column_dimensions["B"].width == 34
    assert "chỉ tính báo cáo đã được Văn phòng kiểm tra, xác nhận" in workbook["Thông tin"]["A4"].value
    assert workbook["Thông tin"]["A5"].value.startswith("Số liệu tổng hợp tại cùng một thời điểm: ")


def test_the_numbers_are_those_of_the_figures_and_are_numbers(workbook, report):
    f = report.figures
    no = {key: f"Bảng {n}" for key, n in table_numbers(f).items()}
    assert rows(workbook["Bảng 1"]) == [
        [1, "Hợp tác xã", 4, 3, 75],
        [2, "Tổ hợp tác", 2, 1, 50],
        [None, "Tổng cộng", 6, 4, 66.7],
    ]
    assert rows(workbook["Bảng 3"])[-1] == [None, "Tổng cộng", 4, 1, 2, 1, 2]
    assert rows(workbook[no["sales"]]) == [
        [1, "Cà phê nhân", 3.5, "tấn", 120, 61.5, 2],
        [2, "Hồ tiêu", 1, "tấn", 75, 38.5, 1],
        [None, "Tổng cộng", None, None, f["sales"]["total_value"], 100, 2],
    ]
    assert workbook[no["sales"]]["E3"].number_format == "#,##0.##"
    assert rows(workbook[no["decisions"]])[0][1] == "12/QĐ-LMHTX"
    assert rows(workbook[no["decisions"]])[0][6] == 745000
    assert rows(workbook[no["operation"]])[-1] == ["Tổng cộng", 6, 0, 1, 0, 7, 5, 1, 1, 0, 7]
    (change,) = rows(workbook[no["changes"]])
    assert change[1] == "HTX Hưng" and change[6].strftime("%d/%m/%Y") == "15/11/2021"


def test_text_that_would_run_as_a_formula_is_neutralised(workbook):
    (missing,) = rows(workbook["Chưa nộp"])
    assert missing[1].startswith("'=")
    assert workbook["Chưa nộp"]["B3"].data_type == "s"

"""The XLSX annex of a progress report: the PDF's tables, one sheet each, and the full lists behind them.

Headings in Vietnamese as in the PDF; numbers are numbers (formatted with a thousand mark),
dates are dates; text cells are neutralised as core.spreadsheets does, since names and
descriptions come from users.
"""

import datetime as dt

from core.spreadsheets import build_tables_workbook

from .document import (
    AREA_LEVELS,
    NOMINATION_COLUMNS,
    as_of_words,
    labels,
    period_phrase,
    subject_for,
    table_numbers,
)
from .sections import build_parts, main_scope

INT = "#,##0"
DEC = "#,##0.##"
PCT = "#,##0.0"  # every percentage with one decimal, as the PDF writes them (document.vn_percent)
DATE = "DD/MM/YYYY"
# The sheet of a PDF table the report leaves out (nothing to show) is named by its subject.
UNNUMBERED = {
    "changes": "Thay đổi hoạt động",
    "sales": "Tiêu thụ sản phẩm",
    "violations": "Vi phạm",
    "nominations": "Hồ sơ đề nghị",
    "decisions": "Văn bản khen thưởng",
    "ranking_period": "Dẫn đầu",
    "ranking_cumulative": "Dẫn đầu lũy kế",
}


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def sheets(report):
    """[(sheet name, title, [(heading, width, number format or None)], rows)] — the annex's content."""
    f = report.figures
    words = labels()
    kind_word = words["kind"]
    status = words["status"]
    area = AREA_LEVELS.get(f.get("grouping_level"), "Địa bàn")
    phrase = period_phrase(report)
    out = []

    report_kind = getattr(report, "kind", "periodic")
    parts = build_parts(f, report_kind)
    numbers = table_numbers(f, report_kind, parts)

    def add(key, title, columns, rows):
        """A table of the PDF keeps its number ("Bảng 4"); one the PDF leaves out (nothing to show)
        is named by its subject, so that the annex's numbers are the PDF's."""
        if key in numbers:
            out.append((f"Bảng {numbers[key]}", f"Bảng {numbers[key]}. {title}", columns, rows))
        else:
            out.append((UNNUMBERED.get(key, key), title, columns, rows))

    part = f["participation"]
    add("by_kind", "Đơn vị tham gia thi đua theo loại hình",
        [("STT", 6, INT), ("Loại hình", 34, None), ("Đối tượng thi đua", 14, INT), ("Đã đăng ký", 12, INT),
         ("Tỷ lệ (%)", 10, PCT)],
        [[i, kind_word.get(r["kind"], r["kind"]), r["subjects"], r["registered"], r["percent"]]
         for i, r in enumerate(part["by_kind"], 1)]
        + [[None, "Tổng cộng", part["subjects"], part["registered"], part["percent"]]])  # fmt: skip
    add("by_area", "Đơn vị tham gia thi đua theo địa bàn",
        [("STT", 6, INT), (area, 34, None), ("Đối tượng thi đua", 14, INT), ("Đã đăng ký", 12, INT),
         ("Tỷ lệ (%)", 10, PCT)],
        [[i, r["area"] or words["no_area"], r["subjects"], r["registered"], r["percent"]]
         for i, r in enumerate(part["by_area"], 1)]
        + [[None, "Tổng cộng", part["subjects"], part["registered"], part["percent"]]])  # fmt: skip
    subs = f["submissions"]
    sub_columns = [("STT", 6, INT), (area, 34, None), ("Đã đăng ký", 12, INT), ("Đúng hạn", 11, INT),
                   ("Trễ hạn", 11, INT), ("Chưa nộp", 11, INT), (words["submission_detail"]["verified"], 12, INT)]  # fmt: skip
    add("submissions", f"Tình hình gửi báo cáo {phrase} theo địa bàn", sub_columns,
        [[i, r["area"] or words["no_area"], r["registered"], r["on_time"], r["late"], r["missing"], r["verified"]]
         for i, r in enumerate(subs["by_area"], 1)]
        + [[None, "Tổng cộng", subs["registered"], subs["on_time"], subs["late"], subs["missing"], subs["verified"]]])  # fmt: skip
    operation = f["operation"]
    op_columns = [("Loại hình", 26, None)]
    for _moment, when in (("start", f["status_baseline"]), ("end", f["period"]["ends_on"])):
        day = _date(when).strftime("%d/%m/%Y")
        op_columns += [(f"{status[s]} ({day})", 14, INT) for s in ("active", "suspended", "dissolved", "bankrupt")]
        op_columns.append((f"Tổng số ({day})", 12, INT))

    def op_row(label, row):
        cells = [label]
        for moment in ("start", "end"):
            cells += [row[moment][s] for s in ("active", "suspended", "dissolved", "bankrupt", "total")]
        return cells

    add("operation", "Tình trạng hoạt động theo loại hình", op_columns,
        [op_row(kind_word.get(r["kind"], r["kind"]), r) for r in operation["by_kind"]]
        + [op_row("Tổng cộng", operation["total"])])  # fmt: skip
    add("changes", "Đơn vị thay đổi tình trạng hoạt động trong kỳ",
        [("STT", 6, INT), ("Tên đơn vị", 40, None), (area, 22, None), ("Loại hình", 20, None),
         ("Tình trạng trước", 18, None), ("Tình trạng cuối kỳ", 18, None), ("Từ ngày", 12, DATE),
         ("Do dịch Covid-19", 10, None), ("Nguyên nhân", 40, None)],
        [[i, c["name"], c["area"], kind_word.get(c["kind"], c["kind"]), status.get(c["from"], c["from"]),
          status.get(c["to"], c["to"]), _date(c["effective_on"]), "x" if c["caused_by_covid"] else "", c["cause"]]
         for i, c in enumerate(operation["changes"], 1)])  # fmt: skip
    scope = main_scope(report_kind)
    criteria_columns = [("Mã", 6, None), ("Tiêu chí", 50, None), ("Đơn vị tính", 12, None), ("Cách tính", 11, None),
                        ("Số đơn vị áp dụng", 12, INT), ("Số đơn vị báo cáo", 12, INT), ("Kết quả", 14, DEC),
                        ("Kỳ trước", 14, DEC), ("Lũy kế", 14, DEC)]  # fmt: skip
    items = {item["criterion_id"]: item for item in f.get("criteria", [])}
    for part in parts:
        if part.get("key") and part["rows"]:
            add(part["key"], f"Kết quả thực hiện các tiêu chí: {part['title']}", criteria_columns,
                [[r["code"], r["name"], r["unit"], r["how"], r["applicable"], r["units"], r["total"], r["previous"],
                  r["cumulative"]] for r in part["rows"]])  # fmt: skip
            for index, table in enumerate(part["area_tables"], start=1):
                add(f"{part['key']}-area-{index}", f"{part['title']}: kết quả theo địa bàn",
                    [("STT", 6, INT), (area, 30, None)] + [(f"{c['code']} ({c['unit']})", 14, DEC) for c in table["columns"]],
                    [[i, r["area"] or words["no_area"], *r["cells"]] for i, r in enumerate(table["rows"], 1)])  # fmt: skip
    by_kind_rows = [
        [item["code"], kind_word.get(row["kind"], row["kind"]), row["units"], row["reported"], row["total"]]
        for item in items.values()
        for row in (item["scopes"].get(scope) or {}).get("by_kind", [])
    ]
    add("Tiêu chí theo loại hình", "Kết quả các tiêu chí theo loại hình",
        [("Mã", 6, None), ("Loại hình", 30, None), ("Số đơn vị", 10, INT), ("Số báo cáo", 10, INT), ("Kết quả", 14, DEC)],
        by_kind_rows)  # fmt: skip
    sales = f["sales"]
    add("sales", "Sản phẩm tiêu thụ qua kết nối cung - cầu (Chương trình 503/CTr-LMHTXVN)",
        [("STT", 6, INT), ("Sản phẩm", 32, None), ("Sản lượng", 12, DEC), ("Đơn vị tính", 12, None),
         ("Giá trị (triệu đồng)", 16, DEC), ("Tỷ trọng (%)", 12, PCT), ("Số đơn vị", 10, INT)],
        [[i, p["product"], p["quantity"], p["unit_of_measure"], p["value"], p["share"], p["units"]]
         for i, p in enumerate(sales["products"], 1)]
        + ([[None, "Tổng cộng", None, None, sales["total_value"], 100, sales["units"]]] if sales["products"] else []))  # fmt: skip
    violations = f["violations"]
    add("violations", "Vi phạm trong kỳ",
        [("STT", 6, INT), ("Đơn vị", 36, None), (area, 20, None), ("Ngày", 12, DATE), ("Nội dung vi phạm", 60, None),
         ("Hình thức xử lý", 22, None), ("Điểm trừ", 10, DEC)],
        [[i, v["unit"], v["area"], _date(v["occurred_on"]), v["description"], words["effect"].get(v["effect"], v["effect"]),
          v["points"] if v["effect"] == "deduction" else None]
         for i, v in enumerate(violations["items"], 1)])  # fmt: skip
    awards = f["awards"]
    add("nominations", "Hồ sơ đề nghị khen thưởng theo hình thức và tình trạng",
        [("STT", 6, INT), ("Hình thức khen thưởng", 44, None)]
        + [(title, 14, INT) for title, _states in NOMINATION_COLUMNS] + [("Tổng số", 10, INT)],
        [[i, r["name"], *[sum(r["states"].get(s, 0) for s in states) for _t, states in NOMINATION_COLUMNS], r["total"]]
         for i, r in enumerate(awards["by_type"], 1)])  # fmt: skip
    add("decisions", "Quyết định khen thưởng, tờ trình đã ban hành",
        [("STT", 6, INT), ("Số, ký hiệu", 18, None), ("Ngày", 12, DATE), ("Loại văn bản", 24, None),
         ("Trích yếu", 60, None), ("Số tập thể, cá nhân", 12, INT), ("Số tiền (đồng)", 16, INT)],
        [[i, d["reference"], _date(d["issued_on"]), words["decision_kind"].get(d["kind"], d["kind"]), d["title"],
          d["awards"], d["amount"]] for i, d in enumerate(awards["decisions"], 1)])  # fmt: skip
    ranking_columns = [("Loại hình", 24, None), ("Hạng", 8, INT), ("Tên đơn vị", 40, None), (area, 22, None),
                       ("Điểm", 10, DEC), ("Xếp loại", 16, None)]  # fmt: skip

    def ranking_rows(groups):
        return [[kind_word.get(g["kind"], g["kind"]), r["rank"], r["name"], r["area"], r["total"],
                 "Không xét (vi phạm)" if r["vetoed"] else (r["band"] or "Chưa đạt")]
                for g in groups for r in g["rows"]]  # fmt: skip

    add("ranking_period", f"Đơn vị dẫn đầu {phrase}", ranking_columns, ranking_rows(f["ranking"]["period"]))
    add("ranking_cumulative", f"Đơn vị dẫn đầu theo điểm lũy kế đến {phrase}", ranking_columns,
        ranking_rows(f["ranking"]["cumulative"]))  # fmt: skip
    add("Xếp loại", f"Số đơn vị theo mức xếp loại {phrase}",
        [("Mức xếp loại", 26, None), ("Số đơn vị", 12, INT), ("Số đơn vị (lũy kế)", 14, INT)],
        [[p["band"] or "Chưa đạt mức xếp loại", p["count"], c["count"]]
         for p, c in zip(f["bands"]["period"], f["bands"]["cumulative"], strict=True)])  # fmt: skip
    add("Chưa nộp", f"Danh sách đơn vị chưa nộp báo cáo {phrase}",
        [("STT", 6, INT), ("Tên đơn vị", 44, None), ("Loại hình", 22, None), (area, 22, None), ("Tình trạng", 26, None)],
        [[i, u["name"], kind_word.get(u["kind"], u["kind"]), u["area"],
          words["submission_detail"].get(u["state"], u["state"])]
         for i, u in enumerate(subs["missing_units"], 1)])  # fmt: skip
    notes = [
        [n["unit"], n["note"]] for item in (f.get("topics") or {}).get("initiative", []) for n in item.get("notes", [])
    ]
    add("Sáng kiến", "Sáng kiến, cách làm hay được báo cáo", [("Đơn vị", 40, None), ("Nội dung", 80, None)], notes)
    add("Gương điển hình", "Gương điển hình tiên tiến, người tốt - việc tốt",
        [("STT", 6, INT), ("Tiêu đề", 44, None), ("Đơn vị", 34, None), ("Cá nhân", 22, None), ("Ngày đăng", 12, DATE),
         ("Mới trong kỳ", 10, None), ("Tóm tắt", 80, None)],
        [[i, e["title"], e["unit"], e["person"], _date(e["published_on"]), "x" if e["new"] else "", e["excerpt"]]
         for i, e in enumerate(f["examples"]["items"], 1)])  # fmt: skip
    return out


def build_annex(report):
    """The annex as .xlsx bytes: a cover sheet, then one sheet per table."""
    f = report.figures
    cover = [
        ("PHỤ LỤC SỐ LIỆU", True),
        (f"Báo cáo: {subject_for(report)}", False),
        (
            f"Kỳ báo cáo: {f['period']['name']} (từ ngày {_date(f['period']['starts_on']):%d/%m/%Y} "
            f"đến ngày {_date(f['period']['ends_on']):%d/%m/%Y})",
            False,
        ),  # fmt: skip
        (
            "Số liệu kết quả các tiêu chí, sản phẩm tiêu thụ và xếp hạng chỉ tính báo cáo đã được Văn phòng "
            "kiểm tra, xác nhận.",
            False,
        ),  # fmt: skip
    ]
    if as_of_words(f):
        cover.append((f"Số liệu tổng hợp tại cùng một thời điểm: {as_of_words(f)}.", False))
    return build_tables_workbook("Thông tin", cover, sheets(report), total_label="Tổng cộng")

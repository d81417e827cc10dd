"""The progress report as an official document (BÁO CÁO, symbol BC) from its stored figures.

`report_context(report)` is the template's own context; the register's keys (issuer, number,
date line, …) come from documents.rendering.document_context, filled by `render_draft` here
or by documents.services.issue_document when the report is issued. The template is
Vietnamese: the words for the figures' own codes are in this module; the words of a model's
statuses are its TextChoices labels in the document's language (`status_words`), so that the
PDF, the annex and the screen say the same word and the catalogue is the one place to change it.
"""

import datetime as dt
import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awards.decision_rules import movement_phrase
from campaign.models import SubmissionStatus
from documents.identity import issuer_on
from documents.rendering import document_context, render_document
from members.models import OperatingStatus

from . import sections
from .charts import report_charts
from .wording import KINDS, PERCENT_DECIMALS, lower_first, paragraphs, vn_number, vn_percent  # noqa: F401 (the document's words)

TEMPLATE_NAME = "reports/report_pdf.html"
DOCUMENT_LANGUAGE = "vi"  # the report is an official Vietnamese document, whoever generates it
TYPE_SYMBOL = "BC"
BOARD = "Ban Thi đua - Khen thưởng Liên minh HTX Việt Nam (b/c);"
PDF_LIST_LIMIT = 15  # longer lists are left to the XLSX annex

SUBMISSION = {"on_time": "Nộp đúng hạn", "late": "Nộp trễ hạn", "missing": "Chưa nộp"}
# The columns of the nominations table: a few states gathered, in the order of the workflow.
NOMINATION_COLUMNS = [
    ("Đang xét", ("draft", "submitted", "eligible", "in_council", "passed", "approved")),
    ("Không đủ điều kiện, không thông qua", ("not_eligible", "not_passed", "rejected")),
    ("Đã đề nghị cấp trên", ("proposed",)),
    ("Đã khen thưởng", ("decided",)),
]
EFFECTS = {"deduction": "Trừ điểm thi đua", "veto": "Không xét khen thưởng"}
AREA_LEVELS = {"province": "Tỉnh, thành phố", "district": "Huyện, thị xã, thành phố", "commune": "Xã, phường, đặc khu"}
DECISION_KINDS = {
    "decision": "Quyết định khen thưởng",
    "proposal": "Tờ trình đề nghị cấp trên",
    "correction": "Quyết định đính chính",
    "revocation": "Quyết định hủy bỏ khen thưởng",
}
NO_AREA = "Chưa xác định địa bàn"
TOPIC_TITLES = {
    "operation": "Duy trì, khôi phục hoạt động",
    "vaccination": "Tiêm vắc xin phòng Covid-19 cho người lao động",
    "it_application": "Ứng dụng công nghệ thông tin",
    "supply_demand": "Kết nối cung - cầu, tiêu thụ sản phẩm (Chương trình 503/CTr-LMHTXVN)",
    "propaganda": "Công tác tuyên truyền",
    "initiative": "Sáng kiến, giải pháp, mô hình mới",
    "community_support": "Hỗ trợ cộng đồng, tương thân tương ái",
}


def status_words(choices, language=DOCUMENT_LANGUAGE):
    """{value: label} of a status TextChoices in `language`: the catalogue's word, as on screen."""
    with translation.override(language):
        return {value: str(label) for value, label in choices.choices}


def labels(language=DOCUMENT_LANGUAGE):
    """The Vietnamese words for the figures' codes, for the template, the charts and the annex."""
    with translation.override(language):
        # A registered unit with no submission for the period: the dashboard's word for it.
        not_started = _("Not started")
    return {
        "kind": KINDS,
        "status": status_words(OperatingStatus, language),
        "submission": SUBMISSION,
        "submission_detail": {"not_started": not_started, **status_words(SubmissionStatus, language)},
        "effect": EFFECTS,
        "decision_kind": DECISION_KINDS,
        "no_area": NO_AREA,
        "topic": TOPIC_TITLES,
    }


# --- numbers and dates as Vietnamese documents write them -----------------------------------


def vn_date(text):
    """An ISO date of the figures as dd/mm/yyyy."""
    if not text:
        return ""
    return dt.date.fromisoformat(text).strftime("%d/%m/%Y")


# --- the document ------------------------------------------------------------------------------


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_title(kind, starts_on, ends_on, name=""):
    """The period as a Vietnamese title says it, by its kind: "tháng 11 năm 2026", "quý IV năm 2026",
    "6 tháng đầu năm 2026", "năm 2026" (a final period over a calendar year), else "giai đoạn 2021 - 2025".

    A month, quarter or half that does not fall within one calendar year (a campaign's own
    calendar) is said by its name."""
    if kind == "month" and starts_on.year == ends_on.year and starts_on.month == ends_on.month:
        return f"tháng {ends_on.month} năm {ends_on.year}"
    if kind == "quarter" and starts_on.year == ends_on.year and (starts_on.month - 1) // 3 == (ends_on.month - 1) // 3:
        return f"quý {ROMAN_QUARTERS[(ends_on.month - 1) // 3 + 1]} năm {ends_on.year}"
    if kind == "half" and starts_on.year == ends_on.year and (starts_on.month > 6) == (ends_on.month > 6):
        return f"6 tháng {'cuối' if ends_on.month > 6 else 'đầu'} năm {ends_on.year}"
    if kind == "final":
        if starts_on.year == ends_on.year:
            return f"năm {ends_on.year}"
        return f"giai đoạn {starts_on.year} - {ends_on.year}"
    return lower_first(name) if name else f"từ ngày {starts_on:%d/%m/%Y} đến ngày {ends_on:%d/%m/%Y}"


def period_phrase(report):
    """ "tháng 11 năm 2021", "quý IV năm 2021", "năm 2020": the period as it reads inside a sentence."""
    period = report.period
    return period_title(period.kind, period.starts_on, period.ends_on, period.name)


_TRAILING_YEAR = re.compile(r"\s+(?:năm\s+)?(\d{4})\s*$")


def movement_for(report):
    """The campaign's movement phrase without a trailing "năm 2026" when the period's title says the year
    (never "… năm 2026 tháng 11 năm 2026")."""
    movement = movement_phrase(report.campaign.name)
    if getattr(report, "kind", PERIODIC) != PERIODIC:
        return movement
    match = _TRAILING_YEAR.search(movement)
    if match and f"năm {match.group(1)}" in period_phrase(report):
        return movement[: match.start()]
    return movement


def span_phrase(report):
    """A summary's span: "từ ngày 01/07/2026 đến ngày 31/10/2026" (the campaign's start to the period's end)."""
    return f"từ ngày {report.campaign.starts_on:%d/%m/%Y} đến ngày {report.period.ends_on:%d/%m/%Y}"


def subject_for(report):
    """The subject line: "Kết quả thực hiện phong trào thi đua … tháng 11 năm 2021"; a summary's
    "Sơ kết phong trào thi đua …" / "Tổng kết phong trào thi đua …"."""
    kind = getattr(report, "kind", PERIODIC)
    if kind != PERIODIC:
        return f"{KIND_WORDS[kind]} {movement_for(report)}"
    return f"Kết quả thực hiện {movement_for(report)} {period_phrase(report)}"


def recipients_for(issuer):
    """The Board first, then the Alliance's standing committee, then the archive line."""
    lines = issuer.recipient_lines
    standing = [line for line in lines if line.lower().startswith("thường trực")]
    archive = [line for line in lines if line.startswith("Lưu")] or ["Lưu: VT, VP."]
    return [BOARD, *standing, *archive]


PERIODIC = "periodic"
KIND_WORDS = {"midterm": "Sơ kết", "final": "Tổng kết"}


def table_numbers(figures, kind=PERIODIC, parts=None):
    """{table key: number} of the tables the report prints, numbered 1, 2, 3 … in the order they appear:
    Section I's, then Section II's parts in the campaign template's order (reports.sections), then
    the awards' and the rankings' — each only when it has something to show."""
    if parts is None:
        parts = sections.build_parts(figures, kind)
    keys = ["by_kind", "by_area", "submissions"]
    if kind != PERIODIC and figures.get("periods_summary"):
        keys.append("periods")
    for key in sections.table_keys(parts):
        if key == "changes" and not figures["operation"]["changes"]:
            continue
        keys.append(key)
    if figures["awards"]["nominations"]:
        keys.append("nominations")
    if figures["awards"]["decisions"]:
        keys.append("decisions")
    if figures["ranking"]["ranked"] and figures["ranking"]["period"] and kind == PERIODIC:
        keys.append("ranking_period")
    counted = figures["ranking"]["ranked"] if kind == PERIODIC else figures["ranking"].get("ranked_cumulative")
    if counted and figures["ranking"]["cumulative"]:
        keys.append("ranking_cumulative")
    return {key: number for number, key in enumerate(keys, start=1)}


# The charts likewise: (key, shown when the figures have it and the chart was drawn).
CHARTS = (
    ("participation", lambda f: True),
    ("submissions", lambda f: True),
    ("bands", lambda f: bool(f["ranking"]["ranked"])),
)


def chart_numbers(figures, charts):
    """{chart key: number} of the charts the report draws, in the order they appear."""
    present = [key for key, shown in CHARTS if charts.get(key) and shown(figures)]
    return {key: number for number, key in enumerate(present, start=1)}


def _nomination_rows(awards):
    rows = []
    for row in awards["by_type"]:
        cells = [sum(row["states"].get(state, 0) for state in states) for _title, states in NOMINATION_COLUMNS]
        rows.append({"name": row["name"], "short_name": row["short_name"], "total": row["total"], "cells": cells})
    return rows


def as_of_of(figures):
    """The report's cut-off (a local datetime), or None for figures computed before it was stored."""
    text = figures.get("as_of")
    return dt.datetime.fromisoformat(text) if text else None


def as_of_words(figures):
    """ "07 giờ 30 ngày 08/01/2022": the cut-off as the report prints it ("" when unknown)."""
    moment = as_of_of(figures)
    return f"{moment:%H} giờ {moment:%M} ngày {moment:%d/%m/%Y}" if moment else ""


def _previous_phrase(figures):
    previous = figures.get("previous_period")
    if not previous:
        return ""
    return period_title(
        previous["kind"],
        dt.date.fromisoformat(previous["starts_on"]),
        dt.date.fromisoformat(previous["ends_on"]),
        previous["name"],
    )


def report_context(report):
    """The template's context (without the register's keys) from the report's stored figures and texts."""
    figures = report.figures
    kind = getattr(report, "kind", PERIODIC)
    issuer = issuer_on(timezone.localdate())
    words = labels()
    previous = _previous_phrase(figures)
    parts = sections.build_parts(figures, kind, previous)
    awards = figures["awards"]
    numbers = table_numbers(figures, kind, parts)
    for part in parts:
        if part.get("key"):
            part["table_no"] = numbers.get(part["key"])
            for index, table in enumerate(part["area_tables"], start=1):
                table["no"] = numbers.get(f"{part['key']}-area-{index}")
    charts = report_charts(figures, words)
    phrase = period_phrase(report)
    return {
        "report": report,
        "f": figures,
        "kind": kind,
        "summary": kind != PERIODIC,
        "kind_word": KIND_WORDS.get(kind, ""),
        "span_phrase": span_phrase(report) if kind != PERIODIC else "",
        "labels": words,
        "area_heading": AREA_LEVELS.get(figures.get("grouping_level"), "Địa bàn"),
        "movement": movement_for(report),
        "period_phrase": phrase,
        "previous_phrase": previous,
        "as_of_words": as_of_words(figures),
        # The day the awards and examples are counted to: the cut-off's (the period's end for old figures).
        "as_of_day": as_of_of(figures).date().isoformat() if as_of_of(figures) else figures["period"]["ends_on"],
        "parts": parts,
        "nomination_columns": [title for title, _states in NOMINATION_COLUMNS],
        "nomination_rows": _nomination_rows(awards),
        "plan_subject": lower_first(report.campaign.name),
        "ranking_tables": [
            {"caption": caption, "groups": groups, "rows": sum(len(g["rows"]) + 1 for g in groups)}
            for key, caption, groups in (
                ("ranking_period", f"Đơn vị dẫn đầu {phrase}", figures["ranking"]["period"]),
                (
                    "ranking_cumulative",
                    f"Đơn vị dẫn đầu theo điểm lũy kế đến {phrase}"
                    if kind == PERIODIC
                    else f"Đơn vị dẫn đầu toàn phong trào ({span_phrase(report)})",
                    figures["ranking"]["cumulative"],
                ),
            )
            if key in numbers
            for caption in [f"Bảng {numbers[key]}. {caption}"]
        ],
        "charts": charts,
        "no": numbers,
        "chart_no": chart_numbers(figures, charts),
        "closing_parts": closing_parts(report, kind),
        "results": paragraphs(getattr(report, "results", "")),
        "difficulties": paragraphs(report.difficulties),
        "proposals": paragraphs(report.proposals),
        "directions": paragraphs(getattr(report, "directions", "")),
        "list_limit": PDF_LIST_LIMIT,
        "recipients": recipients_for(issuer),
    }


ROMAN = ("V", "VI", "VII", "VIII")


def closing_parts(report, kind=PERIODIC):
    """The office's texts as the report's last sections, numbered from V: the overall assessment
    (results, difficulties), the directions and tasks ahead (when written), the proposals."""
    results = paragraphs(getattr(report, "results", ""))
    assessment = [
        {
            "title": "Tồn tại, hạn chế, khó khăn, vướng mắc",
            "paragraphs": paragraphs(report.difficulties) or ["Không có."],
        }
    ]
    if results:
        assessment.insert(0, {"title": "Kết quả đạt được", "paragraphs": results})
    parts = [{"title": "ĐÁNH GIÁ CHUNG", "subparts": assessment}]
    directions = paragraphs(getattr(report, "directions", ""))
    if directions:
        ahead = "KỲ TỚI" if kind == PERIODIC else "THỜI GIAN TỚI"
        parts.append(
            {"title": f"PHƯƠNG HƯỚNG, NHIỆM VỤ {ahead}", "subparts": [{"title": "", "paragraphs": directions}]}
        )
    parts.append(
        {
            "title": "ĐỀ XUẤT, KIẾN NGHỊ",
            "subparts": [{"title": "", "paragraphs": paragraphs(report.proposals) or ["Không có."]}],
        }
    )
    for roman, part in zip(ROMAN, parts, strict=False):
        part["roman"] = roman
    return parts


def render_draft(report):
    """The draft PDF, watermarked DỰ THẢO, its number left blank ("Số:      /BC-LMHTX")."""
    day = timezone.localdate()
    issuer = issuer_on(day)
    context = report_context(report)
    recipients = context.pop("recipients")
    full = document_context(
        issuer=issuer,
        type_symbol=TYPE_SYMBOL,
        issued_on=day,
        recipients=recipients,
        subject=subject_for(report),
        **context,
    )
    return render_document(TEMPLATE_NAME, full, draft=True)

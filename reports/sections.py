"""Section II of a progress report, from the campaign's own template and criteria.

Pure functions over a report's figures (reports.figures: `criteria`, `sections`, `operation`,
`sales`, `violations`, `examples`): `build_parts(figures, kind)` gives the parts the report
prints, in the template's order — one per criteria group with each criterion's verified
figures written as sentences and a table, the special parts only where the campaign has
criteria or data for them, and the office's free texts. A part with nothing to say is left
out: no sentence ever says the plan has no criterion on something.

`campaign_sections(campaign, starts_on, ends_on)` computes the same parts for one campaign over
a date range (the periods that fall in it), for reports across campaigns (the annual report).
"""

from django.utils import timezone

from campaign.models import ReportTopic, SectionKind, SpecialPart
from campaign.report_template import snapshot

from . import figures as report_figures
from . import wording as doc

PERIODIC = "periodic"
MAX_AREA_COLUMNS = 5  # criteria per by-area table; more are split into several tables
NOTES_SHOWN = 5


def main_scope(kind):
    """The figures a report kind is about: the period's for a periodic report, the whole campaign's
    (cumulated to the period's end) for a mid-term review or a final summary."""
    return "period" if kind == PERIODIC else "cumulative"


def _unit(item):
    return (item.get("report_unit") or item.get("unit") or "").strip()


def _with_unit(value, unit, decimals=2):
    if unit == "%":
        return f"{doc.vn_percent(value)}%"
    return f"{doc.vn_number(value, decimals)} {unit}".strip()


def total_words(item, summary):
    """ "1.234 ứng dụng" / "78,5%": a criterion's total in a scope, as the text writes it."""
    return _with_unit(summary.get("total"), _unit(item))


def _kind_breakdown(item, summary):
    rows = summary.get("by_kind") or []
    if len(rows) < 2:
        return ""
    parts = [
        f"{doc.lower_first(doc.KINDS.get(row['kind'], row['kind']))} {_with_unit(row['total'], _unit(item))} "
        f"({doc.vn_number(row['units'], 0)} đơn vị)"
        for row in rows
    ]
    return f" Theo loại hình: {'; '.join(parts)}."


def _change(item, summary, previous, previous_phrase):
    """ "So với tháng 9 năm 2026 (12 ứng dụng), tăng 3 ứng dụng." — or "" without a previous figure."""
    if not previous or not previous.get("reported") or summary.get("total") is None:
        return ""
    now, before = summary["total"], previous["total"]
    diff = round(float(now) - float(before), 2)
    unit = _unit(item)
    said = f"So với {previous_phrase} ({_with_unit(before, unit)})"
    if diff == 0:
        return f" {said}, không thay đổi."
    amount = f"{doc.vn_percent(abs(diff))} điểm phần trăm" if unit == "%" else _with_unit(abs(diff), unit)
    return f" {said}, {'tăng' if diff > 0 else 'giảm'} {amount}."


def criterion_sentence(item, scope="period", previous_phrase=""):
    """One paragraph on a criterion's verified figures in `scope`, worded after its unit, rule and total."""
    summary = item["scopes"].get(scope) or {}
    name = f"tiêu chí {item['code']} “{item['name']}”"
    applicable = doc.vn_number(item["applicable"], 0)
    units = doc.vn_number(summary.get("units", 0), 0)
    if item["rule"] == "qualitative" and summary.get("verified_units"):
        return (
            f"Về {name} (Văn phòng đánh giá, chấm điểm): {doc.vn_number(summary['verified_units'], 0)}/{applicable} "
            "đơn vị có báo cáo đã được xác nhận."
        )
    if not summary.get("reported"):
        return f"Chưa có đơn vị nào được xác nhận số liệu về {name}."
    unit = _unit(item)
    if item.get("topic") == ReportTopic.VACCINATION and unit == "%" and summary.get("workers"):
        text = (
            f"Theo báo cáo đã xác nhận của {units}/{applicable} đơn vị, tỷ lệ người lao động được tiêm đủ liều "
            f"vắc xin bình quân đạt {doc.vn_percent(summary['workers_rate'])}% (khoảng "
            f"{doc.vn_number(summary['weighted'], 0)}/{doc.vn_number(summary['workers'], 0)} người lao động của các "
            f"đơn vị này); bình quân theo đơn vị {doc.vn_percent(summary['mean'])}%."
        )
    elif item["rule"] == "yes_no":
        text = (
            f"Có {doc.vn_number(summary['positive'], 0)}/{doc.vn_number(summary['reported'], 0)} báo cáo đã xác "
            f"nhận ({doc.vn_percent(summary['positive_percent'])}%) đạt {name}."
        )
    elif item["total_kind"] == "mean":
        text = (
            f"Theo báo cáo đã xác nhận của {units}/{applicable} đơn vị, {name} bình quân đạt "
            f"{_with_unit(summary['mean'], unit)}."
        )
    else:
        text = (
            f"Về {name}: {units}/{applicable} đơn vị có báo cáo đã được xác nhận, tổng cộng "
            f"{_with_unit(summary['sum'], unit)}, có {doc.vn_number(summary['positive'], 0)} báo cáo có kết quả; "
            f"bình quân {_with_unit(summary['mean'], unit)}/báo cáo."
        ).replace(" /báo cáo", "/báo cáo")
    text += _kind_breakdown(item, summary)
    if scope == "period":
        text += _change(item, summary, item["scopes"].get("previous"), previous_phrase)
        cumulative = item["scopes"].get("cumulative") or {}
        if cumulative.get("reported") and cumulative.get("reported") != summary.get("reported"):
            word = "bình quân" if item["total_kind"] == "mean" else "tổng cộng"
            text += f" Lũy kế từ đầu phong trào: {word} {total_words(item, cumulative)}."
    return text


def _notes_sentence(items):
    seen, notes = set(), []
    for item in items:
        for note in (item["scopes"].get("period") or {}).get("notes", []):
            text = note["note"].rstrip(" .;")
            if text.casefold() not in seen and len(notes) < NOTES_SHOWN:
                seen.add(text.casefold())
                notes.append(f"{text} ({note['unit']})" if note["unit"] else text)
    return f"Một số nội dung, cách làm hay được báo cáo: {'; '.join(notes)}." if notes else ""


def _how(item):
    """How the table's figure was made, in its "Cách tính" column."""
    if item["rule"] == "qualitative":
        return "Chấm điểm"
    if item["rule"] == "yes_no":
        return "Tỷ lệ đạt"
    return "Bình quân" if item["total_kind"] == "mean" else "Tổng"


def _criteria_table(items, scope):
    """The rows of a group's table: code, name, unit, how totalled, units reporting and the figures."""
    rows = []
    for item in items:
        summary = item["scopes"].get(scope) or {}
        previous = item["scopes"].get("previous")
        cumulative = item["scopes"].get("cumulative") or {}
        change = None
        if previous and previous.get("reported") and summary.get("reported"):
            change = round(float(summary["total"]) - float(previous["total"]), 2)
        rows.append(
            {
                "code": item["code"],
                "name": item["name"],
                "unit": _unit(item),
                "how": _how(item),
                "units": summary.get("verified_units" if item["rule"] == "qualitative" else "units", 0),
                "applicable": item["applicable"],
                "total": summary.get("total") if summary.get("reported") else None,
                "previous": previous.get("total") if previous and previous.get("reported") else None,
                "change": change,
                "cumulative": cumulative.get("total") if cumulative.get("reported") else None,
            }
        )
    return rows


def _area_tables(items, scope):
    """Tables of the group's totals by area (areas in rows, criteria in columns), when there are several areas."""
    areas = {}
    for item in items:
        for row in (item["scopes"].get(scope) or {}).get("by_area", []):
            areas.setdefault(str(row["area_id"]), row["area"])
    if len(areas) < 2:
        return []
    tables = []
    shown = [item for item in items if (item["scopes"].get(scope) or {}).get("reported")]
    for start in range(0, len(shown), MAX_AREA_COLUMNS):
        chunk = shown[start : start + MAX_AREA_COLUMNS]
        cells = {
            item["criterion_id"]: {str(r["area_id"]): r["total"] for r in item["scopes"][scope]["by_area"]}
            for item in chunk
        }
        tables.append(
            {
                "columns": [{"code": item["code"], "unit": _unit(item)} for item in chunk],
                "rows": [
                    {"area": name, "cells": [cells[item["criterion_id"]].get(key) for item in chunk]}
                    for key, name in sorted(areas.items(), key=lambda pair: (pair[0] == "None", pair[1]))
                ],
            }
        )
    return tables


def _special_shown(special, figures):
    """Whether a special part has something to print: the campaign's criteria or data for it."""
    topics = {item.get("topic") for item in figures.get("criteria", [])}
    if special == SpecialPart.OPERATION:
        operation = figures.get("operation") or {}
        return bool(operation.get("by_kind")) and (ReportTopic.OPERATION in topics or bool(operation.get("changes")))
    if special == SpecialPart.SALES:
        return bool((figures.get("sales") or {}).get("products"))
    if special == SpecialPart.VIOLATIONS:
        violations = figures.get("violations") or {}
        return bool(violations.get("count") or violations.get("rules"))
    if special == SpecialPart.EXAMPLES:
        return bool((figures.get("examples") or {}).get("count"))
    return False


def build_parts(figures, kind=PERIODIC, previous_phrase=""):
    """[part] Section II prints, numbered 1, 2, … in the template's order (empty parts left out).

    A part: {"number", "kind", "title", "intro": [paragraphs], and for a group "lines",
    "rows" (its table), "area_tables", "key" (the table's key); for a special part "special"}."""
    scope = main_scope(kind)
    criteria = figures.get("criteria") or []
    by_group = {}
    for item in criteria:
        by_group.setdefault(item["group_id"], []).append(item)
    parts = []
    for section in figures.get("sections") or []:
        if not section.get("included", True):
            continue
        part = {
            "kind": section["kind"],
            "title": section["title"],
            "intro": doc.paragraphs(section.get("intro", "")),
        }
        if section["kind"] == SectionKind.GROUP:
            items = by_group.get(section["group_id"], [])
            if not items and not part["intro"]:
                continue
            part["key"] = f"group-{section['group_id']}"
            part["lines"] = [criterion_sentence(item, scope, previous_phrase) for item in items]
            notes = _notes_sentence(items) if scope == "period" else ""
            if notes:
                part["lines"].append(notes)
            part["rows"] = _criteria_table(items, scope)
            part["area_tables"] = _area_tables(items, scope)
        elif section["kind"] == SectionKind.SPECIAL:
            if not _special_shown(section["special"], figures):
                continue
            part["special"] = section["special"]
        elif not part["intro"] and not part["title"]:
            continue
        parts.append(part)
    for number, part in enumerate(parts, start=1):
        part["number"] = number
    return parts


def table_keys(parts):
    """The keys of the tables Section II prints, in order (reports.document numbers them)."""
    keys = []
    for part in parts:
        if part["kind"] == SectionKind.GROUP and part["rows"]:
            keys.append(part["key"])
            keys += [f"{part['key']}-area-{index}" for index in range(1, len(part["area_tables"]) + 1)]
        elif part.get("special") == SpecialPart.OPERATION:
            keys.append("operation")
            keys.append("changes")
        elif part.get("special") == SpecialPart.SALES:
            keys.append("sales")
        elif part.get("special") == SpecialPart.VIOLATIONS:
            keys.append("violations")
    return keys


# --- for reports across campaigns ----------------------------------------------------------------


def campaign_criteria_figures(campaign, starts_on, ends_on, as_of=None):
    """Each criterion's verified figures (by `as_of`, now when None) over the campaign's periods that fall
    within [starts_on, ends_on], every registered unit, as one `cumulative` scope (reports.figures' shape)."""
    as_of = as_of or timezone.now()
    periods = [p.pk for p in campaign.periods.filter(starts_on__gte=starts_on, ends_on__lte=ends_on)]
    the_map = report_figures.campaign_map(campaign)
    shards = []
    for key in report_figures.shard_keys(campaign):
        orgs = report_figures.shard_population(campaign, key, the_map)
        registered = set(
            campaign.registrations.filter(organization_id__in=[o.pk for o in orgs]).values_list(
                "organization_id", flat=True
            )
        )
        area_of = {}
        for org in orgs:
            area = the_map.area_of(org)
            area_of[org.pk] = (area.pk, area.name) if area else (None, "")
        shards.append(
            report_figures.criteria_scopes(
                report_figures.report_criteria(campaign),
                {"cumulative": periods, "period": periods},
                orgs,
                registered,
                area_of,
                as_of,
            )
        )
    return report_figures.combine_criteria(shards)


def campaign_sections(campaign, starts_on, ends_on, as_of=None):
    """Section II's parts (group parts; no special part, which needs a period's figures) of one campaign
    over a date range: for the Alliance's annual report across its campaigns."""
    figures = {
        "criteria": campaign_criteria_figures(campaign, starts_on, ends_on, as_of),
        "sections": [s for s in snapshot(campaign) if s["kind"] != SectionKind.SPECIAL],
    }
    return build_parts(figures, kind="final")

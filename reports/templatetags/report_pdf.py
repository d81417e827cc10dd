"""Filters of the progress report's PDF: Vietnamese numbers and dates, and words looked up by code."""

from django import template

from reports.document import vn_date, vn_number, vn_percent

register = template.Library()


@register.filter
def vn(value, decimals=1):
    """1.234.567 and 78,5: the thousand dot and decimal comma of Vietnamese documents."""
    return vn_number(value, int(decimals))


@register.filter
def pct(value):
    """A percentage with the report's one precision (reports.document.vn_percent): 75,0 and 71,8."""
    return vn_percent(value)


@register.filter
def vndate(value):
    return vn_date(value)


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key, key)


@register.filter
def minus(value, other):
    return (value or 0) - (other or 0)


@register.filter
def figure(value, unit=""):
    """A criterion's figure in a table: "—" when there is none, one decimal for a percentage (as the
    text says it), two at most otherwise; `unit` "+%" or "+" signs a change."""
    if value is None or value == "":
        return "—"
    sign = unit.startswith("+")
    unit = unit.lstrip("+")
    text = vn_percent(abs(value) if sign else value) if unit == "%" else vn_number(abs(value) if sign else value, 2)
    if sign:
        return f"+{text}" if value > 0 else (f"-{text}" if value < 0 else "0")
    return text

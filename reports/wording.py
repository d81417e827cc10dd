"""How the report writes numbers, percentages and the office's texts in Vietnamese: shared by the
document (reports.document), its Section II (reports.sections) and the annex."""

from decimal import Decimal

KINDS = {
    "alliance": "Liên minh HTX tỉnh",
    "department": "Phòng, ban, đơn vị trực thuộc",
    "cooperative": "Hợp tác xã",
    "group": "Tổ hợp tác",
    "union": "Liên hiệp hợp tác xã",
    "credit_fund": "Quỹ tín dụng nhân dân",
}


def vn_number(value, decimals=1):
    """1234567 → "1.234.567"; 78.25 → "78,3" (at most `decimals` places, no trailing zeros)."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    value = round(value, decimals)
    text = f"{value:,.{decimals}f}" if decimals else f"{value:,.0f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


PERCENT_DECIMALS = 1  # every percentage of the report, in the text, the tables and the annex


def vn_percent(value):
    """A percentage as the report writes it, always with the same precision: 75 → "75,0", 71.84 → "71,8"."""
    if value is None or value == "":
        return ""
    text = f"{round(Decimal(str(value)), PERCENT_DECIMALS):,.{PERCENT_DECIMALS}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


def lower_first(text):
    return text[:1].lower() + text[1:] if text else text


def paragraphs(text):
    """The office's free text as paragraphs: blank lines or line breaks separate them."""
    return [" ".join(line.split()) for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]

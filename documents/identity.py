"""Which identity the Alliance issues under on a given date."""

from .models import IssuingBody


class NoIssuingBody(LookupError):
    """No identity applies on that date: the office must add one first."""


def issuer_on(day):
    """The issuing body in force on `day`: the row with the latest start on or before it."""
    body = IssuingBody.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if body is None:
        raise NoIssuingBody(day)
    return body


def date_line(place, day):
    """The italic place-date line of Decree 30/2020: days under 10 and months 1–2 take a zero.

    "Đắk Nông, ngày 08 tháng 11 năm 2021"; "Lâm Đồng, ngày 05 tháng 3 năm 2026"… and
    "ngày 15 tháng 02 năm 2026".
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"

"""Filters of the awards' official documents: amounts and coefficients written the Vietnamese way, whatever the page's language."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def vnd(amount):
    """450000 → "450.000": official documents group thousands with dots."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,}".replace(",", ".")


@register.filter
def coefficient(value):
    """Decimal("0.30") → "0,3"."""
    if value in (None, ""):
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")

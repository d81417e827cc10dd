"""Template helpers of the dashboard and the unit home page."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(name, *args):
    """The address of a named route, or "" while no app defines it (pages built side by side)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def submission_status_label(code):
    from campaign.dashboard import status_label

    return status_label(code)

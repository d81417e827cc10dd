"""Template helpers of the dashboard."""

from django import template

register = template.Library()


@register.filter
def submission_status_label(code):
    from campaign.dashboard import status_label

    return status_label(code)

"""Template helpers of the dashboard."""

from django import template

from campaign.dashboard import status_label

register = template.Library()


@register.filter
def submission_status_label(code):

    return status_label(code)

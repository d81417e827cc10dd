"""Template helpers of the campaign pages: the plan texts as paragraphs."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..plan import paragraphs

register = template.Library()


@register.filter
def plan_paragraphs(text):
    """A plan text as HTML paragraphs, read by the same rules as the plan document."""
    html = []
    for paragraph in paragraphs(text):
        if paragraph.is_heading:
            html.append(format_html("<p><strong>{}</strong></p>", paragraph.bold))
        elif paragraph.bold:
            html.append(format_html("<p><strong>{}</strong> {}</p>", paragraph.bold, paragraph.text))
        else:
            html.append(format_html("<p>{}</p>", paragraph.text))
    return mark_safe("".join(html))

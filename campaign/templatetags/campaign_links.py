"""Template helpers of the campaign pages: links to pages that may not exist yet, plan texts."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..plan import paragraphs

register = template.Library()


@register.simple_tag
def url_if_exists(name, *args):
    """The address of a named route, or "" when no such route exists (another part not merged)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


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

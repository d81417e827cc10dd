"""Template helpers of the campaign pages: links to pages that may not exist yet, plan texts."""

import re

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


@register.simple_tag
def url_if_exists(name, *args):
    """The address of a named route, or "" when no such route exists (another part not merged)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def plan_paragraphs(text):
    """A plan text as HTML paragraphs: blank lines separate them, **…** is bold."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    html = []
    for paragraph in paragraphs:
        escaped = str(conditional_escape(" ".join(paragraph.split())))
        html.append((mark_safe(BOLD.sub(r"<strong>\1</strong>", escaped)),))
    return format_html_join("", "<p>{}</p>", html)

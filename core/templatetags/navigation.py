"""The navbar's menu, rendered once per role, language and highlighted section and kept in the
cache (core.caching): it asks some thirty permissions and reverses as many addresses."""

import functools
import hashlib

from django import template
from django.contrib.auth.context_processors import PermWrapper
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation

from core.caching import remember

register = template.Library()

MENU_SECONDS = 3600
MENU_TEMPLATE = "includes/navbar_menu.html"


def active_sections(path):
    """The menu entries a path highlights (the one rule; the menu's template only reads it)."""
    found = {
        "home": path == reverse("home"),
        "campaigns": "/campaigns/" in path and "/blocks/" not in path,
        "blocks": "/campaigns/blocks/" in path,
        "awards": "/awards/" in path and "/awards/parameters/" not in path,
        "reports": "/reports/" in path,
        "registry": "/members/" in path and "/members/accounts/" not in path,
        "organization": "/members/organizations/" in path,
        "people": "/members/people/" in path,
        "documents": "/documents/" in path,
        "settings": "/awards/parameters/" in path or "/members/accounts/" in path,
    }
    return sorted(name for name, shown in found.items() if shown)


@functools.cache
def _template_fingerprint():
    # A new menu (a deployment) is never served from the previous one's cache.
    source = get_template(MENU_TEMPLATE).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def _menu_key(user, active):
    # What the menu shows depends on the role (the rules' permissions), being a superuser, and for
    # a unit its organization's address; nothing else of the user.
    return ":".join(
        [
            "navbar",
            _template_fingerprint(),
            getattr(user, "role", "") or "-",
            "super" if user.is_superuser else "",
            "active" if user.is_active else "",
            str(getattr(user, "organization_id", None) or ""),
            translation.get_language() or "",
            ",".join(active),
        ]
    )


@register.simple_tag(takes_context=True)
def navbar_menu(context):
    """The signed-in user's menu (the `<ul>` of the navbar)."""
    user, request = context["user"], context["request"]
    active = active_sections(request.path)

    def compute():
        return render_to_string(MENU_TEMPLATE, {"user": user, "perms": PermWrapper(user), "active": active})

    return remember(_menu_key(user, active), compute, timeout=MENU_SECONDS, stale=True, local=True)

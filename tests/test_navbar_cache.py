"""The navbar's menu is kept per role, language and highlighted section (core.templatetags.navigation)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from core.templatetags.navigation import active_sections


def _menu(response):
    return re.search(r'<ul class="navbar-nav me-auto">.*?\n      </ul>', response.content.decode(), re.S).group(0)


@pytest.mark.parametrize(
    ("path", "active"),
    [
        ("/", ["home"]),
        ("/campaigns/3/", ["campaigns"]),
        ("/campaigns/blocks/", ["blocks"]),
        ("/awards/nominations/", ["awards"]),
        ("/awards/parameters/", ["settings"]),
        ("/members/accounts/", ["settings"]),
        ("/members/people/", ["people", "registry"]),
        ("/members/organizations/7/", ["organization", "registry"]),
        ("/reports/", ["reports"]),
        ("/documents/register/", ["documents"]),
    ],
)
def test_each_path_highlights_its_section(path, active):
    assert active_sections(path) == active


def test_the_menu_is_kept_per_role_and_section_and_never_crosses_roles(
    client_for, office_user, unit_user, locmem_cache
):
    office, unit = client_for(office_user), client_for(unit_user)
    first = _menu(office.get(reverse("members:person_list")))
    again = _menu(office.get(reverse("members:person_list")))
    assert first == again
    organizations = f'href="{reverse("members:organization_list")}"'
    assert organizations in first  # the registry menu of the office
    assert 'class="nav-link dropdown-toggle active"' in first  # the registry highlighted

    theirs = _menu(unit.get(reverse("members:person_list")))
    assert organizations not in theirs  # a unit has no registry menu
    assert reverse("members:organization_detail", args=[unit_user.organization_id]) in theirs
    home = _menu(office.get(reverse("home")))
    assert home != first  # another section highlighted


def test_the_menu_follows_the_language(client_for, office_user, locmem_cache):
    client = client_for(office_user)
    vietnamese = _menu(client.get(reverse("home")))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _menu(client.get(reverse("home")))
    assert "Campaigns" in english and "Campaigns" not in vietnamese

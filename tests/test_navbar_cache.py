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


def _links(menu):
    return set(re.findall(r'href="([^"#]+)"', menu))


def test_one_browser_signing_in_as_the_office_then_as_units_gets_each_ones_own_menu(
    client, office_user, unit_user, other_unit_user, locmem_cache
):
    """The same browser and the same cache: the office's menu is kept first, then a unit signs in,
    then another unit; none is served another's menu (role, organization)."""
    page = reverse("members:person_list")
    office_only = {
        reverse("members:organization_list"),
        reverse("members:account_list"),
        reverse("reports:report_list"),
        reverse("documents:register_list"),
        reverse("awards:parameter_list"),
        reverse("awards:session_list"),
    }
    client.force_login(office_user)
    office = _links(_menu(client.get(page)))
    assert office_only <= office

    client.logout()
    client.force_login(unit_user)
    unit = _links(_menu(client.get(page)))
    assert not office_only & unit
    assert reverse("members:organization_detail", args=[unit_user.organization_id]) in unit

    client.logout()
    client.force_login(other_unit_user)
    other = _links(_menu(client.get(page)))
    assert reverse("members:organization_detail", args=[other_unit_user.organization_id]) in other
    assert reverse("members:organization_detail", args=[unit_user.organization_id]) not in other

    client.logout()
    client.force_login(office_user)
    assert _links(_menu(client.get(page))) == office  # the office's kept menu, still its own


def test_the_leadership_the_council_and_a_superuser_each_get_their_own_menu(
    client_for, leader_user, council_user, office_user, locmem_cache
):
    from factories import UserFactory

    home = reverse("home")
    reports, accounts, admin = reverse("reports:report_list"), reverse("members:account_list"), reverse("admin:index")
    superuser = UserFactory(username="quantri", role="", is_superuser=True, is_staff=True)

    menus = {
        name: _links(_menu(client_for(user).get(home, follow=True)))
        for name, user in (
            ("super", superuser),
            ("office", office_user),
            ("leader", leader_user),
            ("council", council_user),
        )
    }

    assert admin in menus["super"] and not any(admin in menus[n] for n in ("office", "leader", "council"))
    assert accounts in menus["office"] and accounts not in menus["leader"] and accounts not in menus["council"]
    assert reports in menus["leader"] and reports not in menus["council"]


def test_a_unit_in_english_after_the_office_in_vietnamese_gets_its_own_menu_in_english(
    client_for, office_user, unit_user, locmem_cache
):
    page = reverse("members:person_list")
    _menu(client_for(office_user).get(page))  # the office's Vietnamese menu kept
    unit = client_for(unit_user)
    unit.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    menu = _menu(unit.get(page))

    assert "My organization" in menu and "Registry" not in menu

"""Writes by outsiders and lists scoped to the unit, with the data they could leak.

The access table of every address for every role is tests/test_access.py (ACCESS).
"""

import pytest
from django.urls import reverse
from factories import (
    OrganizationFactory,
    PersonFactory,
)

from members.models import Role

ROLES = ["anonymous", "other_unit", "unit", "council", "leader", "office"]


@pytest.fixture
def users(office_user, leader_user, council_user, unit_user, other_unit_user):
    return {
        "anonymous": None,
        "other_unit": other_unit_user,
        "unit": unit_user,
        "council": council_user,
        "leader": leader_user,
        "office": office_user,
    }


# --- writes by an outsider ----------------------------------------------------------------


def test_organization_edit_post_by_another_unit_answers_404_and_changes_nothing(client_for, other_unit_user, own_org):
    response = client_for(other_unit_user).post(
        reverse("members:organization_edit", args=[own_org.pk]), {"short_name": "Chiếm quyền", "members_count": 1}
    )

    own_org.refresh_from_db()
    assert (response.status_code, own_org.short_name, own_org.members_count) == (404, "", 12)


def test_person_edit_post_by_another_unit_answers_404_and_changes_nothing(client_for, other_unit_user, own_org):
    person = PersonFactory(organization=own_org, full_name="Y Khoa Niê")

    response = client_for(other_unit_user).post(
        reverse("members:person_edit", args=[person.pk]),
        {"full_name": "Đổi tên", "gender": "male", "ethnicity": "Kinh", "organization": own_org.pk},
    )

    person.refresh_from_db()
    assert (response.status_code, person.full_name) == (404, "Y Khoa Niê")


def test_status_post_by_owning_unit_answers_403_and_records_nothing(client_for, unit_user, own_org):
    response = client_for(unit_user).post(
        reverse("members:organization_status", args=[own_org.pk]),
        {"status": "dissolved", "effective_on": "01/10/2021", "cause": "Giải thể"},
    )

    own_org.refresh_from_db()
    assert (response.status_code, own_org.status, own_org.status_changes.count()) == (403, "active", 0)


# --- lists scoped to the unit -------------------------------------------------------------


@pytest.fixture
def leaky_registry(own_org, other_org):
    """Data that could leak: another organization with more people than the unit's own."""
    mine = [PersonFactory(organization=own_org, full_name=f"A Người Của Tôi {i}") for i in range(2)]
    PersonFactory.create_batch(3, organization=other_org)
    OrganizationFactory(name="Quỹ tín dụng nhân dân Đức Lập", kind="credit_fund")
    return mine


def test_organization_list_for_a_unit_shows_only_its_own_organization(client_for, unit_user, own_org, leaky_registry):
    response = client_for(unit_user).get(reverse("members:organization_list"))

    assert [org.pk for org in response.context["page"].object_list] == [own_org.pk]


def test_person_list_for_a_unit_shows_only_its_own_people(client_for, unit_user, leaky_registry):
    response = client_for(unit_user).get(reverse("members:person_list"))

    assert [p.pk for p in response.context["page"].object_list] == [p.pk for p in leaky_registry]


def test_person_list_search_for_a_unit_finds_nobody_of_another_unit(client_for, unit_user, other_org, leaky_registry):
    response = client_for(unit_user).get(reverse("members:person_list"), {"q": "Hoa"})

    assert list(response.context["page"].object_list) == []


def test_organization_export_for_a_unit_holds_only_its_own_row(client_for, unit_user, own_org, leaky_registry):
    import io

    from openpyxl import load_workbook

    response = client_for(unit_user).get(reverse("members:organization_list"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [own_org.name]


def test_person_export_for_a_unit_holds_only_its_own_people(client_for, unit_user, leaky_registry):
    import io

    from openpyxl import load_workbook

    response = client_for(unit_user).get(reverse("members:person_list"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [p.full_name for p in leaky_registry]


@pytest.mark.parametrize("role", ["council", "leader", "office"])
def test_organization_list_for_staff_and_council_shows_every_organization(client_for, users, role, leaky_registry):
    response = client_for(users[role]).get(reverse("members:organization_list"))

    assert response.context["page"].paginator.count == 3


# --- office-only pages --------------------------------------------------------------------

OFFICE_PAGES = [
    "members:account_list",
    "members:account_create",
    "members:organization_create",
    ("members:import_upload", "organizations"),
    ("members:import_upload", "people"),
    ("members:import_upload", "areas"),
    ("members:import_template", "organizations"),
]


def _url(page):
    return reverse(page[0], args=[page[1]]) if isinstance(page, tuple) else reverse(page)


@pytest.mark.parametrize("page", OFFICE_PAGES, ids=str)
@pytest.mark.parametrize("role", ["unit", "council", "leader"])
def test_office_page_answers_403_to_other_roles(client_for, users, page, role):
    response = client_for(users[role]).get(_url(page))

    assert response.status_code == 403


@pytest.mark.parametrize("page", OFFICE_PAGES, ids=str)
def test_office_page_answers_200_to_office(client_for, office_user, page):
    response = client_for(office_user).get(_url(page))

    assert response.status_code == 200


@pytest.mark.parametrize("role", ["unit", "council", "leader"])
def test_organization_create_post_by_other_roles_creates_nothing(client_for, users, role):
    from members.models import Organization

    before = Organization.objects.count()

    response = client_for(users[role]).post(
        reverse("members:organization_create"), {"name": "HTX Lén", "kind": "cooperative", "sector": "agriculture"}
    )

    assert (response.status_code, Organization.objects.count()) == (403, before)


@pytest.mark.parametrize("role", ["unit", "council", "leader"])
def test_account_create_post_by_other_roles_creates_nothing(client_for, users, role):
    from members.models import User

    before = User.objects.count()

    response = client_for(users[role]).post(
        reverse("members:account_create"),
        {
            "username": "ke_gian",
            "role": Role.OFFICE,
            "password1": "Mat-khau-rat-dai-1",
            "password2": "Mat-khau-rat-dai-1",
        },
    )

    assert (response.status_code, User.objects.count()) == (403, before)

"""Only a superuser creates, promotes or resets office and leadership accounts; every change is recorded (issue 16).

The attacks as written: the office creates an account with the leader role, approves a
report as that account, resets the chairman's password. Each is refused with a field
message or 403 and nothing is stored.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from factories import UserFactory

from members.models import AccountChange, Role, User
from members.services import create_account, set_account_password, update_account

pytestmark = pytest.mark.usefixtures("english")

PASSWORD = "Cay-ca-phe-2021"


def new_account(**values):
    data = {
        "username": "chutich2",
        "first_name": "Văn",
        "last_name": "Trần",
        "email": "chutich2@example.org",
        "phone": "",
        "role": "leader",
        "organization": "",
        "is_active": "on",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(values)
    return data


@pytest.fixture
def root(db):
    return UserFactory(username="quantri", role="", is_superuser=True, is_staff=True)


@pytest.fixture
def english_for(client_for):
    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


@pytest.mark.parametrize("role", ["leader", "office"])
def test_the_office_cannot_create_a_leader_or_office_account(english_for, office_user, role):
    response = english_for(office_user).post(reverse("members:account_create"), new_account(role=role))

    assert response.status_code == 200
    assert response.context["form"].errors["role"] == ["Only an administrator may give the office or leadership role."]
    assert (User.objects.filter(username="chutich2").count(), AccountChange.objects.count()) == (0, 0)


def test_the_office_cannot_then_approve_a_report_as_a_leader_it_made(client_for, office_user):
    """Without the leader account it could not create, the office has no way to approve: approving is the leader's."""
    client_for(office_user).post(reverse("members:account_create"), new_account())

    assert not User.objects.filter(role=Role.LEADER).exists()
    assert not office_user.has_perm("awards.approve_decision")
    assert not office_user.has_perm("reports.approve")


def test_the_office_cannot_promote_a_unit_account_to_leader(english_for, office_user, unit_user):
    response = english_for(office_user).post(
        reverse("members:account_edit", args=[unit_user.pk]),
        {"username": unit_user.username, "role": "leader", "email": unit_user.email, "is_active": "on"},
    )

    unit_user.refresh_from_db()
    assert (response.status_code, unit_user.role, AccountChange.objects.count()) == (200, Role.UNIT, 0)
    assert "role" in response.context["form"].errors


def test_the_office_cannot_reset_the_chairmans_password(client_for, office_user, leader_user):
    response = client_for(office_user).post(
        reverse("members:account_password", args=[leader_user.pk]),
        {"new_password1": "Ho-tieu-Dak-Song-7", "new_password2": "Ho-tieu-Dak-Song-7"},
    )

    leader_user.refresh_from_db()
    assert (response.status_code, leader_user.check_password("Ho-tieu-Dak-Song-7")) == (403, False)
    assert AccountChange.objects.count() == 0


@pytest.mark.parametrize("page", ["members:account_edit", "members:account_password"])
def test_the_office_reaches_no_page_of_another_office_or_leader_account(client_for, office_user, leader_user, page):
    other_office = UserFactory(role=Role.OFFICE)

    assert client_for(office_user).get(reverse(page, args=[leader_user.pk])).status_code == 403
    assert client_for(office_user).get(reverse(page, args=[other_office.pk])).status_code == 403


def test_the_services_refuse_the_office_whatever_the_form_says(office_user, leader_user, unit_user):
    with pytest.raises(PermissionDenied):
        create_account(User(username="x1", role=Role.LEADER), by=office_user)
    with pytest.raises(PermissionDenied):
        set_account_password(leader_user, "Ho-tieu-Dak-Song-7", by=office_user)
    unit_user.role, unit_user.organization = Role.OFFICE, None
    with pytest.raises(PermissionDenied):
        update_account(unit_user, by=office_user)
    assert (User.objects.filter(username="x1").count(), AccountChange.objects.count()) == (0, 0)


def test_a_superuser_creates_a_leader_and_resets_its_password_each_recorded(english_for, root):
    client = english_for(root)

    client.post(reverse("members:account_create"), new_account())
    leader = User.objects.get(username="chutich2")
    client.post(
        reverse("members:account_password", args=[leader.pk]),
        {"new_password1": "Ho-tieu-Dak-Song-7", "new_password2": "Ho-tieu-Dak-Song-7"},
    )

    leader.refresh_from_db()
    assert (leader.role, leader.check_password("Ho-tieu-Dak-Song-7")) == (Role.LEADER, True)
    changes = list(AccountChange.objects.order_by("pk").values_list("account__username", "action", "new_role", "by"))
    assert changes == [("chutich2", "created", "leader", root.pk), ("chutich2", "password", "leader", root.pk)]
    page = client.get(reverse("members:account_changes")).content.decode()
    assert "Account created" in page and "Password set" in page and "quantri" in page


def test_the_office_still_manages_unit_and_council_accounts_and_it_is_recorded(client_for, office_user, own_org):
    client = client_for(office_user)

    client.post(reverse("members:account_create"), new_account(username="hoidong9", role="council"))
    council = User.objects.get(username="hoidong9")
    client.post(
        reverse("members:account_edit", args=[council.pk]),
        {"username": "hoidong9", "role": "unit", "organization": own_org.pk, "email": "", "is_active": ""},
    )

    actions = list(AccountChange.objects.order_by("pk").values_list("action", "old_role", "new_role", "by"))
    assert actions == [
        ("created", "", "council", office_user.pk),
        ("role", "council", "unit", office_user.pk),
        ("deactivated", "unit", "unit", office_user.pk),
    ]


def test_a_superuser_promotes_a_unit_account_to_office_recorded_with_who(client_for, root, unit_user):
    client_for(root).post(
        reverse("members:account_edit", args=[unit_user.pk]),
        {"username": unit_user.username, "role": "office", "email": unit_user.email, "is_active": "on"},
    )

    unit_user.refresh_from_db()
    change = AccountChange.objects.get()
    assert (unit_user.role, change.action, change.old_role, change.new_role, change.by) == (
        Role.OFFICE,
        "role",
        "unit",
        "office",
        root,
    )


def test_the_account_list_offers_no_edit_link_on_a_leader_account_to_the_office(client_for, office_user, leader_user):
    page = client_for(office_user).get(reverse("members:account_list")).content.decode()

    assert reverse("members:account_password", args=[leader_user.pk]) not in page

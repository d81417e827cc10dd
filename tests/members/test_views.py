"""Pages of the registry and the site: forms, accounts, login, home, language, health."""

import html
import re

import pytest
from django.db import OperationalError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from factories import TEST_PASSWORD, OrganizationFactory, PersonFactory, UserFactory

from members.forms import UnitOrganizationForm
from members.models import OperatingStatus, Organization, Person, Role, StatusChange, User

pytestmark = pytest.mark.django_db


def field_error(response, field):
    """The message shown under a form field, as the user reads it."""
    match = re.search(
        rf'id="id_{field}_error"[^>]*>\s*<span[^>]*><strong>(.*?)</strong>', response.content.decode(), re.S
    )
    return html.unescape(match.group(1)) if match else None


def input_value(response, field):
    match = re.search(rf'<input[^>]*name="{field}"[^>]*value="([^"]*)"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def vi(message):
    """A message as the default language (vi) renders it."""
    with translation.override("vi"):
        return translation.gettext(message)


def org_form(**values):
    data = {
        "name": "Hợp tác xã Nông nghiệp Dịch vụ Tâm Thắng",
        "short_name": "HTX Tâm Thắng",
        "kind": "cooperative",
        "tax_code": "6400555001",
        "sector": "agriculture",
        "address": "Thôn 2",
        "founded_on": "15/03/2018",
        "members_count": "25",
        "workers_count": "40",
        "representative": "Nguyễn Văn Bình",
        "phone": "",
        "email": "",
        "is_alliance_member": "on",
    }
    data.update(values)
    return data


# --- organizations -------------------------------------------------------------------


def test_organization_create_by_office_saves_and_records_the_author(client_for, office_user):
    response = client_for(office_user).post(reverse("members:organization_create"), org_form())

    org = Organization.objects.get()
    assert (response.status_code, response.url) == (302, org.get_absolute_url())
    assert (org.name, org.tax_code, org.members_count, org.founded_on.isoformat(), org.status) == (
        "Hợp tác xã Nông nghiệp Dịch vụ Tâm Thắng",
        "6400555001",
        25,
        "2018-03-15",
        OperatingStatus.ACTIVE,
    )
    record = org.history.get()
    assert (record.history_type, record.history_user) == ("+", office_user)


def test_organization_create_places_it_in_the_district_and_province_of_its_commune(client_for, office_user, dak_nong):
    client_for(office_user).post(reverse("members:organization_create"), org_form(commune=dak_nong.ea_po.pk))

    org = Organization.objects.get()
    assert (org.province, org.district, org.commune) == (dak_nong.dak_nong, dak_nong.cu_jut, dak_nong.ea_po)


def test_organization_create_with_a_commune_outside_the_district_shows_the_error_on_the_commune(
    client_for, office_user, dak_nong
):
    response = client_for(office_user).post(
        reverse("members:organization_create"), org_form(district=dak_nong.dak_mil.pk, commune=dak_nong.ea_po.pk)
    )

    assert (response.status_code, list(response.context["form"].errors), Organization.objects.count()) == (
        200,
        ["commune"],
        0,
    )


def test_organization_edit_by_office_records_the_change_with_its_author(client_for, office_user, own_org):
    response = client_for(office_user).post(
        reverse("members:organization_edit", args=[own_org.pk]),
        org_form(name=own_org.name, tax_code=own_org.tax_code, members_count="31"),
    )

    own_org.refresh_from_db()
    latest = own_org.history.latest()
    assert (response.status_code, own_org.members_count) == (302, 31)
    assert (latest.history_type, latest.history_user, own_org.history.count()) == ("~", office_user, 2)


def test_organization_edit_get_changes_nothing(client_for, office_user, own_org):
    response = client_for(office_user).get(reverse("members:organization_edit", args=[own_org.pk]))

    assert (response.status_code, own_org.history.count()) == (200, 1)


def test_organization_form_error_keeps_the_typed_values_and_shows_the_message_on_the_field(
    client_for, office_user, own_org
):
    response = client_for(office_user).post(
        reverse("members:organization_create"),
        org_form(name="HTX Gõ Tay Thử", tax_code=own_org.tax_code, representative="Trần Thị Mai"),
    )

    message = vi("Another organization already has this registration or tax code.")
    assert (response.status_code, response.context["form"].errors) == (200, {"tax_code": [message]})
    assert (
        field_error(response, "tax_code"),
        input_value(response, "name"),
        input_value(response, "representative"),
    ) == (
        message,
        "HTX Gõ Tay Thử",
        "Trần Thị Mai",
    )
    assert Organization.objects.count() == 1


def test_organization_form_with_a_founding_date_in_the_future_is_refused(client_for, office_user):
    response = client_for(office_user).post(reverse("members:organization_create"), org_form(founded_on="01/01/2999"))

    assert (list(response.context["form"].errors), Organization.objects.count()) == (["founded_on"], 0)


def test_unit_organization_form_offers_only_the_profile_fields():
    assert list(UnitOrganizationForm().fields) == [
        "short_name",
        "address",
        "founded_on",
        "members_count",
        "workers_count",
        "representative",
        "phone",
        "email",
    ]


def test_organization_edit_by_its_unit_changes_only_the_profile_fields(client_for, unit_user, own_org):
    response = client_for(unit_user).post(
        reverse("members:organization_edit", args=[own_org.pk]),
        org_form(name="Tên Mới Tự Đặt", kind="alliance", tax_code="0000000000", members_count="44", address="Thôn 9"),
    )

    own_org.refresh_from_db()
    assert (response.status_code, own_org.members_count, own_org.address) == (302, 44, "Thôn 9")
    assert (own_org.name, own_org.kind, own_org.tax_code) == (
        "Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil",
        "cooperative",
        "6400100001",
    )
    assert own_org.history.latest().history_user == unit_user


def test_organization_status_post_by_office_records_the_change(client_for, office_user, own_org):
    response = client_for(office_user).post(
        reverse("members:organization_status", args=[own_org.pk]),
        {"status": "suspended", "effective_on": "01/09/2021", "cause": "Giãn cách xã hội", "caused_by_covid": "on"},
    )

    change = StatusChange.objects.get()
    own_org.refresh_from_db()
    assert (response.status_code, own_org.status) == (302, "suspended")
    assert (change.changed_by, change.cause, change.caused_by_covid, change.effective_on.isoformat()) == (
        office_user,
        "Giãn cách xã hội",
        True,
        "2021-09-01",
    )


def test_organization_status_suspension_without_a_cause_shows_the_error_on_the_cause(client_for, office_user, own_org):
    response = client_for(office_user).post(
        reverse("members:organization_status", args=[own_org.pk]), {"status": "suspended", "effective_on": "01/09/2021"}
    )

    assert (list(response.context["form"].errors), StatusChange.objects.count()) == (["cause"], 0)


def test_organization_status_dated_before_the_last_change_shows_the_error_on_the_date(client_for, office_user, own_org):
    client = client_for(office_user)
    url = reverse("members:organization_status", args=[own_org.pk])
    client.post(url, {"status": "suspended", "effective_on": "01/09/2021", "cause": "Covid-19"})

    response = client.post(url, {"status": "active", "effective_on": "31/08/2021"})

    assert (response.status_code, list(response.context["form"].errors), StatusChange.objects.count()) == (
        200,
        ["effective_on"],
        1,
    )


def test_organization_history_names_who_changed_it(client_for, office_user, own_org):
    client = client_for(office_user)
    client.post(
        reverse("members:organization_edit", args=[own_org.pk]),
        org_form(name=own_org.name, tax_code=own_org.tax_code, members_count="31"),
    )

    response = client.get(reverse("members:organization_history", args=[own_org.pk]))

    rows = response.context["records"]
    assert [
        (row["record"].history_user, [(c["old"], c["new"]) for c in row["changes"] if c["old"] == 12])
        for row in rows[:1]
    ] == [(office_user, [(12, 31)])]


# --- people ---------------------------------------------------------------------------


def person_form(org, **values):
    data = {
        "full_name": "H'Hen Niê",
        "gender": "female",
        "birth_year": "1988",
        "ethnicity": "Ê Đê",
        "position": "Xã viên",
        "organization": org.pk,
        "is_direct_worker": "on",
        "phone": "",
        "email": "",
    }
    data.update(values)
    return data


def test_person_create_by_a_unit_adds_the_person_to_its_organization(client_for, unit_user, own_org):
    response = client_for(unit_user).post(reverse("members:person_create"), person_form(own_org))

    person = Person.objects.get()
    assert (response.status_code, response.url, person.organization, person.history.get().history_user) == (
        302,
        person.get_absolute_url(),
        own_org,
        unit_user,
    )


def test_person_create_by_a_unit_offers_only_its_organization(client_for, unit_user, own_org, other_org):
    response = client_for(unit_user).get(reverse("members:person_create"), {"organization": other_org.pk})

    form = response.context["form"]
    assert (list(form.fields["organization"].queryset), form.initial.get("organization")) == ([own_org], None)


def test_person_create_by_a_unit_for_another_organization_is_refused_on_the_field(client_for, unit_user, other_org):
    response = client_for(unit_user).post(reverse("members:person_create"), person_form(other_org))

    assert (response.status_code, list(response.context["form"].errors), Person.objects.count()) == (
        200,
        ["organization"],
        0,
    )


def test_person_edit_by_a_unit_cannot_move_the_person_to_another_organization(
    client_for, unit_user, own_org, other_org
):
    person = PersonFactory(organization=own_org)

    response = client_for(unit_user).post(reverse("members:person_edit", args=[person.pk]), person_form(other_org))

    person.refresh_from_db()
    assert (response.status_code, list(response.context["form"].errors), person.organization) == (
        200,
        ["organization"],
        own_org,
    )


def test_person_create_of_a_child_is_refused_on_the_birth_year(client_for, office_user, own_org):
    response = client_for(office_user).post(reverse("members:person_create"), person_form(own_org, birth_year="2020"))

    assert (list(response.context["form"].errors), Person.objects.count()) == (["birth_year"], 0)


# --- lists ------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(__import__("django.db").db.connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["members:organization_list", "members:person_list"])
def test_list_page_query_count_does_not_grow_with_its_rows(client_for, office_user, dak_nong, url_name):
    client = client_for(office_user)
    org = OrganizationFactory(province=dak_nong.dak_nong, district=dak_nong.cu_jut, commune=dak_nong.ea_po)
    PersonFactory(organization=org)
    client.get(reverse(url_name))  # warm caches (content types, sessions)
    one = _queries(client, reverse(url_name))
    for _ in range(2):
        PersonFactory(organization=OrganizationFactory(province=dak_nong.dak_nong, district=dak_nong.dak_mil))

    three = _queries(client, reverse(url_name))

    assert three == one


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "Cà phê"}, ["Hợp tác xã Cà phê Thuận An"]),
        ({"kind": "credit_fund"}, ["Quỹ tín dụng nhân dân Đức Lập"]),
        ({"status": "suspended"}, ["Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil"]),
        ({"sector": "credit"}, ["Quỹ tín dụng nhân dân Đức Lập"]),
    ],
)
def test_organization_list_filters_by_search_kind_status_and_sector(
    client_for, office_user, own_org, other_org, params, expected
):
    OrganizationFactory(name="Quỹ tín dụng nhân dân Đức Lập", kind="credit_fund", sector="credit")
    Organization.objects.filter(pk=own_org.pk).update(status="suspended")

    response = client_for(office_user).get(reverse("members:organization_list"), params)

    assert [o.name for o in response.context["page"].object_list] == expected


def test_organization_list_filters_by_district(client_for, office_user, dak_nong):
    OrganizationFactory(name="HTX Cư Jút", district=dak_nong.cu_jut)
    OrganizationFactory(name="HTX Đắk Mil", district=dak_nong.dak_mil)

    response = client_for(office_user).get(reverse("members:organization_list"), {"district": dak_nong.dak_mil.pk})

    assert [o.name for o in response.context["page"].object_list] == ["HTX Đắk Mil"]


def test_organization_list_paginates(client_for, office_user, settings):
    OrganizationFactory.create_batch(30)

    response = client_for(office_user).get(reverse("members:organization_list"), {"page": "2"})

    page = response.context["page"]
    assert (page.number, len(page.object_list), page.paginator.num_pages) == (2, 5, 2)


# --- accounts --------------------------------------------------------------------------


def account_form(**values):
    data = {
        "username": "donvi9",
        "first_name": "Thị",
        "last_name": "Phạm",
        "email": "donvi9@example.org",
        "phone": "",
        "role": "unit",
        "organization": "",
        "is_active": "on",
        "password1": "Cay-ca-phe-2021",
        "password2": "Cay-ca-phe-2021",
    }
    data.update(values)
    return data


def test_account_create_of_a_unit_without_organization_shows_the_error_on_the_organization(client_for, office_user):
    response = client_for(office_user).post(reverse("members:account_create"), account_form())

    message = vi("A unit representative must belong to an organization.")
    assert (response.status_code, response.context["form"].errors, field_error(response, "organization")) == (
        200,
        {"organization": [message]},
        message,
    )
    assert User.objects.filter(username="donvi9").count() == 0


def test_account_create_of_a_unit_binds_it_to_its_organization(client_for, office_user, own_org):
    response = client_for(office_user).post(reverse("members:account_create"), account_form(organization=own_org.pk))

    account = User.objects.get(username="donvi9")
    assert (response.status_code, account.role, account.organization, account.check_password("Cay-ca-phe-2021")) == (
        302,
        Role.UNIT,
        own_org,
        True,
    )


def test_account_create_of_staff_with_an_organization_shows_the_error_on_the_organization(
    client_for, office_user, own_org
):
    response = client_for(office_user).post(
        reverse("members:account_create"), account_form(role="council", organization=own_org.pk)
    )

    assert (list(response.context["form"].errors), User.objects.filter(username="donvi9").count()) == (
        ["organization"],
        0,
    )


def test_account_create_with_different_passwords_is_refused(client_for, office_user):
    response = client_for(office_user).post(
        reverse("members:account_create"), account_form(role="council", password2="Khac-hoan-toan-99")
    )

    assert list(response.context["form"].errors) == ["password2"]


def test_account_password_set_by_office_lets_the_user_log_in_with_it(client_for, office_user, unit_user):
    response = client_for(office_user).post(
        reverse("members:account_password", args=[unit_user.pk]),
        {"new_password1": "Ho-tieu-Dak-Song-7", "new_password2": "Ho-tieu-Dak-Song-7"},
    )

    unit_user.refresh_from_db()
    assert (response.status_code, unit_user.check_password("Ho-tieu-Dak-Song-7")) == (302, True)


def test_account_edit_by_a_superuser_cannot_deactivate_its_own_account(client_for):
    root = UserFactory(role="office", is_superuser=True, is_staff=True)

    response = client_for(root).post(
        reverse("members:account_edit", args=[root.pk]),
        {"username": root.username, "role": "office", "email": root.email},
    )

    root.refresh_from_db()
    assert (list(response.context["form"].errors), root.is_active) == (["is_active"], True)


def test_account_edit_of_its_own_office_account_is_refused_to_the_office(client_for, office_user):
    response = client_for(office_user).get(reverse("members:account_edit", args=[office_user.pk]))

    assert response.status_code == 403


def test_account_pages_of_a_superuser_are_refused_to_office(client_for, office_user):
    root = UserFactory(role="", is_superuser=True, is_staff=True)

    response = client_for(office_user).get(reverse("members:account_password", args=[root.pk]))

    assert response.status_code == 403


# --- login, logout, home ----------------------------------------------------------------------


def test_login_page_answers_200(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200


def test_login_with_the_right_password_goes_home(client, office_user):
    response = client.post(reverse("login"), {"username": "vanphong", "password": TEST_PASSWORD})

    assert (response.status_code, response.url) == (302, reverse("home"))


def test_login_with_a_wrong_password_stays_on_the_login_page(client, office_user):
    response = client.post(reverse("login"), {"username": "vanphong", "password": "sai-mat-khau"})

    assert (
        response.status_code,
        bool(response.context["form"].non_field_errors()),
        "_auth_user_id" in client.session,
    ) == (
        200,
        True,
        False,
    )


def test_logout_by_get_is_not_allowed(client_for, office_user):
    client = client_for(office_user)

    response = client.get(reverse("logout"))

    assert (response.status_code, client.get(reverse("home")).status_code) == (405, 200)


def test_logout_by_post_ends_the_session(client_for, office_user):
    client = client_for(office_user)

    response = client.post(reverse("logout"))

    assert (response.status_code, response.url, client.get(reverse("home")).status_code) == (302, reverse("login"), 302)


def test_home_shows_a_unit_its_own_home_page(client_for, unit_user, own_org):
    response = client_for(unit_user).get(reverse("home"))

    assert (response.status_code, response.context["organization"]) == (200, own_org)


@pytest.mark.parametrize("role", ["office", "leader", "council"])
def test_home_shows_the_registry_overview_to_staff_and_council(client_for, role, own_org, other_org):
    OrganizationFactory(status=OperatingStatus.SUSPENDED)

    response = client_for(UserFactory(role=role)).get(reverse("home"))

    assert (response.status_code, [t.name for t in response.templates][0], response.context["org_total"]) == (
        200,
        "ops/staff.html",
        3,
    )
    assert response.context["inactive_total"] == 1


def test_home_for_an_account_without_role_answers_403(client_for):
    response = client_for(UserFactory(role="")).get(reverse("home"))

    assert response.status_code == 403


def test_home_for_anonymous_redirects_to_login(client):
    response = client.get(reverse("home"))

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next=/")


# --- language --------------------------------------------------------------------------------


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_pages_are_in_vietnamese_by_default(client):
    response = client.get(reverse("login"))

    assert html_lang(response) == "vi"


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert html_lang(response) == "vi"


def test_language_switch_to_english_changes_the_page_language(client_for, office_user):
    client = client_for(office_user)

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})

    assert (response.status_code, response.url, html_lang(client.get(reverse("home")))) == (302, reverse("home"), "en")


def test_language_switch_back_to_vietnamese(client_for, office_user):
    client = client_for(office_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    client.post(reverse("set_language"), {"language": "vi", "next": "/"})

    assert html_lang(client.get(reverse("home"))) == "vi"


# --- health ------------------------------------------------------------------------------------


def test_healthz_without_broker_reports_ok_and_eager(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get("/healthz")

    assert (response.status_code, response["Content-Type"], response.json()) == (
        200,
        "application/json",
        {"database": "ok", "broker": "eager", "status": "ok"},
    )


class _BrokenConnection:
    def cursor(self):
        raise OperationalError("could not connect to server")


def test_healthz_when_the_database_fails_answers_503(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setattr("ops.views.connection", _BrokenConnection())

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (
        503,
        {"database": "error: OperationalError", "broker": "eager", "status": "error"},
    )


def test_healthz_when_the_broker_fails_answers_503(client, settings, monkeypatch):
    from thidua.celery import app

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app, "connection_for_write", refuse)

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (
        503,
        {"database": "ok", "broker": "error: ConnectionRefusedError", "status": "error"},
    )


def test_healthz_is_never_cached(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]

"""The pages of the legal parameters: who reaches them, and what adding, editing and deleting do."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import LegalParameter

ROLES = ["anonymous", "unit", "council", "leader", "office"]
LOGIN = "login"

PAGES = {
    # url, expected answer per role in the order of ROLES
    "list": (reverse("awards:parameter_list"), [LOGIN, 403, 200, 200, 200]),
    "list-on-date": (reverse("awards:parameter_list") + "?on=08/11/2021", [LOGIN, 403, 200, 200, 200]),
    "detail": (reverse("awards:parameter_detail", args=["base_salary"]), [LOGIN, 403, 200, 200, 200]),
    "calculator": (reverse("awards:calculator"), [LOGIN, 403, 200, 200, 200]),
    "create": (reverse("awards:value_create", args=["base_salary"]), [LOGIN, 403, 403, 403, 200]),
}


@pytest.fixture
def users(office_user, leader_user, council_user, unit_user):
    return {"anonymous": None, "unit": unit_user, "council": council_user, "leader": leader_user, "office": office_user}


@pytest.mark.parametrize(
    ("page", "role", "expected"),
    [
        pytest.param(page, role, expected, id=f"{page}-{role}")
        for page, (_url, answers) in PAGES.items()
        for role, expected in zip(ROLES, answers, strict=True)
    ],
)
def test_parameter_page_answers_each_role(client_for, users, demo_parameters, page, role, expected):
    url = PAGES[page][0]

    response = client_for(users[role]).get(url)

    if expected == LOGIN:
        assert (response.status_code, response.url) == (302, redirect_to_login(url).url)
    else:
        assert response.status_code == expected


def test_parameter_detail_of_an_unknown_key_answers_404(client_for, office_user):
    response = client_for(office_user).get(reverse("awards:parameter_detail", args=["no_such_key"]))

    assert response.status_code == 404


def test_parameter_list_shows_the_value_in_force_on_the_date_asked(client_for, leader_user, demo_parameters):
    response = client_for(leader_user).get(reverse("awards:parameter_list"), {"on": "08/11/2021"})

    money = response.context["groups"][0]["rows"]
    assert [(item["spec"].key, item["row"].value) for item in money] == [
        ("base_salary", Decimal(1490000)),
        ("bonus_rounding", Decimal(10000)),
    ]
    assert "cần kiểm tra trên vbpl.vn" in response.content.decode()


def test_parameter_list_export_holds_every_dated_value(client_for, office_user, demo_parameters):
    response = client_for(office_user).get(reverse("awards:parameter_list"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    keys = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert (len(keys), keys.count("base_salary")) == (LegalParameter.objects.count(), 4)


def test_parameter_list_export_is_refused_to_a_unit(client_for, unit_user, demo_parameters):
    response = client_for(unit_user).get(reverse("awards:parameter_list"), {"export": "xlsx"})

    assert response.status_code == 403


def test_parameter_detail_shows_the_timeline_newest_first_with_end_dates(client_for, council_user, demo_parameters):
    response = client_for(council_user).get(reverse("awards:parameter_detail", args=["base_salary"]))

    timeline = [(item["row"].valid_from, item["until"]) for item in response.context["timeline"]]
    assert timeline == [
        (dt.date(2026, 7, 1), None),
        (dt.date(2024, 7, 1), dt.date(2026, 6, 30)),
        (dt.date(2023, 7, 1), dt.date(2024, 6, 30)),
        (dt.date(2019, 7, 1), dt.date(2023, 6, 30)),
    ]


@pytest.mark.parametrize(
    ("query", "amount"),
    [
        ({"award": "bonus_commendation", "day": "08/11/2021", "collective": "0"}, "450.000"),
        ({"award": "bonus_commendation", "day": "01/08/2026", "collective": "0"}, "760.000"),
        ({"award": "bonus_commendation", "day": "01/08/2026", "collective": "1"}, "1.520.000"),
    ],
)
def test_calculator_shows_the_amount_of_the_day(client_for, leader_user, demo_parameters, query, amount):
    response = client_for(leader_user).get(reverse("awards:calculator"), {"form": "bonus", **query})

    assert f'bonus-amount">{amount}' in response.content.decode()


# --- adding a value -----------------------------------------------------------------------


def _post(value="2.700.000", valid_from="01/07/2027", **extra):
    return {"value": value, "valid_from": valid_from, "source": "Nghị định 99/2027/NĐ-CP, Điều 3", **extra}


def test_value_create_get_changes_nothing(client_for, office_user):
    response = client_for(office_user).get(reverse("awards:value_create", args=["base_salary"]))

    assert (response.status_code, LegalParameter.objects.count()) == (200, 0)


def test_value_create_post_records_the_value_and_who(client_for, office_user):
    response = client_for(office_user).post(reverse("awards:value_create", args=["base_salary"]), _post())

    row = LegalParameter.objects.get()
    assert (response.status_code, row.value, row.valid_from, row.created_by, row.history.get().history_user) == (
        302,
        Decimal(2700000),
        dt.date(2027, 7, 1),
        office_user,
        office_user,
    )


def test_value_create_post_with_a_bad_value_keeps_what_was_typed(client_for, office_user):
    response = client_for(office_user).post(
        reverse("awards:value_create", args=["council_quorum"]), _post(value="3/2", note="ghi chú")
    )

    form = response.context["form"]
    assert (response.status_code, list(form.errors), form["note"].value(), LegalParameter.objects.count()) == (
        200,
        ["value"],
        "ghi chú",
        0,
    )


@pytest.mark.parametrize("role", ["unit", "council", "leader"])
def test_value_create_post_by_other_roles_records_nothing(client_for, users, role):
    response = client_for(users[role]).post(reverse("awards:value_create", args=["base_salary"]), _post())

    assert (response.status_code, LegalParameter.objects.count()) == (403, 0)


# --- editing and deleting: only values whose date has not yet come -------------------------


def test_value_edit_get_of_an_upcoming_value_shows_the_form_and_changes_nothing(client_for, office_user, make_value):
    row = make_value(days=30)

    response = client_for(office_user).get(reverse("awards:value_edit", args=[row.pk]))

    row.refresh_from_db()
    assert (response.status_code, row.value, row.history.count()) == (200, Decimal(2600000), 1)


def test_value_edit_post_of_an_upcoming_value_changes_and_records_it(client_for, office_user, make_value):
    row = make_value(days=30)

    response = client_for(office_user).post(
        reverse("awards:value_edit", args=[row.pk]),
        _post(value="2.650.000", valid_from=row.valid_from.strftime("%d/%m/%Y")),
    )

    row.refresh_from_db()
    assert (response.status_code, row.value, row.history.first().history_user) == (302, Decimal(2650000), office_user)


def test_value_edit_post_repeated_records_nothing_more(client_for, office_user, make_value):
    row = make_value(days=30)
    url = reverse("awards:value_edit", args=[row.pk])
    data = _post(value="2.650.000", valid_from=row.valid_from.strftime("%d/%m/%Y"))
    client_for(office_user).post(url, data)

    client_for(office_user).post(url, data)

    assert row.history.count() == 2


@pytest.mark.parametrize("days", [0, -1, -365])
def test_value_edit_of_a_value_whose_date_has_come_is_refused(client_for, office_user, make_value, days):
    row = make_value(days=days)
    url = reverse("awards:value_edit", args=[row.pk])

    shown = client_for(office_user).get(url)
    posted = client_for(office_user).post(url, _post(value="1", valid_from=row.valid_from.strftime("%d/%m/%Y")))

    row.refresh_from_db()
    assert (shown.status_code, shown.url, posted.status_code) == (302, row.get_absolute_url(), 302)
    assert (row.value, row.history.count()) == (Decimal(2600000), 1)


def test_value_delete_get_asks_and_changes_nothing(client_for, office_user, make_value):
    row = make_value(days=30)

    response = client_for(office_user).get(reverse("awards:value_delete", args=[row.pk]))

    assert (response.status_code, LegalParameter.objects.filter(pk=row.pk).exists()) == (200, True)


def test_value_delete_post_deletes_and_records_who(client_for, office_user, make_value):
    row = make_value(days=30)

    response = client_for(office_user).post(reverse("awards:value_delete", args=[row.pk]))

    deleted = LegalParameter.history.filter(id=row.pk).first()
    assert (response.status_code, LegalParameter.objects.filter(pk=row.pk).exists()) == (302, False)
    assert (deleted.history_type, deleted.history_user) == ("-", office_user)


def test_value_delete_post_repeated_answers_404(client_for, office_user, make_value):
    row = make_value(days=30)
    url = reverse("awards:value_delete", args=[row.pk])
    client_for(office_user).post(url)

    response = client_for(office_user).post(url)

    assert (response.status_code, LegalParameter.history.filter(id=row.pk).count()) == (404, 2)


def test_value_delete_of_a_value_whose_date_has_come_is_refused(client_for, office_user, make_value):
    row = make_value(days=-1)

    response = client_for(office_user).post(reverse("awards:value_delete", args=[row.pk]))

    assert (response.status_code, LegalParameter.objects.filter(pk=row.pk).exists()) == (302, True)


@pytest.mark.parametrize("action", ["awards:value_edit", "awards:value_delete"])
@pytest.mark.parametrize("role", ["unit", "council", "leader"])
def test_value_change_post_by_other_roles_changes_nothing(client_for, users, make_value, action, role):
    row = make_value(days=30)

    response = client_for(users[role]).post(reverse(action, args=[row.pk]), _post(value="1"))

    row.refresh_from_db()
    assert (response.status_code, row.value) == (403, Decimal(2600000))


def test_parameter_detail_offers_edit_only_for_upcoming_values(client_for, office_user, make_value):
    past, upcoming = make_value(days=-10), make_value(days=10)

    content = client_for(office_user).get(reverse("awards:parameter_detail", args=["base_salary"])).content.decode()

    assert (reverse("awards:value_edit", args=[upcoming.pk]) in content) is True
    assert (reverse("awards:value_edit", args=[past.pk]) in content) is False


def test_parameter_detail_history_names_who_changed_what(client_for, office_user, make_value):
    row = make_value(days=10)
    client_for(office_user).post(
        reverse("awards:value_edit", args=[row.pk]),
        _post(value="2.650.000", valid_from=row.valid_from.strftime("%d/%m/%Y"), source=row.source),
    )

    response = client_for(office_user).get(reverse("awards:parameter_detail", args=["base_salary"]))

    changed = response.context["records"][0]
    assert (changed["record"].history_user, [(c["old"], c["new"]) for c in changed["changes"]]) == (
        office_user,
        [("2.600.000", "2.650.000")],
    )


def test_today_is_history_not_upcoming(make_value):
    row = make_value(days=0)

    assert (row.is_history(), row.valid_from) == (True, timezone.localdate())

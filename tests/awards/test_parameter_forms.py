"""The form of a dated value: how values are typed, and the messages on the fields."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from awards.forms import BonusForm, ParameterValueForm, VotesForm


def _data(**changes):
    data = {"value": "2.600.000", "valid_from": "01/07/2027", "source": "Nghị định 1/2027/NĐ-CP, Điều 3"}
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("key", "typed", "expected"),
    [
        ("base_salary", "2.530.000", "2530000"),
        ("base_salary", "2530000", "2530000"),
        ("base_salary", "2 530 000", "2530000"),
        ("bonus_commendation", "0,3", "0.3"),
        ("bonus_commendation", "0.3", "0.3"),
        ("bonus_commune_commendation", "0,15", "0.15"),
        ("council_quorum", "2/3", "0.6667"),
        ("council_quorum", "90%", "0.9"),
        ("council_quorum", "0,9", "0.9"),
        ("vote_majority", "1/2", "0.5"),
        ("streak_cstd_province", "3", "3"),
    ],
)
def test_value_form_reads_numbers_as_people_type_them(db, key, typed, expected):
    form = ParameterValueForm(_data(value=typed), key=key)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == Decimal(expected)


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        ("base_salary", ""),
        ("base_salary", "hai triệu"),
        ("base_salary", "0"),
        ("base_salary", "-1.800.000"),
        ("base_salary", "1800000,5"),
        ("council_quorum", "3/2"),
        ("council_quorum", "120%"),
        ("council_quorum", "1/0"),
        ("streak_cstd_province", "2,5"),
        ("bonus_commendation", "0,12345"),
    ],
)
def test_value_form_puts_a_bad_value_on_the_value_field(db, key, typed):
    form = ParameterValueForm(_data(value=typed), key=key)

    assert (form.is_valid(), list(form.errors)) == (False, ["value"])


def test_value_form_refuses_a_second_value_on_the_same_date_on_the_date_field(make_value):
    row = make_value(days=30)

    form = ParameterValueForm(_data(valid_from=row.valid_from.strftime("%d/%m/%Y")), key="base_salary")

    assert (form.is_valid(), list(form.errors)) == (False, ["valid_from"])


def test_value_form_allows_the_same_date_for_another_parameter(make_value):
    row = make_value(days=30)

    form = ParameterValueForm(
        _data(value="0,3", valid_from=row.valid_from.strftime("%d/%m/%Y")), key="bonus_commendation"
    )

    assert form.is_valid(), form.errors


def test_value_form_editing_a_row_keeps_its_own_date(make_value):
    row = make_value(days=30)

    form = ParameterValueForm(_data(valid_from=row.valid_from.strftime("%d/%m/%Y")), instance=row, key="base_salary")

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(("value", "typed"), [("0.6667", "2/3"), ("0.9", "0,9")])
def test_value_form_shows_a_stored_share_as_it_was_typed(make_value, value, typed):
    row = make_value(key="council_quorum", value=value)

    form = ParameterValueForm(instance=row, key="council_quorum")

    assert form.initial["value"] == typed


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"award": "bonus_commendation", "day": "01/01/2018", "collective": "0"}, "day"),
        ({"award": "bonus_cstdcs", "day": "01/08/2026", "collective": "1"}, "collective"),
        ({"award": "bonus_commendation", "day": "32/13/2026", "collective": "0"}, "day"),
        ({"award": "council_quorum", "day": "01/08/2026", "collective": "0"}, "award"),
    ],
)
def test_bonus_form_puts_the_problem_on_its_field(demo_parameters, data, field):
    form = BonusForm(data)

    assert (form.is_valid(), list(form.errors)) == (False, [field])


def test_bonus_form_computes_the_amount(demo_parameters):
    form = BonusForm({"award": "bonus_commendation", "day": "08/11/2021", "collective": "0"})

    assert form.is_valid()
    assert form.cleaned_data["bonus"].amount == 450000


def test_votes_form_gives_the_votes_needed_for_each_rule(demo_parameters):
    form = VotesForm({"members": "7", "day": dt.date(2026, 8, 1).strftime("%d/%m/%Y")})

    assert form.is_valid()
    assert [(line["row"].key, line["needed"]) for line in form.cleaned_data["lines"]] == [
        ("council_quorum", 5),
        ("vote_majority", 4),
        ("vote_two_thirds", 5),
        ("vote_province_titles", 7),
    ]


@pytest.mark.parametrize(
    ("key", "typed", "expected"),
    [("base_salary", "2,530,000", "2530000"), ("bonus_commendation", "0.3", "0.3"), ("council_quorum", "0.9", "0.9")],
)
def test_value_form_in_english_reads_english_number_formats(db, key, typed, expected):
    with translation.override("en"):
        form = ParameterValueForm(_data(value=typed), key=key)

        assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == Decimal(expected)

"""Issue 17 item 1: numbers as Vietnamese type them, one parser and one field for every form."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from core.fields import DecimalField as DecimalModelField
from core.forms import DecimalField, DecimalInput, format_decimal, parse_decimal

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "members", "documents", "campaign", "awards", "reports")


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("2,5", "2.5"),
        ("60,5", "60.5"),
        ("1.234,5", "1234.5"),
        ("1234.5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.500.000", "1500000"),
        ("1,500,000", "1500000"),
        ("1.500", "1500"),  # Vietnamese: the dot groups thousands
        ("0,25", "0.25"),
        ("0.25", "0.25"),
        (" 2 , 5 ", "2.5"),
        ("1 234,5", "1234.5"),
        ("-2,5", "-2.5"),
        ("\u22122,5", "-2.5"),
        ("30", "30"),
    ],
)
def test_numbers_read_the_vietnamese_way(typed, number):
    with translation.override("vi"):
        assert parse_decimal(typed) == Decimal(number)


def test_a_lone_dot_before_three_digits_follows_the_language():
    with translation.override("en"):
        assert parse_decimal("1.500") == Decimal("1.5")
        assert parse_decimal("1,500") == Decimal("1500")
    with translation.override("vi"):
        assert parse_decimal("1,500") == Decimal("1.5")


@pytest.mark.parametrize(
    "typed", ["abc", "2,5,5.1", "1.2.3,4,5", "12.34.56", "1.23.456", "2,,5", ",", "2,5a", "--1", "1e5"]
)
def test_garbage_is_refused(typed):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        parse_decimal(typed)
    assert refused.value.code == "invalid"


def test_empty_is_none():
    assert parse_decimal("") is None
    assert parse_decimal("   ") is None


@pytest.mark.parametrize(
    ("stored", "shown"), [("30.00", "30"), ("2.50", "2,5"), ("1234.50", "1234,5"), ("0.05", "0,05")]
)
def test_stored_values_are_shown_as_typed_and_read_back(stored, shown):
    with translation.override("vi"):
        assert format_decimal(Decimal(stored)) == shown
        assert parse_decimal(shown) == Decimal(stored)


def test_the_field_shows_a_text_input_with_the_decimal_keyboard_and_the_stored_value():
    class Form(forms.Form):
        points = DecimalField(max_digits=8, decimal_places=2, min_value=0)

    with translation.override("vi"):
        html = str(Form(initial={"points": Decimal("30.00")})["points"])
        assert 'type="text"' in html
        assert 'inputmode="decimal"' in html
        assert 'value="30"' in html
        form = Form(data={"points": "2,5"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["points"] == Decimal("2.5")
        refused = Form(data={"points": "hai phẩy năm"})
        assert not refused.is_valid()
        assert refused.errors["points"] == ["Hãy nhập một số, ví dụ 12,5."]
        # The digits of the column still bound what is typed: no silent rounding.
        assert not Form(data={"points": "2,555"}).is_valid()
        assert Form(data={"points": "2,5"}).is_valid()
        # A number typed that is refused keeps what was typed in the field.
        assert 'value="2,555"' in str(Form(data={"points": "2,555"})["points"])


def test_every_decimal_column_uses_the_one_field():
    """Every model form, admin and formset of a decimal column gets core.forms.DecimalField."""
    columns = [
        f"{model.__name__}.{field.name}"
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if type(field).__name__ == "DecimalField" and not isinstance(field, DecimalModelField)
    ]
    assert columns == [], "use core.fields.DecimalField for these columns"


def test_no_form_declares_another_decimal_or_number_input():
    """Forms declare decimals with core.forms.DecimalField (or NumberField, built on it), never
    Django's DecimalField/FloatField or a browser number input for a decimal."""
    found = []
    for app in APPS:
        for path in sorted(p for p in (ROOT / app).rglob("forms*.py") if p != ROOT / "core" / "forms.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr in ("DecimalField", "FloatField"):
                    if isinstance(node.value, ast.Name) and node.value.id == "forms":
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} forms.{node.attr}")
    assert found == []


def test_model_forms_of_decimal_columns_render_the_decimal_input():
    from awards.forms_nominations import AwardTypeForm  # noqa: PLC0415  (the forms under test)

    form = AwardTypeForm()
    assert isinstance(form.fields["quota_share"], DecimalField)
    assert isinstance(form.fields["quota_share"].widget, DecimalInput)

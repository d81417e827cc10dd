"""Form pieces every app's forms share: the date widget, the decimal field, row layouts, the base
model form, safe id choices."""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs=dict(placeholder="dd/mm/yyyy", inputmode="numeric"))


# --- numbers as Vietnamese type them ----------------------------------------------------------

NUMBER_INVALID = _("Enter a number, e.g. 12,5.")


def parse_decimal(text):
    """A number as people type it, with a decimal comma or point and optional grouping.

    The rules, in order (spaces, including non-breaking ones, are ignored; a leading - or −
    makes it negative):
    1. Both marks present: the last one is the decimal mark, the other groups thousands
       (“1.234,5” and “1,234.5” are both 1234.5).
    2. One mark appearing more than once groups thousands (“1.500.000”, “1,500,000”).
    3. One mark appearing once is the decimal mark (“2,5”, “1234.5”, “0.25”), except when it is
       followed by exactly three digits and is the active language's thousand mark: then it
       groups (“1.500” is fifteen hundred in Vietnamese; in English it is one and a half).
    Anything else (letters, two decimal marks, groups not of three digits after the first) is
    refused with NUMBER_INVALID. Returns a Decimal, or None for an empty text.
    """
    text = re.sub(r"\s", "", str(text)).replace("\u2212", "-")
    if not text:
        return None
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    else:
        mark = "," if "," in text else "." if "." in text else None
        if mark is None:
            decimal_mark = "."
        elif text.count(mark) > 1:
            decimal_mark = "," if mark == "." else "."
        elif re.fullmatch(rf"-?\d+{re.escape(mark)}\d{{3}}", text) and mark == get_format("THOUSAND_SEPARATOR"):
            decimal_mark = "," if mark == "." else "."
        else:
            decimal_mark = mark
    grouping = "." if decimal_mark == "," else ","
    if grouping in text and not re.fullmatch(
        rf"-?\d{{1,3}}({re.escape(grouping)}\d{{3}})+({re.escape(decimal_mark)}\d+)?", text
    ):
        raise ValidationError(NUMBER_INVALID, code="invalid")
    text = text.replace(grouping, "").replace(decimal_mark, ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValidationError(NUMBER_INVALID, code="invalid")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only valid decimals
        raise ValidationError(NUMBER_INVALID, code="invalid") from exc


def format_decimal(value):
    """A stored number as a form shows it: no grouping, the active language's decimal mark,
    no trailing zeros (30.00 is “30”, 2.50 is “2,5” in Vietnamese). parse_decimal reads it back."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return format(number.quantize(Decimal(1)), "f")
    text = format(number.normalize(), "f")
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


class DecimalInput(forms.TextInput):
    """A text input with the phone's decimal keyboard: the browser's number input drops “2,5”."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return format_decimal(value)
        return super().format_value(value)


class DecimalField(forms.DecimalField):
    """The one decimal field of every form: reads “2,5”, “1.234,5” and “1234.5” by parse_decimal,
    shows stored values by format_decimal; bounds and digits checked as Django's DecimalField does."""

    widget = DecimalInput
    default_error_messages = {"invalid": NUMBER_INVALID}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        return parse_decimal(value)

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return format_decimal(value)
        return value


def rows_layout(fields, rows):
    """A crispy layout of the given rows of field names, skipping fields the form lacks."""
    parts = []
    for row in rows:
        present = [name for name in row if name in fields]
        if len(present) == 1:
            parts.append(present[0])
        elif present:
            parts.append(Row(*[Column(name, css_class="col-md") for name in present]))
    return Layout(*parts)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Every multiple choice of rows: an id no integer column can hold is refused as invalid.

    Django checks each posted id lazily and then runs one `pk__in` query; on SQLite an id past
    2**63 makes that query raise OverflowError (a server error) instead of a form error.
    """

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        model_field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if isinstance(model_field, models.IntegerField):
            for pk in value:
                try:
                    too_big = abs(int(str(pk).strip())) >= 2**63
                except ValueError:
                    continue  # not a number: Django refuses it as it always has
                if too_big:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


class BaseForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def rebind(self, data, instance):
        """Bind this form, built once, to another row's `data` and `instance`, as the constructor
        would have: an import checks thousands of rows by exactly the rules of one form (its
        fields, querysets and layout built once, not once a row). Returns is_valid()."""
        self.data, self.files, self.is_bound = data, {}, True
        self.instance = instance
        if self.empty_permitted or any(field.disabled for field in self.fields.values()):
            # Only these read the initial values when the form is checked (has_changed, disabled fields).
            self.initial = forms.models.model_to_dict(instance, self._meta.fields, self._meta.exclude)
        self._errors = None
        for bound in self._bound_fields_cache.values():  # kept: they read the new data; not the old initial
            bound.__dict__.pop("initial", None)
            bound.__dict__.pop("subwidgets", None)
        return self.is_valid()

"""Form pieces every app's forms share: the date widget, row layouts, the base model form, safe id choices."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs=dict(placeholder="dd/mm/yyyy", inputmode="numeric"))


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

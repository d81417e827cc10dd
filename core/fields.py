"""Model fields every app shares."""

from django.db import models

from .forms import DecimalField as DecimalFormField


class DecimalField(models.DecimalField):
    """A decimal column whose forms (model forms, admin, formsets) read numbers as Vietnamese type
    them: its form field is core.forms.DecimalField. Migrations see a plain DecimalField."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DecimalFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

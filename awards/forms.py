"""Forms of the legal parameters: a dated value, the date lookup, the calculators."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, DecimalInput, parse_decimal, rows_layout

from .models import LegalParameter, as_fraction, plain
from .parameter_keys import AWARD_KEYS, SPECS, ParameterKind
from .parameters import NoParameterValue, NotForCollectives, Threshold, bonus_on, value_error, value_on, votes_needed


def _hint(kind):
    """The hint under the value field, with examples written in the active language's format."""
    if kind == ParameterKind.MONEY:
        return _("In VND, e.g. %(example)s.") % {"example": number_format(2530000, force_grouping=True)}
    if kind == ParameterKind.COEFFICIENT:
        return _("A decimal number, e.g. %(a)s or %(b)s.") % {
            "a": number_format(Decimal("0.3")),
            "b": number_format(12),
        }
    if kind == ParameterKind.RATIO:
        return _("A share of all members: 2/3, %(decimal)s or 90%%.") % {"decimal": number_format(Decimal("0.9"))}
    return _("A whole number.")


class ValueField(forms.CharField):
    """A number as people type it: 1.800.000, 0,3, a fraction 2/3 or a percentage 90%.

    Each number is read by core.forms.parse_decimal, the rules of every decimal field."""

    widget = DecimalInput
    default_error_messages = {"invalid": _("Enter a number, a fraction such as 2/3 or a percentage such as 90%.")}

    def _number(self, text):
        try:
            number = parse_decimal(text)
        except forms.ValidationError:
            number = None
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def to_python(self, value):
        text = super().to_python(value).replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if "/" in text:
            top, bottom = text.split("/", 1)
            bottom = self._number(bottom)
            if not bottom:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return (self._number(top) / bottom).quantize(Decimal("0.0001"))
        if text.endswith("%"):
            return (self._number(text[:-1]) / 100).quantize(Decimal("0.0001"))
        return self._number(text)


def _typed(key, value):
    """The stored value as the user would type it back: 2/3 rather than 0,6667."""
    if value in (None, ""):
        return ""
    if SPECS[key].kind == ParameterKind.RATIO:
        fraction = as_fraction(key, value)
        if 100 % fraction.denominator:
            return f"{fraction.numerator}/{fraction.denominator}"
    return number_format(plain(value), force_grouping=True)


class ParameterValueForm(forms.ModelForm):
    """A new dated value of one parameter, or a change to one whose date has not yet come."""

    value = ValueField(label=_("Value"))
    source_url = forms.URLField(label=_("Link to the source"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = LegalParameter
        fields = ["value", "valid_from", "source", "source_url", "confirmed", "note"]
        widgets = {"valid_from": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, key, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key
        self.instance.key = key
        spec = SPECS[key]
        self.fields["value"].help_text = _hint(spec.kind)
        # A phone shows digits for numbers; a share may be typed as 2/3, which needs the full keyboard.
        if spec.kind == ParameterKind.RATIO:
            self.fields["value"].widget.attrs["inputmode"] = "text"
        if self.instance.pk:
            self.initial["value"] = _typed(key, self.instance.value)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(
            self.fields, [["value", "valid_from"], ["source"], ["source_url"], ["confirmed"], ["note"]]
        )

    def clean_value(self):
        value = self.cleaned_data["value"]
        message = value_error(self.key, value)
        if message:
            raise forms.ValidationError(message)
        return value

    def clean_valid_from(self):
        day = self.cleaned_data["valid_from"]
        taken = LegalParameter.objects.filter(key=self.key, valid_from=day).exclude(pk=self.instance.pk)
        if day and taken.exists():
            raise forms.ValidationError(
                _("A value from %(date)s already exists: open it, or choose another date.")
                % {"date": day.strftime("%d/%m/%Y")}
            )
        return day


class _PlainForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class OnDateForm(_PlainForm):
    on = forms.DateField(label=_("What applies on"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def day(self):
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return timezone.localdate()


class BonusForm(_PlainForm):
    award = forms.ChoiceField(label=_("Title or form"), choices=[(key, SPECS[key].label) for key in AWARD_KEYS])
    day = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    collective = forms.TypedChoiceField(
        label=_("Awarded to"),
        choices=[("0", _("an individual")), ("1", _("a collective"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = rows_layout(self.fields, [["award"], ["day", "collective"]])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["bonus"] = bonus_on(data["award"], data["day"], collective=data["collective"])
        except NoParameterValue as missing:
            self.add_error("day", str(missing))
        except NotForCollectives as refused:
            self.add_error("collective", str(refused))
        return data


VOTE_KEYS = ["council_quorum", "vote_majority", "vote_two_thirds", "vote_province_titles"]


class VotesForm(_PlainForm):
    members = forms.IntegerField(label=_("Members of the council"), min_value=1, max_value=999)
    day = forms.DateField(label=_("Meeting date"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = rows_layout(self.fields, [["members", "day"]])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        lines = []
        for key in VOTE_KEYS:
            try:
                row = value_on(key, data["day"])
            except NoParameterValue as missing:
                self.add_error("day", str(missing))
                return data
            rule = Threshold(ratio=row.fraction, comparison=SPECS[key].comparison)
            lines.append({"row": row, "rule": rule, "needed": votes_needed(data["members"], rule)})
        data["lines"] = lines
        return data

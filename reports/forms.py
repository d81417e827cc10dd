"""Forms of progress reports: generating, the office's texts, returning, schedules, the Board's address."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from campaign.models import Criterion, ReportingPeriod, ReportSection, ReportTopic, SectionKind, SpecialPart

from .models import AnnualReport, BoardSettings, Report, ReportKind, ReportSchedule, ScheduleKind


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class PeriodChoices(forms.ModelChoiceField):
    def label_from_instance(self, period):
        return f"{period.name} ({period.starts_on:%d/%m/%Y} – {period.ends_on:%d/%m/%Y})"


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of report"),
        choices=ReportKind.choices,
        initial=ReportKind.PERIODIC,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "A mid-term review or a final summary covers the whole campaign from its start to the end of the "
            "period chosen, with its awards and exemplary examples."
        ),
    )
    period = PeriodChoices(label=_("Reporting period"), queryset=ReportingPeriod.objects.none())

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ReportKind.choices
        self.fields["period"].queryset = campaign.periods.order_by("starts_on", "pk")
        self.helper = _helper()

    def clean_kind(self):
        return self.cleaned_data.get("kind") or ReportKind.PERIODIC


TEXT_FIELDS = ["results", "difficulties", "proposals", "directions"]


class TextsForm(forms.ModelForm):
    """The office's texts; an empty one starts from the previous report's (`previous`: {field: text})."""

    class Meta:
        model = Report
        fields = TEXT_FIELDS
        widgets = {field: forms.Textarea(attrs={"rows": 6}) for field in TEXT_FIELDS}

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = []
        for field in TEXT_FIELDS:
            earlier = (previous or {}).get(field, "")
            if earlier and not getattr(self.instance, field) and not self.is_bound:
                self.initial[field] = earlier
                self.offered.append(str(self.fields[field].label))
        self.helper = _helper()


class SectionForm(forms.ModelForm):
    """A part of the report template: its title, introductory text and whether it is printed."""

    class Meta:
        model = ReportSection
        fields = ["title", "intro", "included"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind != SectionKind.GROUP:
            del self.fields["included"]
        self.helper = _helper()


class NewSectionForm(forms.ModelForm):
    """A part added to the template: a special part, or a free text with its title."""

    class Meta:
        model = ReportSection
        fields = ["kind", "special", "title", "intro"]
        widgets = {"kind": forms.RadioSelect, "intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (SectionKind.TEXT, SectionKind.TEXT.label),
            (SectionKind.SPECIAL, SectionKind.SPECIAL.label),
        ]
        self.fields["special"].choices = [("", "---------"), *SpecialPart.choices]
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == SectionKind.SPECIAL and not cleaned.get("special"):
            self.add_error("special", _("Choose the special part."))
        if cleaned.get("kind") == SectionKind.TEXT:
            cleaned["special"] = ""
            if not cleaned.get("title") and not cleaned.get("intro"):
                self.add_error("title", _("Give the part a title or a text."))
        return cleaned


class CriterionReportingForm(forms.ModelForm):
    """How the report tags and totals a criterion: never its scoring."""

    class Meta:
        model = Criterion
        fields = ["report_topic", "report_total", "report_unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_topic"].choices = ReportTopic.choices
        self.helper = _helper()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why the report goes back to draft.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ReportSchedule
        fields = ["kind", "day_of_month", "days_after_deadline", "hour", "enabled"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ScheduleKind.choices
        self.helper = _helper()

    def clean_hour(self):
        hour = self.cleaned_data["hour"]
        if hour is None or not 0 <= hour <= 23:
            raise ValidationError(_("Enter an hour from 0 to 23."), code="hour")
        return hour

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ScheduleKind.MONTH_DAY:
            day = cleaned.get("day_of_month")
            if day is None:
                self.add_error("day_of_month", _("Enter the day of the month."))
            elif not 1 <= day <= 28:
                self.add_error("day_of_month", _("Enter a day from 1 to 28, so that every month has it."))
        elif kind == ScheduleKind.AFTER_DEADLINE:
            days = cleaned.get("days_after_deadline")
            if days is None:
                self.add_error("days_after_deadline", _("Enter how many days after the deadline."))
            elif days > 60:
                self.add_error("days_after_deadline", _("Enter at most 60 days."))
        return cleaned


class BoardSettingsForm(forms.ModelForm):
    class Meta:
        model = BoardSettings
        fields = ["name", "email", "cc"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].error_messages["required"] = _("Enter the Board's e-mail address.")
        self.helper = _helper()

    def clean_cc(self):
        addresses = [a.strip() for a in self.cleaned_data["cc"].split(",") if a.strip()]
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError(
                _("Not an e-mail address: %(addresses)s.") % {"addresses": ", ".join(bad)}, code="invalid"
            )
        return ", ".join(addresses)


class AnnualGenerateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AnnualTextsForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["results", "difficulties", "directions", "proposals"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

"""Forms of the award history: a past award entered by the office, the import's file and its review,
the history's filters and the due list's year."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.collation import Vietnamese
from core.filters import SearchFilterSet
from core.forms import DATE_WIDGET
from members.forms import follow_organization, person_option_label
from members.models import Organization, Person

from .history import FIRST_YEAR, decision_date_error, year_error
from .models import AwardRecord, AwardType, Household, NomineeKind, RecordSource

PAST_KINDS = [
    (NomineeKind.INDIVIDUAL, NomineeKind.INDIVIDUAL.label),
    (NomineeKind.COLLECTIVE, NomineeKind.COLLECTIVE.label),
    (NomineeKind.HOUSEHOLD, NomineeKind.HOUSEHOLD.label),
]


class _PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_option_label(obj)


class PastAwardForm(forms.Form):
    """One award from the records: who, which award, the year it is for, and the decision."""

    nominee_kind = forms.ChoiceField(
        label=_("Awardee"), choices=PAST_KINDS, widget=forms.RadioSelect(attrs={"class": "nominee-kind"})
    )
    organization = forms.ModelChoiceField(
        Organization.objects.none(),
        label=_("Unit"),
        help_text=_("The unit awarded, or the unit of the person awarded: its people are listed below."),
    )
    person = _PersonField(Person.objects.none(), label=_("Person"), required=False)
    household = forms.ModelChoiceField(Household.objects.none(), label=_("Household"), required=False)
    award_type = forms.ModelChoiceField(
        AwardType.objects.none(),
        label=_("Award"),
        required=False,
        help_text=_("Choose it from the list, or write its name below when it is not in the list."),
    )
    title = forms.CharField(label=_("Title or form as written"), required=False, max_length=300)
    year = forms.IntegerField(label=_("Year of the award"), min_value=FIRST_YEAR)
    deciding_body = forms.CharField(label=_("Decided by"), required=False, max_length=300)
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["organization"].queryset = Organization.objects.order_by(Vietnamese("name"))
        self.fields["award_type"].queryset = AwardType.objects.order_by("order", "name")
        self.fields["household"].queryset = Household.objects.select_related("organization")
        follow_organization(self, Person.objects.select_related("organization").order_by("full_name"))
        self.fields["person"].widget.attrs["data-kind"] = NomineeKind.INDIVIDUAL
        self.fields["household"].widget.attrs["data-kind"] = NomineeKind.HOUSEHOLD

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("nominee_kind")
        unit = cleaned.get("organization")
        if kind == NomineeKind.INDIVIDUAL:
            person = cleaned.get("person")
            if person is None:
                self.add_error("person", gettext("Choose the person."))
            elif unit is not None and person.organization_id != unit.pk:
                self.add_error("person", gettext("This person is not of the unit chosen."))
        if kind == NomineeKind.HOUSEHOLD:
            household = cleaned.get("household")
            if household is None:
                self.add_error("household", gettext("Choose the household."))
            elif unit is not None and household.organization_id != unit.pk:
                self.add_error("household", gettext("This household is not of the unit chosen."))
        award_type = cleaned.get("award_type")
        if award_type is None and not (cleaned.get("title") or "").strip():
            self.add_error("title", gettext("Choose the award or write its name."))
        elif award_type is not None and kind and not award_type.accepts(kind):
            self.add_error(
                "award_type", gettext("“%(award)s” is not awarded to a nominee of this kind.") % {"award": award_type}
            )
        year = cleaned.get("year")
        if year is not None and (error := year_error(year)):
            self.add_error("year", error)
        elif year is not None and (error := decision_date_error(year, cleaned.get("decision_date"))):
            self.add_error("decision_date", error)
        return cleaned

    def service_values(self):
        data = self.cleaned_data
        kind = data["nominee_kind"]
        values = {
            "nominee_kind": kind,
            "award_type": data.get("award_type"),
            "title": data.get("title") or "",
            "year": data["year"],
            "deciding_body": data.get("deciding_body") or "",
            "decision_number": data.get("decision_number") or "",
            "decision_date": data.get("decision_date"),
            "note": data.get("note") or "",
        }
        if kind == NomineeKind.INDIVIDUAL:
            values["person"] = data["person"]
        elif kind == NomineeKind.HOUSEHOLD:
            values["household"] = data["household"]
        else:
            values["organization"] = data["organization"]
        return values


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx) made from the template"),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
    )


class WithdrawRecordForm(forms.Form):
    reason = forms.CharField(label=_("Why is the entry withdrawn?"), max_length=500)


class RecordFilter(SearchFilterSet):
    """The office's list of the history: unit, award, year, where it came from, search by name."""

    search_fields = ("person__full_name", "organization__name", "household__head_name", "title", "award_type__name")
    organization = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Organization.objects.order_by(Vietnamese("name"))
    )
    award_type = django_filters.ModelChoiceFilter(label=_("Award"), queryset=AwardType.objects.all())
    year = django_filters.NumberFilter(label=_("Year"))
    source = django_filters.ChoiceFilter(label=_("Source"), choices=RecordSource.choices)
    nominee_kind = django_filters.ChoiceFilter(label=_("Awardee"), choices=PAST_KINDS)

    class Meta:
        model = AwardRecord
        fields = ["q", "organization", "award_type", "year", "source", "nominee_kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if request is not None and not request.user.has_perm("members.view_registry"):
            del self.filters["organization"]


class DueForm(forms.Form):
    year = forms.IntegerField(label=_("Year considered"), min_value=FIRST_YEAR, max_value=2100)

"""Forms of the violation and ranking pages; the rules live in campaign.violations."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.collation import Vietnamese
from core.forms import DATE_WIDGET, DecimalField, rows_layout
from core.limits import SearchField
from members.forms import follow_organization, person_option_label
from members.models import Organization, OrganizationKind, Person

from .models import Criterion, ScoringRule, ViolationEffect
from .violations import ViolationError, check_violation


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_option_label(obj)


class ViolationForm(forms.Form):
    """A violation of one unit (or one of its people); checked by campaign.violations."""

    organization = forms.ModelChoiceField(
        Organization.objects.none(),
        label=_("Organization"),
        widget=forms.Select(attrs={"data-searchable": ""}),  # typed to find among a province's units
    )
    person = PersonChoiceField(
        Person.objects.none(), label=_("Person"), required=False, help_text=_("Leave empty for the unit itself.")
    )
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    criterion = forms.ModelChoiceField(Criterion.objects.none(), label=_("Criterion"), required=False)
    effect = forms.ChoiceField(label=_("Effect"), choices=ViolationEffect.choices)
    points = DecimalField(
        label=_("Points deducted"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("Empty: the criterion's points per violation. A veto takes off no points."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, help_text=_("Kept in the violation's history.")
    )

    def __init__(self, *args, campaign, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "organization": instance.organization_id,
                    "person": instance.person_id,
                    "occurred_on": instance.occurred_on,
                    "criterion": instance.criterion_id,
                    "effect": instance.effect,
                    "points": instance.points,
                    "description": instance.description,
                },
            )
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        organizations = (
            Organization.objects.current().filter(kind__in=campaign.subject_kinds or []).order_by(Vietnamese("name"))
        )
        self.fields["organization"].queryset = organizations
        follow_organization(
            self,
            Person.objects.filter(organization__in=organizations)
            .select_related("organization")
            .order_by(Vietnamese("full_name")),
        )
        self.fields["criterion"].queryset = campaign.criteria.filter(rule__in=[ScoringRule.DEDUCTION, ScoringRule.VETO])
        self.fields["occurred_on"].widget.attrs["inputmode"] = "numeric"
        if instance is None:
            del self.fields["reason"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(
            self.fields,
            [
                ["organization", "person"],
                ["occurred_on", "criterion"],
                ["effect", "points"],
                ["description"],
                ["reason"],
            ],
        )

    def clean(self):
        data = super().clean()
        needed = ("organization", "occurred_on", "effect")
        if any(name not in data for name in needed):
            return data  # the field errors are already shown
        try:
            data["points"] = check_violation(
                self.campaign,
                organization=data["organization"],
                person=data.get("person"),
                criterion=data.get("criterion"),
                occurred_on=data["occurred_on"],
                effect=data["effect"],
                points=data.get("points"),
            )
        except ViolationError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, str(exc))
        return data

    def service_kwargs(self):
        return {name: self.cleaned_data.get(name) for name in self.base_fields if name != "reason"}


class ViolationDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for deleting"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Kept in the history.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ViolationFilterForm(forms.Form):
    q = SearchField(label=_("Search"))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    effect = forms.ChoiceField(label=_("Effect"), required=False, choices=[("", "---------"), *ViolationEffect.choices])

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices(campaign)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"


def _kind_choices(campaign):
    labels = dict(OrganizationKind.choices)
    return [("", "---------")] + [
        (kind, labels[kind]) for kind in OrganizationKind.values if kind in (campaign.subject_kinds or [])
    ]


class RankingFilterForm(forms.Form):
    """Which ranking to show: a period or the cumulated score, of a kind, in an area."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, campaign, periods, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("Cumulated"))] + [(str(p.pk), p.name) for p in periods]
        self.fields["kind"].choices = _kind_choices(campaign)
        self.fields["area"].label = campaign.get_grouping_level_display()
        self.fields["area"].choices = [("", "---------")] + [(str(a.pk), a.name) for a in areas]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

"""Forms of campaigns, periods, criteria, bands and registration; messages on their fields."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.collation import Vietnamese
from core.errors import TransitionError
from core.forms import DATE_WIDGET, BaseForm, DecimalField, rows_layout
from members.models import OrganizationKind

from .areas import default_grouping, levels_on
from .models import (
    Campaign,
    CampaignStatus,
    ClassificationBand,
    Criterion,
    CriterionGroup,
    GroupingLevel,
    LegalBasis,
    PeriodKind,
    ReportingPeriod,
    ReportTopic,
    ScoringRule,
)
from .services import check_target, subject_units, target_criteria

MARKUP_HELP = _("A blank line starts a new paragraph; a paragraph in **…** is a bold heading.")
LONG_TEXTS = ["preamble", "purpose", "requirements", "subjects", "content", "solutions", "implementation", "closing"]


def _plain_helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


def _kind_choices(kinds=None):
    return [(code, label) for code, label in OrganizationKind.choices if kinds is None or code in kinds]


class CampaignForm(BaseForm):
    """Every field of the plan; the status is the lifecycle's, never the form's."""

    subject_kinds = forms.MultipleChoiceField(
        label=_("Kinds of organization taking part"),
        choices=_kind_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Units of these kinds may register; criteria apply per kind."),
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "short_name",
            "kind",
            "plan_number",
            "plan_date",
            "starts_on",
            "ends_on",
            "registration_closes_on",
            "grouping_level",
            "rankings_public",
            "reminder_days_before",
            "subject_kinds",
            *LONG_TEXTS,
        ]
        widgets = {
            "plan_date": DATE_WIDGET,
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "registration_closes_on": DATE_WIDGET,
            "name": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.Textarea(attrs={"rows": 6}) for name in LONG_TEXTS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in LONG_TEXTS:
            own = self.fields[name].help_text
            self.fields[name].help_text = f"{own} {MARKUP_HELP}" if own else MARKUP_HELP
        if not self.instance.pk and not self.is_bound:
            # A new campaign groups by a level that exists now (provinces after the 2025 reform).
            self.initial.setdefault("grouping_level", default_grouping(timezone.localdate()))
        self.fields["plan_number"].localize = False
        self.fields["plan_number"].widget.attrs["inputmode"] = "numeric"
        self.helper.layout = rows_layout(
            self.fields,
            [
                ["name"],
                ["short_name", "kind"],
                ["plan_number", "plan_date"],
                ["starts_on", "ends_on", "registration_closes_on", "grouping_level"],
                ["rankings_public"],
                ["subject_kinds"],
                ["reminder_days_before"],
                *[[name] for name in LONG_TEXTS],
            ],
        )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot be before the start."))
        closes = data.get("registration_closes_on")
        if closes and ends and closes > ends:
            self.add_error("registration_closes_on", _("Registration cannot close after the campaign ends."))
        level = data.get("grouping_level")
        existing = levels_on(starts) if starts else []
        if level and existing and level not in existing:
            self.add_error(
                "grouping_level",
                _("No %(level)s exists on %(day)s, the campaign's start: group by %(levels)s.")
                % {
                    "level": GroupingLevel(level).label.lower(),
                    "day": starts.strftime("%d/%m/%Y"),
                    "levels": ", ".join(str(GroupingLevel(x).label).lower() for x in existing),
                },
            )
        if self.instance.pk and starts and ends:
            outside = self.instance.periods.exclude(starts_on__gte=starts, ends_on__lte=ends)
            if outside.exists():
                self.add_error(
                    "ends_on" if ends < max(p.ends_on for p in outside) else "starts_on",
                    _("Some reporting periods fall outside these dates: %(names)s.")
                    % {"names": ", ".join(p.name for p in outside)},
                )
        if self.instance.pk and self.instance.status != CampaignStatus.DRAFT:
            removed = set(self.instance.subject_kinds or []) - set(data.get("subject_kinds") or [])
            if removed and self.instance.registrations.filter(organization__kind__in=removed).exists():
                self.add_error("subject_kinds", _("Units of a kind you removed have already registered."))
        return data


class LegalBasisForm(forms.ModelForm):
    class Meta:
        model = LegalBasis
        fields = ["number", "issued_on", "issuer", "title", "order"]
        widgets = {"issued_on": DATE_WIDGET, "title": forms.Textarea(attrs={"rows": 2})}


LegalBasisFormSet = forms.inlineformset_factory(
    Campaign, LegalBasis, form=LegalBasisForm, extra=2, can_delete=True, min_num=0
)


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _plain_helper()


# --- periods ---------------------------------------------------------------------------------


class PeriodForm(BaseForm):
    class Meta:
        model = ReportingPeriod
        fields = ["kind", "name", "starts_on", "ends_on", "deadline", "opens_on"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET, "deadline": DATE_WIDGET, "opens_on": DATE_WIDGET}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.instance.campaign = campaign
        self.helper.layout = rows_layout(
            self.fields, [["kind", "name"], ["starts_on", "ends_on", "deadline"], ["opens_on"]]
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.campaign.periods.filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This campaign already has a period of this name."))
        return name

    def clean(self):
        data = super().clean()
        starts, ends, deadline = data.get("starts_on"), data.get("ends_on"), data.get("deadline")
        campaign = self.campaign
        if starts and starts < campaign.starts_on:
            self.add_error(
                "starts_on",
                _("The campaign starts on %(date)s.") % {"date": campaign.starts_on.strftime("%d/%m/%Y")},
            )
        if ends and ends > campaign.ends_on:
            self.add_error(
                "ends_on", _("The campaign ends on %(date)s.") % {"date": campaign.ends_on.strftime("%d/%m/%Y")}
            )
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot be before the start."))
        if ends and deadline and deadline < ends:
            self.add_error("deadline", _("The deadline cannot be before the end of the period."))
        opens = data.get("opens_on")
        if opens and starts and opens > starts:
            self.add_error(
                "opens_on", _("Leave it empty to open the period at its start; a date here opens it earlier.")
            )
        return data


class GeneratePeriodsForm(forms.Form):
    """Which calendar periods to create (months when not said) and their deadline."""

    kind = forms.ChoiceField(
        label=_("Periods"),
        choices=[
            (PeriodKind.MONTH, _("Months")),
            (PeriodKind.QUARTER, _("Quarters")),
            (PeriodKind.HALF_YEAR, _("Half-years")),
            (PeriodKind.FINAL, _("The year")),
        ],
        initial=PeriodKind.MONTH,
        required=False,
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline, days after each period's end"),
        min_value=0,
        max_value=60,
        initial=5,
        help_text=_("Periods already listed by name are skipped, so this can be run again safely."),
    )

    def clean_kind(self):
        return self.cleaned_data.get("kind") or PeriodKind.MONTH

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _plain_helper()


# --- criteria and bands ----------------------------------------------------------------------


class CriterionGroupForm(BaseForm):
    class Meta:
        model = CriterionGroup
        fields = ["name", "order"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        if not self.instance.pk:
            self.fields["order"].initial = campaign.criterion_groups.count() + 1
        self.helper.layout = rows_layout(self.fields, [["name", "order"]])


class CriterionForm(BaseForm):
    """A criterion; what its rule needs is checked on the field that lacks it."""

    kinds = forms.MultipleChoiceField(
        label=_("Applies to"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The kinds of organization this criterion applies to; none ticked for all."),
    )

    class Meta:
        model = Criterion
        fields = [
            "group",
            "code",
            "order",
            "name",
            "description",
            "rule",
            "unit",
            "max_points",
            "points_per_unit",
            "target",
            "kinds",
            "evidence_required",
            "report_topic",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.instance.campaign = campaign
        self.fields["group"].queryset = campaign.criterion_groups.order_by("order", "pk")
        self.fields["group"].empty_label = None
        self.fields["kinds"].choices = _kind_choices(campaign.subject_kinds or None)
        # Left out (as by an older form), a criterion feeds no section of the progress report.
        self.fields["report_topic"].required = False
        self.fields["target"].help_text = _(
            "Required for target attainment: the campaign's target, offered to units when they register."
        )
        if not self.instance.pk:
            self.fields["order"].initial = campaign.criteria.count() + 1
        self.helper.layout = rows_layout(
            self.fields,
            [
                ["group", "code", "order"],
                ["name"],
                ["description"],
                ["rule", "unit"],
                ["max_points", "points_per_unit", "target"],
                ["kinds"],
                ["evidence_required", "report_topic"],
            ],
        )

    def clean_report_topic(self):
        return self.cleaned_data.get("report_topic") or ReportTopic.NONE

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if self.campaign.criteria.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another criterion of this campaign has this code."))
        return code

    def clean_max_points(self):
        points = self.cleaned_data["max_points"]
        if points is not None and points <= 0:
            raise forms.ValidationError(_("The maximum points must be more than zero."))
        return points

    def clean_kinds(self):
        kinds = self.cleaned_data["kinds"]
        outside = set(kinds) - set(self.campaign.subject_kinds or [])
        if self.campaign.subject_kinds and outside:
            raise forms.ValidationError(_("Choose only kinds of organization that take part in the campaign."))
        return kinds

    def clean(self):
        data = super().clean()
        rule = data.get("rule")
        per_unit, target = data.get("points_per_unit"), data.get("target")
        if rule == ScoringRule.COUNT and not per_unit:
            self.add_error("points_per_unit", _("Give the points per item counted."))
        if rule == ScoringRule.DEDUCTION and not per_unit:
            self.add_error("points_per_unit", _("Give the points taken off per violation."))
        if rule == ScoringRule.TARGET and not target:
            self.add_error("target", _("Give the target (more than zero) that attainment is measured against."))
        return data


class BandForm(BaseForm):
    class Meta:
        model = ClassificationBand
        fields = ["name", "min_score"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.instance.campaign = campaign
        self.fields["name"].widget.attrs["list"] = "band-names"
        self.helper.layout = rows_layout(self.fields, [["name", "min_score"]])

    def clean_min_score(self):
        score = self.cleaned_data["min_score"]
        if self.campaign.bands.filter(min_score=score).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another band starts at this score."))
        return score


class CopyCriteriaForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Copy from"), queryset=Campaign.objects.none())
    replace = forms.BooleanField(
        label=_("Replace the criteria, groups and bands this campaign already has"), required=False
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.helper = _plain_helper()
        self.fields["source"].queryset = (
            Campaign.objects.exclude(pk=campaign.pk).filter(criteria__isnull=False).distinct().order_by("-starts_on")
        )
        if not (campaign.criteria.exists() or campaign.bands.exists() or campaign.criterion_groups.exists()):
            del self.fields["replace"]


# --- registration ----------------------------------------------------------------------------


class RegistrationForm(forms.Form):
    """A commitment note and a target per TARGET criterion, prefilled with the campaign's.

    Staff registering on a unit's behalf also choose the unit (`choose_unit`).
    """

    def __init__(self, *args, campaign, organization=None, registration=None, choose_unit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.helper = _plain_helper()
        if choose_unit:
            registered = campaign.registrations.values("organization")
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("Unit"),
                queryset=subject_units(campaign).exclude(pk__in=registered).order_by(Vietnamese("name")),
            )
        self.fields["note"] = forms.CharField(
            label=_("Commitment"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=registration.note if registration else "",
            help_text=_("What the unit commits to, in its own words."),
        )
        committed = {t.criterion_id: t.target for t in registration.targets.all()} if registration else {}
        kind_holder = organization or (registration.organization if registration else None)
        criteria = (
            target_criteria(campaign, kind_holder)
            if kind_holder
            else list(campaign.criteria.filter(rule=ScoringRule.TARGET).order_by("group__order", "order", "pk"))
        )
        self.target_fields = []
        for criterion in criteria:
            name = f"target_{criterion.pk}"
            self.fields[name] = DecimalField(
                label=f"{criterion.code}. {criterion.name}" + (f" ({criterion.unit})" if criterion.unit else ""),
                required=True,
                validators=[_positive_target],
                max_digits=16,
                decimal_places=2,
                initial=committed.get(criterion.pk, criterion.target),
                help_text=_("The campaign's target: %(target)s") % {"target": _number(criterion.target)},
            )
            self.target_fields.append((name, criterion))

    def targets(self, organization):
        """The targets given, for the criteria that apply to `organization`."""
        wanted = {c.pk for c in target_criteria(self.campaign, organization)}
        return {c.pk: self.cleaned_data.get(name) for name, c in self.target_fields if c.pk in wanted}

    def clean_organization(self):
        org = self.cleaned_data["organization"]
        wanted = {c.pk for c in target_criteria(self.campaign, org)}
        for name, criterion in self.target_fields:
            if criterion.pk not in wanted:
                self.fields[name].required = False
        return org


class RegistrationReviewForm(forms.Form):
    """The office's check of a registration: verify it, or return it saying why."""

    action = forms.ChoiceField(choices=[("verify", _("Verify")), ("return", _("Return"))], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for return"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the registration is returned."))
        return data


def _positive_target(value):
    """The rule of campaign.services.check_target, on the field: a target of 0 or less is refused."""
    try:
        check_target(value)
    except TransitionError as refused:
        raise forms.ValidationError(str(refused), code="target_not_positive") from refused


def _number(value):

    if value is None:
        return "—"
    return number_format(int(value) if value == value.to_integral() else value, use_l10n=True)

"""Forms of emulation blocks: the block, its criteria, a year's members, pledges, scores, settlements."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import BaseForm, DecimalField, SafeModelMultipleChoiceField, rows_layout
from core.uploads import ACCEPT_ATTR, inspect
from members.models import Organization

from .models import Campaign
from .models_blocks import BlockCriterion, EmulationBlock


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class BlockForm(BaseForm):
    self_weight = DecimalField(
        label=_("Weight of the self score"),
        min_value=0,
        max_value=1,
        max_digits=3,
        decimal_places=2,
        help_text=_("For the weighted mix: 0 ignores the self score, 1 takes only the self score."),
    )
    margin = DecimalField(
        label=_("Flag margin (points)"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("A score differing from the others' median by more than this is flagged for the head."),
    )

    class Meta:
        model = EmulationBlock
        fields = ["name", "level", "symbol", "description", "ranking_method", "self_weight", "margin"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_symbol(self):
        symbol = "".join(self.cleaned_data["symbol"].split()).upper()
        if not symbol or any(ch in symbol for ch in "/\\"):
            raise forms.ValidationError(_("Letters only, without spaces or slashes, e.g. KTĐNN."))
        return symbol

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = rows_layout(
            self.fields,
            [["name"], ["level", "symbol"], ["ranking_method", "self_weight", "margin"], ["description"]],
        )


class BlockCriterionForm(BaseForm):
    max_points = DecimalField(label=_("Maximum points"), min_value=0.01, max_digits=6, decimal_places=2)

    class Meta:
        model = BlockCriterion
        fields = ["code", "name", "max_points", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = rows_layout(self.fields, [["code", "max_points", "order"], ["name"]])


class CopyFromCampaignForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Copy the criteria of"), queryset=Campaign.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["campaign"].queryset = (
            Campaign.objects.filter(criteria__isnull=False).distinct().order_by("-starts_on", "-pk")
        )


class OpenYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    members = SafeModelMultipleChoiceField(
        label=_("Members"),
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"data-searchable": ""}),
    )
    head = forms.ModelChoiceField(
        label=_("Head unit"), queryset=Organization.objects.none(), widget=forms.Select(attrs={"data-searchable": ""})
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy unit"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.Select(attrs={"data-searchable": ""}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        units = Organization.objects.current().order_by("name")
        for name in ("members", "head", "deputy"):
            self.fields[name].queryset = units

    def clean(self):
        data = super().clean()
        members = {o.pk for o in data.get("members") or []}
        for name in ("head", "deputy"):
            unit = data.get(name)
            if unit is not None and members and unit.pk not in members:
                self.add_error(name, _("Choose one of the members."))
        if data.get("head") and data.get("head") == data.get("deputy"):
            self.add_error("deputy", _("The head and the deputy must be different units."))
        if members and len(members) < 3:
            self.add_error("members", _("A block needs at least three members to cross-score."))
        return data


class PledgeForm(forms.Form):
    commitment = forms.CharField(
        label=_("The unit's commitment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("As it will be printed in the block's pledge."),
    )

    def __init__(self, *args, criteria, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.criteria = list(criteria)
        targets = targets or {}
        for criterion in self.criteria:
            self.fields[f"target_{criterion.pk}"] = forms.CharField(
                label=str(criterion), required=False, max_length=300, initial=targets.get(criterion.pk, "")
            )

    def targets(self):
        return {c: self.cleaned_data.get(f"target_{c.pk}", "") for c in self.criteria}


class ScoreForm(forms.Form):
    """One member's scores of one member: a score or (for another member) a reason to abstain, per criterion."""

    def __init__(self, *args, criteria, is_self, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.criteria = list(criteria)
        self.is_self = is_self
        existing = existing or {}
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            self.fields[f"value_{criterion.pk}"] = DecimalField(
                label=str(criterion),
                required=False,
                min_value=0,
                max_value=criterion.max_points,
                max_digits=6,
                decimal_places=2,
                initial=score.value if score else None,
                help_text=_("Up to %(max)s points.") % {"max": criterion.max_points.normalize()},
            )
            if not is_self:
                self.fields[f"abstain_{criterion.pk}"] = forms.CharField(
                    label=_("Or abstain, because"),
                    required=False,
                    max_length=500,
                    initial=score.abstain_reason if score else "",
                )
        if is_self:
            self.fields["evidence"] = forms.FileField(
                label=_("Evidence (optional)"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}),
                help_text=_("One file for this self-assessment: a PDF, a photo or an office document."),
            )

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            value = data.get(f"value_{criterion.pk}")
            reason = (data.get(f"abstain_{criterion.pk}") or "").strip()
            if value is not None and reason:
                self.add_error(
                    f"abstain_{criterion.pk}", _("Give either a score or a reason for abstaining, not both.")
                )
            elif value is None and not reason and f"value_{criterion.pk}" not in self.errors:
                message = _("Enter a score.") if self.is_self else _("Enter a score or a reason for abstaining.")
                self.add_error(f"value_{criterion.pk}", message)
        return data

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            inspect(evidence)
        return evidence

    def rows(self):
        """[(criterion, value field, abstain field or None)] for the template."""
        return [(c, self[f"value_{c.pk}"], None if self.is_self else self[f"abstain_{c.pk}"]) for c in self.criteria]


class SettleForm(forms.Form):
    value = DecimalField(label=_("Settled score"), min_value=0, max_digits=6, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["value"].validators.append(MaxValueValidator(criterion.max_points))


class PairsForm(forms.Form):
    """Whom each member scores: ticked boxes per member; nothing ticked at all lets every member score every other."""

    def __init__(self, *args, members, pairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.members = list(members)
        assigned = {}
        for scorer_id, scored_id in pairs:
            assigned.setdefault(scorer_id, []).append(scored_id)
        for member in self.members:
            field = forms.MultipleChoiceField(
                label=member.organization.name,
                required=False,
                choices=[(m.pk, m.organization.name) for m in self.members if m.pk != member.pk],
                widget=forms.CheckboxSelectMultiple,
                initial=assigned.get(member.pk, []),
            )
            self.fields[f"scores_{member.pk}"] = field

    def pairs(self):
        by_pk = {m.pk: m for m in self.members}
        return [
            (scorer, by_pk[int(scored_pk)])
            for scorer in self.members
            for scored_pk in self.cleaned_data.get(f"scores_{scorer.pk}", [])
        ]

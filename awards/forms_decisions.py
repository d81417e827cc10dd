"""Forms of decisions, proposals, the commendation history and exemplary examples."""

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.models import Campaign
from core.collation import Vietnamese
from core.filters import SearchFilterSet
from core.forms import DATE_WIDGET, SafeModelMultipleChoiceField, rows_layout
from core.limits import MAX_YEAR, MIN_YEAR
from documents.models import Signer
from members.models import Organization, Person

from .dating import cited_dates, date_error
from .decisions import approved_for
from .examples import check_photo
from .models import Award, AwardIssuer, AwardType, Decision, DecisionStatus, ExemplaryExample, Occasion

UPWARD = [
    (AwardIssuer.NATIONAL.value, AwardIssuer.NATIONAL.label),
    (AwardIssuer.PROVINCE.value, AwardIssuer.PROVINCE.label),
]


class NominationChoices(SafeModelMultipleChoiceField):
    def label_from_instance(self, nomination):
        return f"{nomination.nominee_name} — {nomination.award_type.short_name} — {nomination.organization}"


class CampaignChoiceForm(forms.Form):
    """Step one of preparing: which campaign (or which occasion outside any), and for a proposal,
    which body it goes to."""

    # Empty (as a link with ?campaign= only sends): a campaign.
    occasion = forms.ChoiceField(
        label=_("Made for"), choices=Occasion.choices, initial=Occasion.CAMPAIGN, required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.order_by("-starts_on", "-pk"), required=False
    )
    addressee = forms.ChoiceField(label=_("Addressed to"), choices=UPWARD, required=False)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != Decision.Kind.PROPOSAL:
            del self.fields["addressee"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        data["occasion"] = data.get("occasion") or Occasion.CAMPAIGN
        if data.get("occasion") == Occasion.CAMPAIGN:
            if not data.get("campaign") and "campaign" not in self.errors:
                self.add_error("campaign", _("Choose the campaign."))
        else:
            data["campaign"] = None
        return data


class SignersByBody(ModelChoiceIterator):
    """Signers grouped under the issuing body they sign for, with the date it applies from."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for signer in self.queryset:
            body = signer.issuing_body
            label = _("%(body)s (from %(date)s)") % {"body": body.full_name, "date": f"{body.valid_from:%d/%m/%Y}"}
            groups.setdefault(label, []).append(self.choice(signer))
        yield from groups.items()


class SignerChoice(forms.ModelChoiceField):
    iterator = SignersByBody

    def label_from_instance(self, signer):
        return f"{signer.title} {signer.full_name}"


class DocumentFieldsForm(forms.Form):
    """The date, signer and subject every draft decision, proposal, correction or revocation is prepared with."""

    decided_on = forms.DateField(label=_("Date of the document"), widget=DATE_WIDGET)
    signer = SignerChoice(
        label=_("Signer"),
        queryset=Signer.objects.select_related("issuing_body").order_by("-issuing_body__valid_from", "order"),
        required=False,
        help_text=_("Empty: the default signer of the issuing body in force on that date."),
    )
    title = forms.CharField(
        label=_("Subject"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Empty: the usual wording, printed in Vietnamese."),
    )


class PrepareForm(DocumentFieldsForm):
    """Step two: the approved nominations to list, the date and the signer."""

    nominations = NominationChoices(
        label=_("Approved nominations"), queryset=None, widget=forms.CheckboxSelectMultiple, required=True
    )

    request_reference = forms.CharField(
        label=_("Proposal (tờ trình) number"),
        max_length=60,
        required=False,
        help_text=_("The tờ trình the decision answers, as written: 02/TTr-HĐTĐKT."),
    )
    request_date = forms.DateField(label=_("Proposal date"), widget=DATE_WIDGET, required=False)
    request_by = forms.CharField(
        label=_("Proposed by"),
        max_length=200,
        required=False,
        help_text=_("Empty: the Standing Office of the Council."),
    )

    def __init__(self, *args, campaign, kind, addressee=None, occasion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["nominations"].queryset = approved_for(campaign, kind, addressee, occasion)
        self.fields["nominations"].error_messages["required"] = _("Choose at least one approved nomination.")
        rows = [["nominations"], ["decided_on", "signer"], ["title"]]
        if kind == Decision.Kind.PROPOSAL:
            for name in ("request_reference", "request_date", "request_by"):
                del self.fields[name]
        else:
            rows.append(["request_reference", "request_date", "request_by"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(self.fields, rows)

    def _clean_request(self, cleaned):
        day, decided_on = cleaned.get("request_date"), cleaned.get("decided_on")
        if day and decided_on and day > decided_on:
            self.add_error("request_date", _("The proposal (tờ trình) is dated after the decision."))
        if day and not cleaned.get("request_reference"):
            self.add_error("request_reference", _("Write the number of the proposal (tờ trình) of that date."))

    def request_values(self):
        return {name: self.cleaned_data.get(name) for name in ("request_by", "request_reference", "request_date")}

    def clean(self):
        data = super().clean()
        day = data.get("decided_on")
        if day is not None:
            # The rule is awards.dating's, which the services apply again when preparing and issuing.
            error = date_error(day, cited_dates(self.campaign, data.get("nominations") or []), timezone.localdate())
            if error:
                self.add_error("decided_on", error)
        self._clean_request(data)
        return data


class DecisionFilter(SearchFilterSet):
    search_fields = ("title", "document__reference")
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=Campaign.objects.order_by("-starts_on"))
    occasion = django_filters.ChoiceFilter(label=_("Made for"), choices=Occasion.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Decision.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DecisionStatus.choices)

    class Meta:
        model = Decision
        fields = ["q", "campaign", "occasion", "kind", "status"]


class HistoryFilter(SearchFilterSet):
    """Who received what, when, by which decision: search by name, filter by campaign, award, unit, person, year."""

    search_fields = (
        "awardee_name",  # as printed at issue (a renamed person is found by the name the decision printed)
        "unit_name",
        "nomination__person__full_name",
        "nomination__organization__name",
        "nomination__household__head_name",
        "nomination__initiative__title",
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), field_name="decision__campaign", queryset=Campaign.objects.order_by("-starts_on")
    )
    award_type = django_filters.ModelChoiceFilter(
        label=_("Award"), field_name="nomination__award_type", queryset=AwardType.objects.all()
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"),
        field_name="nomination__organization",
        queryset=Organization.objects.order_by(Vietnamese("name")),
    )
    person = django_filters.ModelChoiceFilter(
        label=_("Person"), method="by_person", queryset=Person.objects.order_by(Vietnamese("full_name"))
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="decision__decided_on",
        lookup_expr="year",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        max_digits=4,
        decimal_places=0,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), field_name="decision__kind", choices=Decision.Kind.choices)
    occasion = django_filters.ChoiceFilter(
        label=_("Made for"), field_name="decision__occasion", choices=Occasion.choices
    )

    class Meta:
        model = Award
        fields = ["q", "campaign", "occasion", "award_type", "organization", "person", "year", "kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        organization_id = getattr(request.user, "organization_id", None) if request else None
        if request is not None and not request.user.has_perm("members.view_registry"):
            # A unit chooses among its own organization and people only.
            self.filters["organization"].queryset = Organization.objects.filter(pk=organization_id)
            self.filters["person"].queryset = Person.objects.filter(organization_id=organization_id).order_by(
                "full_name"
            )

    def by_person(self, queryset, name, value):
        """A person's awards, and the initiatives they wrote."""
        return queryset.filter(Q(nomination__person=value) | Q(nomination__initiative__authors=value)).distinct()


class ExampleForm(forms.ModelForm):
    """An exemplary example with its optional photo, checked from its content."""

    photo_upload = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = ExemplaryExample
        fields = ["title", "story", "campaign", "organization", "person"]
        widgets = {"story": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(
            self.fields,
            [["title"], ["story"], ["campaign", "organization", "person"], ["photo_upload", "remove_photo"]],
        )

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        if upload:
            check_photo(upload)
        return upload


class AwardChoices(SafeModelMultipleChoiceField):
    def label_from_instance(self, award):
        return f"{award.printed_name} — {award.printed.award_short_name} — {award.printed.unit_name}"


class AmendmentForm(DocumentFieldsForm):
    """A correcting or revoking decision of an issued decision: its date, signer, grounds, and what it mends.

    A revocation lists the awards it takes back, each with the money to recover (at most the
    amount awarded; the amount awarded when left as it is).
    """

    reason = forms.CharField(
        label=_("Grounds"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed after “Xét”, in Vietnamese: why the decision is corrected or revoked."),
    )
    correction = forms.CharField(
        label=_("What is corrected"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Printed in Article 1, in Vietnamese, e.g. “tại số thứ tự 3 của Danh sách, tên … được đính chính là …”."
        ),
    )
    awards = AwardChoices(
        label=_("Awards to revoke"), queryset=Award.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, kind, awards, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.choosable = list(awards)
        if kind == Decision.Kind.CORRECTION:
            del self.fields["awards"]
            self.fields["reason"].required = False
            layout = [["decided_on", "signer"], ["title"], ["correction"], ["reason"]]
        else:
            del self.fields["correction"]
            field = self.fields["awards"]
            field.queryset = Award.objects.filter(pk__in=[a.pk for a in self.choosable])
            field.error_messages["required"] = _("Choose at least one award to revoke.")
            by_pk = {a.pk: a for a in self.choosable}
            field.label_from_instance = lambda award: AwardChoices.label_from_instance(
                field, by_pk.get(award.pk, award)
            )
            layout = [["decided_on", "signer"], ["title"], ["reason"], ["awards"]]
            for award in self.choosable:
                self.fields[f"recover_{award.pk}"] = forms.IntegerField(
                    label=_("Money to recover from %(awardee)s (VND)") % {"awardee": award.printed_name},
                    min_value=0,
                    max_value=int(award.amount),
                    initial=int(award.amount),
                    required=False,
                )
            names = [f"recover_{award.pk}" for award in self.choosable]
            layout.extend(names[start : start + 3] for start in range(0, len(names), 3))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(self.fields, [row for row in layout if row])

    def lines(self):
        """(award, money to recover) of each award chosen; an empty amount recovers the amount awarded."""
        by_pk = {a.pk: a for a in self.choosable}
        lines = []
        for chosen in self.cleaned_data["awards"]:
            award = by_pk[chosen.pk]
            amount = self.cleaned_data.get(f"recover_{award.pk}")
            lines.append((award, int(award.amount) if amount is None else amount))
        return lines

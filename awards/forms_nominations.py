"""Forms of award types, households, initiatives and nominations; every message on its field."""

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign import scopes as campaign_scopes
from campaign.models import Campaign, CampaignStatus
from campaign.queries import campaigns_for_user, campaigns_seen
from core.collation import Vietnamese
from core.filters import CachedOptionsSelect, SearchFilterSet
from core.forms import DATE_WIDGET, SafeModelMultipleChoiceField, rows_layout
from core.uploads import ACCEPT_ATTR, ALLOWED_LABEL, inspect
from members.forms import follow_organization, person_option_label
from members.models import Organization, OrganizationKind, Person
from members.permissions import is_office

from . import scopes
from .models import (
    CERTIFICATE_TEXT_LIMIT,
    AwardType,
    DecidingAuthority,
    Household,
    Initiative,
    Nomination,
    NominationStatus,
    NomineeKind,
    Occasion,
)
from .parameter_keys import AWARD_KEYS

KIND_FIELDS = {
    NomineeKind.COLLECTIVE: "organization",
    NomineeKind.INDIVIDUAL: "person",
    NomineeKind.HOUSEHOLD: "household",
    NomineeKind.INITIATIVE: "initiative",
}


class AwardTypeForm(forms.ModelForm):
    class Meta:
        model = AwardType
        fields = [
            "name",
            "short_name",
            "category",
            "issuer",
            "for_individuals",
            "for_collectives",
            "for_households",
            "for_initiatives",
            "coefficient_key",
            "quota_count",
            "quota_share",
            "vote_rule",
            "council_required",
            "minimum_band",
            "barred_by_violation",
            "conditions_note",
            "requires",
            "decided_by",
            "paper",
            "public_notice_days",
            "is_active",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["coefficient_key"].choices = [("", "—")] + [
            (key, label) for key, label in self.fields["coefficient_key"].choices if key in AWARD_KEYS
        ]
        others = AwardType.objects.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["requires"].queryset = others
        self.fields["decided_by"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(
            self.fields,
            [
                ["name"],
                ["short_name", "category", "issuer"],
                ["for_individuals", "for_collectives", "for_households", "for_initiatives"],
                ["coefficient_key", "vote_rule", "council_required"],
                ["quota_count", "quota_share"],
                ["minimum_band", "requires"],
                ["conditions_note"],
                ["decided_by", "paper"],
                ["barred_by_violation", "is_active", "order"],
            ],
        )

    def clean_decided_by(self):
        # Not sent (an older form, an import): the chairman, as the model's default.
        return self.cleaned_data.get("decided_by") or DecidingAuthority.CHAIRMAN

    def clean_minimum_band(self):
        return " ".join(self.cleaned_data.get("minimum_band", "").split())

    def clean_requires(self):
        required = self.cleaned_data.get("requires")
        seen = set()
        current = required
        while current is not None and current.pk not in seen:
            if self.instance.pk and current.pk == self.instance.pk:
                raise forms.ValidationError(_("An award type cannot require itself, even through another."))
            seen.add(current.pk)
            current = current.requires
        return required

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in KIND_NAMES):
            self.add_error("for_individuals", _("Choose at least one kind of nominee."))
        return cleaned


KIND_NAMES = ("for_individuals", "for_collectives", "for_households", "for_initiatives")


class _UnitScopedForm(forms.ModelForm):
    """A nominee of a unit: a unit's representative keeps to its own; the office chooses the unit."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.own_org = None if user.has_perm("members.view_registry") else user.organization
        if self.own_org is not None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = Organization.objects.current().order_by(Vietnamese("name"))
        self.helper = FormHelper()
        self.helper.form_tag = False

    def organization(self):
        return self.own_org or self.cleaned_data.get("organization")

    def save(self, commit=True):
        if self.own_org is not None:
            self.instance.organization = self.own_org
        return super().save(commit=commit)


class HouseholdForm(_UnitScopedForm):
    class Meta:
        model = Household
        fields = ["head_name", "head_gender", "organization", "address", "members_count", "is_direct_producer"]


class PersonChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} – {obj.organization.name}"


class InitiativeForm(_UnitScopedForm):
    authors = PersonChoiceField(Person.objects.none(), label=_("Authors"))

    class Meta:
        model = Initiative
        # The recognition is not a model field of this form: the office records it through
        # awards.nominations.record_recognition (who and when with it); a unit cannot type it.
        fields = ["title", "organization", "authors", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.select_related("organization").order_by(Vietnamese("full_name"))
        if self.own_org is not None:
            people = people.filter(organization=self.own_org)
        self.fields["authors"].queryset = people
        self.fields["authors"].help_text = _("People of the initiative's unit.")
        if is_office(self.user):
            self.fields["recognition_number"] = forms.CharField(
                label=Initiative._meta.get_field("recognition_number").verbose_name,
                max_length=60,
                required=False,
                initial=self.instance.recognition_number,
                help_text=_(
                    "Recorded by the office from the recognition decision; only then does the initiative count "
                    "for eligibility. E.g. 25/QĐ-HTX."
                ),
            )
            self.fields["recognised_on"] = forms.DateField(
                label=Initiative._meta.get_field("recognised_on").verbose_name,
                required=False,
                widget=DATE_WIDGET,
                input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                initial=self.instance.recognised_on,
            )
        self.helper.layout = rows_layout(
            self.fields,
            [["title"], ["organization"], ["authors"], ["description"], ["recognition_number", "recognised_on"]],
        )

    def recognition(self):
        """(number, date) of the recognition decision as the office typed it, or None for a unit's form."""
        if "recognition_number" not in self.fields:
            return None
        return self.cleaned_data.get("recognition_number", ""), self.cleaned_data.get("recognised_on")

    def clean(self):
        cleaned = super().clean()
        org = self.organization()
        authors = cleaned.get("authors")
        if org is not None and authors and any(p.organization_id != org.pk for p in authors):
            self.add_error("authors", _("Every author must be one of the unit's people."))
        number, day = cleaned.get("recognition_number"), cleaned.get("recognised_on")
        if number and not day:
            self.add_error("recognised_on", _("Give the date of the recognition decision."))
        if day and not number:
            self.add_error("recognition_number", _("Give the number of the recognition decision."))
        return cleaned


class AwardTypeSelect(forms.Select):
    """Each award type option says which nominee kinds it accepts (data-kinds), for the page's script."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kinds"] = " ".join(k for k in NomineeKind.values if instance.accepts(k))
        return option


class NamedPersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_option_label(obj)


class NominationForm(forms.Form):
    """A draft nomination: campaign, nominee by kind, award type, achievements and a new file."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    occasion = forms.ChoiceField(
        label=_("Made for"),
        choices=Occasion.choices,
        initial=Occasion.CAMPAIGN,
        required=False,  # empty: a campaign, as before occasions existed
        widget=forms.Select(attrs={"class": "occasion-choice"}),
    )
    campaign = forms.ModelChoiceField(Campaign.objects.none(), label=_("Campaign"), required=False)
    occasion_title = forms.CharField(label=_("Deed or drive"), max_length=300, required=False)
    occasion_date = forms.DateField(label=_("Date of the deed"), required=False, widget=DATE_WIDGET)
    service_from = forms.IntegerField(
        label=_("Working in cooperatives since (year)"), required=False, min_value=1945, max_value=2100
    )
    nominee_kind = forms.ChoiceField(
        label=_("Nominee"), choices=NomineeKind.choices, widget=forms.RadioSelect(attrs={"class": "nominee-kind"})
    )
    organization = forms.ModelChoiceField(
        Organization.objects.none(),
        label=_("Unit"),
        required=False,
        help_text=_("The unit nominated, or the unit of the person nominated: its people are listed below."),
    )
    person = NamedPersonField(Person.objects.none(), label=_("Person"), required=False)
    household = forms.ModelChoiceField(Household.objects.none(), label=_("Household"), required=False)
    initiative = forms.ModelChoiceField(Initiative.objects.none(), label=_("Initiative"), required=False)
    award_type = forms.ModelChoiceField(AwardType.objects.none(), label=_("Award"), widget=AwardTypeSelect)
    achievements = forms.CharField(
        label=_("Summary of achievements"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": _("Summarise the achievements: the Council reads them.")},
    )
    certificate_text = forms.CharField(
        label=_("Achievement on the certificate"),
        required=False,
        max_length=CERTIFICATE_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "data-counter": "", "maxlength": CERTIFICATE_TEXT_LIMIT}),
    )
    file = forms.FileField(
        label=_("Add a file to the dossier"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTR}),
    )

    def __init__(self, *args, user, nomination=None, campaigns, **kwargs):
        self.user = user
        self.nomination = nomination
        self.meanwhile = {}  # field name → the value someone else saved, after a conflict
        self.own_org = None if user.has_perm("members.view_registry") else user.organization
        if nomination is not None:
            initial = kwargs.setdefault("initial", {})
            for name in (
                "campaign",
                "occasion",
                "occasion_title",
                "occasion_date",
                "service_from",
                "nominee_kind",
                "award_type",
                "achievements",
                "certificate_text",
                "person",
                "household",
                "initiative",
            ):
                initial.setdefault(name, getattr(nomination, name))
            initial.setdefault("organization", nomination.organization)
            initial["version"] = nomination.version
        super().__init__(*args, **kwargs)
        # Filled here, at request time, so that they read in the page's language (a lazy text
        # formatted at import would be frozen in English).
        self.fields["certificate_text"].help_text = _(
            "One sentence printed whole under the name, e.g. “Đã có thành tích xuất sắc trong sản xuất, kinh doanh "
            "năm 2022”. At most %(limit)s characters."
        ) % {"limit": CERTIFICATE_TEXT_LIMIT}
        self.fields["file"].help_text = _("%(allowed)s, at most 10 MB.") % {"allowed": ALLOWED_LABEL}
        self.fields["occasion"].help_text = _(
            "A scored campaign, or an award outside any: ad-hoc for a deed, after a thematic drive, the emulation "
            "flag, the commemorative medal. Outside a campaign no registration or score is asked."
        )
        self.fields["occasion_title"].help_text = _(
            "Ad-hoc: the deed, e.g. “cứu hộ tài sản của thành viên trong trận lũ”; thematic: the drive's name."
        )
        self.fields["campaign"].queryset = campaigns.exclude(status=CampaignStatus.DRAFT).order_by("-starts_on")
        types = AwardType.objects.filter(is_active=True)
        if nomination is not None:
            types = AwardType.objects.filter(pk=nomination.award_type_id) | types
        self.fields["award_type"].queryset = types.order_by("order", "name")
        people = Person.objects.select_related("organization").order_by("full_name")
        households = Household.objects.select_related("organization")
        initiatives = Initiative.objects.all()
        if self.own_org is not None:
            people = people.filter(organization=self.own_org)
            households = households.filter(organization=self.own_org)
            initiatives = initiatives.filter(organization=self.own_org)
            # A unit nominates itself as a collective: whatever is posted, the field holds its own unit.
            self.fields["organization"].queryset = Organization.objects.filter(pk=self.own_org.pk)
            self.fields["organization"].disabled = True
            self.initial["organization"] = self.own_org
            self.fields["person"].queryset = people
        else:
            self.fields["organization"].queryset = Organization.objects.current().order_by(Vietnamese("name"))
            follow_organization(self, people)
        self.fields["household"].queryset = households
        self.fields["initiative"].queryset = initiatives
        for kind, name in KIND_FIELDS.items():
            self.fields[name].widget.attrs["data-kind"] = kind
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            inspect(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        occasion = cleaned["occasion"] = cleaned.get("occasion") or Occasion.CAMPAIGN
        if occasion == Occasion.CAMPAIGN:
            if not cleaned.get("campaign") and "campaign" not in self.errors:
                self.add_error("campaign", _("Choose the campaign."))
        elif occasion:
            cleaned["campaign"] = None
            if occasion in (Occasion.AD_HOC, Occasion.THEMATIC) and not (cleaned.get("occasion_title") or "").strip():
                self.add_error("occasion_title", _("Name the deed or the drive the award is for."))
            if occasion == Occasion.AD_HOC:
                day = cleaned.get("occasion_date")
                if day is None and "occasion_date" not in self.errors:
                    self.add_error("occasion_date", _("Give the date of the deed."))
                elif day is not None and day > timezone.localdate():
                    self.add_error("occasion_date", _("The date of the deed is in the future."))
            if occasion == Occasion.MEDAL and cleaned.get("service_from") is None and "service_from" not in self.errors:
                self.add_error("service_from", _("Give the year the person began working in the cooperative sector."))
        kind = cleaned.get("nominee_kind")
        if kind:
            name = KIND_FIELDS[kind]
            if self.own_org is not None and kind == NomineeKind.COLLECTIVE:
                cleaned["organization"] = self.own_org
            if not cleaned.get(name):
                self.add_error(name, _("Choose the nominee."))
            award_type = cleaned.get("award_type")
            if award_type is not None and not award_type.accepts(kind):
                self.add_error(
                    "award_type",
                    _("“%(award)s” is not awarded to a nominee of this kind (%(kind)s).")
                    % {"award": award_type, "kind": NomineeKind(kind).label},
                )
        return cleaned

    def show_conflict(self, stored, message, *, file_chosen=False):
        """After someone else saved `stored` meanwhile: the message on top, and under each field
        the value now saved where it differs from what this user typed (kept in the field)."""
        self.is_valid()
        self.add_error(None, message)
        typed = getattr(self, "cleaned_data", {})
        kind = typed.get("nominee_kind")
        names = ["campaign", "nominee_kind", KIND_FIELDS.get(kind, "organization"), "award_type", "achievements"]
        self.meanwhile = {}
        for name in names:
            saved = getattr(stored, name)
            mine = typed.get(name)
            if name == "achievements":
                saved, mine = (saved or "").strip(), (mine or "").strip()
            if saved != mine:
                shown = stored.get_nominee_kind_display() if name == "nominee_kind" else saved
                self.meanwhile[name] = shown if shown not in (None, "") else "—"
        if file_chosen:
            self.add_error("file", _("Choose the file again: it was not saved."))

    def service_values(self):
        """The keyword arguments of create_nomination / update_nomination."""
        data = self.cleaned_data
        kind = data["nominee_kind"]
        values = {
            "campaign": data["campaign"],
            "occasion": data["occasion"],
            "occasion_title": data.get("occasion_title") or "",
            "occasion_date": data.get("occasion_date"),
            "service_from": data.get("service_from"),
            "award_type": data["award_type"],
            "nominee_kind": kind,
            "achievements": data["achievements"],
            "certificate_text": data.get("certificate_text") or "",
        }
        values[KIND_FIELDS[kind]] = data[KIND_FIELDS[kind]]
        return values


class NominationFilter(SearchFilterSet):
    """The staff's list: campaign, award type, status, nominee kind, organization kind, search."""

    search_fields = (
        "organization__name",
        "person__full_name",
        "household__head_name",
        "initiative__title",
        "achievements",
    )
    # Rendered once and kept in the cache: the campaigns per what the user reads of them (a unit
    # reads no draft; set in __init__), the award types the same for every user.
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=Campaign.objects.none())
    occasion = django_filters.ChoiceFilter(label=_("Made for"), choices=Occasion.choices)
    award_type = django_filters.ModelChoiceFilter(
        label=_("Award"),
        queryset=AwardType.objects.all(),
        widget=CachedOptionsSelect("award-types", [scopes.AWARD_TYPES]),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NominationStatus.choices)
    nominee_kind = django_filters.ChoiceFilter(label=_("Nominee"), choices=NomineeKind.choices)
    kind = django_filters.ChoiceFilter(
        label=_("Kind of unit"), field_name="organization__kind", choices=OrganizationKind.choices
    )

    class Meta:
        model = Nomination
        fields = ["q", "campaign", "occasion", "award_type", "status", "nominee_kind", "kind"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        campaign = self.filters["campaign"]
        campaign.queryset = campaigns_for_user(user)
        campaign.extra["widget"] = CachedOptionsSelect(f"campaigns:{campaigns_seen(user)}", [campaign_scopes.CAMPAIGNS])


class _NomineeFilter(SearchFilterSet):
    """Households and initiatives: search and, for staff, the unit."""

    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"), queryset=Organization.objects.order_by(Vietnamese("name"))
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if request is not None and not request.user.has_perm("members.view_registry"):
            del self.filters["organization"]


class HouseholdFilter(_NomineeFilter):
    search_fields = ("head_name", "address", "organization__name")

    class Meta:
        model = Household
        fields = ["q", "organization"]


class InitiativeFilter(_NomineeFilter):
    search_fields = ("title", "recognition_number", "organization__name", "authors__full_name")

    class Meta:
        model = Initiative
        fields = ["q", "organization"]

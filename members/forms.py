"""Forms of the member registry; every message is on the field it concerns."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.collation import Vietnamese
from core.forms import DATE_WIDGET, BaseForm, rows_layout

from .areas import split_levels
from .models import AdministrativeArea, AreaLevel, OperatingStatus, Organization, Person, User
from .permissions import is_privileged_role


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.valid_until:
            return _("%(name)s (until %(date)s)") % {"name": obj.name, "date": obj.valid_until.strftime("%d/%m/%Y")}
        return obj.name


TAX_CODE_TAKEN = _("Another organization already has this registration or tax code.")


def tax_code_owners(codes):
    """{code: id of the organization that has it} for the non-empty `codes`, in one query."""
    codes = sorted({code for code in codes if code})
    if not codes:
        return {}
    return dict(Organization.objects.filter(tax_code__in=codes).values_list("tax_code", "pk"))


class OrganizationForm(BaseForm):
    """The office's form: every field of an organization, areas kept consistent.

    `code_owners` ({tax code: organization id}, from tax_code_owners or an import's own query) is
    for a form that checks many rows: the codes are then looked up once for all of them, and the
    model's unique constraint on the code, which the same check covers, is not queried per row.
    """

    province = AreaChoiceField(
        AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE), label=_("Province"), required=False
    )
    district = AreaChoiceField(
        AdministrativeArea.objects.filter(level=AreaLevel.DISTRICT).select_related("parent"),
        label=_("District (before 07/2025)"),
        required=False,
    )
    commune = AreaChoiceField(
        AdministrativeArea.objects.filter(level=AreaLevel.COMMUNE).select_related("parent"),
        label=_("Commune"),
        required=False,
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "tax_code",
            "parent",
            "sector",
            "province",
            "district",
            "commune",
            "address",
            "founded_on",
            "members_count",
            "workers_count",
            "representative",
            "phone",
            "email",
            "is_alliance_member",
        ]
        widgets = {"founded_on": DATE_WIDGET}

    def __init__(self, *args, code_owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.code_owners = code_owners
        self.helper.layout = rows_layout(
            self.fields,
            [
                ["name"],
                ["short_name", "kind"],
                ["tax_code", "parent"],
                ["sector", "founded_on"],
                ["province", "district", "commune"],
                ["address"],
                ["members_count", "workers_count"],
                ["representative", "phone", "email"],
                ["is_alliance_member"],
            ],
        )
        if "parent" in self.fields:
            parents = Organization.objects.filter(kind__in=["alliance", "union"])
            if self.instance.pk:
                parents = parents.exclude(pk=self.instance.pk)
            self.fields["parent"].queryset = parents

    def clean_tax_code(self):
        """A code given belongs to one organization only (the model's constraint, with a clear message)."""
        code = self.cleaned_data.get("tax_code", "").strip()
        owners = self.code_owners if self.code_owners is not None else tax_code_owners([code])
        if code and owners.get(code, self.instance.pk) != self.instance.pk:
            raise forms.ValidationError(TAX_CODE_TAKEN)
        return code

    def _post_clean(self):
        if self.code_owners is None:
            return super()._post_clean()
        # ModelForm's, without the model's unique and constraint checks: its only ones are the id and
        # the code's, which clean_tax_code made against the owners given (one query a file, not a row).
        exclude = self._get_validation_exclusions()
        try:
            self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except forms.ValidationError as e:
            self._update_errors(e)
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except forms.ValidationError as e:
            self._update_errors(e)
        return None

    def clean_founded_on(self):
        day = self.cleaned_data.get("founded_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The founding date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        commune, district, province = data.get("commune"), data.get("district"), data.get("province")
        lowest = commune or district or province
        if lowest is None:
            return data
        p, d, c = split_levels(lowest)
        if district and d and district != d:
            self.add_error("commune", _("This commune is not in the chosen district."))
        elif province and p and province != p:
            self.add_error("district" if district else "commune", _("This area is not in the chosen province."))
        else:
            data["province"], data["district"], data["commune"] = p, d, c
        return data


class UnitOrganizationForm(OrganizationForm):
    """What a unit representative may correct in its own organization's profile."""

    class Meta(OrganizationForm.Meta):
        fields = [
            "short_name",
            "address",
            "founded_on",
            "members_count",
            "workers_count",
            "representative",
            "phone",
            "email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("province", "district", "commune"):
            self.fields.pop(name)
        self.helper.layout = rows_layout(
            self.fields,
            [
                ["short_name", "founded_on"],
                ["address"],
                ["members_count", "workers_count"],
                ["representative", "phone", "email"],
            ],
        )

    def clean(self):
        return forms.ModelForm.clean(self)


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=OperatingStatus.choices)
    effective_on = forms.DateField(label=_("effective on"), widget=DATE_WIDGET)
    cause = forms.CharField(label=_("cause"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    caused_by_covid = forms.BooleanField(label=_("caused by Covid-19"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["status"].choices = [c for c in OperatingStatus.choices if c[0] != organization.status]
        self.fields["effective_on"].initial = timezone.localdate()

    def clean_effective_on(self):
        day = self.cleaned_data["effective_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("status") in (OperatingStatus.SUSPENDED, OperatingStatus.DISSOLVED, OperatingStatus.BANKRUPT):
            if not data.get("cause", "").strip():
                self.add_error("cause", _("Give the cause of a suspension, dissolution or bankruptcy."))
        return data


class ArchiveForm(forms.Form):
    DISSOLVED, MERGED = "dissolved", "merged"
    how = forms.ChoiceField(
        label=_("What happened"),
        choices=[(DISSOLVED, _("Dissolved")), (MERGED, _("Merged with another organization"))],
        widget=forms.RadioSelect,
        initial=DISSOLVED,
    )
    merged_into = forms.ModelChoiceField(label=_("merged into"), queryset=Organization.objects.none(), required=False)
    effective_on = forms.DateField(label=_("effective on"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("cause"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["merged_into"].queryset = (
            Organization.objects.current().exclude(pk=organization.pk).order_by(Vietnamese("name"))
        )
        self.fields["effective_on"].initial = timezone.localdate()

    def clean_effective_on(self):
        day = self.cleaned_data["effective_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("how") == self.MERGED and not data.get("merged_into"):
            self.add_error("merged_into", _("Choose the organization it was merged into."))
        if data.get("how") != self.MERGED:
            data["merged_into"] = None
        return data


class RestoreForm(forms.Form):
    """Why an archived organization comes back (archived by mistake, re-established)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PersonForm(BaseForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "gender",
            "birth_year",
            "ethnicity",
            "position",
            "organization",
            "is_direct_worker",
            "phone",
            "email",
        ]
        widgets = {"birth_year": forms.NumberInput(attrs={"min": 1900, "max": 2100})}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
            if organizations.count() == 1:
                self.fields["organization"].initial = organizations.first()
        self.fields["ethnicity"].widget.attrs["list"] = "ethnicities"
        self.helper.layout = rows_layout(
            self.fields,
            [
                ["full_name"],
                ["gender", "birth_year", "ethnicity"],
                ["position", "organization"],
                ["is_direct_worker"],
                ["phone", "email"],
            ],
        )
        self.fields["birth_year"].localize = False

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year - 14:
            raise forms.ValidationError(_("A worker must be at least 14 years old."))
        return year


class AccountForm(BaseForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "phone", "role", "organization", "is_active"]

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["role"].required = True
        self.fields["organization"].queryset = Organization.objects.order_by(Vietnamese("name"))
        self.fields["organization"].help_text = _("Only for unit representatives.")
        if not self._may_grant():
            self.fields["role"].help_text = _("Only an administrator gives the office or leadership role.")
        # The role and organization rule is User.clean's: it puts its message on the organization field.

    def _may_grant(self):
        return self.by is not None and self.by.has_perm("members.grant_privileged_roles")

    def clean_role(self):
        role = self.cleaned_data.get("role")
        if is_privileged_role(role) and not self._may_grant():
            raise forms.ValidationError(_("Only an administrator may give the office or leadership role."))
        return role


class NewAccountForm(AccountForm):
    password1 = forms.CharField(label=_("password"), widget=forms.PasswordInput(render_value=True), strip=False)
    password2 = forms.CharField(label=_("password again"), widget=forms.PasswordInput(render_value=True), strip=False)

    def clean_password2(self):

        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(_("The two passwords do not match."))
        if p2:
            user = User(
                username=self.cleaned_data.get("username", ""),
                first_name=self.cleaned_data.get("first_name", ""),
                last_name=self.cleaned_data.get("last_name", ""),
                email=self.cleaned_data.get("email", ""),
            )
            password_validation.validate_password(p2, user)
        return p2

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class AccountPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("spreadsheet"),
        help_text=_("An Excel file (.xlsx) made from the template, or a CSV file in UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        allowed = (".xlsx", ".csv")  # core.spreadsheets.read_table reads both, for every kind
        if not name.endswith(allowed):
            raise forms.ValidationError(_("Upload a file of type: %(types)s.") % {"types": ", ".join(allowed)})
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


# The 54 ethnic groups of Vietnam, offered as suggestions on the person form.
ETHNICITIES = [
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ Mú",
    "Bru - Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ - Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cơ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
]


# --- a person select that follows an organization select (static/js/people.js) ---------------------


def person_option_label(person):
    return f"{person.full_name} – {person.organization.name}"


def chosen_organization_id(form, field="organization"):
    """The organization chosen in `field`: posted when the form is bound, else its initial value."""
    raw = form.data.get(form.add_prefix(field)) if form.is_bound else form.initial.get(field)
    raw = getattr(raw, "pk", raw)
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def follow_organization(form, people, *, person_field="person", organization_field="organization"):
    """Offer in `person_field` only the people of the organization chosen in `organization_field`.

    Before one is chosen the list is empty and static/js/people.js loads it from
    members:organization_people when the organization changes; a form posted without an
    organization keeps every allowed person, so that its validation names what is wrong.
    """

    chosen = chosen_organization_id(form, organization_field)
    if chosen:
        people = people.filter(organization_id=chosen)
    elif not form.is_bound:
        people = people.none()
    field = form.fields[person_field]
    field.queryset = people
    url = reverse("members:organization_people", args=[0])
    field.widget.attrs["data-people-url"] = url.replace("/0/", "/{id}/")
    field.widget.attrs["data-organization-field"] = form.add_prefix(organization_field)

"""Forms of submissions: a unit's values with notes and files, the office's scores and reasons."""

from decimal import Decimal

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.filters import SearchFilterSet
from core.forms import DecimalField, format_decimal, parse_decimal
from members.models import AdministrativeArea, OrganizationKind

from . import areas
from .models import GroupingLevel, ReportingPeriod, ReportTopic, ScoringRule, Submission, SubmissionStatus
from .submissions import targets_for

RULE_HINTS = {
    ScoringRule.TARGET: _("Your result for the period; points in proportion to the target, up to the maximum."),
    ScoringRule.PERCENTAGE: _("A percentage from 0 to 100."),
    ScoringRule.YES_NO: _("Yes or no."),
    ScoringRule.COUNT: _("A number of items; each earns points up to the maximum."),
    ScoringRule.QUALITATIVE: _("Describe what was done in the note; the office gives the score."),
}


# The one parser and formatter of numbers typed in forms live in core.forms.
parse_number = parse_decimal
format_number = format_decimal


class NumberField(DecimalField):
    """A result typed on a phone: core.forms.DecimalField, with bounds in words, an optional whole
    number, and the value rounded to two decimals."""

    def __init__(self, *, min_value=Decimal("0"), max_value=None, whole=False, **kwargs):
        self.lower, self.upper, self.whole = min_value, max_value, whole
        super().__init__(**kwargs)

    def to_python(self, value):
        number = super().to_python(value)
        if number is None:
            return None
        if self.whole and number != number.to_integral_value():
            raise forms.ValidationError(_("Enter a whole number."), code="whole")
        if self.lower is not None and number < self.lower:
            raise forms.ValidationError(_("Enter a number of at least %(min)s.") % {"min": self.lower})
        if self.upper is not None and number > self.upper:
            raise forms.ValidationError(_("Enter a number of at most %(max)s.") % {"max": format_number(self.upper)})
        if abs(number) >= Decimal("1e14"):
            raise forms.ValidationError(_("The number is too large."), code="max_digits")
        return number.quantize(Decimal("0.01"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


# At most this many files per criterion in one save (each is checked and stored on its own).
MAX_FILES_PER_SAVE = 10


class MultipleFileField(forms.FileField):
    """Several files chosen at once; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.ACCEPT_ATTR}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_FILES_PER_SAVE:
            raise forms.ValidationError(
                _("Choose at most %(count)d files at once.") % {"count": MAX_FILES_PER_SAVE}, code="too_many"
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def value_field(criterion):
    label = _("Result") + (f" ({criterion.unit})" if criterion.unit else "")
    if criterion.rule == ScoringRule.YES_NO:
        return forms.TypedChoiceField(
            label=label,
            choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))],
            coerce=Decimal,
            empty_value=None,
            required=False,
        )
    if criterion.rule == ScoringRule.PERCENTAGE:
        return NumberField(label=label, max_value=Decimal("100"), required=False)
    return NumberField(label=label, whole=criterion.rule == ScoringRule.COUNT, required=False)


class SubmissionForm(forms.Form):
    """One card per criterion: value, note and a new evidence file; `version` guards against overwrites."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, submission, **kwargs):
        self.submission = submission
        self.conflict = False  # set by show_conflict: someone else saved after this form was opened
        self.rows = list(
            submission.values.select_related("criterion__group")
            .prefetch_related("evidence")
            .order_by("criterion__group__order", "criterion__order", "criterion__pk")
        )
        kwargs.setdefault("initial", {})["version"] = submission.version
        super().__init__(*args, **kwargs)
        for row in self.rows:
            cid = row.criterion_id
            self.fields[f"value_{cid}"] = value_field(row.criterion)
            self.initial[f"value_{cid}"] = (
                ("1" if row.value else "0")
                if row.criterion.rule == ScoringRule.YES_NO and row.value is not None
                else format_number(row.value)
            )
            self.fields[f"note_{cid}"] = forms.CharField(
                label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.initial[f"note_{cid}"] = row.note
            self.fields[f"file_{cid}"] = MultipleFileField(
                label=_("Add evidence files"),
                required=False,
                help_text=_("You may choose several files at once."),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            chosen = cleaned.get(f"file_{row.criterion_id}") or []
            for upload in chosen:
                try:
                    uploads.inspect(upload)
                except forms.ValidationError as exc:
                    if len(chosen) > 1:  # say which of the files was refused
                        exc = forms.ValidationError(f"{uploads.clean_name(upload.name)}: {' '.join(exc.messages)}")
                    self.add_error(f"file_{row.criterion_id}", exc)
        return cleaned

    def show_conflict(self, message, *, chosen_files=()):
        """After someone else saved meanwhile: the message on top, what they saved under each
        field that differs from what this user typed (kept in the field), and a word on each
        file chosen, which the browser will not send again."""
        self.is_valid()
        self.add_error(None, message)
        self.conflict = True
        for name in chosen_files:
            if name in self.fields:
                self.add_error(name, _("Choose the file again: it was not saved."))

    def _meanwhile(self, row):
        """(value, note) saved by someone else where they differ from what was typed; None where not."""
        if not self.conflict:
            return None, None
        typed = getattr(self, "cleaned_data", {})
        cid = row.criterion_id
        value = typed.get(f"value_{cid}", row.value)
        note = (typed.get(f"note_{cid}") or "").strip()
        # Only what someone saved: a field left empty there is not news, whatever was typed.
        saved_value = None
        if row.value is not None and value != row.value:
            saved_value = format_number(row.value)
            if row.criterion.rule == ScoringRule.YES_NO:
                saved_value = _("Yes") if row.value else _("No")
        saved_note = row.note if row.note.strip() and note != row.note.strip() else None
        return saved_value, saved_note

    def cards(self):
        """What the template shows per criterion, in the plan's order."""
        targets = targets_for(self.submission)
        for row in self.rows:
            cid = row.criterion_id
            saved_value, saved_note = self._meanwhile(row)
            yield {
                "saved_value": saved_value,
                "saved_note": saved_note,
                "row": row,
                "criterion": row.criterion,
                "hint": RULE_HINTS.get(row.criterion.rule, ""),
                "target": targets.get(cid),
                "value": self[f"value_{cid}"],
                "note": self[f"note_{cid}"],
                "file": self[f"file_{cid}"],
            }

    def values(self):
        """{criterion id: (value, note)} for the save_values service."""
        return {
            row.criterion_id: (
                self.cleaned_data.get(f"value_{row.criterion_id}"),
                self.cleaned_data.get(f"note_{row.criterion_id}", ""),
            )
            for row in self.rows
        }

    def uploads(self):
        """[(value row, uploaded file)] chosen in this post, every file of every criterion."""
        return [
            (row, upload) for row in self.rows for upload in self.cleaned_data.get(f"file_{row.criterion_id}") or []
        ]


class ProductSaleForm(forms.Form):
    """One product sold through the supply-demand connection: a row a unit fills on its phone.

    A row left wholly empty is skipped; a row begun must be completed.
    """

    product = forms.CharField(label=_("Product"), max_length=120, required=False)
    quantity = NumberField(label=_("Quantity"), required=False)
    unit_of_measure = forms.CharField(
        label=_("Unit of measure"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("tonnes, kg, …"), "list": "units-of-measure"}),
    )
    value = NumberField(label=_("Value sold (million VND)"), required=False)

    FIELDS = ("product", "quantity", "unit_of_measure", "value")

    def clean_product(self):
        return " ".join((self.cleaned_data.get("product") or "").split())

    def clean_unit_of_measure(self):
        return " ".join((self.cleaned_data.get("unit_of_measure") or "").split())

    def clean(self):
        cleaned = super().clean()
        given = [name for name in self.FIELDS if cleaned.get(name) not in (None, "")]
        if not given or self.errors:
            return cleaned
        if not cleaned.get("product"):
            self.add_error("product", _("Name the product sold."))
        quantity = cleaned.get("quantity")
        if quantity is None:
            self.add_error("quantity", _("Give the quantity sold."))
        elif quantity <= 0:
            self.add_error("quantity", _("The quantity must be more than zero."))
        if not cleaned.get("unit_of_measure"):
            self.add_error("unit_of_measure", _("Give the unit of measure (tonnes, kg, …)."))
        value = cleaned.get("value")
        if value is None:
            self.add_error("value", _("Give the value sold, in million VND."))
        elif value <= 0:
            self.add_error("value", _("The value must be more than zero."))
        return cleaned

    @property
    def is_blank(self):
        return not any(self.cleaned_data.get(name) not in (None, "") for name in self.FIELDS)


class BaseProductSaleFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if form.is_blank or self._should_delete_form(form):
                continue
            key = (form.cleaned_data["product"].lower(), form.cleaned_data["unit_of_measure"].lower())
            if key in seen:
                form.add_error("product", _("This product is listed twice: put its quantities together on one row."))
            seen.add(key)

    def rows(self):
        """[{product, quantity, unit_of_measure, value}] in the order typed, without empty or removed rows."""
        return [
            {name: form.cleaned_data[name] for name in ProductSaleForm.FIELDS}
            for form in self.forms
            if not form.is_blank and not self._should_delete_form(form)
        ]


ProductSaleFormSet = forms.formset_factory(
    ProductSaleForm, formset=BaseProductSaleFormSet, extra=2, can_delete=True, max_num=30, validate_max=True
)


def sales_criterion(submission):
    """The submission's criterion whose sales are itemised by product (the supply-demand one), or None."""
    return next(
        (
            row.criterion
            for row in submission.values.select_related("criterion")
            if row.criterion.report_topic == ReportTopic.SUPPLY_DEMAND
        ),
        None,
    )


def product_sales_formset(submission, data=None):
    """The product rows of a submission whose campaign has a supply-demand criterion for the unit, else None."""
    criterion = sales_criterion(submission)
    if criterion is None:
        return None
    initial = [
        {
            "product": sale.product,
            "quantity": format_number(sale.quantity),
            "unit_of_measure": sale.unit_of_measure,
            "value": format_number(sale.value),
        }
        for sale in submission.product_sales.all()
    ]
    formset = ProductSaleFormSet(data, initial=initial, prefix="sales")
    formset.criterion = criterion
    return formset


class ReasonForm(forms.Form):
    """Why a report goes back to the unit (return, reopen): the unit reads it."""

    reason = forms.CharField(
        label=_("Reason the unit will read"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason: the unit sees it.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class VerifyForm(forms.Form):
    """The office's scores for the qualitative criteria, each from 0 to the criterion's maximum."""

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [
            row
            for row in submission.values.select_related("criterion").order_by("criterion__order", "criterion__pk")
            if row.criterion.rule == ScoringRule.QUALITATIVE
        ]
        for row in self.rows:
            name = f"score_{row.criterion_id}"
            self.fields[name] = NumberField(
                label=_("Score for %(criterion)s (0–%(max)s)")
                % {"criterion": row.criterion, "max": format_number(row.criterion.max_points)},
                max_value=row.criterion.max_points,
                error_messages={"required": _("Give a score.")},
            )
            self.initial[name] = format_number(row.staff_score)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def scores(self):
        return {row.criterion_id: self.cleaned_data[f"score_{row.criterion_id}"] for row in self.rows}


class SubmissionFilter(SearchFilterSet):
    """The office's queue: period, status, lateness, kind, area at the campaign's level, search."""

    search_fields = ("organization__name", "organization__short_name", "organization__tax_code")
    period = django_filters.ModelChoiceFilter(label=_("Period"), queryset=ReportingPeriod.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SubmissionStatus.choices)
    is_late = django_filters.BooleanFilter(label=_("Late"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="organization__kind", choices=OrganizationKind.choices
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=AdministrativeArea.objects.none(), method="in_area"
    )

    class Meta:
        model = Submission
        fields = ["q", "period", "status", "is_late", "kind", "area"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        level = campaign.grouping_level
        self.filters["period"].queryset = campaign.periods.all()
        self.campaign = campaign
        area = self.filters["area"]
        area.label = GroupingLevel(level).label
        area.queryset = areas.areas_of_registered(campaign)

    def in_area(self, queryset, name, value):
        """Units in the area on the campaign's map (a unit of the former Đắk Nông is in Lâm Đồng in 2026)."""
        return queryset.filter(areas.in_area(self.campaign, value.pk, prefix="organization__"))

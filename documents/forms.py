"""Forms of the document layer: the issuing body and its signers, the register's next numbers."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, rows_layout

from .models import DocumentType, IssuingBody, Signer


class IssuingBodyForm(forms.ModelForm):
    class Meta:
        model = IssuingBody
        fields = [
            "valid_from",
            "parent_body",
            "header_name",
            "full_name",
            "symbol",
            "place",
            "address",
            "phone",
            "email",
            "default_recipients",
        ]
        widgets = {"valid_from": DATE_WIDGET, "default_recipients": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(
            self.fields,
            [
                ["valid_from", "place"],
                ["parent_body", "header_name"],
                ["full_name", "symbol"],
                ["address"],
                ["phone", "email"],
                ["default_recipients"],
            ],
        )

    def clean_symbol(self):
        symbol = self.cleaned_data["symbol"].strip()
        if " " in symbol or "/" in symbol:
            raise forms.ValidationError(_("A symbol has no spaces or slashes, e.g. LMHTX."))
        return symbol


class SignerForm(forms.ModelForm):
    class Meta:
        model = Signer
        fields = ["full_name", "title", "authority", "authority_line", "is_default", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        # The layout names the visible fields only: the row's id and its issuing body are hidden
        # fields, and without them every existing signer posts as a new, invalid row.
        self.helper.render_hidden_fields = True
        self.helper.layout = rows_layout(
            self.fields, [["full_name", "title", "authority"], ["authority_line", "order", "is_default", "DELETE"]]
        )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if title != title.upper():
            raise forms.ValidationError(_("Write the title in capitals, as it appears above the signature."))
        return title


class BaseSignerFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        defaults = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("is_default")
        ]
        if len(defaults) > 1:
            for form in defaults[1:]:
                form.add_error("is_default", _("Only one signer can be the default."))


SignerFormSet = forms.inlineformset_factory(
    IssuingBody, Signer, form=SignerForm, formset=BaseSignerFormSet, extra=2, can_delete=True
)


def _issuer_symbols():
    symbols = IssuingBody.objects.order_by("symbol").values_list("symbol", flat=True).distinct()
    return [(symbol, symbol) for symbol in symbols]


class NextNumberForm(forms.Form):
    """The number the next document of a year and type will take (set when adopting the app mid-year)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    type_symbol = forms.ChoiceField(label=_("Type"), choices=DocumentType.choices)
    issuer_symbol = forms.ChoiceField(label=_("Issuer symbol"), choices=_issuer_symbols)
    next_number = forms.IntegerField(label=_("Next number"), min_value=1, max_value=99999)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(self.fields, [["year", "type_symbol"], ["issuer_symbol", "next_number"]])

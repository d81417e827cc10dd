"""Forms of printing on pre-printed blanks: the blank and its boxes, a printer's offsets, a batch to print."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import rows_layout

from .blanks import box_errors, offset_error
from .models import BlankBox, BlankLayout, PrinterProfile

BOX_NUMBERS = ("x_mm", "y_mm", "width_mm", "height_mm", "font_size")


class BlankLayoutForm(forms.ModelForm):
    class Meta:
        model = BlankLayout
        fields = ["paper", "name", "width_mm", "height_mm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(self.fields, [["paper", "name"], ["width_mm", "height_mm"]])

    def clean(self):
        cleaned = super().clean()
        for name in ("width_mm", "height_mm"):
            value = cleaned.get(name)
            if value is not None and not 0 < value <= 1000:
                self.add_error(name, _("Give the blank's size in millimetres, more than 0 and at most 1000."))
        return cleaned


class BlankBoxForm(forms.ModelForm):
    """One field's box; checked against the blank's size given to the formset (`size`)."""

    class Meta:
        model = BlankBox
        fields = ["printed", "x_mm", "y_mm", "width_mm", "height_mm", "font_size", "bold", "align"]

    def __init__(self, *args, size=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.size = size

    def clean(self):
        cleaned = super().clean()
        if self.size is None or any(cleaned.get(name) is None for name in BOX_NUMBERS):
            return cleaned
        for name, message in box_errors(cleaned, *self.size).items():
            self.add_error(name, message)
        return cleaned


BlankBoxFormSet = forms.inlineformset_factory(
    BlankLayout, BlankBox, form=BlankBoxForm, extra=0, can_delete=False, edit_only=True
)


class PrinterProfileForm(forms.ModelForm):
    class Meta:
        model = PrinterProfile
        fields = ["name", "offset_x_mm", "offset_y_mm", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(self.fields, [["name"], ["offset_x_mm", "offset_y_mm"], ["note"]])

    def clean(self):
        cleaned = super().clean()
        for name in ("offset_x_mm", "offset_y_mm"):
            value = cleaned.get(name)
            if value is not None and offset_error(value):
                self.add_error(name, offset_error(value))
        return cleaned


class BlankPrintForm(forms.Form):
    layout = forms.ModelChoiceField(BlankLayout.objects.none(), label=_("Blank"), empty_label=None)
    printer = forms.ModelChoiceField(PrinterProfile.objects.none(), label=_("Printer"), empty_label=None)

    def __init__(self, *args, layouts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].queryset = layouts
        self.fields["printer"].queryset = PrinterProfile.objects.all()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(self.fields, [["layout", "printer"]])


class CalibrationForm(forms.Form):
    printer = forms.ModelChoiceField(
        PrinterProfile.objects.all(), label=_("Printer"), required=False, empty_label=_("No printer (no offsets)")
    )

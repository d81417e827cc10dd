"""The form of an emulation block's meeting: date, place, who came, whom the head proposes."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models_blocks import BlockMember
from core.forms import DATE_WIDGET, SafeModelMultipleChoiceField

from .models import AwardType

CANDIDATE_ROWS = 3


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE_WIDGET, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    present = SafeModelMultipleChoiceField(
        label=_("Members present"), queryset=BlockMember.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, block_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        members = block_year.members.select_related("organization").order_by("organization__name")
        self.fields["present"].queryset = members
        self.fields["present"].label_from_instance = lambda m: m.organization.name
        types = AwardType.objects.filter(is_active=True, for_collectives=True).order_by("order", "name")
        for i in range(CANDIDATE_ROWS):
            self.fields[f"member_{i}"] = forms.ModelChoiceField(
                label=_("Proposed member"), queryset=members, required=i == 0
            )
            self.fields[f"member_{i}"].label_from_instance = lambda m: m.organization.name
            self.fields[f"award_{i}"] = forms.ModelChoiceField(label=_("For"), queryset=types, required=False)

    def clean(self):
        data = super().clean()
        seen = set()
        for i in range(CANDIDATE_ROWS):
            member, award = data.get(f"member_{i}"), data.get(f"award_{i}")
            if member and not award:
                self.add_error(f"award_{i}", _("Choose the award proposed."))
            elif award and not member:
                self.add_error(f"member_{i}", _("Choose the member proposed."))
            elif member and (member.pk, award.pk) in seen:
                self.add_error(f"member_{i}", _("This member is already proposed for this award."))
            elif member:
                seen.add((member.pk, award.pk))
        return data

    def candidates(self):
        data = self.cleaned_data
        return [
            (data[f"member_{i}"], data[f"award_{i}"])
            for i in range(CANDIDATE_ROWS)
            if data.get(f"member_{i}") and data.get(f"award_{i}")
        ]

    def candidate_rows(self):
        return [(self[f"member_{i}"], self[f"award_{i}"]) for i in range(CANDIDATE_ROWS)]

"""Forms of proposals once issued (dossier files, sending, the higher body's answer) and of public notices."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, SafeModelMultipleChoiceField
from core.uploads import ACCEPT_ATTR, ALLOWED_LABEL, inspect

from .proposal_rules import COMPONENT_LABELS

COMMENT_MAX_LENGTH = 2000


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class _FileMixin:
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            inspect(upload)  # type and size read from the content; refused on the field
        return upload


def slot_value(component, line):
    return f"{component}:{line.pk if line else ''}"


class DossierFileForm(_FileMixin, forms.Form):
    slot = forms.ChoiceField(label=_("Component"))
    file = forms.FileField(
        label=_("File"), help_text=ALLOWED_LABEL, widget=forms.FileInput(attrs={"accept": ACCEPT_ATTR})
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {}
        choices = []
        for component, line in slots:
            value = slot_value(component, line)
            label = str(COMPONENT_LABELS[component])
            if line is not None:
                label = f"{label} — {line.nomination.nominee_name}"
                self.lines[value] = line
            choices.append((value, label))
        self.fields["slot"].choices = choices
        self.helper = _helper()

    def chosen(self):
        value = self.cleaned_data["slot"]
        return value.split(":", 1)[0], self.lines.get(value)


class SendForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE_WIDGET)
    how = forms.CharField(
        label=_("Sent by way of"),
        required=False,
        max_length=200,
        help_text=_("E.g. the provincial document system, by post, handed in at the office."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["sent_on"].initial = timezone.localdate()
        self.helper = _helper()

    def clean_sent_on(self):
        day = self.cleaned_data["sent_on"]
        if day < self.proposal.decided_on:
            raise forms.ValidationError(
                _("The proposal is dated %(date)s: it cannot be sent before."),
                params={"date": self.proposal.decided_on.strftime("%d/%m/%Y")},
            )
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day


OUTCOMES = [("", _("not in this answer")), ("granted", _("granted")), ("refused", _("not granted"))]


class AnswerForm(_FileMixin, forms.Form):
    reference = forms.CharField(label=_("Number of the higher body's document"), max_length=60)
    decided_on = forms.DateField(label=_("Dated"), widget=DATE_WIDGET)
    body = forms.CharField(label=_("Issued by"), max_length=200)
    file = forms.FileField(
        label=_("The document (scan or PDF)"),
        help_text=ALLOWED_LABEL,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTR}),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, lines, sent_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.sent_on = sent_on
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.ChoiceField(
                label=f"{line.nomination.nominee_name} — {line.nomination.award_type.name}",
                choices=OUTCOMES,
                required=False,
            )
        self.helper = _helper()

    def clean_decided_on(self):
        day = self.cleaned_data["decided_on"]
        if day < self.sent_on:
            raise forms.ValidationError(
                _("The answer cannot be dated before the proposal was sent (%(date)s)."),
                params={"date": self.sent_on.strftime("%d/%m/%Y")},
            )
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"line_{line.pk}") for line in self.lines):
            raise forms.ValidationError(_("Say for at least one line whether it was granted."))
        return cleaned

    def outcomes(self):
        granted = [line for line in self.lines if self.cleaned_data.get(f"line_{line.pk}") == "granted"]
        refused = [line for line in self.lines if self.cleaned_data.get(f"line_{line.pk}") == "refused"]
        return granted, refused


# --- public notices --------------------------------------------------------------------------------


class NominationsToPublish(SafeModelMultipleChoiceField):
    def label_from_instance(self, nomination):
        return f"{nomination.nominee_name} — {nomination.award_type.name} — {nomination.organization}"


class NoticeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("Empty: the usual title with the campaign.")
    )
    starts_on = forms.DateField(label=_("Published from"), widget=DATE_WIDGET)
    nominations = NominationsToPublish(
        label=_("Nominations to publish"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = queryset
        self.fields["starts_on"].initial = timezone.localdate()
        self.helper = _helper()

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("A notice starts today or later."))
        return day


class CommentForm(forms.Form):
    entry = forms.ChoiceField(label=_("About"), required=False)
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_LENGTH}),
    )
    commenter = forms.CharField(label=_("Your name"), max_length=120)
    contact = forms.CharField(
        label=_("Phone or e-mail"),
        max_length=200,
        help_text=_("Only the office sees it, to reach you about your comment; it is never published."),
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {str(entry.pk): entry for entry in notice.entries.all()}
        self.fields["entry"].choices = [("", _("the whole list"))] + [
            (key, f"{entry.name} — {entry.award}") for key, entry in self.entries.items()
        ]
        self.helper = _helper()

    def clean_entry(self):
        return self.entries.get(self.cleaned_data.get("entry") or "")

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("Write at least 10 characters."))
        return text

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        digits = sum(ch.isdigit() for ch in contact)
        if "@" not in contact and digits < 9:
            raise forms.ValidationError(_("Give a phone number or an e-mail address."))
        return contact


class HandlingForm(forms.Form):
    handling = forms.CharField(
        label=_("How the office handled it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""Forms of the Council's sessions and the leadership's shortlist; they validate, the services decide."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models import Campaign, CampaignStatus
from core.forms import DATE_WIDGET, SafeModelMultipleChoiceField, rows_layout
from members.models import User

from .council import CHAIR_ROLES, SECRETARY_ROLES, council_accounts
from .models import Recusal, VoteChoice


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class AccountsChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class SessionForm(forms.Form):
    """A session's date, place, chair and the members present; the campaign only when it is created."""

    campaign = forms.ModelChoiceField(
        Campaign.objects.none(),
        label=_("Campaign"),
        required=False,
        empty_label=_("Outside a campaign (ad-hoc, thematic, flag, medal)"),
    )
    held_on = forms.DateField(label=_("Held on"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair = AccountChoiceField(
        User.objects.none(),
        label=_("Chaired by"),
        required=False,
        help_text=_("Required before voting opens: the chair signs the minutes."),
    )
    secretary = AccountChoiceField(
        User.objects.none(),
        label=_("Secretary"),
        required=False,
        help_text=_("Required before voting opens: the secretary signs the minutes."),
    )
    present = AccountsChoiceField(
        User.objects.none(),
        label=_("Members present"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The active Council accounts; only members present vote."),
    )
    members_total = forms.IntegerField(
        label=_("Members of the Council"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_(
            "The whole membership, which quorum and thresholds are shares of. Empty: the number of Council "
            "accounts (%(count)s); set it higher when some members have no account."
        ),
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = council_accounts()
        self.account_count = accounts.count()
        self.fields["members_total"].help_text = self.fields["members_total"].help_text % {"count": self.account_count}
        self.fields["present"].queryset = accounts
        self.fields["chair"].queryset = User.objects.filter(role__in=CHAIR_ROLES, is_active=True).order_by(
            "role", "last_name", "first_name"
        )
        self.fields["secretary"].queryset = User.objects.filter(role__in=SECRETARY_ROLES, is_active=True).order_by(
            "role", "last_name", "first_name"
        )
        if session is None:
            self.fields["campaign"].queryset = Campaign.objects.exclude(status=CampaignStatus.DRAFT).order_by(
                "-starts_on", "name"
            )
        else:
            del self.fields["campaign"]
            self.initial.update(
                held_on=session.held_on,
                place=session.place,
                chair=session.chair,
                secretary=session.secretary,
                present=list(session.present.all()),
                members_total=session.members_total,
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = rows_layout(
            self.fields, [["campaign"], ["held_on", "members_total"], ["place"], ["chair", "secretary"], ["present"]]
        )

    def clean(self):
        data = super().clean()
        present = data.get("present") or []
        total = data.get("members_total")
        chair, secretary = data.get("chair"), data.get("secretary")
        if chair is not None and secretary is not None and chair.pk == secretary.pk:
            self.add_error("secretary", _("The chair and the secretary are two different people."))
        if total is not None and total < len(present):
            self.add_error(
                "members_total",
                _("%(present)s members are marked present: the Council has at least as many members.")
                % {"present": len(present)},
            )
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "place": data["place"],
            "chair": data["chair"],
            "secretary": data["secretary"],
            "present": list(data["present"]),
            "members_total": data["members_total"] or self.account_count,
        }


class NominationsChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.nominee_name} · {obj.organization.name} · {obj.award_type.short_name}"


class AgendaForm(forms.Form):
    nominations = NominationsChoiceField(
        None,
        label=_("Eligible nominations of the campaign"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one nomination.")},
    )

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = nominations
        self.helper = FormHelper()
        self.helper.form_tag = False


class VoteForm(forms.Form):
    """One vote: the nomination (a hidden field) and the button pressed."""

    nomination = forms.ModelChoiceField(None, widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        choices=VoteChoice.choices,
        error_messages={"required": _("Choose Agree, Disagree or Abstain, or recuse yourself.")},
    )
    recusal = forms.ChoiceField(label=_("Connection"), choices=[("", "")] + Recusal.choices, required=False)

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = agenda


class CloseForm(forms.Form):
    """Closing a session: with votes missing, the office confirms that they count as not in favour."""

    confirm_missing = forms.BooleanField(
        label=_("Close with the missing votes counted as not in favour"), required=False
    )


class LeaderDecisionForm(forms.Form):
    """The leadership's comment on approving (optional) or rejecting (required) a nomination."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, required=False, reversing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if required:
            self.fields["comment"].required = True
            self.fields["comment"].label = _("Why it is rejected")
            self.fields["comment"].error_messages["required"] = _("Say why the nomination is rejected.")
        if reversing:
            # awards.council.reverses: turning one's own decision round needs its reason, kept in the history.
            self.fields["comment"].required = True
            self.fields["comment"].label = _("Why the earlier decision is reversed")
            self.fields["comment"].error_messages["required"] = _(
                "Say why the earlier decision on this nomination is reversed."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

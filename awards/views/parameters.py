"""Pages of the awards app: the legal parameters. Each view names its permission at the top."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import TransitionError
from core.listing import xlsx_response
from core.permissions import permission
from core.spreadsheets import Column, build_workbook

from ..forms import BonusForm, OnDateForm, ParameterValueForm, VotesForm
from ..models import LegalParameter, display_value
from ..parameter_keys import SPECS, ParameterKind
from ..parameters import EDITABLE_FIELDS, add_value, change_value, delete_value, history_message, values_on


@permission("awards.view_parameters")  # office, leadership, council
def parameter_list(request):
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_export(LegalParameter.objects.select_related("created_by")), _("legal parameters"))
    lookup = OnDateForm(request.GET or None)
    day = lookup.day()
    in_force = values_on(day)
    counts = {}
    for key in LegalParameter.objects.values_list("key", flat=True):
        counts[key] = counts.get(key, 0) + 1
    groups = [
        {
            "kind": label,
            "rows": [
                {"spec": spec, "row": in_force.get(key), "count": counts.get(key, 0)}
                for key, spec in SPECS.items()
                if spec.kind == kind
            ],
        }
        for kind, label in ParameterKind.choices
    ]
    today = timezone.localdate()
    return render(
        request,
        "awards/parameter/list.html",
        {"groups": groups, "lookup": lookup, "day": day, "is_today": day == today},
    )


@permission("awards.view_parameters")  # office, leadership, council
def parameter_detail(request, key):
    spec = _spec_or_404(key)
    today = timezone.localdate()
    rows = list(LegalParameter.objects.filter(key=key).select_related("created_by"))  # newest first
    timeline = []
    following = None
    for row in rows:
        until = following.valid_from - timedelta(days=1) if following else None
        state = "future" if row.valid_from > today else ("current" if until is None or until >= today else "past")
        timeline.append({"row": row, "until": until, "state": state})
        following = row
    history = LegalParameter.history.filter(key=key).select_related("history_user")[:200]
    return render(
        request,
        "awards/parameter/detail.html",
        {"spec": spec, "key": key, "timeline": timeline, "records": _history_rows(history), "today": today},
    )


@permission("awards.manage_parameters")  # office
def value_create(request, key):
    spec = _spec_or_404(key)
    form = ParameterValueForm(request.POST or None, key=key)
    if request.method == "POST" and form.is_valid():
        try:
            add_value(key=key, by=request.user, **{f: form.cleaned_data[f] for f in EDITABLE_FIELDS})
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The new value was recorded."))
            return redirect("awards:parameter_detail", key=key)
    return render(request, "awards/parameter/form.html", {"form": form, "spec": spec, "key": key})


@permission("awards.manage_parameters")  # office
def value_edit(request, pk):
    row = get_object_or_404(LegalParameter, pk=pk)
    if row.is_history():
        messages.error(request, history_message(row))
        return redirect(row)
    form = ParameterValueForm(request.POST or None, instance=row, key=row.key)
    if request.method == "POST" and form.is_valid():
        try:
            change_value(row, by=request.user, **{f: form.cleaned_data[f] for f in EDITABLE_FIELDS})
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The value was saved."))
            return redirect("awards:parameter_detail", key=row.key)
    context = {"form": form, "spec": row.spec, "key": row.key, "row": row}
    return render(request, "awards/parameter/form.html", context)


@permission("awards.manage_parameters")  # office; GET asks, POST deletes
def value_delete(request, pk):
    row = get_object_or_404(LegalParameter, pk=pk)
    if row.is_history():
        messages.error(request, history_message(row))
        return redirect(row)
    if request.method == "POST":
        try:
            delete_value(row, by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The value was deleted."))
        return redirect("awards:parameter_detail", key=row.key)
    return render(request, "awards/parameter/delete.html", {"row": row, "spec": row.spec})


@permission("awards.view_parameters")  # office, leadership, council
def calculator(request):
    today = timezone.localdate().strftime("%d/%m/%Y")
    which = request.GET.get("form")
    bonus = BonusForm(request.GET if which == "bonus" else None, initial={"day": today, "collective": "0"})
    votes = VotesForm(request.GET if which == "votes" else None, initial={"day": today, "members": 7})
    return render(request, "awards/parameter/calculator.html", {"bonus": bonus, "votes": votes})


HISTORY_FIELDS = ["value", "valid_from", "source", "source_url", "confirmed", "note"]


def _history_rows(records):
    """Each record of the key's values with what it changed against the same value's record before."""
    rows = []
    for record in records:
        changes = []
        previous = record.prev_record if record.history_type == "~" else None
        if previous is not None:
            for change in record.diff_against(previous, included_fields=HISTORY_FIELDS).changes:
                field = LegalParameter._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _shown(record, change.field, change.old),
                        "new": _shown(record, change.field, change.new),
                    }
                )
        rows.append({"record": record, "value": display_value(record.key, record.value), "changes": changes})
    return rows


def _shown(record, field, value):
    if value in (None, ""):
        return "—"
    if field == "value":
        return display_value(record.key, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


def _spec_or_404(key):
    if key not in SPECS:
        raise Http404
    return SPECS[key]


EXPORT_COLUMNS = [
    Column("key", gettext_lazy("Key"), width=24),
    Column("label", gettext_lazy("Parameter"), width=48),
    Column("value", gettext_lazy("Value"), width=14),
    Column("valid_from", gettext_lazy("Applies from"), width=14),
    Column("source", gettext_lazy("Source document"), width=48),
    Column("source_url", gettext_lazy("Link to the source"), width=40),
    Column("confirmed", gettext_lazy("Confirmed"), width=12),
    Column("note", gettext_lazy("Note"), width=48),
    Column("created_by", gettext_lazy("Entered by"), width=18),
]


def _export(rows):
    lines = (
        [
            row.key,
            str(row.spec.label),
            row.value,
            row.valid_from,
            row.source,
            row.source_url,
            _("yes") if row.confirmed else _("no"),
            row.note,
            row.created_by.display_name if row.created_by else "",
        ]
        for row in rows
    )
    return build_workbook(_("Legal parameters"), EXPORT_COLUMNS, lines)

"""Pages of the award history (every award, issued here or entered from the past) and of who is due.

Each view names its roles. Rows come through awards.queries.records_for_user: a unit reads the
history of itself, its people and its households only; another unit's person or unit answers 404.
"""

import secrets

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import TransitionError
from core.limits import query_int
from core.listing import paginate, querystring_without_page, xlsx_response
from core.permissions import permission
from core.spreadsheets import Column, ImportRejected, build_workbook, safe_cell
from members.models import Person
from members.permissions import reads_registry
from members.queries import organizations_for_user, own_organization_id, people_for_user

from .. import due, history, history_import
from ..forms_history import DueForm, ImportForm, PastAwardForm, RecordFilter, WithdrawRecordForm
from ..models import AwardRecord, AwardType, NomineeKind, RecordSource
from ..queries import records_for_user

IMPORT_SESSION_KEY = "award_history_import"

RECORD_COLUMNS = [
    Column("year", gettext_lazy("Year"), width=8),
    Column("name", gettext_lazy("Awardee"), width=32),
    Column("kind", gettext_lazy("Awardee"), width=12),
    Column("unit", gettext_lazy("Unit"), width=36),
    Column("award", gettext_lazy("Award"), width=36),
    Column("body", gettext_lazy("Decided by"), width=28),
    Column("number", gettext_lazy("Decision number"), width=18),
    Column("date", gettext_lazy("Decision date"), width=12),
    Column("source", gettext_lazy("Source"), width=20),
    Column("revoked", gettext_lazy("Revoked"), width=10),
]


def _record_row(record):
    return [
        record.year,
        safe_cell(record.awardee_name),
        str(record.get_nominee_kind_display()),
        safe_cell(record.organization.name),
        safe_cell(record.award_name),
        safe_cell(record.deciding_body),
        safe_cell(record.decision_number),
        record.decision_date,
        str(record.get_source_display()),
        _("yes") if record.is_revoked else "",
    ]


@permission("awards.view_history")  # office, leadership, council read all; a unit its own rows
def record_list(request):
    qs = records_for_user(request.user).order_by("-year", "-decision_date", "-pk")
    filterset = RecordFilter(request.GET or None, queryset=qs, request=request)
    if request.GET.get("export") == "xlsx":
        rows = (_record_row(r) for r in filterset.qs)
        return xlsx_response(build_workbook(_("Award history"), RECORD_COLUMNS, rows), _("award history"))
    context = {
        "filter": filterset,
        "page": paginate(request, filterset.qs),
        "querystring": querystring_without_page(request),
        "export": True,
        "can_manage": request.user.has_perm("awards.manage_history"),
        "is_staff_reader": reads_registry(request.user),
    }
    return render(request, "awards/record/list.html", context)


@permission("awards.view_history")  # staff, or the person's unit (404 for another unit's person)
def person_awards(request, pk):
    person = get_object_or_404(people_for_user(request.user), pk=pk)
    context = {
        "person": person,
        "records": history.history_of(person=person),
        "can_manage": request.user.has_perm("awards.manage_history"),
        "is_staff_reader": reads_registry(request.user),
    }
    return render(request, "awards/record/person.html", context)


@permission("awards.view_history")  # staff, or the unit itself (404 for another unit)
def unit_awards(request, pk):
    org = get_object_or_404(organizations_for_user(request.user), pk=pk)
    rows = history.history_of(organization=org, include_members=True)
    context = {
        "org": org,
        "own": [r for r in rows if r.person_id is None and r.household_id is None],
        "members": [r for r in rows if r.person_id is not None or r.household_id is not None],
        "can_manage": request.user.has_perm("awards.manage_history"),
        "is_staff_reader": reads_registry(request.user),
    }
    return render(request, "awards/record/unit.html", context)


@permission("awards.manage_history")  # office
def record_create(request):
    initial = {"nominee_kind": request.GET.get("kind") or "individual"}
    for name in ("person", "organization"):
        if value := query_int(request, name):
            initial[name] = value
    if person_id := initial.get("person"):
        person = Person.objects.filter(pk=person_id).first()
        if person is not None:
            initial["organization"] = person.organization_id
    form = PastAwardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = history.record_past_award(by=request.user, **form.service_values())
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The award was entered in the history."))
            if record.person_id:
                return redirect("awards:person_awards", record.person_id)
            return redirect("awards:unit_awards", record.organization_id)
    return render(request, "awards/record/form.html", {"form": form})


@permission("awards.manage_history")  # office: a wrong entry from the records, with the reason
def record_withdraw(request, pk):
    record = get_object_or_404(AwardRecord.objects.select_related("person", "organization"), pk=pk)
    if record.source == RecordSource.ISSUED_HERE:
        messages.error(request, _("An award issued in the app is taken back only by a revoking decision."))
        return redirect("awards:record_list")
    form = WithdrawRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            history.withdraw_past_award(record, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The entry was withdrawn from the history."))
            return redirect("awards:record_list")
    return render(request, "awards/record/withdraw.html", {"form": form, "record": record})


# --- the import ---------------------------------------------------------------------------------


@permission("awards.manage_history")  # office
def record_template(request):
    return xlsx_response(history_import.template_workbook(), _("past awards template"))


@permission("awards.manage_history")  # office
def record_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, errors = history_import.read_rows(upload, upload.name)
        except ImportRejected as error:
            form.add_error("file", str(error))
        else:
            if not errors:
                token = secrets.token_hex(8)
                request.session[IMPORT_SESSION_KEY] = {"token": token, "rows": rows, "name": upload.name}
                return redirect("awards:record_import_review")
    return render(request, "awards/record/import.html", {"form": form, "errors": errors})


def _people_of(rows):
    ids = {pk for row in rows for pk in row["candidates"]}
    return Person.objects.select_related("organization").in_bulk(ids)


@permission("awards.manage_history")  # office: the doubtful people resolved, then every row stored at once
def record_import_review(request):
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending:
        messages.info(request, _("Upload the file first."))
        return redirect("awards:record_import")
    rows = pending["rows"]
    doubts = history_import.doubtful(rows)
    choices = {}
    error = ""
    if request.method == "POST":
        if request.POST.get("token") != pending["token"]:
            error = _("This review is of another upload: upload the file again.")
        else:
            choices = {row["number"]: request.POST.get(f"row-{row['number']}", "") for row in doubts}
            try:
                records = history_import.store_rows(rows, choices, by=request.user)
            except TransitionError as exc:
                error = str(exc)
            else:
                del request.session[IMPORT_SESSION_KEY]
                messages.success(request, _("%(n)s awards were entered in the history.") % {"n": len(records)})
                return redirect("awards:record_list")
    people = _people_of(rows)
    types = AwardType.objects.in_bulk({r["award_type"] for r in rows if r["award_type"]})
    units = {o.pk: o for o in organizations_for_user(request.user).filter(pk__in={r["unit"] for r in rows})}
    shown = []
    for row in rows:
        shown.append(
            {
                **row,
                "unit_name": units[row["unit"]].name if row["unit"] in units else "",
                "award_name": types[row["award_type"]].name if row["award_type"] in types else row["title"],
                "candidates_shown": [people[pk] for pk in row["candidates"] if pk in people],
                "chosen": str(choices.get(row["number"], "")),
            }
        )
    context = {
        "rows": shown,
        "doubts": len(doubts),
        "token": pending["token"],
        "name": pending.get("name", ""),
        "error": error,
        "new": history_import.NEW,
    }
    return render(request, "awards/record/review.html", context)


# --- who is due -----------------------------------------------------------------------------------

DUE_COLUMNS = [
    Column("award", gettext_lazy("Award"), width=30),
    Column("name", gettext_lazy("Awardee"), width=30),
    Column("kind", gettext_lazy("Awardee"), width=12),
    Column("unit", gettext_lazy("Unit"), width=36),
    Column("relied", gettext_lazy("Awards relied on"), width=60),
    Column("why", gettext_lazy("Standard met"), width=60),
    Column("nominated", gettext_lazy("Already nominated"), width=14),
]


@permission("awards.view_due")  # office, leadership, council see everyone; a unit its own people and itself
def due_list(request):
    today = timezone.localdate()
    form = DueForm(request.GET or None, initial={"year": today.year})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else today.year
    scope = None
    if not reads_registry(request.user):
        scope = organizations_for_user(request.user).filter(pk=own_organization_id(request.user)).first()
        if scope is None:
            return render(request, "awards/due/list.html", {"form": form, "year": year, "groups": []})
    groups = due.due_list(year, organization=scope)
    if request.GET.get("export") == "xlsx":
        rows = (
            [
                safe_cell(award_type.name),
                safe_cell(line.name),
                str(NomineeKind(line.nominee_kind).label),
                safe_cell(line.unit.name),
                safe_cell("; ".join(f"{e.name} {e.year} {e.reference}".strip() for e in line.relied)),
                safe_cell(line.cited),
                _("yes") if line.nomination else "",
            ]
            for award_type, lines in groups
            for line in lines
        )
        return xlsx_response(build_workbook(_("Who is due"), DUE_COLUMNS, rows), _("due %(year)s") % {"year": year})
    context = {
        "form": form,
        "year": year,
        "groups": groups,
        "campaign": due.campaign_of(year),
        "can_nominate": request.user.has_perm("awards.nominate"),
    }
    return render(request, "awards/due/list.html", context)

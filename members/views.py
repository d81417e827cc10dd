"""Pages of the member registry. Each view names its permission at the top.

Objects are fetched through the scoped querysets of queries.py, so another unit's
object answers 404; an object a user may see but not change answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.collation import Vietnamese
from core.errors import TransitionError
from core.jobs import enqueue
from core.limits import query_int
from core.listing import is_unfiltered, paginate, querystring_without_page, xlsx_response
from core.permissions import permission, require
from core.uploads import clean_name, stored_name

from .areas import covering_area, places_on
from .filters import AccountFilter, AreaFilter, OrganizationFilter, PersonFilter
from .forms import (
    ETHNICITIES,
    AccountForm,
    AccountPasswordForm,
    ArchiveForm,
    ImportForm,
    NewAccountForm,
    OrganizationForm,
    PersonForm,
    RestoreForm,
    StatusChangeForm,
    UnitOrganizationForm,
    person_option_label,
)
from .importers import export_areas, export_organizations, export_people, template_workbook
from .models import AccountChange, AdministrativeArea, ImportJob, ImportKind, User
from .permissions import is_office, is_unit
from .queries import (
    count_current_organizations_for_user,
    count_people_for_user,
    imports_for_user,
    organizations_for_user,
    people_for_user,
)
from .services import (
    archive_organization,
    change_status,
    create_account,
    restore_organization,
    set_account_password,
    update_account,
)


def _list_page(request, filterset, template, export, export_name, extra=None, count=None):
    if request.GET.get("export") == "xlsx":
        return xlsx_response(export(filterset.qs), export_name)
    context = {
        "filter": filterset,
        "page": paginate(request, filterset.qs, count=count),
        "querystring": querystring_without_page(request),
        **(extra or {}),
    }
    return render(request, template, context)


# --- organizations -----------------------------------------------------------------


@login_required  # any role; a unit sees only its own organization
def organization_list(request):
    qs = organizations_for_user(request.user)
    # Archived units (dissolved, merged) are left out unless the filter asks for them.
    archived = request.GET.get("archived", "")
    if archived == "yes":
        qs = qs.filter(archived_on__isnull=False)
    elif archived != "all":
        qs = qs.current()
    filterset = OrganizationFilter(request.GET or None, queryset=qs, request=request)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(export_organizations(filterset.qs), _("organizations"))
    # The count of the list without a filter is kept (members.queries); a filtered list is counted.
    count = count_current_organizations_for_user(request.user) if is_unfiltered(request) else None
    page = paginate(request, filterset.qs, count=count)
    page.object_list = list(page.object_list)
    # Each unit where it is on today's map (a cooperative recorded in a former district is in its commune
    # and province of today), as the province filter finds it.
    places = places_on(page.object_list, timezone.localdate())
    for org in page.object_list:
        org.commune_today, org.province_today = places[org.pk]
    context = {"filter": filterset, "page": page, "querystring": querystring_without_page(request)}
    return render(request, "members/organization/list.html", context)


@login_required  # readers of the registry, or the unit itself
def organization_detail(request, pk):
    org = get_object_or_404(organizations_for_user(request.user), pk=pk)
    require(request.user, "members.view_organization", org)
    people = org.people.all()
    context = {
        "org": org,
        "people": paginate(request, people, 10),
        "people_count": people.count(),
        "status_changes": org.status_changes.select_related("changed_by"),
        "accounts": org.accounts.all() if is_office(request.user) else None,
        "current_area": _current_area(org),
    }
    return render(request, "members/organization/detail.html", context)


@permission("members.add_organization")  # office
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = form.save()
        messages.success(request, _("The organization “%(name)s” was created.") % {"name": org.name})
        return redirect(org)
    return render(request, "members/organization/form.html", {"form": form})


def _current_area(org):
    """Where a unit recorded under a former area is today, when that differs."""

    recorded = org.commune or org.district or org.province
    today = covering_area(recorded, timezone.localdate()) if recorded else None
    if today is None or today == recorded:
        return None
    return ", ".join(str(a) for a in [today, today.parent] if a is not None)


@login_required  # office, or the unit for its own profile
def organization_edit(request, pk):
    org = get_object_or_404(organizations_for_user(request.user), pk=pk)
    require(request.user, "members.change_organization", org)
    form_class = OrganizationForm if is_office(request.user) else UnitOrganizationForm
    form = form_class(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes were saved."))
        return redirect(org)
    return render(request, "members/organization/form.html", {"form": form, "org": org})


@login_required  # office
def organization_archive(request, pk):
    org = get_object_or_404(organizations_for_user(request.user), pk=pk)
    require(request.user, "members.archive_organization", org)
    form = ArchiveForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            archive_organization(
                org,
                by=request.user,
                effective_on=data["effective_on"],
                reason=data["reason"],
                merged_into=data["merged_into"],
            )
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The organization was archived; its history and awards are kept."))
            return redirect(org)
    return render(request, "members/organization/archive.html", {"form": form, "org": org})


@login_required  # office; GET asks for the reason, POST restores
def organization_restore(request, pk):
    org = get_object_or_404(organizations_for_user(request.user), pk=pk)
    require(request.user, "members.archive_organization", org)
    form = RestoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            restore_organization(org, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The organization was restored from the archive."))
        return redirect(org)
    if not org.archived_on:
        messages.info(request, _("This organization is not archived."))
        return redirect(org)
    return render(request, "members/organization/restore.html", {"form": form, "org": org})


@login_required  # office
def organization_status(request, pk):
    org = get_object_or_404(organizations_for_user(request.user), pk=pk)
    require(request.user, "members.change_status", org)
    form = StatusChangeForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            change_status(org, by=request.user, **form.cleaned_data)
        except TransitionError as exc:
            form.add_error("effective_on", str(exc))
        else:
            messages.success(request, _("The operating status was recorded."))
            return redirect(org)
    return render(request, "members/organization/status.html", {"form": form, "org": org})


@login_required  # whoever may see the organization
def organization_people(request, pk):
    """The people of one organization as JSON, for the person selects of other forms (static/js/people.js)."""
    org = get_object_or_404(organizations_for_user(request.user), pk=pk)
    require(request.user, "members.view_organization", org)
    people = people_for_user(request.user).filter(organization=org).order_by(Vietnamese("full_name"), "pk")
    return JsonResponse(
        {"people": [{"id": p.pk, "name": person_option_label(p)} for p in people.select_related("organization")]}
    )


@login_required  # whoever may see the organization
def organization_history(request, pk):
    org = get_object_or_404(organizations_for_user(request.user), pk=pk)
    require(request.user, "members.view_organization", org)
    return render(
        request,
        "members/history.html",
        {
            "object": org,
            "records": _history_rows(org.history.select_related("history_user")),
            "back": org.get_absolute_url(),
        },
    )


def _history_rows(records):
    """Each historical record with the fields it changed against the one before."""
    records = list(records[:200])
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            # Every tracked field, the ones only services write (status, archived on, merged into) too:
            # simple-history's diff_against compares the editable fields only.
            for field in record.tracked_fields:
                before, after = getattr(previous, field.attname), getattr(record, field.attname)
                if field.primary_key or before == after:
                    continue
                model_field = record.instance._meta.get_field(field.name)
                changes.append(
                    {
                        "field": model_field.verbose_name,
                        "old": _display(record.instance, model_field, before, previous),
                        "new": _display(record.instance, model_field, after, record),
                    }
                )
        rows.append({"record": record, "changes": changes})
    return rows


def _display(instance, field, value, record):
    if value is None or value == "":
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        related = getattr(record, field.name, None)
        return str(related) if related is not None else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


# --- people ------------------------------------------------------------------------


@login_required  # any role; a unit sees only its own people
def person_list(request):
    qs = people_for_user(request.user)
    filterset = PersonFilter(request.GET or None, queryset=qs, request=request)
    # A unit exports its own people with their contacts; the Council without any.
    contacts = request.user.has_perm("members.export_contacts") or is_unit(request.user)
    return _list_page(
        request,
        filterset,
        "members/person/list.html",
        lambda people: export_people(people, contacts=contacts),
        _("people"),
        # The whole list's count is kept (members.queries); a filtered list is counted each time.
        count=count_people_for_user(request.user) if is_unfiltered(request) else None,
    )


@login_required  # readers of the registry, or the person's unit
def person_detail(request, pk):
    person = get_object_or_404(people_for_user(request.user), pk=pk)
    require(request.user, "members.view_person", person)
    contacts = request.user.has_perm("members.view_contacts", person)
    return render(request, "members/person/detail.html", {"person": person, "can_see_contacts": contacts})


@permission("members.add_person")  # office, or a unit for its own people
def person_create(request):
    organizations = organizations_for_user(request.user)
    initial = {}
    if wanted := query_int(request, "organization"):
        org = organizations.filter(pk=wanted).first()
        if org:
            initial["organization"] = org
    form = PersonForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("“%(name)s” was added.") % {"name": person.full_name})
        return redirect(person)
    return render(request, "members/person/form.html", {"form": form, "ethnicities": ETHNICITIES})


@login_required  # office, or the person's unit
def person_edit(request, pk):
    person = get_object_or_404(people_for_user(request.user), pk=pk)
    require(request.user, "members.change_person", person)
    form = PersonForm(request.POST or None, instance=person, organizations=organizations_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes were saved."))
        return redirect(person)
    return render(request, "members/person/form.html", {"form": form, "person": person, "ethnicities": ETHNICITIES})


@login_required  # whoever may see the person
def person_history(request, pk):
    person = get_object_or_404(people_for_user(request.user), pk=pk)
    require(request.user, "members.view_person", person)
    return render(
        request,
        "members/history.html",
        {
            "object": person,
            "records": _history_rows(person.history.select_related("history_user")),
            "back": person.get_absolute_url(),
        },
    )


# --- imports -----------------------------------------------------------------------

IMPORT_PAGES = {
    "organizations": (ImportKind.ORGANIZATIONS, "members:organization_list"),
    "people": (ImportKind.PEOPLE, "members:person_list"),
    "areas": (ImportKind.AREAS, "members:area_list"),
}


def _import_kind(kind):
    if kind not in IMPORT_PAGES:
        raise Http404
    return IMPORT_PAGES[kind]


@permission("members.import_data")  # office
def import_upload(request, kind):
    import_kind, back = _import_kind(kind)
    form = ImportForm(request.POST or None, request.FILES or None, kind=import_kind)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        original_name = clean_name(upload.name)
        upload.name = stored_name(upload.name)  # the user's name is shown, never used as a path
        job = ImportJob.objects.create(
            kind=import_kind, file=upload, original_name=original_name, created_by=request.user
        )
        enqueue("members.tasks.import_spreadsheet", job.pk)
        return redirect(job)
    recent = imports_for_user(request.user).filter(kind=import_kind)[:10]
    return render(
        request,
        "members/import/upload.html",
        {"form": form, "kind": kind, "import_kind": import_kind, "back": reverse(back), "recent": recent},
    )


@permission("members.import_data")  # office
def import_template(request, kind):
    import_kind, _back = _import_kind(kind)
    return xlsx_response(template_workbook(import_kind), _("template %(kind)s") % {"kind": import_kind.label})


@permission("members.import_data")  # office
def import_detail(request, pk):
    job = get_object_or_404(imports_for_user(request.user), pk=pk)
    back = {v[0]: v[1] for v in IMPORT_PAGES.values()}[job.kind]
    kind_slug = {v[0]: k for k, v in IMPORT_PAGES.items()}[job.kind]
    return render(request, "members/import/detail.html", {"job": job, "back": reverse(back), "kind": kind_slug})


@permission("members.import_data")  # office
def import_progress(request, pk):
    job = get_object_or_404(imports_for_user(request.user), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "percent": job.progress_percent,
            "finished": job.is_finished,
        }
    )


# --- accounts ----------------------------------------------------------------------


@permission("members.manage_accounts")  # office
def account_list(request):
    qs = User.objects.select_related("organization").order_by("username")
    filterset = AccountFilter(request.GET or None, queryset=qs, request=request)
    return render(
        request,
        "members/account/list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "querystring": querystring_without_page(request),
        },
    )


@permission("members.manage_accounts")  # office: unit and Council accounts; a superuser: every role
def account_create(request):
    form = NewAccountForm(request.POST or None, initial={"is_active": True}, by=request.user)
    if request.method == "POST" and form.is_valid():
        user = create_account(form.save(commit=False), by=request.user)
        messages.success(request, _("The account “%(name)s” was created.") % {"name": user.username})
        return redirect("members:account_list")
    return render(request, "members/account/form.html", {"form": form})


def _account(request, pk):
    """An account the user may change: the office never reaches an office, leadership or superuser account (403)."""
    account = get_object_or_404(User, pk=pk)
    require(request.user, "members.change_account", account)
    return account


@permission("members.manage_accounts")  # office: unit and Council accounts; a superuser: every account
def account_edit(request, pk):
    account = _account(request, pk)
    form = AccountForm(request.POST or None, instance=account, by=request.user)
    if request.method == "POST" and form.is_valid():
        if account == request.user and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("You cannot deactivate your own account."))
        else:
            update_account(form.save(commit=False), by=request.user)
            messages.success(request, _("The changes were saved."))
            return redirect("members:account_list")
    changes = account.changes.select_related("by")[:20]
    return render(request, "members/account/form.html", {"form": form, "account": account, "changes": changes})


@permission("members.manage_accounts")  # office: unit and Council accounts; a superuser: every account
def account_password(request, pk):
    account = _account(request, pk)
    form = AccountPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        set_account_password(account, form.cleaned_data["new_password1"], by=request.user)
        messages.success(request, _("The password of “%(name)s” was set.") % {"name": account.username})
        return redirect("members:account_list")
    return render(request, "members/account/password.html", {"form": form, "account": account})


@permission("members.manage_accounts")  # office and superusers read who changed which account, and when
def account_changes(request):
    qs = AccountChange.objects.select_related("account", "by").order_by("-at", "-pk")
    return render(request, "members/account/changes.html", {"page": paginate(request, qs), "querystring": ""})


# --- administrative areas ------------------------------------------------------------


@permission("members.view_registry")  # office, leadership, council
def area_list(request):
    qs = AdministrativeArea.objects.select_related("parent", "successor").order_by("level", "code", "valid_from")
    filterset = AreaFilter(request.GET or None, queryset=qs, request=request)
    return _list_page(request, filterset, "members/area/list.html", export_areas, _("administrative areas"))


@permission("members.view_registry")  # office, leadership, council
def area_detail(request, pk):
    area = get_object_or_404(AdministrativeArea.objects.select_related("parent", "successor"), pk=pk)
    return render(
        request,
        "members/area/detail.html",
        {
            "area": area,
            "children": area.children.order_by(Vietnamese("name")),
            "predecessors": area.predecessors.select_related("parent").order_by(Vietnamese("name")),
        },
    )

"""Pages of award types, households, initiatives and nominations. Each view names its roles at the top.

Objects come through the scoped querysets of awards.queries: another unit's object answers
404; one a user may read but not change answers 403. Changes are POST-only; a GET of a
change shows its confirmation page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.forms_submissions import ReasonForm
from campaign.queries import campaigns_for_user
from core.errors import ConflictError, TransitionError
from core.limits import query_int
from core.listing import is_unfiltered, paginate, querystring_without_page, xlsx_response
from core.permissions import permission, require
from core.spreadsheets import Column, build_workbook, safe_cell

from .. import eligibility, nominations
from ..eligibility import STANDARD_CSTDCS
from ..forms_nominations import (
    AwardTypeForm,
    HouseholdFilter,
    HouseholdForm,
    InitiativeFilter,
    InitiativeForm,
    NominationFilter,
    NominationForm,
)
from ..models import AwardType, NominationAttachment, Occasion, plain
from ..parameter_keys import QUOTA_CSTDCS
from ..parameters import NoParameterValue, value_on
from ..queries import (
    count_nominations_for_user,
    for_a_page,
    households_for_user,
    initiatives_for_user,
    nominations_for_user,
)

# --- award types ------------------------------------------------------------------------------


def _unconfirmed_quota():
    """The CSTĐCS quota parameter in force today, shown as an unconfirmed default when it is."""

    try:
        return value_on(QUOTA_CSTDCS, timezone.localdate())
    except NoParameterValue:
        return None


@permission("awards.view_award_types")  # everyone logged in with a role reads; the office changes
def award_type_list(request):
    types = list(AwardType.objects.select_related("requires").annotate(nominations_count=Count("nominations")))
    for award_type in types:
        share = award_type.quota_share
        award_type.quota_percent = number_format(plain(share * 100)) if share is not None else ""
    context = {
        "types": types,
        "cstdcs_key": STANDARD_CSTDCS,
        "quota_row": _unconfirmed_quota(),
        "missing_defaults": _missing_defaults(types),
    }
    return render(request, "awards/award_type/list.html", context)


def _missing_defaults(types):
    names = {t.name for t in types}
    return [values["name"] for values in nominations.default_award_types() if values["name"] not in names]


@permission("awards.manage_award_types")  # office
def award_type_create(request):
    form = AwardTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        award_type = nominations.save_award_type(form.instance, by=request.user)
        messages.success(request, _("The award type “%(name)s” was created.") % {"name": award_type})
        return redirect("awards:award_type_list")
    return render(request, "awards/award_type/form.html", {"form": form})


@permission("awards.manage_award_types")  # office
def award_type_edit(request, pk):
    award_type = get_object_or_404(AwardType, pk=pk)
    form = AwardTypeForm(request.POST or None, instance=award_type)
    if request.method == "POST" and form.is_valid():
        nominations.save_award_type(form.instance, by=request.user)
        messages.success(request, _("The changes were saved."))
        return redirect("awards:award_type_list")
    return render(request, "awards/award_type/form.html", {"form": form, "award_type": award_type})


@permission("awards.manage_award_types")  # office; GET lists what would be added, POST adds it
def award_type_defaults(request):
    if request.method == "POST":
        created = nominations.install_default_award_types(by=request.user)
        if created:
            messages.success(
                request,
                _("Added: %(names)s.") % {"names": ", ".join(t.name for t in created)},
            )
        else:
            messages.info(request, _("Every standard award type is already there."))
        return redirect("awards:award_type_list")
    missing = _missing_defaults(list(AwardType.objects.all()))
    return render(request, "awards/award_type/defaults.html", {"missing": missing})


# --- households and initiatives --------------------------------------------------------------


def _nominee_list(request, queryset, filter_class, template, export, name):
    filterset = filter_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs.distinct()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(export(rows), name)
    context = {
        "filter": filterset,
        "page": paginate(request, rows),
        "querystring": querystring_without_page(request),
        "export": True,
    }
    return render(request, template, context)


HOUSEHOLD_COLUMNS = [
    Column("head_name", gettext_lazy("Head of household"), width=30),
    Column("organization", gettext_lazy("Member of"), width=44),
    Column("address", gettext_lazy("Address"), width=40),
    Column("members_count", gettext_lazy("Members of the household"), width=12),
    Column("is_direct_producer", gettext_lazy("Produces or trades directly"), width=14),
]


def _households_export(rows):
    lines = (
        [
            safe_cell(h.head_name),
            safe_cell(h.organization.name),
            safe_cell(h.address),
            h.members_count,
            _("Yes") if h.is_direct_producer else _("No"),
        ]
        for h in rows
    )
    return build_workbook(_("Households"), HOUSEHOLD_COLUMNS, lines)


@permission("awards.manage_nominees")  # office (all units) and a unit (its own)
def household_list(request):
    return _nominee_list(
        request,
        households_for_user(request.user),
        HouseholdFilter,
        "awards/household/list.html",
        _households_export,
        _("households"),
    )


@permission("awards.manage_nominees")  # office, or a unit for its own unit
def household_create(request):
    form = HouseholdForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if form.own_org is not None:
            form.instance.organization = form.own_org
        household = nominations.save_nominee(form.instance, by=request.user)
        messages.success(request, _("The household “%(name)s” was recorded.") % {"name": household.head_name})
        return redirect("awards:household_list")
    return render(request, "awards/household/form.html", {"form": form})


@permission("awards.manage_nominees")  # office, or the household's unit
def household_edit(request, pk):
    household = get_object_or_404(households_for_user(request.user), pk=pk)
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        nominations.save_nominee(form.instance, by=request.user)
        messages.success(request, _("The changes were saved."))
        return redirect("awards:household_list")
    return render(request, "awards/household/form.html", {"form": form, "household": household})


INITIATIVE_COLUMNS = [
    Column("title", gettext_lazy("Title"), width=48),
    Column("organization", gettext_lazy("Organization"), width=40),
    Column("authors", gettext_lazy("Authors"), width=40),
    Column("recognition_number", gettext_lazy("Recognised by decision"), width=18),
    Column("recognised_on", gettext_lazy("Recognised on"), width=14),
]


def _initiatives_export(rows):
    lines = (
        [
            safe_cell(i.title),
            safe_cell(i.organization.name),
            safe_cell(", ".join(p.full_name for p in i.authors.all())),
            safe_cell(i.recognition_number),
            i.recognised_on,
        ]
        for i in rows.prefetch_related("authors")
    )
    return build_workbook(_("Initiatives"), INITIATIVE_COLUMNS, lines)


@permission("awards.manage_nominees")  # office (all units) and a unit (its own)
def initiative_list(request):
    return _nominee_list(
        request,
        initiatives_for_user(request.user).prefetch_related("authors"),
        InitiativeFilter,
        "awards/initiative/list.html",
        _initiatives_export,
        _("initiatives"),
    )


def _record_recognition(request, form, initiative):
    """The office's form carries the recognition decision; the form's clean has checked it whole."""
    if (recognition := form.recognition()) is not None:
        number, day = recognition
        nominations.record_recognition(initiative, by=request.user, number=number, day=day)


@permission("awards.manage_nominees")  # office, or a unit for its own unit
def initiative_create(request):
    form = InitiativeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if form.own_org is not None:
            form.instance.organization = form.own_org
        with transaction.atomic():
            initiative = nominations.save_nominee(form.instance, by=request.user, authors=form.cleaned_data["authors"])
            _record_recognition(request, form, initiative)
        messages.success(request, _("The initiative “%(title)s” was recorded.") % {"title": initiative.title})
        return redirect("awards:initiative_list")
    return render(request, "awards/initiative/form.html", {"form": form})


@permission("awards.manage_nominees")  # office, or the initiative's unit
def initiative_edit(request, pk):
    initiative = get_object_or_404(initiatives_for_user(request.user), pk=pk)
    form = InitiativeForm(request.POST or None, instance=initiative, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            nominations.save_nominee(form.instance, by=request.user, authors=form.cleaned_data["authors"])
            _record_recognition(request, form, initiative)
        messages.success(request, _("The changes were saved."))
        return redirect("awards:initiative_list")
    return render(request, "awards/initiative/form.html", {"form": form, "initiative": initiative})


# --- nominations ------------------------------------------------------------------------------

NOMINATION_COLUMNS = [
    Column("campaign", gettext_lazy("Campaign"), width=30),
    Column("award", gettext_lazy("Award"), width=34),
    Column("nominee_kind", gettext_lazy("Nominee"), width=14),
    Column("nominee", gettext_lazy("Name"), width=34),
    Column("organization", gettext_lazy("Unit"), width=40),
    Column("kind", gettext_lazy("Kind of unit"), width=20),
    Column("status", gettext_lazy("Status"), width=18),
    Column("score", gettext_lazy("Campaign score"), width=12),
    Column("reasons", gettext_lazy("Why not eligible"), width=60),
    Column("achievements", gettext_lazy("Summary of achievements"), width=80),
]


def _nominations_export(rows):
    lines = (
        [
            safe_cell(n.made_for),
            safe_cell(n.award_type.name),
            n.get_nominee_kind_display(),
            safe_cell(n.nominee_name),
            safe_cell(n.organization.name),
            n.organization.get_kind_display(),
            n.get_status_display(),
            n.score,
            safe_cell("\n".join(n.eligibility_reasons or [])),
            safe_cell(n.achievements),
        ]
        for n in rows
    )
    return build_workbook(_("Nominations"), NOMINATION_COLUMNS, lines)


@login_required  # staff and the Council read all; a unit reads its own
def nomination_list(request):
    if not (request.user.has_perm("awards.view_nominations") or request.user.has_perm("awards.nominate")):
        raise PermissionDenied
    qs = for_a_page(nominations_for_user(request.user)).order_by("-created_at", "-pk")
    filterset = NominationFilter(request.GET or None, queryset=qs, user=request.user)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_nominations_export(filterset.qs), _("nominations"))
    context = {
        "filter": filterset,
        "page": paginate(
            request, filterset.qs, count=count_nominations_for_user(request.user) if is_unfiltered(request) else None
        ),
        "querystring": querystring_without_page(request),
        "export": True,
    }
    return render(request, "awards/nomination/list.html", context)


def _nomination(request, pk, perm):
    nomination = get_object_or_404(nominations_for_user(request.user), pk=pk)
    require(request.user, perm, nomination)
    return nomination


def _campaigns(request):
    return campaigns_for_user(request.user)


def _flag_duplicates(request, nomination):
    if nominations.duplicates_of(nomination).exists():
        messages.warning(request, DUPLICATE_WARNING % {"award": nomination.award_type.name})


DUPLICATE_WARNING = gettext_lazy(
    "This nominee already has another nomination for “%(award)s” in this campaign: it cannot be found "
    "eligible twice. Withdraw one of them."
)


@permission("awards.nominate")  # office (anyone) and a unit (its own collectives, people, households, initiatives)
def nomination_create(request):
    initial = {"nominee_kind": request.GET.get("kind") or "collective"}
    # Prefilled from a link (the "who is due" list): the form offers only what the user may choose.
    for name in ("campaign", "award_type", "organization", "person", "household"):
        if value := query_int(request, name):
            initial[name] = value
    if achievements := request.GET.get("achievements", "")[:2000].strip():
        initial["achievements"] = achievements
    if request.GET.get("occasion") in Occasion.values:
        initial["occasion"] = request.GET["occasion"]
    form = NominationForm(
        request.POST or None, request.FILES or None, user=request.user, campaigns=_campaigns(request), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            nomination = nominations.create_nomination(by=request.user, **form.service_values())
            if form.cleaned_data.get("file"):
                nominations.add_attachment(nomination, form.cleaned_data["file"], by=request.user)
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The draft nomination was saved. Check it, then send it."))
            _flag_duplicates(request, nomination)
            return redirect(nomination)
    return render(request, "awards/nomination/form.html", {"form": form})


@login_required  # the owning unit, or the office, while it is a draft
def nomination_edit(request, pk):
    nomination = _nomination(request, pk, "awards.change_nomination")
    form = NominationForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        nomination=nomination,
        campaigns=_campaigns(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            nominations.update_nomination(
                nomination, by=request.user, version=form.cleaned_data["version"] or 0, **form.service_values()
            )
            if form.cleaned_data.get("file"):
                nominations.add_attachment(nomination, form.cleaned_data["file"], by=request.user)
        except ConflictError as exc:
            # Keep what was typed, with the current version, so the next save goes through.
            nomination.refresh_from_db()
            data = request.POST.copy()
            data["version"] = nomination.version
            form = NominationForm(data, user=request.user, nomination=nomination, campaigns=_campaigns(request))
            form.show_conflict(nomination, str(exc), file_chosen=bool(request.FILES.get("file")))
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            if request.POST.get("action") == "submit":
                return redirect("awards:nomination_submit", nomination.pk)
            messages.success(request, _("The draft was saved."))
            _flag_duplicates(request, nomination)
            return redirect(nomination)
    context = {"form": form, "nomination": nomination, "attachments": nomination.attachments.all()}
    return render(request, "awards/nomination/form.html", context)


@login_required  # staff, the Council, and the owning unit
def nomination_detail(request, pk):
    nomination = _nomination(request, pk, "awards.view_nomination")
    context = {
        "nomination": nomination,
        "attachments": nomination.attachments.select_related("uploaded_by"),
        "events": nomination.events.select_related("by"),
        "can_edit": request.user.has_perm("awards.change_nomination", nomination),
        "can_check": request.user.has_perm("awards.check_eligibility") and nomination.status in nominations.CHECKABLE,
        "can_withdraw": request.user.has_perm("awards.withdraw_nomination", nomination),
        "can_reinstate": request.user.has_perm("awards.reinstate_nomination", nomination),
        "duplicates": list(nominations_for_user(request.user).filter(pk__in=nominations.duplicates_of(nomination))),
    }
    return render(request, "awards/nomination/detail.html", context)


@login_required  # the owning unit, or the office; GET asks, POST sends
def nomination_submit(request, pk):
    nomination = _nomination(request, pk, "awards.change_nomination")
    if request.method == "POST":
        try:
            reasons = nominations.submit_nomination(nomination, by=request.user)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            if reasons:
                messages.warning(request, _("The nomination was sent; the check found it not eligible."))
            else:
                messages.success(request, _("The nomination was sent and found eligible."))
        return redirect(nomination)
    return render(request, "awards/nomination/submit.html", {"nomination": nomination})


@login_required  # office; GET asks, POST checks again
def nomination_check(request, pk):
    nomination = _nomination(request, pk, "awards.view_nomination")
    if not request.user.has_perm("awards.check_eligibility"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            reasons = nominations.check_eligibility(nomination, by=request.user)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            if reasons:
                messages.warning(request, _("Checked again: not eligible."))
            else:
                messages.success(request, _("Checked again: eligible."))
        return redirect(nomination)
    return render(request, "awards/nomination/check.html", {"nomination": nomination})


@login_required  # the owning unit, or the office, before the Council; GET asks, POST withdraws
def nomination_withdraw(request, pk):
    nomination = _nomination(request, pk, "awards.withdraw_nomination")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nominations.withdraw_nomination(nomination, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The nomination was withdrawn."))
        return redirect(nomination)
    return render(request, "awards/nomination/withdraw.html", {"nomination": nomination, "form": form})


@login_required  # the owning unit, or the office; GET asks (or says why not), POST reinstates
def nomination_reinstate(request, pk):
    nomination = _nomination(request, pk, "awards.reinstate_nomination")
    blocked = eligibility.why_not_reinstated(nomination.status, nominations.duplicates_of(nomination).exists())
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nominations.reinstate_nomination(nomination, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The nomination was reinstated."))
        return redirect(nomination)
    context = {"nomination": nomination, "form": form, "blocked": blocked}
    return render(request, "awards/nomination/reinstate.html", context)


def _attachment(request, pk):
    qs = NominationAttachment.objects.select_related("nomination").filter(
        nomination__in=nominations_for_user(request.user)
    )
    return get_object_or_404(qs, pk=pk)


@login_required  # whoever may read the nomination
def attachment_download(request, pk):
    item = _attachment(request, pk)
    require(request.user, "awards.view_nomination", item.nomination)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required  # the owning unit, or the office, while the nomination is a draft; GET asks, POST removes
def attachment_delete(request, pk):
    item = _attachment(request, pk)
    require(request.user, "awards.change_nomination", item.nomination)
    if request.method == "POST":
        try:
            nominations.remove_attachment(item, by=request.user)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The file “%(name)s” was removed.") % {"name": item.original_name})
        return redirect("awards:nomination_edit", item.nomination_id)
    return render(request, "awards/nomination/attachment_delete.html", {"item": item})

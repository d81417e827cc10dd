"""Pages of campaigns: list, plan, lifecycle, periods, criteria editor, bands, registration.

Every view names its roles at the top. Objects come through the scoped querysets of
campaign.queries: a campaign a user may not see answers 404, one it may see but not
change answers 403. Changes are POST-only; a GET shows the form or a confirmation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.collation import Vietnamese
from core.listing import paginate, querystring_without_page, xlsx_response
from core.permissions import permission, require
from core.spreadsheets import Column, build_workbook
from members.models import OrganizationKind
from members.permissions import is_office, is_unit

from .. import services
from ..areas import place_units
from ..filters import CampaignFilter, SubjectUnitFilter, with_registration
from ..forms import (
    LONG_TEXTS,
    BandForm,
    CampaignForm,
    CopyCriteriaForm,
    CriterionForm,
    CriterionGroupForm,
    GeneratePeriodsForm,
    LegalBasisFormSet,
    PeriodForm,
    RegistrationForm,
    RegistrationReviewForm,
    TransitionForm,
)
from ..forms_submissions import ReasonForm
from ..models import (
    Campaign,
    CampaignStatus,
    ClassificationBand,
    Criterion,
    CriterionGroup,
    GroupingLevel,
    Registration,
    ReportingPeriod,
)
from ..plan import issued_plan
from ..queries import campaigns_for_user, registrations_for_user
from ..services import TransitionError

# action -> (button label, question asked on the confirmation page)
STEPS = {
    "launch": (
        gettext_lazy("Launch"),
        gettext_lazy("Launch this campaign? Units may then register, and its criteria are frozen."),
    ),
    "start": (gettext_lazy("Start"), gettext_lazy("Start this campaign? Units report on its periods.")),
    "review": (gettext_lazy("Mid-term review"), gettext_lazy("Move this campaign to its mid-term review?")),
    "close": (
        gettext_lazy("Close"),
        gettext_lazy("Close this campaign? It then takes no registrations and no submissions."),
    ),
}


def _campaign(request, pk, perm="campaign.view_campaign"):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    require(request.user, perm, campaign)
    return campaign


def _part(request, model, pk):
    """A period, group, criterion or band of a campaign the user sees; office only."""
    obj = get_object_or_404(
        model.objects.select_related("campaign").filter(campaign__in=campaigns_for_user(request.user)), pk=pk
    )
    require(request.user, "campaign.manage_campaign", obj.campaign)
    return obj


def _frozen(request, campaign):
    """Redirect with a message when the criteria can no longer change, else None."""
    if campaign.criteria_frozen:
        messages.error(request, _("The criteria, groups and bands are frozen once the campaign is launched."))
        return redirect(campaign)
    return None


# --- campaigns --------------------------------------------------------------------------------

CAMPAIGN_COLUMNS = [
    Column("short_name", gettext_lazy("Short name"), width=30),
    Column("name", gettext_lazy("Subject"), width=60),
    Column("kind", gettext_lazy("Kind")),
    Column("status", gettext_lazy("Status")),
    Column("plan_number", gettext_lazy("Plan number"), width=10),
    Column("plan_date", gettext_lazy("Plan date"), width=12),
    Column("starts_on", gettext_lazy("Starts on"), width=12),
    Column("ends_on", gettext_lazy("Ends on"), width=12),
    Column("subject_kinds", gettext_lazy("Kinds of organization taking part"), width=40),
    Column("registrations", gettext_lazy("Registered units"), width=12),
]


def _kind_labels(kinds):

    labels = dict(OrganizationKind.choices)
    return [labels.get(k, k) for k in kinds or []]


def export_campaigns(queryset):
    rows = (
        [
            c.short_name,
            c.name,
            c.get_kind_display(),
            c.get_status_display(),
            c.plan_number,
            c.plan_date,
            c.starts_on,
            c.ends_on,
            "; ".join(str(label) for label in _kind_labels(c.subject_kinds)),
            c.registration_count,
        ]
        for c in queryset
    )
    return build_workbook(_("Campaigns"), CAMPAIGN_COLUMNS, rows)


@login_required  # every role; a unit sees launched campaigns only
def campaign_list(request):
    # Meta.ordering does not apply to a query with GROUP BY: order explicitly.
    qs = (
        campaigns_for_user(request.user)
        .annotate(registration_count=Count("registrations"))
        .order_by("-starts_on", "-pk")
    )
    filterset = CampaignFilter(request.GET or None, queryset=qs, request=request)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(export_campaigns(filterset.qs), _("campaigns"))
    own = {}
    if is_unit(request.user):
        own = dict(
            Registration.objects.filter(organization_id=request.user.organization_id).values_list("campaign_id", "pk")
        )
    context = {
        "filter": filterset,
        "page": paginate(request, filterset.qs),
        "querystring": querystring_without_page(request),
        "own_registrations": own,
    }
    return render(request, "campaign/campaign/list.html", context)


@permission("campaign.manage_campaign")  # office
def campaign_create(request):
    return _campaign_form(request, None)


@login_required  # office; the plan's texts may be corrected until the campaign is closed
def campaign_edit(request, pk):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    if campaign.status == CampaignStatus.CLOSED:
        messages.error(request, _("A closed campaign cannot be edited."))
        return redirect(campaign)
    return _campaign_form(request, campaign)


def _campaign_form(request, campaign):
    form = CampaignForm(request.POST or None, instance=campaign)
    formset = LegalBasisFormSet(request.POST or None, instance=form.instance, prefix="bases")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            is_new = form.instance.pk is None
            if is_new:
                form.instance.created_by = request.user
            saved = form.save()
            formset.instance = saved
            formset.save()
        messages.success(request, _("The campaign was created.") if is_new else _("The changes were saved."))
        return redirect(saved)
    return render(request, "campaign/campaign/form.html", {"form": form, "formset": formset, "campaign": campaign})


@login_required  # every role that sees the campaign
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    criteria = Prefetch("criteria", queryset=Criterion.objects.order_by("order", "pk"))
    groups = list(campaign.criterion_groups.prefetch_related(criteria).order_by("order", "pk"))
    all_criteria = [c for g in groups for c in g.criteria.all()]
    for criterion in all_criteria:
        criterion.kind_labels = _kind_labels(criterion.kinds)
    texts = [(capfirst(Campaign._meta.get_field(name).verbose_name), getattr(campaign, name)) for name in LONG_TEXTS]
    registration = None
    if is_unit(request.user):
        registration = campaign.registrations.filter(organization_id=request.user.organization_id).first()
    manager = request.user.has_perm("campaign.manage_campaign", campaign)
    context = {
        "campaign": campaign,
        "kinds": _kind_labels(campaign.subject_kinds),
        "texts": texts,
        "has_texts": any(text for _label, text in texts),
        "legal_bases": campaign.legal_bases.all(),
        "periods": campaign.periods.annotate(submission_count=Count("submissions")),
        "groups": groups,
        "criteria_count": len(all_criteria),
        "points_by_kind": services.max_points_by_kind(campaign, all_criteria),
        "bands": campaign.bands.all(),
        "transitions": campaign.transitions.select_related("changed_by"),
        "registration": registration,
        "can_register": (
            is_unit(request.user)
            and registration is None
            and campaign.accepts_registrations
            and not services.registration_closed(campaign)
            and campaign.takes_part(request.user.organization)
        ),
        "registration_closed": services.registration_closed(campaign),
        "manager": manager,
        "editable": manager and not campaign.criteria_frozen,
        "steps": [(a, STEPS[a][0]) for a, (_new, src) in services.TRANSITIONS.items() if campaign.status in src]
        if manager
        else [],
        "launch_problems": services.launch_problems(campaign) if manager and not campaign.criteria_frozen else [],
        "registration_count": campaign.registrations.count(),
        "subject_count": services.subject_units(campaign).count(),
        "issued_plan": issued_plan(campaign),
    }
    return render(request, "campaign/campaign/detail.html", context)


@login_required  # office
def campaign_transition(request, pk, action):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    new, sources = services.TRANSITIONS[action]
    # An empty note still posts: bind the form to every POST, even one with no field.
    form = TransitionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.change_status(campaign, action, by=request.user, note=form.cleaned_data["note"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            if done is None:
                messages.info(request, _("The campaign is already “%(status)s”.") % {"status": new.label})
            else:
                messages.success(request, _("The campaign is now “%(status)s”.") % {"status": new.label})
            return redirect(campaign)
    context = {
        "campaign": campaign,
        "form": form,
        "action": action,
        "label": STEPS[action][0],
        "question": STEPS[action][1],
        "new_status": new,
        "already": campaign.status == new,
        "allowed": campaign.status in sources,
        "problems": services.launch_problems(campaign) if action == "launch" and campaign.status in sources else [],
    }
    return render(request, "campaign/campaign/transition.html", context)


# --- periods ---------------------------------------------------------------------------------


def _closed(request, campaign):
    if campaign.status == CampaignStatus.CLOSED:
        messages.error(request, _("A closed campaign's periods cannot change."))
        return redirect(campaign)
    return None


@login_required  # office
def period_create(request, pk):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    return _period_form(request, campaign, ReportingPeriod(campaign=campaign))


@login_required  # office
def period_edit(request, pk):
    period = _part(request, ReportingPeriod, pk)
    return _period_form(request, period.campaign, period)


def _period_form(request, campaign, period):
    if refused := _closed(request, campaign):
        return refused
    form = PeriodForm(request.POST or None, instance=period, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_period(form.instance)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The period “%(name)s” was saved.") % {"name": form.instance.name})
            return redirect(campaign)
    return render(request, "campaign/period/form.html", {"form": form, "campaign": campaign, "period": period})


@login_required  # office; only a period without submissions
def period_delete(request, pk):
    period = _part(request, ReportingPeriod, pk)
    campaign = period.campaign
    if request.method == "POST":
        try:
            services.delete_period(period)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The period “%(name)s” was deleted.") % {"name": period.name})
        return redirect(campaign)
    return render(
        request,
        "campaign/campaign/confirm_delete.html",
        {"campaign": campaign, "object": period, "blocked": period.submissions.exists() and _("It has submissions.")},
    )


@login_required  # office
def period_generate(request, pk):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    if refused := _closed(request, campaign):
        return refused
    form = GeneratePeriodsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.generate_periods(
            campaign, kind=form.cleaned_data["kind"], deadline_days=form.cleaned_data["deadline_days"]
        )
        if created:
            messages.success(
                request,
                _("Periods created: %(names)s.") % {"names": ", ".join(p.name for p in created)},
            )
        else:
            messages.info(request, _("Every such period already exists; nothing was created."))
        return redirect(campaign)
    return render(request, "campaign/period/generate.html", {"form": form, "campaign": campaign})


# --- criteria editor ------------------------------------------------------------------------


def _part_form(request, campaign, form, template, success):
    """Validate a group, criterion or band form and save it through the service."""
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan_part(form.instance)
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect(campaign)
        messages.success(request, success % {"name": form.instance})
        return redirect(f"{campaign.get_absolute_url()}#criteria")
    return render(request, template, {"form": form, "campaign": campaign, "object": form.instance})


@login_required  # office, draft only
def group_create(request, pk):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    if refused := _frozen(request, campaign):
        return refused
    form = CriterionGroupForm(request.POST or None, campaign=campaign)
    return _part_form(request, campaign, form, "campaign/criterion/group_form.html", _("“%(name)s” was saved."))


@login_required  # office, draft only
def group_edit(request, pk):
    group = _part(request, CriterionGroup, pk)
    if refused := _frozen(request, group.campaign):
        return refused
    form = CriterionGroupForm(request.POST or None, instance=group, campaign=group.campaign)
    return _part_form(request, group.campaign, form, "campaign/criterion/group_form.html", _("“%(name)s” was saved."))


@login_required  # office, draft only
@require_POST
def group_move(request, pk, direction):
    group = _part(request, CriterionGroup, pk)
    try:
        services.move_group(group, -1 if direction == "up" else 1)
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(f"{group.campaign.get_absolute_url()}#criteria")


@login_required  # office, draft only, an empty group
def group_delete(request, pk):
    group = _part(request, CriterionGroup, pk)
    if refused := _frozen(request, group.campaign):
        return refused
    if request.method == "POST":
        try:
            services.delete_group(group)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("“%(name)s” was deleted.") % {"name": group.name})
        return redirect(f"{group.campaign.get_absolute_url()}#criteria")
    blocked = group.criteria.exists() and _("Only an empty group can be deleted: move or delete its criteria first.")
    return render(
        request,
        "campaign/campaign/confirm_delete.html",
        {"campaign": group.campaign, "object": group, "blocked": blocked},
    )


@login_required  # office, draft only
def criterion_create(request, pk):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    if refused := _frozen(request, campaign):
        return refused
    if not campaign.criterion_groups.exists():
        messages.info(request, _("Add a group of criteria first."))
        return redirect("campaign:group_create", campaign.pk)
    initial = {"group": request.GET.get("group")} if request.GET.get("group") else None
    form = CriterionForm(request.POST or None, campaign=campaign, initial=initial)
    return _part_form(request, campaign, form, "campaign/criterion/form.html", _("The criterion “%(name)s” was saved."))


@login_required  # office, draft only
def criterion_edit(request, pk):
    criterion = _part(request, Criterion, pk)
    campaign = criterion.campaign
    if refused := _frozen(request, campaign):
        return refused
    form = CriterionForm(request.POST or None, instance=criterion, campaign=campaign)
    return _part_form(request, campaign, form, "campaign/criterion/form.html", _("The criterion “%(name)s” was saved."))


def _delete_part(request, obj, label):
    campaign = obj.campaign
    if refused := _frozen(request, campaign):
        return refused
    if request.method == "POST":
        try:
            services.delete_plan_part(obj)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("“%(name)s” was deleted.") % {"name": label})
        return redirect(f"{campaign.get_absolute_url()}#criteria")
    return render(
        request, "campaign/campaign/confirm_delete.html", {"campaign": campaign, "object": obj, "blocked": False}
    )


@login_required  # office, draft only
def criterion_delete(request, pk):
    criterion = _part(request, Criterion, pk)
    return _delete_part(request, criterion, str(criterion))


@login_required  # office, draft only
def band_create(request, pk):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    if refused := _frozen(request, campaign):
        return refused
    form = BandForm(request.POST or None, campaign=campaign)
    return _part_form(request, campaign, form, "campaign/criterion/band_form.html", _("The band “%(name)s” was saved."))


@login_required  # office, draft only
def band_edit(request, pk):
    band = _part(request, ClassificationBand, pk)
    if refused := _frozen(request, band.campaign):
        return refused
    form = BandForm(request.POST or None, instance=band, campaign=band.campaign)
    return _part_form(
        request, band.campaign, form, "campaign/criterion/band_form.html", _("The band “%(name)s” was saved.")
    )


@login_required  # office, draft only
def band_delete(request, pk):
    band = _part(request, ClassificationBand, pk)
    return _delete_part(request, band, band.name)


@login_required  # office, draft only
def criteria_copy(request, pk):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    if refused := _frozen(request, campaign):
        return refused
    form = CopyCriteriaForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        try:
            services.copy_criteria(campaign, source, by=request.user, replace=form.cleaned_data.get("replace", False))
        except TransitionError as exc:
            form.add_error("replace" if "replace" in form.fields else "source", str(exc))
        else:
            messages.success(request, _("The criteria of “%(source)s” were copied.") % {"source": source})
            return redirect(f"{campaign.get_absolute_url()}#criteria")
    return render(request, "campaign/criterion/copy.html", {"form": form, "campaign": campaign})


# --- registration ----------------------------------------------------------------------------


@login_required  # a unit for itself; the office on a unit's behalf
def registration_create(request, pk):
    campaign = _campaign(request, pk)
    office = is_office(request.user)
    if not (office or request.user.has_perm("campaign.register")):
        raise PermissionDenied
    organization = None if office else request.user.organization
    if organization is not None:
        existing = campaign.registrations.filter(organization=organization).first()
        if existing:
            return redirect("campaign:registration_detail", existing.pk)
    refusal = None
    if not campaign.accepts_registrations:
        refusal = _("This campaign does not take registrations now.")
    elif services.registration_closed(campaign):
        refusal = _("Registration for this campaign closed on %(date)s.") % {
            "date": campaign.registration_closes_on.strftime("%d/%m/%Y")
        }
    elif organization is not None and not campaign.takes_part(organization):
        refusal = services.not_for_unit(campaign, organization)
    if refusal:
        messages.error(request, refusal)
        return redirect(campaign)
    form = RegistrationForm(request.POST or None, campaign=campaign, organization=organization, choose_unit=office)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["organization"] if office else organization
        try:
            registration = services.register(
                campaign, unit, by=request.user, note=form.cleaned_data["note"], targets=form.targets(unit)
            )
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("“%(unit)s” is registered for this campaign.") % {"unit": unit})
            return redirect("campaign:registration_detail", registration.pk)
    context = {
        "form": form,
        "campaign": campaign,
        "organization": organization,
        "deadline": services.registration_deadline(campaign),
    }
    return render(request, "campaign/registration/form.html", context)


def _registration(request, pk, perm):
    registration = get_object_or_404(registrations_for_user(request.user).select_related("registered_by"), pk=pk)
    require(request.user, perm, registration)
    return registration


@login_required  # staff readers, or the unit itself
def registration_detail(request, pk):
    registration = _registration(request, pk, "campaign.view_registration")
    campaign = registration.campaign
    committed = {t.criterion_id: t.target for t in registration.targets.all()}
    rows = [(c, committed.get(c.pk)) for c in services.target_criteria(campaign, registration.organization)]
    context = {
        "registration": registration,
        "campaign": campaign,
        "rows": rows,
        "deadline": services.registration_deadline(campaign),
        "can_edit": request.user.has_perm("campaign.change_registration", registration)
        and services.targets_editable(registration, request.user),
        "review_form": RegistrationReviewForm() if request.user.has_perm("campaign.review_registration") else None,
        "can_withdraw": request.user.has_perm("campaign.change_registration", registration)
        and campaign.status != CampaignStatus.CLOSED,
    }
    return render(request, "campaign/registration/detail.html", context)


@require_POST
@login_required  # the office
def registration_review(request, pk):
    """The office verifies a registration (its targets then count in scoring) or returns it with a reason."""
    registration = _registration(request, pk, "campaign.review_registration")
    form = RegistrationReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "verify":
                services.verify_registration(registration, by=request.user)
                messages.success(request, _("The registration was verified: its targets now count in scoring."))
            else:
                services.return_registration(registration, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("The registration was returned to the unit."))
        except TransitionError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("campaign:registration_detail", registration.pk)


@login_required  # the unit until the first period's deadline; the office while registrations are open
def registration_edit(request, pk):
    registration = _registration(request, pk, "campaign.change_registration")
    campaign = registration.campaign
    if not services.targets_editable(registration, request.user):
        messages.error(request, _("The targets of this registration can no longer be changed."))
        return redirect("campaign:registration_detail", registration.pk)
    form = RegistrationForm(
        request.POST or None, campaign=campaign, organization=registration.organization, registration=registration
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_targets(
                registration,
                by=request.user,
                note=form.cleaned_data["note"],
                targets=form.targets(registration.organization),
            )
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("campaign:registration_detail", registration.pk)
    context = {
        "form": form,
        "campaign": campaign,
        "organization": registration.organization,
        "registration": registration,
        "deadline": services.registration_deadline(campaign),
    }
    return render(request, "campaign/registration/form.html", context)


def _areas_of(campaign, orgs):
    """{organization id: its area at the campaign's level on the campaign's map}."""
    return place_units(campaign, orgs)


def export_subject_units(campaign, rows):
    level = GroupingLevel(campaign.grouping_level)
    columns = [
        Column("name", _("Unit"), width=45),
        Column("kind", _("Kind"), width=22),
        Column("area", level.label, width=22),
        Column("registered", _("Registered"), width=12),
        Column("registered_at", _("Registered at"), width=18),
        Column("registered_by", _("Registered by"), width=24),
        Column("note", _("Commitment"), width=50),
    ]
    data = []
    areas = _areas_of(campaign, [org for org, _registration in rows])
    for org, registration in rows:
        area = areas.get(org.pk)
        data.append(
            [
                org.name,
                org.get_kind_display(),
                area.name if area else "",
                _("yes") if registration else _("no"),
                registration.registered_at.strftime("%d/%m/%Y %H:%M") if registration else "",
                registration.registered_by.display_name if registration and registration.registered_by else "",
                registration.note if registration else "",
            ]
        )
    return build_workbook(_("Registrations"), columns, data)


def _with_registrations(campaign, orgs):
    found = {
        r.organization_id: r
        for r in Registration.objects.filter(campaign=campaign, organization__in=[o.pk for o in orgs]).select_related(
            "registered_by"
        )
    }
    return [(o, found.get(o.pk)) for o in orgs]


@login_required  # office, leadership, council
def registration_overview(request, pk):
    campaign = _campaign(request, pk, "campaign.view_registrations")
    units = with_registration(services.subject_units(campaign), campaign)
    filterset = SubjectUnitFilter(request.GET or None, queryset=units, campaign=campaign, request=request)
    if request.GET.get("export") == "xlsx":
        rows = _with_registrations(campaign, list(filterset.qs.order_by(Vietnamese("name"))))
        return xlsx_response(export_subject_units(campaign, rows), _("registrations"))
    page = paginate(request, filterset.qs.order_by("-is_registered", Vietnamese("name")))
    rows = _with_registrations(campaign, page)
    areas = _areas_of(campaign, [o for o, _r in rows])
    total = units.count()
    registered = units.filter(is_registered=True).count()
    context = {
        "campaign": campaign,
        "filter": filterset,
        "page": page,
        "rows": [(o, r, areas.get(o.pk)) for o, r in rows],
        "querystring": querystring_without_page(request),
        "total": total,
        "registered": registered,
        "missing": total - registered,
        # Registrations of units that no longer qualify (e.g. suspended since) are still counted apart.
        "others": campaign.registrations.exclude(organization__in=services.subject_units(campaign)).count(),
        "area_label": GroupingLevel(campaign.grouping_level).label,
        "withdrawn": services.withdrawn_registrations(campaign),
    }
    return render(request, "campaign/registration/overview.html", context)


# --- deleting a draft, withdrawing a registration (recorded in their history) ----------------


@login_required  # office; drafts only
def campaign_delete(request, pk):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    blocked = ""
    if campaign.status != CampaignStatus.DRAFT:
        blocked = _("Only a draft campaign can be deleted; a launched one is closed instead.")
    if request.method == "POST" and not blocked:
        try:
            services.delete_draft(campaign, by=request.user)
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect(campaign)
        messages.success(request, _("The draft “%(name)s” was deleted.") % {"name": campaign.short_name})
        return redirect("campaign:campaign_list")
    context = {"campaign": campaign, "object": campaign.short_name, "blocked": blocked}
    return render(request, "campaign/campaign/confirm_delete.html", context)


@login_required  # the office, or the unit itself
def registration_withdraw(request, pk):
    registration = _registration(request, pk, "campaign.change_registration")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_registration(registration, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("campaign:registration_detail", registration.pk)
        messages.success(
            request,
            _("The registration of %(unit)s was withdrawn.") % {"unit": registration.organization.name},
        )
        if is_unit(request.user):
            return redirect("home")
        return redirect("campaign:registration_overview", registration.campaign_id)
    context = {"registration": registration, "campaign": registration.campaign, "form": form}
    return render(request, "campaign/registration/withdraw.html", context)


@login_required  # office; GET asks for the reason (or says why it cannot), POST reinstates
def registration_reinstate(request, pk, org_pk):
    campaign = _campaign(request, pk, "campaign.manage_campaign")
    withdrawn = next((row for row in services.withdrawn_registrations(campaign) if row.organization_id == org_pk), None)
    if withdrawn is None:
        raise Http404
    organization = withdrawn.organization
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.reinstate_registration(
                campaign, organization, by=request.user, reason=form.cleaned_data["reason"]
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("campaign:registration_overview", campaign.pk)
        messages.success(request, _("The registration of %(unit)s was reinstated.") % {"unit": organization.name})
        return redirect("campaign:registration_detail", registration.pk)
    context = {
        "campaign": campaign,
        "withdrawn": withdrawn,
        "organization": organization,
        "blocked": services.reinstate_problem(campaign, organization),
        "form": form,
    }
    return render(request, "campaign/registration/reinstate.html", context)

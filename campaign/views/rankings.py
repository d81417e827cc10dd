"""Rankings, a unit's scorecard, and the office's violation pages. Each view names its roles.

Scores come only from campaign.ranking; the Excel export writes exactly the rows shown.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.limits import search_terms
from core.listing import paginate, querystring_without_page, xlsx_response
from core.permissions import permission, require
from core.spreadsheets import Column, build_workbook
from members.queries import organizations_for_user

from ..areas import areas_of_registered, place_units
from ..disclosure import sees_other_units, shown_scores
from ..forms_violations import (
    RankingFilterForm,
    ViolationDeleteForm,
    ViolationFilterForm,
    ViolationForm,
)
from ..models import ViolationEffect
from ..queries import campaigns_for_user, violations_for_user
from ..ranking import add_details, cumulative_scores, period_scores, periods_up_to, table_rows
from ..standings import ranking_page, unit_cumulated, unit_history
from ..violations import ViolationError, delete_violation, record_violation, update_violation

RANKING_PAGE_SIZE = 50


def _number(value):
    return float(value) if value is not None else None


# --- rankings ------------------------------------------------------------------------


@permission("campaign.view_ranking")  # staff readers and units
def rankings(request, pk):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    periods = list(campaign.periods.order_by("starts_on", "pk"))
    form = RankingFilterForm(
        request.GET or None, campaign=campaign, periods=periods, areas=areas_of_registered(campaign)
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    period = next((p for p in periods if str(p.pk) == chosen.get("period")), None)
    kinds = [chosen["kind"]] if chosen.get("kind") else None
    area_ids = [int(chosen["area"])] if chosen.get("area") else None
    considered = [period] if period is not None else periods_up_to(campaign)
    cumulated = period is None
    groups = [g for g in campaign.criterion_groups.prefetch_related("criteria") if _scored(g)]
    if request.GET.get("export") == "xlsx":
        if period is not None:
            scores = period_scores(period, kinds=kinds, area_ids=area_ids)
        else:
            scores = cumulative_scores(campaign, kinds=kinds, area_ids=area_ids)
        scores = shown_scores(request.user, campaign, scores)
        title = period.name if period else _("Cumulated")
        rows = table_rows(scores, groups, period=period)
        return xlsx_response(_ranking_workbook(campaign, title, groups, rows), f"{campaign} {title}")
    # The page reads its 50 rows from the ranking's index, their ranks from the histogram, and
    # the details of those rows only (campaign.standings).
    ranking = ranking_page(campaign, considered, cumulated=cumulated, kinds=kinds, area_ids=area_ids)
    if not sees_other_units(request.user, campaign):  # its own row only, ranked among all
        ranking = shown_scores(request.user, campaign, ranking.of_units([request.user.organization_id]))
    page = paginate(request, ranking, RANKING_PAGE_SIZE)
    # The table shows the groups' points, not each criterion's.
    details = add_details(campaign, considered, list(page.object_list), cumulated=cumulated, points=False)
    page.rows = table_rows(shown_scores(request.user, campaign, details), groups, period=period)
    context = {
        "campaign": campaign,
        "filter": SimpleFilter(form),
        "period": period,
        "considered": considered,
        "groups": groups,
        "page": page,
        "querystring": querystring_without_page(request),
        "own_org": getattr(request.user, "organization_id", None),
        "sees_other_units": sees_other_units(request.user, campaign),
    }
    return render(request, "campaign/ranking/list.html", context)


class SimpleFilter:
    """What includes/filter_bar.html expects of a django-filter FilterSet: its form."""

    def __init__(self, form):
        self.form = form


def _scored(group):
    return any(c.reported_by_unit for c in group.criteria.all())


def _ranking_workbook(campaign, title, groups, table):
    columns = [
        Column("rank", gettext_lazy("Rank"), width=8),
        Column("unit", gettext_lazy("Unit"), width=40),
        Column("kind", gettext_lazy("Kind"), width=18),
        Column("area", campaign.get_grouping_level_display(), width=18),
        *[Column(f"group{g.pk}", g.name, width=16) for g in groups],
        Column("deductions", gettext_lazy("Deductions"), width=12),
        Column("veto", gettext_lazy("Veto"), width=8),
        Column("total", gettext_lazy("Total"), width=10),
        Column("band", gettext_lazy("Classification"), width=16),
        Column("verified", gettext_lazy("Verified"), width=12),
    ]
    rows = [
        [
            r["rank"],
            r["name"],
            str(r["kind_label"]),
            r["area"],
            *[_number(v) for v in r["group_cells"]],
            _number(r["deductions"]),
            _("Yes") if r["vetoed"] else "",
            _number(r["total"]),
            r["band"] or _("Not classified"),
            r["verified"],
        ]
        for r in table
    ]
    # A sheet title may not hold / \\ ? * [ ] : (“Tháng 11/2021”).
    sheet_title = "".join("-" if ch in "/\\?*[]:" else ch for ch in str(title))
    return build_workbook(sheet_title, columns, rows)


# --- a unit's scorecard --------------------------------------------------------------


@permission("campaign.view_ranking")  # staff readers, and a unit for itself only
def scorecard(request, pk, org_pk):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    org = get_object_or_404(organizations_for_user(request.user), pk=org_pk)
    history = unit_history(campaign, org)
    cumulated = unit_cumulated(campaign, org)
    criteria = [c for c in campaign.criteria.select_related("group") if c.reported_by_unit and c.applies_to(org.kind)]
    criterion_rows = [
        {
            "criterion": c,
            "cells": [s.points.get(c.pk) for _p, s in history],
            "cumulated": cumulated.points.get(c.pk) if cumulated else None,
        }
        for c in criteria
    ]
    violations = violations_for_user(request.user).filter(campaign=campaign, organization=org)
    context = {
        "campaign": campaign,
        "org": org,
        "area": place_units(campaign, [org]).get(org.pk),
        "history": history,
        "cumulated": cumulated,
        "considered": periods_up_to(campaign),
        "criterion_rows": criterion_rows,
        "violations": violations,
    }
    return render(request, "campaign/scorecard/detail.html", context)


# --- violations ----------------------------------------------------------------------

VIOLATION_COLUMNS = [
    Column("occurred_on", gettext_lazy("Date"), width=12),
    Column("organization", gettext_lazy("Organization"), width=40),
    Column("kind", gettext_lazy("Kind"), width=18),
    Column("person", gettext_lazy("Person"), width=24),
    Column("criterion", gettext_lazy("Criterion"), width=30),
    Column("effect", gettext_lazy("Effect"), width=12),
    Column("points", gettext_lazy("Points"), width=12),
    Column("description", gettext_lazy("Description"), width=60),
    Column("recorded_by", gettext_lazy("Recorded by"), width=20),
]


@permission("campaign.view_violations")  # staff readers; a unit sees its own on its scorecard
def violation_list(request, pk):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    form = ViolationFilterForm(request.GET or None, campaign=campaign)
    qs = violations_for_user(request.user).filter(campaign=campaign).select_related("recorded_by")
    if form.is_valid():
        data = form.cleaned_data
        if data.get("kind"):
            qs = qs.filter(organization__kind=data["kind"])
        if data.get("effect"):
            qs = qs.filter(effect=data["effect"])
        for term in search_terms(data.get("q")):
            qs = qs.filter(
                Q(organization__name__icontains=term)
                | Q(person__full_name__icontains=term)
                | Q(description__icontains=term)
            )
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                v.occurred_on,
                v.organization.name,
                v.organization.get_kind_display(),
                v.person.full_name if v.person else "",
                str(v.criterion) if v.criterion else "",
                v.get_effect_display(),
                -float(v.points) if v.effect == ViolationEffect.DEDUCTION else None,  # as the page: −2,50
                v.description,
                v.recorded_by.get_full_name() if v.recorded_by else "",
            ]
            for v in qs
        ]
        return xlsx_response(build_workbook(_("Violations"), VIOLATION_COLUMNS, rows), f"{campaign} {_('violations')}")
    context = {
        "campaign": campaign,
        "filter": SimpleFilter(form),
        "page": paginate(request, qs),
        "querystring": querystring_without_page(request),
    }
    return render(request, "campaign/violation/list.html", context)


@permission("campaign.manage_violations")  # office
def violation_create(request, pk):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    initial = {"organization": request.GET.get("organization")} if request.GET.get("organization") else None
    form = ViolationForm(request.POST or None, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_violation(campaign, by=request.user, **form.service_kwargs())
        except ViolationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The violation was recorded."))
            return redirect("campaign:violation_list", campaign.pk)
    return render(request, "campaign/violation/form.html", {"form": form, "campaign": campaign})


@login_required  # office; the unit concerned may see it (403), others not at all (404)
def violation_edit(request, pk):
    violation = get_object_or_404(violations_for_user(request.user), pk=pk)
    require(request.user, "campaign.manage_violations", violation)
    campaign = violation.campaign
    form = ViolationForm(request.POST or None, campaign=campaign, instance=violation)
    if request.method == "POST" and form.is_valid():
        try:
            changed = update_violation(
                violation, by=request.user, reason=form.cleaned_data.get("reason", ""), **form.service_kwargs()
            )
        except ViolationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The changes were saved.") if changed else _("Nothing was changed."))
            return redirect("campaign:violation_list", campaign.pk)
    context = {"form": form, "campaign": campaign, "violation": violation}
    return render(request, "campaign/violation/form.html", context)


@login_required  # office; GET asks for confirmation, POST deletes
def violation_delete(request, pk):
    violation = get_object_or_404(violations_for_user(request.user), pk=pk)
    require(request.user, "campaign.manage_violations", violation)
    form = ViolationDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delete_violation(violation, by=request.user, reason=form.cleaned_data["reason"])
        except ViolationError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("The violation was deleted."))
            return redirect("campaign:violation_list", violation.campaign_id)
    return render(request, "campaign/violation/delete.html", {"form": form, "violation": violation})

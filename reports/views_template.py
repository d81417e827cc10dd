"""The report template of a campaign: the office orders, renames, adds and removes the parts of
Section II, writes their introductory texts and sets how each criterion is reported. The rules
live in campaign.report_template; these views only read forms and call it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campaign import report_template
from campaign.models import Campaign, ReportSection, ReportTotal, SectionKind
from core.errors import TransitionError
from core.limits import as_int, query_int
from core.permissions import permission

from .figures import report_criteria, report_unit_of, total_kind
from .forms import CriterionReportingForm, NewSectionForm, SectionForm

CHANGE_WORDS = {"+": gettext_lazy("written"), "~": gettext_lazy("changed"), "-": gettext_lazy("removed")}


def _campaign(pk):
    return get_object_or_404(Campaign.objects.exclude(status="draft"), pk=pk)


def _back(campaign):
    return reverse("reports:report_template", args=[campaign.pk])


@permission("reports.view_reports")  # office, leadership (the office changes it)
def template_page(request, pk):
    campaign = _campaign(pk)
    rows = [(section, report_template.section_title(section)) for section in report_template.sections_of(campaign)]
    words = {"sum": _("Sum"), "mean": _("Average per unit")}
    criteria = [
        (c, words[total_kind(c.rule, c.unit, c.report_total)], c.report_total == ReportTotal.AUTO, report_unit_of(c))
        for c in report_criteria(campaign)
    ]
    return render(
        request,
        "reports/template.html",
        {
            "campaign": campaign,
            "rows": rows,
            "criteria": criteria,
            "can_edit": request.user.has_perm("reports.edit_template"),
            "changes": [
                (row, CHANGE_WORDS.get(row.history_type, row.history_type))
                for row in ReportSection.history.filter(campaign_id=campaign.pk)
                .select_related("history_user")
                .order_by("-history_date", "-history_id")[:10]
            ],
        },
    )


def _stored(campaign, request):
    """The stored part a request names (`section` id, or `group` id for a part not written yet)."""
    section_id = as_int(request.POST.get("section") or request.GET.get("section"))
    group_id = as_int(request.POST.get("group") or request.GET.get("group"))
    if section_id is not None:
        return get_object_or_404(ReportSection, campaign=campaign, pk=section_id)
    if group_id is not None:
        get_object_or_404(campaign.criterion_groups, pk=group_id)
        return report_template.stored_section(campaign, group_id=group_id, by=request.user)
    return None


@require_POST
@permission("reports.edit_template")  # office
def template_action(request, pk):
    """Move a part up or down, or remove it."""
    campaign = _campaign(pk)
    action = request.POST.get("action")
    try:
        section = _stored(campaign, request)
        if section is None or action not in ("up", "down", "remove"):
            messages.error(request, _("Choose a part and what to do with it."))
        elif action == "remove":
            report_template.remove_section(section, by=request.user)
            messages.success(request, _("The part was removed from the report."))
        else:
            report_template.move_section(section, -1 if action == "up" else 1, by=request.user)
    except TransitionError as refused:
        messages.error(request, str(refused))
    return redirect(_back(campaign))


@permission("reports.edit_template")  # office
def section_edit(request, pk):
    campaign = _campaign(pk)
    group_id = query_int(request, "group")
    section_id = query_int(request, "section")
    if section_id is not None:
        section = get_object_or_404(ReportSection, campaign=campaign, pk=section_id)
    elif group_id is not None:
        group = get_object_or_404(campaign.criterion_groups, pk=group_id)
        section = campaign.report_sections.filter(group=group).first() or ReportSection(
            campaign=campaign, kind=SectionKind.GROUP, group=group
        )
    else:
        return redirect(_back(campaign))
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            if section.pk is None:  # a group's part not written yet: write the template first
                stored = report_template.stored_section(campaign, group_id=section.group_id, by=request.user)
                for field in form.cleaned_data:
                    setattr(stored, field, form.cleaned_data[field])
                section = stored
            report_template.save_section(section, by=request.user)
        except TransitionError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The part was saved; generate the draft again to see it in the report."))
            return redirect(_back(campaign))
    return render(
        request,
        "reports/template_form.html",
        {"campaign": campaign, "form": form, "title": report_template.section_title(section) or _("New part")},
    )


@permission("reports.edit_template")  # office
def section_add(request, pk):
    campaign = _campaign(pk)
    form = NewSectionForm(request.POST or None, instance=ReportSection(campaign=campaign))
    if request.method == "POST" and form.is_valid():
        try:
            report_template.save_section(form.instance, by=request.user)
        except TransitionError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The part was added at the end of Section II."))
            return redirect(_back(campaign))
    return render(request, "reports/template_form.html", {"campaign": campaign, "form": form, "title": _("Add a part")})


@permission("reports.edit_template")  # office
def criterion_reporting(request, pk, criterion_pk):
    campaign = _campaign(pk)
    criterion = get_object_or_404(campaign.criteria, pk=criterion_pk)
    form = CriterionReportingForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            report_template.set_criterion_reporting(
                criterion,
                topic=form.cleaned_data["report_topic"],
                total=form.cleaned_data["report_total"],
                unit=form.cleaned_data["report_unit"],
                by=request.user,
            )
        except TransitionError as refused:
            form.add_error("report_topic", str(refused))
        else:
            messages.success(request, _("Saved. The criterion's scoring is unchanged."))
            return redirect(_back(campaign))
    return render(
        request,
        "reports/template_form.html",
        {
            "campaign": campaign,
            "form": form,
            "title": str(criterion),
            "changes": report_template.reporting_changes(criterion),
        },
    )

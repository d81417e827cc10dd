"""Pages of progress reports. Each view names its permission at the top; the rules live in services."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campaign.models import Campaign
from core.errors import TransitionError
from core.limits import query_int
from core.permissions import permission, require
from core.text import fold
from documents.responses import issued_file_response

from . import schedules, services
from .forms import BoardSettingsForm, GenerateForm, ReturnForm, ScheduleForm, TextsForm
from .models import BoardSettings, ReportKind, ReportSchedule, ReportStatus, RunState
from .queries import reports_for_user, runs_for_user, schedules_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, pk):
    return get_object_or_404(reports_for_user(request.user), pk=pk)


# --- lists ----------------------------------------------------------------------------------


@permission("reports.view_reports")  # office, leadership
def report_list(request):
    campaigns = Campaign.objects.exclude(status="draft").order_by("-starts_on", "-pk")
    reports = reports_for_user(request.user).order_by("campaign", "period__starts_on")
    by_campaign = {}
    for report in reports:
        by_campaign.setdefault(report.campaign_id, []).append(report)
    rows = [(campaign, by_campaign.get(campaign.pk, [])) for campaign in campaigns]
    return render(
        request,
        "reports/list.html",
        {"rows": rows, "board": BoardSettings.load(), "awaiting": reports.filter(status=ReportStatus.DRAFT).count()},
    )


@permission("reports.view_reports")  # office, leadership
def campaign_reports(request, pk):
    campaign = get_object_or_404(Campaign.objects.exclude(status="draft"), pk=pk)
    mine = reports_for_user(request.user).filter(campaign=campaign)
    reports = {r.period_id: r for r in mine.filter(kind=ReportKind.PERIODIC)}
    active = {
        r.period_id: r
        for r in runs_for_user(request.user).filter(
            campaign=campaign, kind=ReportKind.PERIODIC, state__in=["queued", "running"]
        )
    }
    periods = [(p, reports.get(p.pk), active.get(p.pk)) for p in campaign.periods.order_by("starts_on", "pk")]
    return render(
        request,
        "reports/campaign.html",
        {
            "campaign": campaign,
            "periods": periods,
            "summaries": mine.exclude(kind=ReportKind.PERIODIC).select_related("period", "document"),
            "schedules": schedules_for_user(request.user).filter(campaign=campaign),
            "runs": runs_for_user(request.user).filter(campaign=campaign)[:10],
            "generate_form": GenerateForm(campaign=campaign),
        },
    )


# --- generation -----------------------------------------------------------------------------


@permission("reports.generate")  # office
def generate(request, pk):
    campaign = get_object_or_404(Campaign.objects.exclude(status="draft"), pk=pk)
    periods = campaign.periods.order_by("starts_on", "pk")
    ended = [p for p in periods if p.ends_on < timezone.localdate()]
    default = query_int(request, "period") or (ended[-1].pk if ended else None)
    kind = request.GET.get("kind") if request.GET.get("kind") in ReportKind.values else ReportKind.PERIODIC
    form = GenerateForm(request.POST or None, campaign=campaign, initial={"period": default, "kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            run = services.request_run(
                campaign, form.cleaned_data["period"], by=request.user, kind=form.cleaned_data["kind"]
            )
        except TransitionError as refused:
            form.add_error("period", str(refused))
        else:
            return redirect(run)
    return render(
        request,
        "reports/generate.html",
        {"campaign": campaign, "form": form, "back": reverse("reports:campaign_reports", args=[campaign.pk])},
    )


@permission("reports.view_reports")  # office, leadership
def run_detail(request, pk):
    run = get_object_or_404(runs_for_user(request.user), pk=pk)
    return render(request, "reports/run.html", {"run": run})


@permission("reports.view_reports")  # office, leadership
def run_progress(request, pk):
    run = get_object_or_404(runs_for_user(request.user), pk=pk)
    return JsonResponse(
        {
            "state": run.state,
            "state_display": run.get_state_display(),
            "percent": run.progress,
            "step": run.step,
            "error": run.error,
            "finished": run.is_finished,
            "report_url": run.report.get_absolute_url() if run.report_id and run.state == RunState.SUCCEEDED else "",
        }
    )


# --- one report -----------------------------------------------------------------------------


@permission("reports.view_reports")  # office, leadership
def report_detail(request, pk):
    report = _report(request, pk)
    user = request.user
    events = [(e, services.EVENT_LABELS.get(e.action, e.action)) for e in report.events.select_related("by")]
    early = services.before_deadline(report) if report.status == ReportStatus.DRAFT else None
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "events": events,
            "deliveries": report.deliveries.select_related("by"),
            "runs": report.runs.all()[:5],
            "board": BoardSettings.load(),
            "can_edit": user.has_perm("reports.change_texts", report),
            "can_generate": user.has_perm("reports.generate") and report.status == ReportStatus.DRAFT,
            "can_approve": user.has_perm("reports.approve", report) and report.generated_at is not None,
            "early": early,
            "early_text": services.early_message(early) if early else "",
            "can_return": user.has_perm("reports.return_to_draft", report),
            "can_send": user.has_perm("reports.send", report),
            "figures_summary": _summary(report.figures),
        },
    )


# The figures shown at a glance on the report page: dotted paths into report.figures and their
# labels; a path the figures do not have is skipped (the PDF and the annex hold every table).
SUMMARY = [
    ("participation.subjects", gettext_lazy("Units taking part (subjects)")),
    ("participation.registered", gettext_lazy("Units registered")),
    ("submissions.on_time", gettext_lazy("Reports on time")),
    ("submissions.late", gettext_lazy("Reports late")),
    ("submissions.missing", gettext_lazy("Reports missing")),
    ("submissions.verified", gettext_lazy("Reports verified")),
    ("sales.total_value", gettext_lazy("Sales through the supply-demand connection (million VND)")),
    ("violations.count", gettext_lazy("Violations recorded")),
    ("examples.count", gettext_lazy("Exemplary examples")),
    ("awards.nominations", gettext_lazy("Nominations")),
    ("awards.awarded", gettext_lazy("Awards decided")),
]


def _summary(figures):
    rows = []
    for path, label in SUMMARY:
        value = figures or {}
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            rows.append((label, value))
    return rows


@permission("reports.view_reports")  # office, leadership; the office changes a draft only
def report_texts(request, pk):
    report = _report(request, pk)
    require(request.user, "reports.change_texts", report)
    previous = services.previous_texts(report)
    form = TextsForm(request.POST or None, instance=report, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_texts(
                report,
                results=form.cleaned_data["results"],
                difficulties=form.cleaned_data["difficulties"],
                proposals=form.cleaned_data["proposals"],
                directions=form.cleaned_data["directions"],
                by=request.user,
            )
        except TransitionError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The texts were saved and the draft drawn again."))
        return redirect(report)
    return render(request, "reports/texts.html", {"report": report, "form": form, "previous": previous.get("report")})


@permission("reports.view_reports")  # office, leadership
def report_preview(request, pk):
    """The draft PDF as stored by the last generation, shown in the browser."""
    report = _report(request, pk)
    if not report.draft_pdf:
        raise Http404(_("The report has not been generated yet."))
    return _stored(report.draft_pdf, f"{_base(report)}-du-thao.pdf", "application/pdf", inline=True)


@permission("reports.view_reports")  # office, leadership
def report_pdf(request, pk):
    """The issued (numbered) PDF, byte for byte as the register keeps it."""
    report = _report(request, pk)
    if report.document_id is None:
        raise Http404(_("The report has not been issued yet."))
    return issued_file_response(report.document)


@permission("reports.view_reports")  # office, leadership
def report_xlsx(request, pk):
    report = _report(request, pk)
    if not report.xlsx:
        raise Http404(_("The report has not been generated yet."))
    return _stored(report.xlsx, f"{_base(report)}-phu-luc.xlsx", XLSX, inline=False)


def _base(report):
    if report.document_id:
        return slugify(fold(report.document.reference))
    return slugify(fold(f"bao-cao-{report.campaign.short_name}-{report.period.name}"))[:80]


def _stored(field, filename, content_type, *, inline):
    try:
        handle = field.storage.open(field.name, "rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404(_("The file is missing.")) from missing
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@permission("reports.view_reports")  # leadership, on a draft
def report_approve(request, pk):
    report = _report(request, pk)
    require(request.user, "reports.approve", report)
    try:
        report = services.approve(report, by=request.user, confirm_early=request.POST.get("confirm_early") == "on")
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        if report.status == ReportStatus.APPROVED and BoardSettings.load().email:
            messages.success(request, _("The report was approved and numbered; it is being sent to the Board."))
        else:
            messages.success(request, _("The report was approved and numbered."))
    return redirect(report)


@permission("reports.view_reports")  # leadership, on an approved report not yet sent
def report_return(request, pk):
    report = _report(request, pk)
    require(request.user, "reports.return_to_draft", report)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_to_draft(report, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(request, _("The report was returned to draft."))
            return redirect(report)
    return render(request, "reports/return.html", {"report": report, "form": form})


@require_POST
@permission("reports.view_reports")  # office, on an approved report
def report_send(request, pk):
    report = _report(request, pk)
    require(request.user, "reports.send", report)
    try:
        services.queue_delivery(report, by=request.user)
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The report is being sent to the Board; the delivery log shows each attempt."))
    return redirect(report)


# --- schedules and the Board ----------------------------------------------------------------


@permission("reports.manage_schedules")  # office
def schedule_create(request, pk):
    campaign = get_object_or_404(Campaign.objects.exclude(status="draft"), pk=pk)
    form = ScheduleForm(request.POST or None, instance=ReportSchedule(campaign=campaign))
    if request.method == "POST" and form.is_valid():
        schedules.save_schedule(form.instance, by=request.user)
        messages.success(request, _("The schedule was saved."))
        return redirect("reports:campaign_reports", campaign.pk)
    return render(request, "reports/schedule_form.html", {"campaign": campaign, "form": form})


@permission("reports.manage_schedules")  # office
def schedule_edit(request, pk):
    schedule = get_object_or_404(schedules_for_user(request.user), pk=pk)
    form = ScheduleForm(request.POST or None, instance=schedule)
    if request.method == "POST" and form.is_valid():
        schedules.save_schedule(form.instance, by=request.user)
        messages.success(request, _("The schedule was saved."))
        return redirect("reports:campaign_reports", schedule.campaign_id)
    return render(
        request, "reports/schedule_form.html", {"campaign": schedule.campaign, "form": form, "schedule": schedule}
    )


@permission("reports.manage_schedules")  # office
def schedule_delete(request, pk):
    schedule = get_object_or_404(schedules_for_user(request.user), pk=pk)
    if request.method == "POST":
        campaign_id = schedule.campaign_id
        schedules.delete_schedule(schedule)
        messages.success(request, _("The schedule was deleted."))
        return redirect("reports:campaign_reports", campaign_id)
    return render(request, "reports/schedule_delete.html", {"schedule": schedule})


@permission("reports.manage_board")  # office
def board_settings(request):
    board = BoardSettings.load()
    form = BoardSettingsForm(request.POST or None, instance=board)
    if request.method == "POST" and form.is_valid():
        services.save_board_settings(form.instance, by=request.user)
        messages.success(request, _("The Board's address was saved."))
        return redirect("reports:report_list")
    return render(request, "reports/board.html", {"form": form})

"""Pages of the annual emulation-commendation report. Each view names its permission; the rules live in reports.annual."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import TransitionError
from core.permissions import permission, require
from documents.responses import issued_file_response

from . import annual
from .forms import AnnualGenerateForm, AnnualTextsForm, ReturnForm
from .models import AnnualReport, BoardSettings
from .queries import annual_reports_for_user
from .views import _stored


def _report(request, pk):
    return get_object_or_404(annual_reports_for_user(request.user), pk=pk)


@permission("reports.view_reports")  # office, leadership; the office generates
def annual_list(request):
    form = AnnualGenerateForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require(request.user, "reports.prepare_annual")
        if form.is_valid():
            try:
                report = annual.generate(form.cleaned_data["year"], by=request.user)
            except TransitionError as refused:
                form.add_error("year", str(refused))
            else:
                messages.success(request, _("The annual report was generated."))
                return redirect(report)
    return render(
        request,
        "reports/annual/list.html",
        {
            "reports": annual_reports_for_user(request.user),
            "form": form,
            "can_generate": request.user.has_perm("reports.prepare_annual"),
        },
    )


@permission("reports.view_reports")  # office, leadership
def annual_detail(request, pk):
    report = _report(request, pk)
    user = request.user
    return render(
        request,
        "reports/annual/detail.html",
        {
            "report": report,
            "events": [(e, annual.EVENT_LABELS.get(e.action, e.action)) for e in report.events.select_related("by")],
            "board": BoardSettings.load(),
            "can_prepare": user.has_perm("reports.change_annual_texts", report),
            "can_approve": user.has_perm("reports.approve", report) and report.generated_at is not None,
            "can_return": user.has_perm("reports.return_to_draft", report),
            "can_send": user.has_perm("reports.send", report),
            "period": [dt.date.fromisoformat(day) for day in (report.figures or {}).get("period", [])],
        },
    )


@permission("reports.view_reports")  # office, on a draft
def annual_texts(request, pk):
    report = _report(request, pk)
    require(request.user, "reports.change_annual_texts", report)
    form = AnnualTextsForm(request.POST or None, instance=AnnualReport.objects.get(pk=report.pk))
    if request.method == "POST" and form.is_valid():
        try:
            annual.update_texts(report, by=request.user, **{k: form.cleaned_data[k] for k in annual.TEXT_FIELDS})
        except TransitionError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The texts were saved and the draft drawn again."))
        return redirect(report)
    return render(request, "reports/annual/texts.html", {"report": report, "form": form})


@require_POST
@permission("reports.view_reports")  # office, on a draft
def annual_regenerate(request, pk):
    report = _report(request, pk)
    require(request.user, "reports.prepare_annual")
    try:
        annual.generate(report.year, by=request.user)
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The annual report was generated."))
    return redirect(report)


@permission("reports.view_reports")  # office, leadership
def annual_preview(request, pk):
    report = _report(request, pk)
    if not report.draft_pdf:
        raise Http404(_("The report has not been generated yet."))
    return _stored(
        report.draft_pdf, f"bao-cao-thi-dua-khen-thuong-{report.year}-du-thao.pdf", "application/pdf", inline=True
    )


@permission("reports.view_reports")  # office, leadership
def annual_pdf(request, pk):
    report = _report(request, pk)
    if report.document_id is None:
        raise Http404(_("The report has not been issued yet."))
    return issued_file_response(report.document)


@require_POST
@permission("reports.view_reports")  # leadership, on a draft
def annual_approve(request, pk):
    report = _report(request, pk)
    require(request.user, "reports.approve", report)
    try:
        annual.approve(report, by=request.user)
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The report was approved and numbered."))
    return redirect(report)


@permission("reports.view_reports")  # leadership, on an approved report not yet sent
def annual_return(request, pk):
    report = _report(request, pk)
    require(request.user, "reports.return_to_draft", report)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            annual.return_to_draft(report, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(request, _("The report was returned to draft."))
            return redirect(report)
    return render(request, "reports/annual/return.html", {"report": report, "form": form})


@require_POST
@permission("reports.view_reports")  # office, on an approved report
def annual_send(request, pk):
    report = _report(request, pk)
    require(request.user, "reports.send", report)
    try:
        annual.send(report, by=request.user)
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The report was sent to the Board."))
    return redirect(report)

"""The office's pages for printing certificates on pre-printed blanks (awards/blanks.py): the blanks and their
boxes, the printers and their offsets, the calibration page, a decision's batch and the register of what was printed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.errors import TransitionError
from core.permissions import permission
from documents.responses import pdf_response

from ..blanks import layouts_for, print_on_blanks, prints_of, render_calibration, save_layout, save_printer
from ..forms_blanks import BlankBoxFormSet, BlankLayoutForm, BlankPrintForm, CalibrationForm, PrinterProfileForm
from ..models import BlankLayout, Decision, DecisionStatus, PrinterProfile
from ..queries import decisions_for_user


@permission("awards.manage_blanks")  # office
def blank_list(request):
    context = {
        "layouts": BlankLayout.objects.prefetch_related("boxes"),
        "printers": PrinterProfile.objects.all(),
        "calibration": CalibrationForm(),
    }
    return render(request, "awards/blank/list.html", context)


def _layout_page(request, layout):
    form = BlankLayoutForm(request.POST or None, instance=layout)
    formset = None
    if layout.pk is not None:
        size = None
        if request.method == "POST" and form.is_valid():
            size = (form.cleaned_data["width_mm"], form.cleaned_data["height_mm"])
        elif layout.pk:
            size = (layout.width_mm, layout.height_mm)
        formset = BlankBoxFormSet(request.POST or None, instance=layout, form_kwargs={"size": size})
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            with transaction.atomic():
                boxes = formset.save(commit=False) if formset is not None else []
                layout = save_layout(form.save(commit=False), boxes, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The blank “%(name)s” was saved.") % {"name": layout.name})
            return redirect("awards:blank_edit", pk=layout.pk)
    return render(request, "awards/blank/form.html", {"form": form, "formset": formset, "layout": layout})


@permission("awards.manage_blanks")  # office
def blank_create(request):
    return _layout_page(request, BlankLayout())


@permission("awards.manage_blanks")  # office
def blank_edit(request, pk):
    return _layout_page(request, get_object_or_404(BlankLayout, pk=pk))


@permission("awards.manage_blanks")  # office
def blank_calibration(request, pk):
    layout = get_object_or_404(BlankLayout, pk=pk)
    form = CalibrationForm(request.GET or None)
    printer = form.cleaned_data["printer"] if form.is_valid() else None
    return pdf_response(render_calibration(layout, printer), f"can-chinh-phoi-{layout.pk}.pdf")


def _printer_page(request, printer):
    form = PrinterProfileForm(request.POST or None, instance=printer)
    if request.method == "POST" and form.is_valid():
        printer = save_printer(form.save(commit=False), by=request.user)
        messages.success(request, _("The printer “%(name)s” was saved.") % {"name": printer.name})
        return redirect("awards:blank_list")
    return render(request, "awards/blank/printer_form.html", {"form": form, "printer": printer})


@permission("awards.manage_blanks")  # office
def printer_create(request):
    return _printer_page(request, PrinterProfile())


@permission("awards.manage_blanks")  # office
def printer_edit(request, pk):
    return _printer_page(request, get_object_or_404(PrinterProfile, pk=pk))


@permission("awards.manage_blanks")  # office
def decision_blanks(request, pk):
    decision = get_object_or_404(decisions_for_user(request.user).select_related("document"), pk=pk)
    if decision.kind != Decision.Kind.DECISION or decision.status != DecisionStatus.ISSUED:
        raise Http404
    form = BlankPrintForm(request.POST or None, layouts=layouts_for(decision))
    if request.method == "POST" and form.is_valid():
        try:
            data = print_on_blanks(decision, form.cleaned_data["layout"], form.cleaned_data["printer"], by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            return pdf_response(data, f"phoi-{decision.document.download_name}", inline=False)
    context = {"decision": decision, "form": form, "prints": prints_of(decision)}
    return render(request, "awards/blank/decision.html", context)

"""Pages of the statutory statistics: the year's forms, the rows behind each number, the office's
figures, the XLSX and the PDF. Each view names its permission; the numbers come from reports.statistics."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.models import Campaign
from core.limits import query_int
from core.permissions import permission, require
from documents.responses import pdf_response

from . import statistics, statistics_entries, statistics_output
from .models import StatisticsCircular, StatisticsEntry
from .views import XLSX

YEARS = range(2000, 2101)


def _year(year):
    if year not in YEARS:
        raise Http404(_("No statistics for that year."))
    return year


def _compute(year):
    try:
        return statistics.compute(_year(year))
    except statistics.NoCircular as missing:
        raise Http404(_("No statistics circular is recorded for that year.")) from missing


def _years():
    """The years the Alliance has campaigns in, and this year."""
    years = {timezone.localdate().year}
    for starts, ends in Campaign.objects.exclude(status="draft").values_list("starts_on", "ends_on"):
        years.update(range(starts.year, ends.year + 1))
    return sorted((y for y in years if y in YEARS), reverse=True)


@permission("reports.view_statistics")  # office, leadership
def statistics_index(request):
    year = query_int(request, "year", low=YEARS.start, high=YEARS.stop - 1)
    if year:
        return redirect("reports:statistics_year", _year(year))
    return render(
        request,
        "reports/statistics/index.html",
        {"years": _years(), "circulars": StatisticsCircular.objects.order_by("valid_from")},
    )


@permission("reports.view_statistics")  # office, leadership
def statistics_year(request, year):
    computed = _compute(year)
    return render(
        request,
        "reports/statistics/year.html",
        {
            "statistics": computed,
            "reporter": statistics_output.reporter_name(computed),
            "period_line": statistics_output.period_line(computed),
            "forms": [
                {
                    "computed": form,
                    "number": statistics_output.form_number(form),
                    "rows": [
                        (stt, label, level, list(zip(form.layout.columns, values, strict=True)), row_key)
                        for (stt, label, level, values), row_key in zip(
                            statistics_output.numbered_rows(form), [r.key for r in form.layout.rows], strict=True
                        )
                    ],
                }
                for form in computed.forms
            ],
            "years": _years(),
            "can_enter": request.user.has_perm("reports.enter_statistics"),
        },
    )


KIND_TITLES = {"campaigns": gettext_lazy("Campaigns counted"), "awards": gettext_lazy("Awards counted")}


@permission("reports.view_statistics")  # office, leadership
def statistics_cell(request, year, form, row, column):
    """The rows one number of a counted form counts: exactly `statistics.cell_rows`."""
    computed = _compute(year)
    try:
        layout = computed.form(form).layout
        rows = statistics.cell_rows(layout, computed.period, row, column)
    except LookupError as unknown:
        raise Http404(_("No such number in the statistics.")) from unknown
    if layout.counts == "awards":
        rows = rows.select_related(
            "decision__document",
            "decision__campaign",
            "nomination__award_type",
            "nomination__organization",
            "nomination__person",
            "nomination__household",
            "nomination__initiative",
        ).order_by("decision__decided_on", "decision_id", "order", "pk")
    else:
        rows = rows.order_by("starts_on", "pk")
    line = {r.key: r for r in layout.rows}[row]
    col = {c.key: c for c in layout.columns}[column]
    return render(
        request,
        "reports/statistics/cell.html",
        {
            "statistics": computed,
            "form": computed.form(form),
            "row": line,
            "column": col,
            "rows": rows,
            "counts": layout.counts,
            "title": KIND_TITLES[layout.counts],
        },
    )


class EntryForm(forms.Form):
    """One number field per cell of an entered form; empty means not given."""

    def __init__(self, *args, layout, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        for row in layout.rows:
            for col in layout.columns:
                self.fields[f"{row.key}__{col.key}"] = forms.IntegerField(
                    label=f"{row.label} — {col.label}",
                    min_value=0,
                    max_value=10_000_000,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 0}),
                )

    def grid(self):
        return [(row, [self[f"{row.key}__{col.key}"] for col in self.layout.columns]) for row in self.layout.rows]

    def values(self):
        return {
            (row.key, col.key): self.cleaned_data.get(f"{row.key}__{col.key}")
            for row in self.layout.rows
            for col in self.layout.columns
        }


@permission("reports.view_statistics")  # office enters; leadership reads
def statistics_entry(request, year, form):
    computed = _compute(year)
    try:
        entered = computed.form(form)
    except LookupError as unknown:
        raise Http404(_("No such form.")) from unknown
    if entered.layout.source != statistics.ENTERED:
        raise Http404(_("This form is counted from the app's data."))
    initial = {f"{r}__{c}": v for (r, c), v in entered.cells.items()}
    entry_form = EntryForm(request.POST or None, layout=entered.layout, initial=initial)
    if request.method == "POST":
        require(request.user, "reports.enter_statistics")
        if entry_form.is_valid():
            statistics_entries.save_entries(year=year, form=form, values=entry_form.values(), by=request.user)
            messages.success(request, _("The figures were saved."))
            return redirect("reports:statistics_year", year)
    rows = {r.key: r.label for r in entered.layout.rows}
    columns = {c.key: c.label for c in entered.layout.columns}
    entries = [
        (e, rows.get(e.row, e.row), columns.get(e.column, e.column))
        for e in StatisticsEntry.objects.filter(year=year, form=form).select_related("entered_by")
    ]
    return render(
        request,
        "reports/statistics/entry.html",
        {
            "statistics": computed,
            "form": entered,
            "entry_form": entry_form,
            "entries": entries,
            "can_enter": request.user.has_perm("reports.enter_statistics"),
            "focus": (request.GET.get("row", ""), request.GET.get("column", "")),
        },
    )


@permission("reports.view_statistics")  # office, leadership
def statistics_xlsx(request, year):
    data = statistics_output.build_xlsx(_compute(year))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"thong-ke-thi-dua-khen-thuong-{year}.xlsx")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@permission("reports.view_statistics")  # office, leadership
def statistics_pdf(request, year):
    data = statistics_output.build_pdf(_compute(year))
    return pdf_response(data, f"thong-ke-thi-dua-khen-thuong-{year}.pdf")

"""MINIMAL stand-in kept by the flow branch so its tests run; replaced by the content branch's module."""

from django.utils import timezone

from documents.identity import issuer_on
from documents.rendering import document_context, render_document

TEMPLATE_NAME = "reports/report_pdf.html"


def subject_for(report):
    return f"Kết quả thực hiện phong trào thi đua {report.campaign.short_name} {report.period.name.lower()}"


def report_context(report):
    return {"report": report, "figures": report.figures}


def render_draft(report):
    day = timezone.localdate()
    context = document_context(
        issuer=issuer_on(day), type_symbol="BC", issued_on=day, subject=subject_for(report), **report_context(report)
    )
    return render_document(TEMPLATE_NAME, context, draft=True)

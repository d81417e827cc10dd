"""The Alliance's annual emulation-commendation report: figures, document and its life.

The year is the statistics' reporting year (reports.statistics: the circular in force says
when it starts); the report covers every campaign carried out in it (regular, by phase,
thematic, special) and every award of a decision or a proposal issued in it. Its figures are
computed once and stored as JSON, so the draft and the issued PDF print the same numbers; the
statutory forms of the same year are its annex (they are the same counts).

State changes are written here only, each with an AnnualReportEvent (who and when):
generate (draft, again while a draft), texts, approve (a numbered BC from the register, by
the leadership), return to draft, send to the Board (e-mail, every attempt logged).
"""

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import Decision, DecisionStatus, ExemplaryExample
from campaign.models import CampaignKind, CampaignStatus, Registration
from core.errors import TransitionError
from core.uploads import file_swap
from documents.identity import NoIssuingBody, issuer_on
from documents.rendering import document_context, render_document
from documents.services import issue_document

from . import statistics
from .document import recipients_for, status_words
from .models import AnnualReport, AnnualReportEvent, BoardSettings, ReportStatus, StatisticsForm

TEMPLATE_NAME = "reports/annual_pdf.html"
TYPE_SYMBOL = "BC"

EVENT_LABELS = {
    "generated": gettext_lazy("Generated"),
    "regenerated": gettext_lazy("Generated again"),
    "edited": gettext_lazy("Texts edited"),
    "approved": gettext_lazy("Approved and issued"),
    "returned": gettext_lazy("Returned to draft"),
    "sent": gettext_lazy("Sent to the Board"),
    "not_sent": gettext_lazy("Sending failed"),
}
TEXT_FIELDS = ("results", "difficulties", "directions", "proposals")


# --- figures (pure reads) -------------------------------------------------------------------


def annual_figures(year):
    """The report's figures for `year` as JSON-ready data; statistics.NoCircular when no circular covers it."""
    computed = statistics.compute(year)
    period = computed.period
    kinds = status_words(CampaignKind)
    states = status_words(CampaignStatus)
    awards = statistics.awards_of(period)
    per_campaign = dict(
        awards.filter(statistics.issued_in(period), decision__kind=Decision.Kind.DECISION)
        .values_list("decision__campaign_id")
        .annotate(n=Count("pk"))
        .values_list("decision__campaign_id", "n")
    )
    proposed = dict(
        awards.filter(statistics.issued_in(period), decision__kind=Decision.Kind.PROPOSAL)
        .values_list("decision__campaign_id")
        .annotate(n=Count("pk"))
        .values_list("decision__campaign_id", "n")
    )
    registered = dict(
        Registration.objects.values_list("campaign_id").annotate(n=Count("pk")).values_list("campaign_id", "n")
    )
    campaigns = [
        {
            "id": c.pk,
            "name": c.name,
            "short_name": c.short_name,
            "kind": kinds.get(c.kind, c.kind),
            "status": states.get(c.status, c.status),
            "starts_on": c.starts_on.isoformat(),
            "ends_on": c.ends_on.isoformat(),
            "plan_number": c.plan_number,
            "registered": registered.get(c.pk, 0),
            "awarded": per_campaign.get(c.pk, 0),
            "proposed": proposed.get(c.pk, 0),
        }
        for c in statistics.campaigns_of(period).order_by("starts_on", "pk")
    ]
    decisions = [
        {
            "reference": d.document.reference if d.document_id else "",
            "decided_on": d.decided_on.isoformat(),
            "kind": d.kind,
            "title": d.title,
            "campaign": d.made_for,
            "awards": d.n,
        }
        for d in Decision.objects.filter(
            status=DecisionStatus.ISSUED,
            kind__in=[Decision.Kind.DECISION, Decision.Kind.PROPOSAL],
            decided_on__range=period,
        )
        .select_related("document", "campaign")
        .annotate(n=Count("awards"))
        .order_by("decided_on", "pk")
    ]
    examples = ExemplaryExample.objects.filter(is_published=True, published_at__date__range=period).count()

    def table(key):
        form = computed.form(key)
        return {
            "columns": [c.label for c in form.layout.columns],
            "rows": [
                {"label": row.label, "level": row.level, "values": [v for _c, v in cells]}
                for row, cells in form.table()
            ],
        }

    return {
        "year": year,
        "period": [period[0].isoformat(), period[1].isoformat()],
        "circular": computed.circular.number,
        "campaigns": campaigns,
        "campaign_counts": table(StatisticsForm.CAMPAIGNS),
        "awards": table(StatisticsForm.LEVEL_AWARDS),
        "decisions": decisions,
        "examples": examples,
        "total_awarded": sum(per_campaign.values()),
        "outside_awarded": per_campaign.get(None, 0),
        "granted_upward": awards.filter(statistics.granted_in(period)).count(),
        "total_proposed": sum(proposed.values()),
    }


# --- the document ---------------------------------------------------------------------------


def subject_for(report):
    return f"Kết quả công tác thi đua, khen thưởng năm {report.year}"


def _paragraphs(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def report_context(report, issuer):
    f = report.figures
    return {
        "report": report,
        "f": f,
        "period_start": dt.date.fromisoformat(f["period"][0]),
        "period_end": dt.date.fromisoformat(f["period"][1]),
        "decisions_made": [d for d in f["decisions"] if d["kind"] == Decision.Kind.DECISION],
        "proposals_made": [d for d in f["decisions"] if d["kind"] == Decision.Kind.PROPOSAL],
        **{name: _paragraphs(getattr(report, name)) for name in TEXT_FIELDS},
        "recipients": recipients_for(issuer),
    }


def _issuer(day):
    try:
        return issuer_on(day)
    except NoIssuingBody as error:
        raise TransitionError(_("No issuing body applies on %(date)s.") % {"date": day.strftime("%d/%m/%Y")}) from error


def render_draft(report, day=None):
    """The draft PDF, watermarked, its number left blank."""
    day = day or timezone.localdate()
    issuer = _issuer(day)
    context = report_context(report, issuer)
    recipients = context.pop("recipients")
    full = document_context(
        issuer=issuer,
        type_symbol=TYPE_SYMBOL,
        issued_on=day,
        recipients=recipients,
        subject=subject_for(report),
        **context,
    )
    return render_document(TEMPLATE_NAME, full, draft=True)


def _file_name(report):
    return f"bao-cao-thi-dua-khen-thuong-{report.year}-du-thao-{uuid.uuid4().hex[:8]}.pdf"


# --- its life -------------------------------------------------------------------------------


def generate(year, *, by):
    """Compute the year's figures and draw the draft (a new draft, or the same draft again; the
    office's texts are kept). An approved or sent report is never replaced."""
    try:
        figures = annual_figures(year)
    except statistics.NoCircular as missing:
        raise TransitionError(_("No statistics circular is recorded for %(year)s.") % {"year": year}) from missing
    with file_swap() as swap, transaction.atomic():
        report, created = AnnualReport.objects.get_or_create(year=year)
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.DRAFT:
            raise TransitionError(_("The report has been approved: it can no longer be generated again."))
        again = bool(report.draft_pdf.name) or not created
        report.figures = figures
        report.generated_at = timezone.now()
        swap.save(report.draft_pdf, _file_name(report), ContentFile(render_draft(report)))
        report.save()
        AnnualReportEvent.objects.create(report=report, action="regenerated" if again else "generated", by=by)
    return report


def update_texts(report, *, by, **texts):
    """Save the office's texts of a draft and draw the draft again with them."""
    with file_swap() as swap, transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.DRAFT:
            raise TransitionError(_("Only a draft report can be changed."))
        if all(getattr(report, name) == texts.get(name, getattr(report, name)) for name in TEXT_FIELDS):
            return report
        for name in TEXT_FIELDS:
            if name in texts:
                setattr(report, name, texts[name])
        if report.generated_at:
            swap.save(report.draft_pdf, _file_name(report), ContentFile(render_draft(report)))
        report.save()
        AnnualReportEvent.objects.create(report=report, action="edited", by=by)
    return report


def period_over(report, on):
    """Whether the reporting period of the report's figures has ended by `on` (approval waits for it)."""
    return on > dt.date.fromisoformat(report.figures["period"][1])


def approve(report, *, by, on=None):
    """Issue the report as a numbered BC from the register (the leadership) and mark it approved."""
    on = on or timezone.localdate()
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.DRAFT:
            raise TransitionError(_("Only a draft report can be approved."))
        if not report.generated_at:
            raise TransitionError(_("The report has not been generated yet."))
        if not period_over(report, on):
            raise TransitionError(
                _("The year's reporting period ends on %(date)s: the report is approved after it.")
                % {"date": dt.date.fromisoformat(report.figures["period"][1]).strftime("%d/%m/%Y")}
            )
        issuer = _issuer(on)
        issued = issue_document(
            template_name=TEMPLATE_NAME,
            context=report_context(report, issuer),
            type_symbol=TYPE_SYMBOL,
            issued_on=on,
            subject=subject_for(report),
            by=by,
            issuer=issuer,
            related=report,
        )
        report.document = issued
        report.status = ReportStatus.APPROVED
        report.approved_by = by
        report.approved_at = timezone.now()
        report.save(update_fields=["document", "status", "approved_by", "approved_at"])
        AnnualReportEvent.objects.create(report=report, action="approved", note=issued.reference, by=by)
    return report


def return_to_draft(report, *, by, reason):
    """Send an approved (not yet sent) report back to the office; its BC number stays in the register."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Say why the report goes back to draft."))
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update(of=("self",)).select_related("document").get(pk=report.pk)
        if report.status != ReportStatus.APPROVED:
            raise TransitionError(_("Only an approved report can be returned to draft."))
        withdrawn = report.document.reference if report.document_id else ""
        report.status = ReportStatus.DRAFT
        report.document = None
        report.approved_by = None
        report.approved_at = None
        report.save(update_fields=["status", "document", "approved_by", "approved_at"])
        AnnualReportEvent.objects.create(
            report=report, action="returned", note=f"{reason} ({withdrawn})" if withdrawn else reason, by=by
        )
    return report


def delivery_message(report, board):
    issued = report.document
    subject = f"{issued.reference} - {subject_for(report)}"
    body = (
        f"Kính gửi: {board.name}\n\n"
        f"{issued.issuer.full_name} gửi kèm theo đây Báo cáo số {issued.reference} ngày "
        f"{issued.issued_on:%d/%m/%Y}: {subject_for(report)[:1].lower()}{subject_for(report)[1:]}.\n\n"
        "Trân trọng./.\n"
    )
    message = EmailMessage(subject=subject, body=body, to=[board.email], cc=board.cc_list)
    with issued.file.open("rb") as handle:
        message.attach(issued.download_name, handle.read(), "application/pdf")
    return message


def send(report, *, by):
    """E-mail an approved annual report to the Board once; each attempt is an event. Returns the report."""
    with transaction.atomic():
        report = (
            AnnualReport.objects.select_for_update(of=("self",)).select_related("document__issuer").get(pk=report.pk)
        )
        if report.status == ReportStatus.SENT:
            raise TransitionError(_("The report has already been sent."))
        if report.status != ReportStatus.APPROVED:
            raise TransitionError(_("Only an approved report can be sent."))
        board = BoardSettings.load()
        if not board.email:
            raise TransitionError(_("Set the Board's e-mail address first."))
        to = ", ".join([board.email, *board.cc_list])
        try:
            delivery_message(report, board).send(fail_silently=False)
        except Exception as exc:  # SMTP, network, missing file: logged for the office
            failure = str(exc) or exc.__class__.__name__
        else:
            report.status = ReportStatus.SENT
            report.sent_at = timezone.now()
            report.save(update_fields=["status", "sent_at"])
            AnnualReportEvent.objects.create(report=report, action="sent", note=to, by=by)
            return report
    AnnualReportEvent.objects.create(report=report, action="not_sent", note=f"{to}: {failure}", by=by)
    raise TransitionError(_("The e-mail could not be sent: %(error)s") % {"error": failure})

"""The life of a progress report: generation runs, the office's texts, approval, return, delivery.

Every state change of a Report or a ReportRun is written here (and nowhere else), with a
ReportEvent saying who and when. Views and Celery tasks (reports/tasks.py) call these
functions; the content of a report (figures, PDF, annex) comes from reports.figures,
reports.document and reports.annex.

Generation is idempotent and retry-safe:
- the figures are computed and the files rendered *before* the report row is touched;
- the row is then written in ONE transaction that takes the row's lock (get_or_create
  guarded by the unique constraint, then select_for_update), checks that it is still a
  draft, stores the new files under fresh names and marks the run succeeded — a crash
  anywhere before the commit leaves the previous report (or none) exactly as it was;
- the files the new row replaces are deleted only after the commit, the new files are
  deleted when the transaction rolls back;
- an approved or sent report is never replaced: the run ends failed with that reason.
"""

import datetime as dt
import hashlib
import logging
import time
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import TransitionError
from core.jobs import enqueue
from core.text import fold
from core.uploads import file_swap
from documents import signatures
from documents.identity import NoIssuingBody, issuer_on
from documents.services import issue_document

from . import annex, document, figures
from .models import (
    BoardSettings,
    DeliveryAttempt,
    Report,
    ReportEvent,
    ReportKind,
    ReportRun,
    ReportStatus,
    RunState,
    RunTrigger,
)

logger = logging.getLogger(__name__)

BC_SYMBOL = "BC"
# A run that has not finished this long after it was queued was lost with its worker.
STALE_AFTER = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5 * 60)

EVENT_LABELS = {
    "generated": gettext_lazy("Generated"),
    "regenerated": gettext_lazy("Generated again"),
    "edited": gettext_lazy("Texts edited"),
    "approved": gettext_lazy("Approved and issued"),
    "approved_early": gettext_lazy("Approved before the deadline, confirmed by the leader"),
    "returned": gettext_lazy("Returned to draft"),
    "sent": gettext_lazy("Sent to the Board"),
}


class ReportLocked(TransitionError):
    """The report is approved or sent: nothing may replace or change it."""


class EarlyApproval(TransitionError):
    """The period's deadline has not passed: approving needs the leader's explicit confirmation."""


def before_deadline(report, on=None):
    """The warning due before approving a report whose units may still hand in (the deadline's day
    included): {"deadline", "missing"}; None once the deadline has passed."""
    on = on or timezone.localdate()
    if on > report.period.deadline:
        return None
    return {"deadline": report.period.deadline, "missing": (report.figures.get("submissions") or {}).get("missing", 0)}


def early_message(early):
    return _(
        "The deadline of this period is %(deadline)s: units may still hand in their reports, and %(missing)s "
        "registered units have handed in nothing so far. Tick the confirmation to approve the report before the deadline."
    ) % {"deadline": early["deadline"].strftime("%d/%m/%Y"), "missing": early["missing"]}


def _locked_message(report):
    if report.status == ReportStatus.SENT:
        return _("The report of %(period)s has already been sent to the Board: it is never replaced.") % {
            "period": report.period
        }
    return _("The report of %(period)s has been approved: return it to draft before generating it again.") % {
        "period": report.period
    }


def existing_report(campaign, period, kind=ReportKind.PERIODIC):
    return Report.objects.filter(campaign=campaign, period=period, kind=kind).select_related("period").first()


# --- runs -----------------------------------------------------------------------------------


def active_run(period, kind=ReportKind.PERIODIC):
    """The run of this period (and kind) still queued or running, if any (a lost one is closed first)."""
    run = ReportRun.objects.filter(period=period, kind=kind, state__in=[RunState.QUEUED, RunState.RUNNING]).first()
    if run is not None and timezone.now() - run.created_at > STALE_AFTER:
        fail_run(run.pk, _("The worker stopped answering; start the report again."))
        return None
    return run


def request_run(campaign, period, *, by=None, trigger=RunTrigger.MANUAL, inline=False, kind=ReportKind.PERIODIC):
    """Queue the generation of a campaign's report for a period; returns the ReportRun.

    A run already queued or running for that period is returned instead of a second one.
    `kind`: the periodic report of the period, or the mid-term review or final summary of the
    campaign up to the period's end. Raises ReportLocked when the report is approved or sent. With inline=True (the demo)
    the report is generated here and now, without Celery.
    """
    if period.campaign_id != campaign.pk:
        raise TransitionError(_("This period belongs to another campaign."))
    with transaction.atomic():
        report = existing_report(campaign, period, kind)
        if report is not None and report.status != ReportStatus.DRAFT:
            raise ReportLocked(_locked_message(report))
        run = active_run(period, kind)
        if run is not None:
            return run
        run = ReportRun.objects.create(
            campaign=campaign,
            period=period,
            kind=kind,
            trigger=trigger,
            requested_by=by,
            step=_("Waiting for a worker"),
        )
        if not inline:
            enqueue("reports.tasks.generate_report", run_id=run.pk)
    if inline:
        generate_inline(run)
        run.refresh_from_db()
    return run


def set_progress(run_id, percent, step):
    ReportRun.objects.filter(pk=run_id, state=RunState.RUNNING).update(progress=percent, step=str(step))


def add_progress(run_id, percent, ceiling):
    """Shards finish in any order: each adds its share, never past the ceiling."""
    ReportRun.objects.filter(pk=run_id, state=RunState.RUNNING).update(progress=Least(F("progress") + percent, ceiling))


def start_run(run_id, task_id=""):
    """Mark a run running (again, after a retry or a redelivery); None when it has already ended."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.is_finished:
            return None
        run.state = RunState.RUNNING
        run.progress = 5
        run.step = _("Starting")
        run.started_at = run.started_at or timezone.now()
        if task_id:
            run.celery_task_id = task_id
        run.save(update_fields=["state", "progress", "step", "started_at", "celery_task_id"])
    return ReportRun.objects.select_related("campaign", "period").get(pk=run_id)


def fail_run(run_id, reason):
    """End a run as failed with a reason the office can read; a finished run is left alone."""
    ReportRun.objects.filter(pk=run_id, state__in=[RunState.QUEUED, RunState.RUNNING]).update(
        state=RunState.FAILED, error=str(reason)[:4000], finished_at=timezone.now(), step=""
    )


def note_retry(run_id, exc):
    ReportRun.objects.filter(pk=run_id, state=RunState.RUNNING).update(
        step=_("A passing error (%(error)s): trying again shortly") % {"error": describe_error(exc)}
    )


def gettext_time_limit():
    return _("The report took longer than its time limit (%(minutes)s minutes) and was stopped.") % {
        "minutes": settings.REPORTS_SOFT_TIME_LIMIT // 60
    }


def gettext_computing(parts):
    return _("Computing the figures in %(parts)s parts") % {"parts": parts}


def describe_error(exc):
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:500] if text else type(exc).__name__


def check_replaceable(run):
    """Raise ReportLocked when the report this run would replace is approved or sent."""
    report = existing_report(run.campaign, run.period, run.kind)
    if report is not None and report.status != ReportStatus.DRAFT:
        raise ReportLocked(_locked_message(report))


def inject_test_fault(attempt):
    """Test hooks (settings REPORTS_TEST_FAIL_ATTEMPTS, REPORTS_TEST_PAUSE): never set in production."""
    if attempt < getattr(settings, "REPORTS_TEST_FAIL_ATTEMPTS", 0):
        raise OperationalError(f"failure forced by REPORTS_TEST_FAIL_ATTEMPTS (attempt {attempt + 1})")


def compute_all(run):
    """The figures of a run, one shard after the other (the single-shard path and the demo)."""
    keys = figures.shard_keys(run.campaign)
    shards = []
    for index, key in enumerate(keys, start=1):
        set_progress(
            run.pk,
            10 + 50 * (index - 1) // len(keys),
            _("Computing the figures (%(done)s of %(total)s parts)") % {"done": index, "total": len(keys)},
        )
        shards.append(figures.compute_shard(run.campaign, run.period, key, run.as_of))
    return shards


def _file_name(report, kind, extension):
    base = slugify(fold(f"bao-cao-{report.campaign.short_name}-{report.period.name}"))[:80] or "bao-cao"
    return f"{base}-{kind}-{uuid.uuid4().hex[:8]}.{extension}"


def finish_run(run, shards, *, attempt=0, ranked=None):
    """Combine the shards, render the files and write the report in one transaction; returns it.

    Raises ReportLocked when the report became approved or sent meanwhile.
    """
    ReportRun.objects.filter(pk=run.pk).update(attempts=F("attempts") + 1)
    check_replaceable(run)
    set_progress(run.pk, 65, _("Combining the figures"))
    computed = figures.combine(run.campaign, run.period, shards, ranked=ranked, as_of=run.as_of)
    generated_at = timezone.now()

    # Render on a copy: nothing is written until every file exists.
    current = existing_report(run.campaign, run.period, run.kind)
    candidate = Report(
        campaign=run.campaign,
        period=run.period,
        kind=run.kind,
        figures=computed,
        generated_at=generated_at,
        as_of=run.as_of,
        **{field: getattr(current, field) if current else "" for field in TEXT_FIELDS},
    )
    if current is not None:
        candidate.pk = current.pk
    set_progress(run.pk, 75, _("Drawing the PDF"))
    pdf = document.render_draft(candidate)
    set_progress(run.pk, 88, _("Building the XLSX annex"))
    xlsx = annex.build_annex(candidate)
    set_progress(run.pk, 95, _("Saving the report"))
    inject_test_fault(attempt)

    storage = Report._meta.get_field("draft_pdf").storage
    written = []
    try:
        with transaction.atomic():
            report, created = _get_or_create_report(run)
            report = Report.objects.select_for_update().select_related("campaign", "period").get(pk=report.pk)
            if report.status != ReportStatus.DRAFT:
                raise ReportLocked(_locked_message(report))
            if _texts(report) != _texts(candidate):
                for field in TEXT_FIELDS:
                    setattr(candidate, field, getattr(report, field))
                pdf = document.render_draft(candidate)  # the office saved its texts meanwhile
            old = [name for name in (report.draft_pdf.name, report.xlsx.name) if name]
            report.draft_pdf.save(_file_name(report, "du-thao", "pdf"), ContentFile(pdf), save=False)
            written.append(report.draft_pdf.name)
            report.xlsx.save(_file_name(report, "phu-luc", "xlsx"), ContentFile(xlsx), save=False)
            written.append(report.xlsx.name)
            report.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
            report.figures = computed
            report.generated_at = generated_at
            report.as_of = run.as_of
            report.save()
            regenerated = bool(old) or not created
            ReportEvent.objects.create(
                report=report,
                action="regenerated" if regenerated else "generated",
                by=run.requested_by,  # none: the schedule (the page says "automatically")
            )
            ReportRun.objects.filter(pk=run.pk).update(
                state=RunState.SUCCEEDED,
                progress=100,
                step=_("Done"),
                error="",
                report=report,
                finished_at=timezone.now(),
            )
            pause = getattr(settings, "REPORTS_TEST_PAUSE", 0)
            if pause:
                time.sleep(pause)  # test hook: a worker killed here must leave no half report
            keep = {report.draft_pdf.name, report.xlsx.name}
            transaction.on_commit(lambda: _delete_replaced(storage, old, keep))
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return report


def _delete_replaced(storage, old, keep):
    """After the commit: the files the report no longer uses, and those a crashed attempt left.

    A crash between writing the files and the commit leaves files no row refers to; they are
    swept here once older than a run may last, so a concurrent run's fresh files are never
    touched.
    """
    for name in old:
        if name not in keep:
            storage.delete(name)
    folder = str(PurePosixPath(next(iter(keep))).parent)
    try:
        _dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - STALE_AFTER
    for filename in files:
        name = f"{folder}/{filename}"
        try:
            if name not in keep and storage.get_modified_time(name) < limit:
                storage.delete(name)
        except (FileNotFoundError, NotImplementedError):
            continue


def _get_or_create_report(run):
    """The report row of the run's period, created when missing; safe against a concurrent creation."""
    try:
        with transaction.atomic():
            return Report.objects.get_or_create(campaign=run.campaign, period=run.period, kind=run.kind)
    except IntegrityError:  # created by a concurrent run between our look and our insert
        return Report.objects.get(campaign=run.campaign, period=run.period, kind=run.kind), False


def generate_inline(run):
    """Run a generation in this process, without Celery (the demo); returns the report or None."""
    run = start_run(run.pk)
    if run is None:
        return None
    try:
        return finish_run(run, compute_all(run))
    except ReportLocked as refused:
        fail_run(run.pk, refused)
        return None


# --- the office's texts ---------------------------------------------------------------------


TEXT_FIELDS = ("results", "difficulties", "proposals", "directions")


def _texts(report):
    return tuple(getattr(report, field) for field in TEXT_FIELDS)


def previous_texts(report):
    """{"report", field: text} of the report before this one, for the office to start from: the latest
    report of an earlier period (a summary also takes the periodic report of its own period); {} when none."""
    earlier = Report.objects.filter(campaign=report.campaign_id).exclude(pk=report.pk).select_related("period")
    candidates = [
        r
        for r in earlier
        if r.period.starts_on < report.period.starts_on
        or (report.is_summary and r.period_id == report.period_id and r.kind == ReportKind.PERIODIC)
    ]
    if not candidates:
        return {}
    latest = max(candidates, key=lambda r: (r.period.starts_on, r.pk))
    return {"report": latest, **{field: getattr(latest, field) for field in TEXT_FIELDS}}


def update_texts(report, *, difficulties, proposals, by, results=None, directions=None):
    """Save the office's texts of a draft and draw its draft PDF again with them
    (`results`, `directions`: None leaves them as they are)."""
    with file_swap() as swap, transaction.atomic():
        report = Report.objects.select_for_update().select_related("campaign", "period").get(pk=report.pk)
        if report.status != ReportStatus.DRAFT:
            raise ReportLocked(_("Only a draft report can be changed."))
        new = {
            "results": report.results if results is None else results,
            "difficulties": difficulties,
            "proposals": proposals,
            "directions": report.directions if directions is None else directions,
        }
        if _texts(report) == tuple(new[field] for field in TEXT_FIELDS):
            return report
        for field, text in new.items():
            setattr(report, field, text)
        if report.generated_at:
            swap.save(
                report.draft_pdf, _file_name(report, "du-thao", "pdf"), ContentFile(document.render_draft(report))
            )
        report.save()
        ReportEvent.objects.create(report=report, action="edited", by=by)
    return report


# --- approval -------------------------------------------------------------------------------


def approve(report, *, by, on=None, deliver=True, confirm_early=False):
    """Issue the report as a numbered BC from the register and mark it approved.

    Before the period's deadline has passed (`before_deadline`) the leader must confirm
    (`confirm_early`), else EarlyApproval; the confirmation is recorded as its own event.
    When the Board's address is set, the delivery is queued at once (deliver=False to
    leave it to the office).
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("campaign", "period").get(pk=report.pk)
        if report.status != ReportStatus.DRAFT:
            raise ReportLocked(_("Only a draft report can be approved."))
        if not report.generated_at:
            raise TransitionError(_("The report has not been generated yet."))
        early = before_deadline(report, on)
        if early and not confirm_early:
            raise EarlyApproval(early_message(early))
        try:
            issuer = issuer_on(on)
        except NoIssuingBody as error:
            raise TransitionError(
                _("No issuing body applies on %(date)s.") % {"date": on.strftime("%d/%m/%Y")}
            ) from error
        issued = issue_document(
            template_name=document.TEMPLATE_NAME,
            context=document.report_context(report),
            type_symbol=BC_SYMBOL,
            issued_on=on,
            subject=document.subject_for(report),
            by=by,
            issuer=issuer,
            related=report,
        )
        report.document = issued
        report.status = ReportStatus.APPROVED
        report.approved_by = by
        report.approved_at = timezone.now()
        report.save(update_fields=["document", "status", "approved_by", "approved_at"])
        if early:
            ReportEvent.objects.create(
                report=report,
                action="approved_early",
                note=_("Deadline %(deadline)s; %(missing)s units had not handed in their reports.")
                % {"deadline": early["deadline"].strftime("%d/%m/%Y"), "missing": early["missing"]},
                by=by,
            )
        ReportEvent.objects.create(report=report, action="approved", note=issued.reference, by=by)
        if deliver and BoardSettings.load().email:
            queue_delivery(report, by=by)
    return report


def return_to_draft(report, *, by, reason):
    """Send an approved (not yet sent) report back to the office; its BC number stays in the register."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Say why the report goes back to draft."))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.SENT:
            raise ReportLocked(_("The report has already been sent: it can no longer be changed."))
        if report.status != ReportStatus.APPROVED:
            raise TransitionError(_("Only an approved report can be returned to draft."))
        withdrawn = report.document.reference if report.document_id else ""
        report.status = ReportStatus.DRAFT
        report.document = None
        report.approved_by = None
        report.approved_at = None
        report.save(update_fields=["status", "document", "approved_by", "approved_at"])
        note = f"{reason} ({withdrawn})" if withdrawn else reason
        ReportEvent.objects.create(report=report, action="returned", note=note, by=by)
    return report


# --- delivery -------------------------------------------------------------------------------


class DeliveryFailed(Exception):
    """An attempt failed (logged); the task tries again later."""


def queue_delivery(report, *, by=None):
    """Queue the e-mail of an approved report to the Board (after the commit)."""

    if report.status == ReportStatus.SENT:
        raise ReportLocked(_("The report has already been sent."))
    if report.status != ReportStatus.APPROVED:
        raise TransitionError(_("Only an approved report can be sent."))
    if not BoardSettings.load().email:
        raise TransitionError(_("Set the Board's e-mail address first."))
    enqueue("reports.tasks.deliver_report", report.pk, by.pk if by else None)


def delivery_message(report, board):
    period = report.period
    subject = f"{report.document.reference} - {document.subject_for(report)}"
    issued = report.document
    about = document.subject_for(report)
    body = (
        f"Kính gửi: {board.name}\n\n"
        f"{issued.issuer.full_name} gửi kèm theo đây Báo cáo số {issued.reference} "
        f"ngày {issued.issued_on:%d/%m/%Y} ({period.name}): {about[:1].lower()}{about[1:]}, "
        "cùng phụ lục số liệu (tệp Excel).\n\nTrân trọng./.\n"
    )
    message = EmailMessage(subject=subject, body=body, to=[board.email], cc=board.cc_list)
    # The file as the register serves it: its newest signed version once signed.
    pdf = signatures.current_bytes(signatures.signable_document(report.document))
    message.attach(report.document.download_name, pdf, "application/pdf")
    with report.xlsx.open("rb") as handle:
        message.attach(
            f"{slugify(fold(report.document.reference))}-phu-luc.xlsx",
            handle.read(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return message


def deliver(report_id, *, by=None):
    """E-mail an approved report to the Board once; every attempt is logged.

    Returns "sent", or "already sent" / "not approved" when there is nothing to do.
    Raises DeliveryFailed (after logging the attempt) when the e-mail could not go.
    """
    failure = None
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("campaign", "period", "document", "document__issuer")
            .filter(pk=report_id)
            .first()
        )
        if report is None:
            return "gone"
        if report.status == ReportStatus.SENT:
            return "already sent"
        if report.status != ReportStatus.APPROVED:
            return "not approved"
        board = BoardSettings.load()
        to = ", ".join([board.email, *board.cc_list]) if board.email else ""
        if not board.email:
            failure = _("The Board's e-mail address is not set.")
        else:
            try:
                delivery_message(report, board).send(fail_silently=False)
            except Exception as exc:  # SMTP, network, missing file: logged, then retried
                failure = describe_error(exc)
        if failure is None:
            DeliveryAttempt.objects.create(report=report, to=to, ok=True, by=by)
            report.status = ReportStatus.SENT
            report.sent_at = timezone.now()
            report.save(update_fields=["status", "sent_at"])
            ReportEvent.objects.create(report=report, action="sent", note=to, by=by)
            return "sent"
    DeliveryAttempt.objects.create(report_id=report_id, to=to, ok=False, error=str(failure), by=by)
    raise DeliveryFailed(failure)


def save_board_settings(board, *, by):
    board.updated_by = by
    board.pk = board.pk or 1
    board.save()
    return board

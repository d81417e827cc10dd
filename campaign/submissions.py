"""A unit's periodic results: opening, saving, evidence, submitting, and the office's review.

Every change locks the submission row, checks the state it is in, and records a
SubmissionEvent when the status moves. Asking for the state a submission already has
changes nothing. Permissions are the views' business; these functions check the rules.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core import uploads
from core.caching import bump_on_commit
from core.errors import ConflictError, TransitionError
from core.jobs import enqueue

from . import counters, scopes, scoring
from .models import (
    HANDED_IN,
    Evidence,
    ProductSale,
    Registration,
    RegistrationTarget,
    ReportTopic,
    ScoringRule,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    SubmissionValue,
    deadline_passed,
)
from .score_table import HeldReport, campaign_criteria, criteria_and_values, mark_stale

log = logging.getLogger(__name__)

__all__ = [
    "add_evidence",
    "applicable_criteria",
    "check_evidence_quota",
    "missing_items",
    "open_submission",
    "remove_evidence",
    "reopen",
    "return_submission",
    "save_values",
    "submit",
    "targets_for",
    "verify",
    "verify_many",
]


@dataclass(frozen=True)
class Missing:
    criterion: object
    what: str  # "value" or "evidence"

    def __str__(self):
        if self.what == "evidence":
            return _("%(criterion)s: evidence file") % {"criterion": self.criterion}
        return _("%(criterion)s: value") % {"criterion": self.criterion}


def applicable_criteria(campaign, kind):
    """The criteria a unit of this kind reports on: those for its kind, not violation-driven."""
    return [c for c in campaign_criteria(campaign) if c.applies_to(kind) and c.reported_by_unit]


def targets_for(submission):
    """criterion id → the target that applies: the unit's committed one once verified, else the campaign's."""
    committed = dict(
        RegistrationTarget.objects.counted()
        .filter(
            registration__campaign_id=submission.period.campaign_id,
            registration__organization_id=submission.organization_id,
        )
        .values_list("criterion_id", "target")
    )
    return {
        value.criterion_id: committed.get(value.criterion_id, value.criterion.target)
        for value in submission.values.select_related("criterion")
    }


def _lock(submission):
    # The submission's row only: its period and campaign are read, not locked, so units saving
    # their reports in the same campaign never wait for each other or for the office's changes.
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("period__campaign", "organization")
        .get(pk=submission.pk)
    )


def _check_campaign_open(campaign):
    if not campaign.accepts_submissions:
        raise TransitionError(
            _("The campaign “%(campaign)s” is %(status)s: it takes no submissions or changes.")
            % {"campaign": campaign, "status": campaign.get_status_display().lower()}
        )


def _check_period_open(period):
    if not period.open_for_reports(timezone.localdate()):
        raise TransitionError(
            _("Reports for “%(period)s” open on %(date)s.")
            % {"period": period.name, "date": period.reports_open_from.strftime("%d/%m/%Y")}
        )


def _check_editable(submission):
    if submission.is_locked:
        raise TransitionError(_("This submission has been verified and is locked."))
    if not submission.is_editable_by_unit:
        raise TransitionError(_("This submission has been sent for review; it cannot be changed now."))


def _move(locked, new_status, *, by, reason="", fields=(), is_late=None, values=None, criteria=None):
    """Set the status (and lateness, when given), save the given fields with it, record the
    event and move the submission's count (campaign.counters). `values`: the report's values
    as written, when the move verifies it ({criterion id: (value, staff score)}), and `criteria`
    the campaign's read with them: its score is computed from them."""
    old, was_late = locked.status, locked.is_late
    locked.status = new_status
    if is_late is not None:
        locked.is_late = is_late
        fields = [*fields, "is_late"]
    locked.save(update_fields=["status", "updated_at", *fields])
    counters.count_submission(locked.period_id, locked.organization, (old, was_late), (new_status, locked.is_late))
    event = SubmissionEvent.objects.create(submission=locked, old_status=old, status=new_status, reason=reason, by=by)
    if new_status in (SubmissionStatus.RETURNED, SubmissionStatus.VERIFIED):
        # The unit hears of it by e-mail, once the change is committed (campaign.notices).
        enqueue("campaign.tasks.notify_unit", event.pk)
    if SubmissionStatus.VERIFIED in (old, new_status) or new_status == SubmissionStatus.RETURNED:
        # Verified, reopened or returned: the stored score of that unit and period changes, computed
        # from what this transaction holds (the report locked, its period, campaign and unit).
        held = HeldReport(locked.period, locked.organization, new_status, values, criteria)
        mark_stale(locked.period.campaign_id, [locked.organization_id], [locked.period_id], held=held)
    # What is kept of who has handed in (the dashboard's overdue units with an address) follows a
    # report handed in or taken back; a verification leaves it handed in and keeps it.
    if (old in HANDED_IN) != (new_status in HANDED_IN):
        bump_on_commit(scopes.submissions(locked.period_id))


def _refresh(submission, locked):
    # The caller's object reflects what was written, so a view can redirect or render from it.
    for field in ("status", "is_late", "submitted_at", "verified_at", "verified_by_id", "return_reason", "version"):
        setattr(submission, field, getattr(locked, field))


@transaction.atomic
def open_submission(period, organization, *, by):
    """The unit's submission for the period: created as a draft with a value per criterion it reports on."""
    campaign = period.campaign
    _check_campaign_open(campaign)
    _check_period_open(period)
    if not Registration.objects.filter(campaign=campaign, organization=organization).exists():
        raise TransitionError(
            _("%(unit)s has not registered for the campaign “%(campaign)s”.")
            % {"unit": organization, "campaign": campaign}
        )
    submission, created = Submission.objects.get_or_create(period=period, organization=organization)
    if created:
        SubmissionEvent.objects.create(submission=submission, old_status="", status=SubmissionStatus.DRAFT, by=by)
        counters.count_submission(period.pk, organization, None, (submission.status, submission.is_late))
        bump_on_commit(scopes.submissions(period.pk))
    if submission.is_editable_by_unit:
        present = set(submission.values.values_list("criterion_id", flat=True))
        SubmissionValue.objects.bulk_create(
            SubmissionValue(submission=submission, criterion=c)
            for c in applicable_criteria(campaign, organization.kind)
            if c.pk not in present
        )
    return submission


@transaction.atomic
def save_values(submission, values, *, by, version, product_sales=None):
    """Store {criterion id: (value, note)}; refused when `version` is not the one saved last.

    `product_sales`, when given, replaces the products sold through the supply-demand
    connection ([{product, quantity, unit_of_measure, value}]); the supply-demand
    criterion left empty then takes the total of their values.
    """
    locked = _lock(submission)
    _check_campaign_open(locked.period.campaign)
    _check_editable(locked)
    if int(version) != locked.version:
        raise ConflictError(
            _("Someone saved this submission after you opened it. Your input is kept below; check it and save again.")
        )
    changed = []
    for row in locked.values.select_related("criterion"):
        if row.criterion_id not in values:
            continue
        value, note = values[row.criterion_id]
        note = (note or "").strip()
        if value is None and product_sales and row.criterion.report_topic == ReportTopic.SUPPLY_DEMAND:
            value = sum((Decimal(sale["value"]) for sale in product_sales), Decimal("0"))
        if (row.value, row.note) != (value, note):
            row.value, row.note = value, note
            changed.append(row)
    SubmissionValue.objects.bulk_update(changed, ["value", "note"])
    if product_sales is not None:
        locked.product_sales.all().delete()
        ProductSale.objects.bulk_create(
            ProductSale(submission=locked, order=order, **sale) for order, sale in enumerate(product_sales)
        )
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    _refresh(submission, locked)
    return submission


@transaction.atomic
def add_evidence(value, uploaded_file, *, by):
    """Attach a checked file to a value; the stored name is a random token, the shown name cleaned."""
    locked = _lock(value.submission)
    _check_campaign_open(locked.period.campaign)
    _check_editable(locked)
    check_evidence_quota(locked, uploaded_file.size)
    return uploads.attach(Evidence, uploaded_file, value=value, uploaded_by=by)


def check_evidence_quota(submission, size):
    """Refuse a file of `size` bytes that would take the report or its unit past the evidence quotas.

    The quotas are settings: EVIDENCE_MAX_FILES_PER_REPORT, EVIDENCE_MAX_BYTES_PER_REPORT,
    EVIDENCE_MAX_FILES_PER_UNIT, EVIDENCE_MAX_BYTES_PER_UNIT (the unit's reports of every campaign).
    """
    scopes = (
        (
            Evidence.objects.filter(value__submission=submission),
            settings.EVIDENCE_MAX_FILES_PER_REPORT,
            settings.EVIDENCE_MAX_BYTES_PER_REPORT,
            _("this report"),
        ),
        (
            Evidence.objects.filter(value__submission__organization_id=submission.organization_id),
            settings.EVIDENCE_MAX_FILES_PER_UNIT,
            settings.EVIDENCE_MAX_BYTES_PER_UNIT,
            _("your unit"),
        ),
    )
    for files, max_files, max_bytes, scope in scopes:
        held = files.aggregate(count=Count("pk"), size=Sum("size"))
        if held["count"] + 1 > max_files:
            raise TransitionError(
                _("The file was not attached: %(scope)s already holds %(count)s files, the most allowed.")
                % {"scope": scope, "count": held["count"]}
            )
        if (held["size"] or 0) + size > max_bytes:
            raise TransitionError(
                _("The file was not attached: %(scope)s would hold more than %(max)s of files (%(held)s now).")
                % {"scope": scope, "max": filesizeformat(max_bytes), "held": filesizeformat(held["size"] or 0)}
            )


@transaction.atomic
def remove_evidence(item, *, by):
    """Delete an evidence file of a submission the unit may still change."""
    locked = _lock(item.value.submission)
    _check_campaign_open(locked.period.campaign)
    _check_editable(locked)
    log.info("Evidence %s (%s) of submission %s removed by %s", item.pk, item.original_name, locked.pk, by)
    uploads.detach(item)


def missing_items(submission):
    """What keeps the submission from being sent: values not given, evidence not attached."""
    missing = []
    rows = submission.values.select_related("criterion__group").prefetch_related("evidence")
    for row in sorted(rows, key=lambda r: (r.criterion.group.order, r.criterion.order, r.criterion.pk)):
        criterion = row.criterion
        given = row.value is not None
        if criterion.rule == ScoringRule.QUALITATIVE:
            given = given or bool(row.note.strip())  # the unit describes; the office scores
        if not given:
            missing.append(Missing(criterion, "value"))
        if criterion.evidence_required and not row.evidence.all():
            missing.append(Missing(criterion, "evidence"))
    return missing


@transaction.atomic
def submit(submission, *, by):
    """Send a draft or returned submission for review; late when sent after the deadline's day.

    Lateness is judged on the first sending: a unit that sent on time and was asked to fix
    something after the deadline is not late for resending.
    """
    locked = _lock(submission)
    if locked.status == SubmissionStatus.SUBMITTED:
        return submission
    _check_campaign_open(locked.period.campaign)
    _check_period_open(locked.period)
    _check_editable(locked)
    missing = missing_items(locked)
    if missing:
        raise TransitionError(
            _("The submission cannot be sent yet. Missing: %(items)s.") % {"items": "; ".join(map(str, missing))}
        )
    now = timezone.now()
    # Judged on the first sending only (a draft's); a returned report keeps its lateness.
    is_late = (
        deadline_passed(locked.period, timezone.localdate(now)) if locked.status == SubmissionStatus.DRAFT else None
    )
    locked.submitted_at = now
    locked.return_reason = ""
    _move(locked, SubmissionStatus.SUBMITTED, by=by, fields=["submitted_at", "return_reason"], is_late=is_late)
    _refresh(submission, locked)
    return submission


def _required_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Give the reason: the unit sees it."))
    return reason


@transaction.atomic
def return_submission(submission, *, by, reason):
    """Send a submitted report back to the unit with the reason it must fix."""
    locked = _lock(submission)
    if locked.status == SubmissionStatus.RETURNED:
        return submission
    _check_campaign_open(locked.period.campaign)
    reason = _required_reason(reason)
    if locked.status != SubmissionStatus.SUBMITTED:
        raise TransitionError(
            _("Only a submitted report can be returned; this one is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    locked.return_reason = reason
    _move(locked, SubmissionStatus.RETURNED, by=by, reason=reason, fields=["return_reason"])
    _refresh(submission, locked)
    return submission


def _check_scores(values, staff_scores):
    """{criterion id: score} for every qualitative criterion, each within 0..its maximum, kept
    to the cent as every score is (scoring.quantize): what is stored is what was scored."""
    staff_scores = {int(k): v for k, v in (staff_scores or {}).items()}
    qualitative = {row.criterion_id: row for row in values if row.criterion.rule == ScoringRule.QUALITATIVE}
    extra = set(staff_scores) - set(qualitative)
    if extra:
        raise TransitionError(_("Staff scores are given only for qualitative criteria."))
    problems = []
    for criterion_id, row in qualitative.items():
        score = staff_scores.get(criterion_id)
        if score is None or not (Decimal("0") <= Decimal(score) <= row.criterion.max_points):
            problems.append(str(row.criterion))
    if problems:
        raise TransitionError(
            _("Give a score from 0 to the maximum for: %(criteria)s.") % {"criteria": "; ".join(problems)}
        )
    return {k: scoring.quantize(v) for k, v in staff_scores.items()}


@transaction.atomic
def verify(submission, *, by, staff_scores=None):
    """Accept a submitted report, with the staff's scores for qualitative criteria; it is then locked."""
    locked = _lock(submission)
    if locked.status == SubmissionStatus.VERIFIED:
        return submission
    _check_campaign_open(locked.period.campaign)
    if locked.status != SubmissionStatus.SUBMITTED:
        raise TransitionError(
            _("Only a submitted report can be verified; this one is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    criteria, values = criteria_and_values(locked)
    scores = _check_scores(values, staff_scores)
    changed = []
    for row in values:
        if row.criterion_id in scores and row.staff_score != scores[row.criterion_id]:
            row.staff_score = scores[row.criterion_id]
            changed.append(row)
    if changed:  # a report without qualitative criteria writes no value
        SubmissionValue.objects.bulk_update(changed, ["staff_score"])
    locked.verified_at = timezone.now()
    locked.verified_by = by
    held = {row.criterion_id: (row.value, row.staff_score) for row in values}
    _move(
        locked, SubmissionStatus.VERIFIED, by=by, fields=["verified_at", "verified_by"], values=held, criteria=criteria
    )
    _refresh(submission, locked)
    return submission


def verify_many(chosen, *, by):
    """Verify each submission in turn (each in its own transaction); returns (verified, [(refused, why)]).

    A report with qualitative criteria needs the office's scores: it is refused here and
    verified on its own page. One refused report never holds back the others.
    """
    verified, refused = [], []
    for submission in chosen:
        try:
            verify(submission, by=by)
        except TransitionError as exc:
            refused.append((submission, str(exc)))
        else:
            verified.append(submission)
    return verified, refused


@transaction.atomic
def reopen(submission, *, by, reason):
    """Unlock a verified report and return it to the unit with the reason."""
    locked = _lock(submission)
    if locked.status == SubmissionStatus.RETURNED:
        return submission
    _check_campaign_open(locked.period.campaign)
    reason = _required_reason(reason)
    if locked.status != SubmissionStatus.VERIFIED:
        raise TransitionError(
            _("Only a verified report can be reopened; this one is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    locked.return_reason = reason
    locked.verified_at = None
    locked.verified_by = None
    _move(
        locked, SubmissionStatus.RETURNED, by=by, reason=reason, fields=["return_reason", "verified_at", "verified_by"]
    )
    _refresh(submission, locked)
    return submission

"""State changes of campaigns: lifecycle, periods, criteria and bands, copying, registration.

Every function here is checked, atomic and records who and when; views, tasks and tests
call them and never write a campaign's status or frozen parts by hand.
"""

import calendar
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.errors import TransitionError
from members.models import Organization, OrganizationKind
from members.permissions import is_office

from . import counters, scoring
from .models import (
    Campaign,
    CampaignStatus,
    CampaignTransition,
    ClassificationBand,
    Criterion,
    CriterionGroup,
    PeriodKind,
    Registration,
    RegistrationStatus,
    RegistrationTarget,
    ReportingPeriod,
    ScoringRule,
    Submission,
)
from .report_template import copy_template
from .score_table import mark_stale

__all__ = [
    "TransitionError",
    "TRANSITIONS",
    "launch",
    "start",
    "begin_review",
    "close",
    "change_status",
    "launch_problems",
    "save_plan_part",
    "delete_plan_part",
    "delete_group",
    "move_group",
    "copy_criteria",
    "save_period",
    "delete_period",
    "generate_monthly_periods",
    "generate_periods",
    "delete_draft",
    "withdraw_registration",
    "register",
    "registration_closed",
    "check_target",
    "update_targets",
    "verify_registration",
    "return_registration",
    "registration_deadline",
    "targets_editable",
    "subject_units",
    "not_for_unit",
    "campaign_maximum",
    "target_criteria",
    "max_points_by_kind",
]

# action -> (new status, the statuses it may come from)
TRANSITIONS = {
    "launch": (CampaignStatus.LAUNCHED, (CampaignStatus.DRAFT,)),
    "start": (CampaignStatus.RUNNING, (CampaignStatus.LAUNCHED,)),
    "review": (CampaignStatus.REVIEW, (CampaignStatus.RUNNING,)),
    "close": (CampaignStatus.CLOSED, (CampaignStatus.REVIEW, CampaignStatus.RUNNING)),
}


def _locked(campaign):
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


# --- lifecycle ------------------------------------------------------------------------------


def launch_problems(campaign):
    """What stops a draft from being launched, as messages; empty when it may be launched."""
    problems = []
    if not campaign.plan_date:
        problems.append(_("Give the date of the plan."))
    if not campaign.subject_kinds:
        problems.append(_("Choose the kinds of organization taking part."))
    if not campaign.periods.exists():
        problems.append(_("Add at least one reporting period."))
    if not campaign.criteria.exists():
        problems.append(_("Add at least one criterion."))
    elif not (campaign.criteria.aggregate(total=Sum("max_points"))["total"] or 0) > 0:
        problems.append(_("The criteria's maximum points must add up to more than zero."))
    else:
        maximum = campaign_maximum(campaign)
        for name, low in scoring.bands_out_of_reach(campaign.bands.values_list("name", "min_score"), maximum):
            problems.append(
                _("The band “%(band)s” starts at %(score)s points, above the most a unit can score (%(maximum)s).")
                % {"band": name, "score": number_format(low.normalize()), "maximum": number_format(maximum.normalize())}
            )
    return problems


def campaign_maximum(campaign):
    """The most a unit can score in the campaign: the maximum points of the criteria units report
    on, summed per kind of organization taking part, the highest of the kinds."""
    criteria = [c for c in campaign.criteria.all() if c.reported_by_unit]
    kinds = campaign.subject_kinds or sorted({k for c in criteria for k in (c.kinds or [])}) or [None]
    return max(
        sum((c.max_points for c in criteria if kind is None or c.applies_to(kind)), Decimal(0)) for kind in kinds
    )


@transaction.atomic
def change_status(campaign, action, *, by, note=""):
    """Move a campaign one step along its lifecycle; returns the CampaignTransition.

    Asking for the status it already has changes nothing and returns None.
    """
    if action not in TRANSITIONS:
        raise TransitionError(_("Unknown step."))
    new, sources = TRANSITIONS[action]
    locked = _locked(campaign)
    if locked.status == new:
        return None
    if locked.status not in sources:
        raise TransitionError(
            _("A campaign that is “%(current)s” cannot become “%(new)s”.")
            % {"current": locked.get_status_display(), "new": new.label}
        )
    if action == "launch" and (problems := launch_problems(locked)):
        raise TransitionError(" ".join(problems))
    transition = CampaignTransition.objects.create(
        campaign=locked, old_status=locked.status, status=new, note=note, changed_by=by
    )
    locked.status = new
    locked._history_user = by
    locked.save(update_fields=["status"])
    campaign.status = new
    return transition


def launch(campaign, *, by, note=""):
    """Draft → launched (phát động): needs periods, criteria, a plan date and subject kinds."""
    return change_status(campaign, "launch", by=by, note=note)


def start(campaign, *, by, note=""):
    """Launched → running."""
    return change_status(campaign, "start", by=by, note=note)


def begin_review(campaign, *, by, note=""):
    """Running → mid-term review (sơ kết)."""
    return change_status(campaign, "review", by=by, note=note)


def close(campaign, *, by, note=""):
    """Running or mid-term review → closed (tổng kết): no more registrations or submissions."""
    return change_status(campaign, "close", by=by, note=note)


# --- criteria, groups and bands: frozen once launched ----------------------------------------


def _check_draft(campaign):
    if _locked(campaign).criteria_frozen:
        raise TransitionError(_("The criteria, groups and bands are frozen once the campaign is launched."))


@transaction.atomic
def save_plan_part(obj):
    """Save a criterion group, criterion or band of a campaign that is still a draft."""
    _check_draft(obj.campaign)
    obj.save()
    mark_stale(obj.campaign_id)
    return obj


@transaction.atomic
def delete_plan_part(obj):
    """Delete a criterion or band of a draft campaign (groups: `delete_group`)."""
    _check_draft(obj.campaign)
    campaign_id = obj.campaign_id
    obj.delete()
    mark_stale(campaign_id)


@transaction.atomic
def delete_group(group):
    _check_draft(group.campaign)
    if group.criteria.exists():
        raise TransitionError(_("Only an empty group can be deleted: move or delete its criteria first."))
    group.delete()


@transaction.atomic
def move_group(group, step):
    """Move a group up (step -1) or down (+1) among its campaign's groups; renumbers them."""
    _check_draft(group.campaign)
    groups = list(CriterionGroup.objects.filter(campaign=group.campaign).order_by("order", "pk"))
    index = next(i for i, g in enumerate(groups) if g.pk == group.pk)
    other = index + step
    if 0 <= other < len(groups):
        groups[index], groups[other] = groups[other], groups[index]
    for order, item in enumerate(groups, start=1):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])


@transaction.atomic
def copy_criteria(campaign, source, *, by, replace=False):
    """Copy the groups, criteria, bands and report template of `source` into the draft `campaign`.

    A draft that already has criteria or bands is refused unless `replace` is given, which
    deletes them first. Criteria whose kinds the draft does not take part in keep only the
    kinds it does (an empty list, meaning all, stays empty).
    """
    _check_draft(campaign)
    if source.pk == campaign.pk:
        raise TransitionError(_("Choose another campaign to copy from."))
    has_parts = campaign.criteria.exists() or campaign.criterion_groups.exists() or campaign.bands.exists()
    if has_parts and not replace:
        raise TransitionError(_("This campaign already has criteria: choose to replace them, or delete them first."))
    campaign.criteria.all().delete()
    campaign.criterion_groups.all().delete()
    campaign.bands.all().delete()
    kinds = set(campaign.subject_kinds or [])
    group_map = {}
    for group in source.criterion_groups.order_by("order", "pk"):
        group_map[group.pk] = CriterionGroup.objects.create(campaign=campaign, name=group.name, order=group.order)
    for criterion in source.criteria.order_by("group__order", "order", "pk"):
        Criterion.objects.create(
            campaign=campaign,
            group=group_map[criterion.group_id],
            code=criterion.code,
            name=criterion.name,
            description=criterion.description,
            unit=criterion.unit,
            rule=criterion.rule,
            max_points=criterion.max_points,
            points_per_unit=criterion.points_per_unit,
            target=criterion.target,
            kinds=[k for k in criterion.kinds if k in kinds] if kinds else list(criterion.kinds),
            evidence_required=criterion.evidence_required,
            report_topic=criterion.report_topic,
            report_total=criterion.report_total,
            report_unit=criterion.report_unit,
            order=criterion.order,
        )
    copy_template(campaign, source, group_map)
    for band in source.bands.all():
        ClassificationBand.objects.create(campaign=campaign, name=band.name, min_score=band.min_score)
    Campaign.objects.filter(pk=campaign.pk).update(copied_from=source)
    mark_stale(campaign.pk)
    campaign.copied_from = source
    return campaign


def max_points_by_kind(campaign, criteria=None):
    """[(kind label, total of the positive maxima of the criteria that apply to it)].

    Deductions and vetoes only take points away, so they do not count towards the total.
    """

    criteria = list(criteria if criteria is not None else campaign.criteria.all())
    labels = dict(OrganizationKind.choices)
    rows = []
    for kind in campaign.subject_kinds or []:
        total = sum(
            (c.max_points for c in criteria if c.applies_to(kind) and c.reported_by_unit),
            Decimal("0"),
        )
        rows.append((labels.get(kind, kind), total))
    return rows


# --- periods ---------------------------------------------------------------------------------


def _check_open(campaign):
    if campaign.status == CampaignStatus.CLOSED:
        raise TransitionError(_("A closed campaign's periods cannot change."))


@transaction.atomic
def save_period(period):
    _check_open(_locked(period.campaign))
    period.save()
    mark_stale(period.campaign_id, period_ids=[period.pk])
    return period


@transaction.atomic
def delete_period(period):
    _check_open(_locked(period.campaign))
    if period.submissions.exists():
        raise TransitionError(_("A period that has submissions cannot be deleted."))
    period.delete()


def month_name(year, month):
    # Period names are data shown to units and printed in reports: written in Vietnamese.
    return f"Tháng {month:02d}/{year}"


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Months a period of each kind spans (the year's for FINAL).
PERIOD_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6, PeriodKind.FINAL: 12}


def period_name(kind, year, month):
    """The Vietnamese name of the period of `kind` that begins with `month` of `year` (data shown to units)."""
    if kind == PeriodKind.QUARTER:
        return f"Quý {ROMAN_QUARTERS[(month - 1) // 3 + 1]}/{year}"
    if kind == PeriodKind.HALF_YEAR:
        return f"6 tháng đầu năm {year}" if month <= 6 else f"6 tháng cuối năm {year}"
    if kind == PeriodKind.FINAL:
        return f"Năm {year}"
    return month_name(year, month)


def calendar_periods(kind, starts_on, ends_on):
    """[(name, first day, last day)] of the calendar periods of `kind` that meet starts_on..ends_on,
    the first and last cut to those dates."""
    step = PERIOD_MONTHS[kind]
    year, month = starts_on.year, (starts_on.month - 1) // step * step + 1
    found = []
    while dt.date(year, month, 1) <= ends_on:
        last_month = month + step - 1
        first = dt.date(year, month, 1)
        last = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        found.append((period_name(kind, year, month), max(first, starts_on), min(last, ends_on), last))
        year, month = (year + 1, 1) if last_month == 12 else (year, last_month + 1)
    return found


@transaction.atomic
def generate_periods(campaign, *, kind=PeriodKind.MONTH, deadline_days=5):
    """One period per calendar month, quarter, half-year or year between the campaign's start and
    end; returns those created.

    The first and last are cut to the campaign's dates. The deadline is `deadline_days` after
    the end of each calendar period. Running it again skips names that exist.
    """
    locked = _locked(campaign)
    _check_open(locked)
    existing = set(locked.periods.values_list("name", flat=True))
    created = []
    for name, first, last, calendar_end in calendar_periods(kind, locked.starts_on, locked.ends_on):
        if name in existing:
            continue
        created.append(
            ReportingPeriod.objects.create(
                campaign=locked,
                kind=kind,
                name=name,
                starts_on=first,
                ends_on=last,
                deadline=calendar_end + dt.timedelta(days=deadline_days),
            )
        )
    return created


def generate_monthly_periods(campaign, *, deadline_days=5):
    """One period per calendar month (see generate_periods)."""
    return generate_periods(campaign, kind=PeriodKind.MONTH, deadline_days=deadline_days)


@transaction.atomic
def delete_draft(campaign, *, by):
    """Delete a draft campaign (never launched) with its periods and criteria; its history keeps
    who deleted it and when. Anything launched is closed, never deleted."""
    locked = _locked(campaign)
    if locked.status != CampaignStatus.DRAFT:
        raise TransitionError(_("Only a draft campaign can be deleted; a launched one is closed instead."))
    if locked.registrations.exists():
        raise TransitionError(_("Units have registered for this campaign: it cannot be deleted."))
    locked._history_user = by
    try:
        locked.delete()
    except ProtectedError as exc:
        raise TransitionError(_("Other records refer to this campaign: it cannot be deleted.")) from exc


# --- registration ----------------------------------------------------------------------------


def subject_units(campaign):
    """The organizations that may take part: of the campaign's kinds, members, operating."""
    return Organization.objects.filter(campaign.subject_q())


def target_criteria(campaign, organization):
    """The TARGET criteria a unit commits a target to, in the plan's order."""
    return [
        c
        for c in campaign.criteria.filter(rule=ScoringRule.TARGET).order_by("group__order", "order", "pk")
        if c.applies_to(organization.kind)
    ]


def registration_deadline(campaign):
    """The last day a unit may change its targets: the first period's deadline (None: no period yet)."""
    first = campaign.periods.order_by("starts_on", "pk").first()
    return first.deadline if first else None


def targets_editable(registration, user=None, today=None):
    """Units change their targets until the first period's deadline; the office while it is open."""

    campaign = registration.campaign
    if not campaign.accepts_registrations:
        return False
    if user is not None and is_office(user):
        return True
    deadline = registration_deadline(campaign)
    return deadline is None or (today or timezone.localdate()) <= deadline


def _check_accepts(campaign, organization):
    if not campaign.accepts_registrations:
        raise TransitionError(_("This campaign does not take registrations now."))
    # The kind here; membership and operating today are checked where a unit registers now
    # (its pages, the office's list of subject units): a registration replayed at its date
    # (the demo) is not judged by a later dissolution.
    if not campaign.takes_part(organization, kinds_only=True):
        raise TransitionError(not_for_unit(campaign, organization))


def not_for_unit(campaign, organization):
    """Why a unit may not register for a campaign (campaign.takes_part said no)."""
    if organization.kind not in (campaign.subject_kinds or []):
        return _("Units of the kind “%(kind)s” do not take part in this campaign.") % {
            "kind": organization.get_kind_display()
        }
    return _("This campaign is for operating members of the Alliance; your unit is not among them.")


def registration_closed(campaign, today=None):
    """Whether the campaign's registration date (registration_closes_on) has passed."""
    closes = campaign.registration_closes_on
    return closes is not None and (today or timezone.localdate()) > closes


def _check_registration_open(campaign, today=None):
    if registration_closed(campaign, today):
        raise TransitionError(
            _("Registration for this campaign closed on %(date)s.")
            % {"date": campaign.registration_closes_on.strftime("%d/%m/%Y")}
        )


def check_target(value):
    """A committed target must be more than zero: every TARGET rule divides the value by it."""
    if value is not None and Decimal(value) <= 0:
        raise TransitionError(_("A target must be more than zero: the score divides the result by it."))


def _write_targets(registration, targets):
    allowed = {c.pk: c for c in target_criteria(registration.campaign, registration.organization)}
    for key, value in (targets or {}).items():
        pk = getattr(key, "pk", key)
        if pk not in allowed:
            raise TransitionError(_("A target was given for a criterion that does not apply to this unit."))
        if value is None:
            RegistrationTarget.objects.filter(registration=registration, criterion_id=pk).delete()
            continue
        check_target(value)
        RegistrationTarget.objects.update_or_create(
            registration=registration, criterion_id=pk, defaults={"target": Decimal(value)}
        )
    # A new registration, or its targets: that unit's stored scores are (re)computed.
    mark_stale(registration.campaign_id, [registration.organization_id])


@transaction.atomic
def register(campaign, organization, *, by, note="", targets=None, today=None):
    """Register a unit for a campaign with its commitment and targets; returns the Registration.

    A unit already registered keeps its registration unchanged (use `update_targets`). The
    registration waits for the office's check (`verify_registration`) before its targets count.
    """
    locked = _locked(campaign)
    existing = Registration.objects.filter(campaign=locked, organization=organization).first()
    if existing:
        return existing
    _check_accepts(locked, organization)
    _check_registration_open(locked, today)
    registration = Registration(campaign=locked, organization=organization, note=note, registered_by=by)
    registration._history_user = by
    registration.save()
    counters.count_registration(registration, organization, +1)
    _write_targets(registration, targets)
    return registration


@transaction.atomic
def update_targets(registration, *, by, note=None, targets=None, today=None):
    """Change a registration's commitment and targets while `targets_editable` allows it."""
    _locked(registration.campaign)
    _check_accepts(registration.campaign, registration.organization)
    if not targets_editable(registration, by, today):
        raise TransitionError(
            _("Targets can be changed only until the first period's deadline (%(date)s).")
            % {"date": registration_deadline(registration.campaign).strftime("%d/%m/%Y")}
        )
    before = _commitment(registration)
    if note is not None and note != registration.note:
        registration.note = note
        registration._history_user = by
        registration.save(update_fields=["note"])
    _write_targets(registration, targets)
    if _commitment(registration) != before and registration.status != RegistrationStatus.PENDING:
        # What the office checked has changed: it checks again before the targets count.
        _set_review(registration, RegistrationStatus.PENDING, by=by)
    return registration


def _commitment(registration):
    targets = dict(RegistrationTarget.objects.filter(registration=registration).values_list("criterion_id", "target"))
    return registration.note, targets


def _set_review(registration, status, *, by, reason=""):
    registration.status = status
    registration.reviewed_by = by if status != RegistrationStatus.PENDING else None
    registration.reviewed_at = timezone.now() if status != RegistrationStatus.PENDING else None
    registration.return_reason = reason
    registration._history_user = by
    registration.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_reason"])
    # Verified targets replace the campaign's in the unit's scores, and the other way round.
    mark_stale(registration.campaign_id, [registration.organization_id])


def _locked_registration(registration):
    return Registration.objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def verify_registration(registration, *, by):
    """The office checks a registration and its targets: from now on its targets count in scoring."""
    locked = _locked_registration(registration)
    if locked.status == RegistrationStatus.VERIFIED:
        return registration
    for target in locked.targets.all():
        check_target(target.target)
    _set_review(locked, RegistrationStatus.VERIFIED, by=by)
    registration.refresh_from_db()
    return registration


@transaction.atomic
def return_registration(registration, *, by, reason):
    """The office returns a registration for correction, saying why; its targets do not count meanwhile."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Say why the registration is returned."))
    locked = _locked_registration(registration)
    _set_review(locked, RegistrationStatus.RETURNED, by=by, reason=reason)
    registration.refresh_from_db()
    return registration


@transaction.atomic
def withdraw_registration(registration, *, by, reason):
    """Withdraw a unit's registration (registered by mistake, or the unit pulls out) before it has
    reported; the history keeps who withdrew it, when and why."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise TransitionError(_("Give the reason for withdrawing."))
    locked = _locked(registration.campaign)
    if locked.status == CampaignStatus.CLOSED:
        raise TransitionError(_("The campaign is closed: its registrations stay as they are."))
    row = Registration.objects.select_for_update().filter(pk=registration.pk).first()
    if row is None:
        return None
    if Submission.objects.filter(period__campaign=locked, organization_id=row.organization_id).exists():
        raise TransitionError(_("The unit has already reported in this campaign: its registration stays."))
    row._history_user = by
    row._change_reason = reason[:100]
    row.delete()
    counters.count_registration(row, row.organization, -1)
    mark_stale(locked.pk, organization_ids=[row.organization_id])
    return row


def withdrawn_registrations(campaign):
    """The latest withdrawal of each unit not registered again, newest first: the historical rows of
    the deleted registrations (who withdrew it, when and why), with their organization."""
    registered = Registration.objects.filter(campaign=campaign).values("organization_id")
    rows = (
        Registration.history.filter(campaign_id=campaign.pk, history_type="-")
        .exclude(organization_id__in=registered)
        .select_related("history_user", "organization")
        .order_by("-history_date", "-history_id")
    )
    latest = {}
    for row in rows[:500]:
        latest.setdefault(row.organization_id, row)
    return list(latest.values())


def reinstate_problem(campaign, organization):
    """Why a unit's withdrawn registration cannot be reinstated, or None. The registration date does
    not bar it (it was made in time); a closed campaign, a kind no longer taking part, an archived
    unit or a registration made since do."""
    if campaign.status == CampaignStatus.CLOSED:
        return _("The campaign is closed: its registrations stay as they are.")
    if organization.archived_on:
        return _("The unit is archived: restore it first.")
    if not campaign.takes_part(organization, kinds_only=True):
        return not_for_unit(campaign, organization)
    if Registration.objects.filter(campaign=campaign, organization=organization).exists():
        return _("The unit is registered again: there is nothing to reinstate.")
    return None


@transaction.atomic
def reinstate_registration(campaign, organization, *, by, reason):
    """Reinstate a registration withdrawn by mistake, as it was when withdrawn (its commitment, its
    targets, the office's check); recorded in its history with who, when and why."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise TransitionError(_("Give the reason for reinstating."))
    locked = _locked(campaign)
    problem = reinstate_problem(locked, organization)
    if problem:
        raise TransitionError(problem)
    withdrawn = (
        Registration.history.filter(campaign_id=locked.pk, organization_id=organization.pk, history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if withdrawn is None:
        raise TransitionError(_("This unit has no withdrawn registration in this campaign."))
    row = Registration(
        pk=withdrawn.id,
        campaign=locked,
        organization=organization,
        note=withdrawn.note,
        registered_by_id=withdrawn.registered_by_id,
        status=withdrawn.status,
        reviewed_by_id=withdrawn.reviewed_by_id,
        reviewed_at=withdrawn.reviewed_at,
        return_reason=withdrawn.return_reason,
    )
    row._history_user = by
    row._change_reason = reason[:100]
    row.save(force_insert=True)
    counters.count_registration(row, organization, +1)
    Registration.objects.filter(pk=row.pk).update(registered_at=withdrawn.registered_at)
    row.registered_at = withdrawn.registered_at
    # Its targets as they stood: the last record of each, deleted with it (the cascade of the same
    # transaction, just before the registration's own record; one deleted earlier stays deleted).
    criteria = set(locked.criteria.values_list("pk", flat=True))
    since = withdrawn.history_date - dt.timedelta(minutes=1)
    last = {}
    for target in RegistrationTarget.history.filter(registration_id=row.pk).order_by("history_date", "history_id"):
        last[target.criterion_id] = target
    for criterion_id, target in last.items():
        if target.history_type == "-" and target.history_date >= since and criterion_id in criteria:
            restored = RegistrationTarget(
                id=target.id, registration=row, criterion_id=criterion_id, target=target.target
            )
            restored._history_user = by
            restored.save(force_insert=True)
    mark_stale(locked.pk, organization_ids=[organization.pk])
    return row

"""Aggregate queries of the staff dashboard and the unit home page, each a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.caching import remember
from core.collation import Vietnamese
from members.models import OperatingStatus, Organization, OrganizationKind, User
from members.scopes import ORGANIZATIONS

from . import counters, scopes
from .areas import campaign_map
from .models import (
    Campaign,
    CampaignStatus,
    CampaignTransition,
    Registration,
    Reminder,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    Violation,
    campaigns_taken_part,
    is_overdue,
)
from .services import registration_closed

GONE = (OperatingStatus.DISSOLVED, OperatingStatus.BANKRUPT)
STATES = ("not_started", "draft", "submitted", "returned", "verified")


def today():
    return timezone.localdate()


def dashboard_campaigns(user_campaigns):
    """The campaigns a dashboard can show: all but drafts, the newest first."""
    return user_campaigns.exclude(status=CampaignStatus.DRAFT).order_by("-starts_on", "-pk")


def default_campaign(campaigns):
    """The latest running campaign, else the latest one shown."""
    return campaigns.filter(status=CampaignStatus.RUNNING).first() or campaigns.first()


def default_period(campaign, on=None):
    """The latest period that has begun, else the first one."""
    periods = campaign.periods.order_by("starts_on", "pk")
    return periods.filter(starts_on__lte=on or today()).last() or periods.first()


def subject_units(campaign):
    """The units the movement's progress is counted over (the dashboard's and the progress report's
    participation): of the campaign's kinds and still existing, members or not, operating or
    suspended, and any unit that registered. Wider on purpose than who may register
    (services.subject_units: members, operating), which the registration page lists."""
    registered = Registration.objects.filter(campaign=campaign, organization=OuterRef("pk"))
    return Organization.objects.filter(
        Q(kind__in=campaign.subject_kinds or []) & ~Q(status__in=GONE) | Q(Exists(registered))
    )


@dataclass
class ProgressRow:
    key: object
    label: str
    subjects: int = 0
    registered: int = 0
    not_started: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    verified: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def unregistered(self):
        return self.subjects - self.registered

    @property
    def registered_percent(self):
        return round(100 * self.registered / self.subjects) if self.subjects else 0

    @property
    def handed_in(self):
        return self.submitted + self.verified

    @property
    def handed_in_percent(self):
        return round(100 * self.handed_in / self.registered) if self.registered else 0

    def add(self, other):
        for name in ("subjects", "registered", "late", "overdue", *STATES):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Progress:
    total: ProgressRow
    by_area: list = field(default_factory=list)
    by_kind: list = field(default_factory=list)


def subject_counts(campaign):
    """[(recorded place, kind, units)] of the campaign's subject units: one grouped count over the
    registry, kept under what it depends on (the organizations, the campaigns, the campaign's
    registrations; core.caching), so a verification does not count the country again."""

    def count():
        rows = subject_units(campaign).values_list(counters.recorded_place(), "kind").annotate(n=Count("pk"))
        return list(rows.order_by())

    return remember(
        f"dashboard-subjects:{campaign.pk}",
        count,
        scopes=(ORGANIZATIONS, scopes.CAMPAIGNS, scopes.registrations(campaign.pk)),
        timeout=3600,
    )


def _cells(campaign, period, on):
    """{(place, kind): ProgressRow} of one period: the units counted in each recorded area and kind.

    Read from the counters (campaign.counters: a few rows per area and kind) and one grouped
    count of the subject units; the overdue count follows the date (`counters.overdue_count`).
    """
    cells = {}

    def cell(place, kind):
        if (place, kind) not in cells:
            cells[(place, kind)] = ProgressRow(key=(place, kind), label="")
        return cells[(place, kind)]

    for place, kind, n in subject_counts(campaign):
        cell(place, kind).subjects += n
    for place, kind, n in counters.registered_rows(campaign):
        cell(place, kind).registered += n
    for _period, place, kind, status, is_late, n in counters.submission_rows([period]):
        row = cell(place, kind)
        setattr(row, status, getattr(row, status) + n)
        row.late += n if is_late else 0
    for row in cells.values():
        started = row.draft + row.submitted + row.returned + row.verified
        row.not_started = max(row.registered - started, 0)
        row.overdue = counters.overdue_count(row.registered, row.handed_in, period, on)
    return cells


def progress(campaign, period, on=None):
    """Registration and submission progress per area of the campaign's level and per kind.

    From the counters, whatever the number of units; `overdue` counts the units of
    `Registration.objects.overdue` (registered, nothing handed in after the deadline).
    """
    on = on or today()
    cells = _cells(campaign, period, on)
    total = ProgressRow(key=None, label=_("All units"))
    result = Progress(total=total)
    # Each recorded area's counts, summed by its area on the campaign's map (campaign.areas): a
    # unit of the former Đắk Nông counts in its district in 2021 and in Lâm Đồng in 2026.
    area_map = campaign_map(campaign)
    by_area, by_kind = {}, {}
    for (place, kind), row in cells.items():
        area = area_map.areas.get(area_map.at_level.get(place))
        key = area.pk if area else None
        if key not in by_area:
            by_area[key] = ProgressRow(key=key, label=area.name if area else _("No area"))
        by_area[key].add(row)
        by_kind.setdefault(kind, ProgressRow(key=kind, label="")).add(row)
    for item in sorted(by_area.values(), key=lambda item: (item.key is None, item.label)):
        result.by_area.append(item)
        total.add(item)
    kind_labels = dict(OrganizationKind.choices)
    for kind in OrganizationKind.values:
        if kind in by_kind and by_kind[kind].subjects + by_kind[kind].registered:
            by_kind[kind].label = str(kind_labels[kind])
            result.by_kind.append(by_kind[kind])
    return result


def chart_data(rows):
    """The progress rows as plain lists for Chart.js (passed to the page with json_script)."""
    return {
        "labels": [row.label for row in rows],
        "series": [
            {"key": "verified", "label": _("Verified"), "data": [row.verified for row in rows]},
            {"key": "submitted", "label": _("Submitted"), "data": [row.submitted for row in rows]},
            {"key": "returned", "label": _("Returned"), "data": [row.returned for row in rows]},
            {"key": "draft", "label": _("Draft"), "data": [row.draft for row in rows]},
            {"key": "not_started", "label": _("Not started"), "data": [row.not_started for row in rows]},
            {"key": "unregistered", "label": _("Not registered"), "data": [row.unregistered for row in rows]},
        ],
    }


def overdue_units(period, on=None):
    """The units of `Registration.objects.overdue` (registered, nothing handed in after the
    deadline), with their contacts.

    Each carries `submission_status`, `last_reminded_at` and `contacts` (its accounts,
    prefetched); the list is empty while the deadline has not passed.
    """
    return _owing(period, Registration.objects.overdue(period, on or today()))


def pending_units(period):
    """The registered units that have handed nothing in for `period` yet, whatever the date (those
    the automatic reminder before the deadline goes to), annotated as `overdue_units`."""
    return _owing(period, Registration.objects.not_handed_in(period))


def _owing(period, registrations):
    # One submission per unit and period: no order (the model's joins three tables to sort it).
    submission = Submission.objects.filter(period=period, organization=OuterRef("pk")).order_by()
    return (
        Organization.objects.filter(pk__in=registrations.values("organization_id"))
        .annotate(
            submission_status=Subquery(submission.values("status")[:1]),
            # A subquery, not MAX over a join: no GROUP BY, so a page of 25 stops early.
            last_reminded_at=Subquery(
                Reminder.objects.filter(period=period, organization=OuterRef("pk"))
                .order_by("-sent_at")
                .values("sent_at")[:1]
            ),
        )
        .prefetch_related(
            Prefetch(
                "accounts",
                queryset=User.objects.filter(is_active=True).order_by("username"),
                to_attr="contacts",
            )
        )
        .order_by(Vietnamese("name"), "pk")
    )


def overdue_with_address(period, on=None):
    """How many overdue units have an address a reminder can go to (their own or an active account's)."""
    accounts = User.objects.filter(organization=OuterRef("pk"), is_active=True).exclude(email="")
    return overdue_units(period, on).filter(~Q(email="") | Exists(accounts)).order_by().values("pk").count()


def recipients_of(organization):
    """The addresses a reminder goes to: the unit's own and its active accounts', without repeats."""
    addresses = [organization.email] + [user.email for user in getattr(organization, "contacts", None) or []]
    if not hasattr(organization, "contacts"):
        addresses += list(organization.accounts.filter(is_active=True).values_list("email", flat=True))
    seen = []
    for address in addresses:
        address = (address or "").strip()
        if address and address.lower() not in (a.lower() for a in seen):
            seen.append(address)
    return seen


@dataclass
class Activity:
    at: dt.datetime
    who: object
    kind: str
    text: str
    organization: object = None
    obj: object = None


def recent_activity(campaign, limit=12):
    """The latest submission events, registrations, transitions, violations and reminders, merged."""
    items = []
    events = (
        SubmissionEvent.objects.filter(submission__period__campaign=campaign)
        .select_related("by", "submission__organization", "submission__period")
        .order_by("-at", "-pk")[:limit]
    )
    for event in events:
        text = _("%(period)s: %(status)s") % {
            "period": event.submission.period.name,
            "status": event.get_status_display(),
        }
        if event.reason:
            text += f" — {event.reason}"
        items.append(Activity(event.at, event.by, event.status, text, event.submission.organization, event.submission))
    registrations = (
        Registration.objects.filter(campaign=campaign)
        .select_related("registered_by", "organization")
        .order_by("-registered_at", "-pk")[:limit]
    )
    for row in registrations:
        items.append(Activity(row.registered_at, row.registered_by, "registered", _("Registered"), row.organization))
    for row in CampaignTransition.objects.filter(campaign=campaign).select_related("changed_by")[:limit]:
        text = _("Campaign: %(status)s") % {"status": row.get_status_display()}
        items.append(
            Activity(row.changed_at, row.changed_by, row.status, text + (f" — {row.note}" if row.note else ""))
        )
    violations = (
        Violation.objects.filter(campaign=campaign)
        .select_related("recorded_by", "organization")
        .order_by("-recorded_at", "-pk")[:limit]
    )
    for row in violations:
        text = _("Violation (%(effect)s): %(description)s") % {
            "effect": row.get_effect_display(),
            "description": row.description,
        }
        items.append(Activity(row.recorded_at, row.recorded_by, "violation", text, row.organization, row))
    for batch in reminder_batches(campaign, limit):
        text = (_("Reminder for %(period)s") % {"period": batch["period__name"]}) + ": "
        text += ngettext("%(count)d unit", "%(count)d units", batch["count"]) % {"count": batch["count"]}
        if batch["sent_by"] is None:
            text += " " + str(_("(automatic)"))
        items.append(Activity(batch["at"], batch["sent_by"], "reminder", text))
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


def reminder_batches(campaign, limit=12):
    """The reminders of a campaign as the batches they were sent in: one per period, sender and
    day (a unit is reminded at most once a day for a period), the latest first, each with
    `period__name`, `sent_by` (a user, None when sent automatically), `count` and `at`."""
    rows = list(
        Reminder.objects.filter(period__campaign=campaign)
        .annotate(day=TruncDate("sent_at"))
        .values("period_id", "period__name", "sent_by_id", "day")
        .annotate(count=Count("pk"), at=Max("sent_at"))
        .order_by("-at")[:limit]
    )
    senders = User.objects.in_bulk({row["sent_by_id"] for row in rows if row["sent_by_id"]})
    for row in rows:
        row["sent_by"] = senders.get(row["sent_by_id"])
    return rows


# --- a unit's home page ------------------------------------------------------------------


@dataclass
class UnitPeriod:
    period: ReportingPeriod
    submission: Submission | None
    overdue: bool


@dataclass
class UnitCampaign:
    campaign: Campaign
    registration: Registration | None
    periods: list = field(default_factory=list)
    history: list = field(default_factory=list)  # [(period, UnitScore)], filled by the home view
    registration_closed: bool = False  # the campaign's registration date has passed


def unit_overview(organization, on=None):
    """The campaigns an organization takes part in that accept reports, its registration, and
    each period that has begun with its submission (five queries, whatever the number)."""
    on = on or today()
    accepting = list(
        Campaign.objects.filter(
            status__in=[CampaignStatus.LAUNCHED, CampaignStatus.RUNNING, CampaignStatus.REVIEW]
        ).order_by("-starts_on", "-pk")
    )
    registrations = {
        r.campaign_id: r
        for r in Registration.objects.filter(organization=organization, campaign_id__in=[c.pk for c in accepting])
    }
    taking_part = campaigns_taken_part(accepting, organization)
    campaigns = [c for c in accepting if c.pk in taking_part or c.pk in registrations]
    ids = [c.pk for c in campaigns]
    submissions = {
        s.period_id: s
        for s in Submission.objects.filter(organization=organization, period__campaign_id__in=ids).select_related(
            "period"
        )
    }
    periods = ReportingPeriod.objects.filter(campaign_id__in=ids, starts_on__lte=on).order_by("-starts_on", "-pk")
    result = {
        c.pk: UnitCampaign(c, registrations.get(c.pk), registration_closed=registration_closed(c, on))
        for c in campaigns
    }
    for period in periods:
        entry = result[period.campaign_id]
        submission = submissions.get(period.pk)
        status = submission.status if submission is not None else None
        overdue = is_overdue(entry.registration is not None, status, period, on)
        entry.periods.append(UnitPeriod(period, submission, overdue))
    return list(result.values())


def status_label(code):
    """A submission state's label, or “Not started” when there is no submission."""
    return str(dict(SubmissionStatus.choices).get(code, _("Not started")))

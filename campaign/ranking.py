"""Scores and ranks from the database: the one place that reads verified values and violations.

Every page, export and report calls `period_scores`, `cumulative_scores`, `unit_history`
and `score_distribution`. Data is read in a fixed handful of queries whatever the number
of units (criteria, bands, registrations, targets, values, submissions, violations), then
scored in Python by the pure functions of campaign.scoring.

Who is ranked: the campaign's registered units whose kind at least one unit-reported
criterion applies to. A unit without a verified submission for a period appears with 0
points and `verified=False`. Only VERIFIED submissions count.

Cumulated score: the mean of the unit's period totals over the periods considered (by
default every period that has begun; a period without a verified submission counts 0),
so that one set of bands classifies both a period and the cumulated score. Points per
criterion and deductions are cumulated the same way (means).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from members.areas import areas_on
from members.models import AdministrativeArea, OrganizationKind

from . import scoring
from .models import (
    Registration,
    RegistrationTarget,
    ScoringRule,
    Submission,
    SubmissionStatus,
    SubmissionValue,
    Violation,
    ViolationEffect,
)

ZERO = Decimal("0.00")
KIND_ORDER = {kind: index for index, kind in enumerate(OrganizationKind.values)}


@dataclass
class UnitScore:
    """One unit's score for a period, or cumulated over periods."""

    organization_id: int
    name: str
    kind: str
    kind_label: str
    area_id: int | None
    area: str
    points: dict = field(default_factory=dict)  # criterion id -> Decimal, or None when not scored
    group_points: dict = field(default_factory=dict)  # criterion group id -> Decimal
    earned: Decimal = ZERO  # sum of the criteria's points, before deductions
    deductions: Decimal = ZERO
    vetoed: bool = False
    total: Decimal = ZERO
    band: str | None = None
    rank: int | None = None  # within the organization kind
    missing: int = 0  # unit-reported criteria without a value (or, qualitative, without a staff score)
    status: str | None = None  # the period's submission status; None when there is none
    verified: bool = False  # cumulated: verified in every period considered
    verified_periods: int = 0

    @property
    def status_label(self):
        return SubmissionStatus(self.status).label if self.status else None


def campaign_bands(campaign):
    """The campaign's bands as [(name, min_score)], highest first."""
    return list(campaign.bands.order_by("-min_score").values_list("name", "min_score"))


def map_day(campaign):
    """The day whose map groups the campaign's units: its start (districts in 2021, the
    merged provinces and communes from July 2025)."""
    return campaign.starts_on or campaign.plan_date or timezone.localdate()


def unit_areas(campaign, organizations):
    """{organization id: its area at the campaign's grouping level on `map_day`, or None}.

    An organization of the former Đắk Nông is in its district in the 2021 campaign and in
    Lâm Đồng (or the commune that absorbed its own) in a 2026 one.
    """
    return areas_on(organizations, map_day(campaign), campaign.grouping_level)


def _places(organizations):
    """Plain (pk, area ids) objects of an Organization queryset, read in one query."""
    fields = ("pk", "commune_id", "district_id", "province_id")
    return [SimpleNamespace(**row) for row in organizations.order_by().values(*fields)]


def areas_of_units(campaign, organizations):
    """The areas (at the campaign's grouping level, on its map) an Organization queryset is in, by name."""
    ids = {area.pk for area in unit_areas(campaign, _places(organizations)).values() if area is not None}
    return AdministrativeArea.objects.filter(pk__in=ids).order_by("name")


def units_in_area(campaign, organizations, area_id):
    """The ids of the organizations of a queryset that are in `area_id` on the campaign's map."""
    found = unit_areas(campaign, _places(organizations))
    return [pk for pk, area in found.items() if area is not None and area.pk == int(area_id)]


class _Data:
    """Everything needed to score some periods of one campaign, read in a fixed number of queries."""

    def __init__(self, campaign, periods, *, kinds=None, area_ids=None, organization_ids=None):
        self.campaign = campaign
        self.periods = list(periods)
        self.criteria = list(campaign.criteria.select_related("group").order_by("group__order", "order", "pk"))
        self.bands = campaign_bands(campaign)
        reported = [c for c in self.criteria if c.reported_by_unit]
        registrations = Registration.objects.filter(campaign=campaign).select_related("organization")
        if kinds:
            registrations = registrations.filter(organization__kind__in=kinds)
        if organization_ids is not None:
            registrations = registrations.filter(organization_id__in=organization_ids)
        units = [r.organization for r in registrations if any(c.applies_to(r.organization.kind) for c in reported)]
        self.areas = unit_areas(campaign, units)
        if area_ids:
            wanted = set(area_ids)
            units = [u for u in units if self.areas[u.pk] is not None and self.areas[u.pk].pk in wanted]
        self.units = units
        org_ids = [u.pk for u in self.units]
        self.targets = {
            (org, crit): target
            for org, crit, target in RegistrationTarget.objects.filter(
                registration__campaign=campaign, registration__organization_id__in=org_ids
            ).values_list("registration__organization_id", "criterion_id", "target")
        }
        period_ids = [p.pk for p in self.periods]
        self.values = defaultdict(dict)  # (period, org) -> {criterion: (value, staff_score)}
        for period_id, org, crit, value, staff_score in SubmissionValue.objects.filter(
            submission__period_id__in=period_ids,
            submission__status=SubmissionStatus.VERIFIED,
            submission__organization_id__in=org_ids,
        ).values_list("submission__period_id", "submission__organization_id", "criterion_id", "value", "staff_score"):
            self.values[(period_id, org)][crit] = (value, staff_score)
        self.statuses = {
            (period_id, org): status
            for period_id, org, status in Submission.objects.filter(
                period_id__in=period_ids, organization_id__in=org_ids
            ).values_list("period_id", "organization_id", "status")
        }
        last_end = max((p.ends_on for p in self.periods), default=None)
        self.violations = defaultdict(list)  # org -> [(occurred_on, effect, points, criterion rule, id, max)]
        if last_end is not None:
            for org, occurred_on, effect, points, crit, rule, cap in Violation.objects.filter(
                campaign=campaign, organization_id__in=org_ids, occurred_on__lte=last_end
            ).values_list(
                "organization_id",
                "occurred_on",
                "effect",
                "points",
                "criterion_id",
                "criterion__rule",
                "criterion__max_points",
            ):
                self.violations[org].append((occurred_on, effect, points, crit, rule, cap))

    def score(self, period, unit):
        """The unit's UnitScore for one period, without its rank."""
        values = self.values.get((period.pk, unit.pk), {})
        status = self.statuses.get((period.pk, unit.pk))
        result = self._blank(unit)
        result.status = status
        result.verified = status == SubmissionStatus.VERIFIED
        result.verified_periods = int(result.verified)
        for criterion in self.criteria:
            if not criterion.reported_by_unit or not criterion.applies_to(unit.kind):
                continue
            value, staff_score = values.get(criterion.pk, (None, None))
            target = self.targets.get((unit.pk, criterion.pk), criterion.target)
            points = scoring.criterion_points(
                criterion.rule,
                max_points=criterion.max_points,
                value=value,
                target=target,
                points_per_unit=criterion.points_per_unit,
                staff_score=staff_score,
            )
            given = staff_score if criterion.rule == ScoringRule.QUALITATIVE else value
            if given is None:
                result.missing += 1
            result.points[criterion.pk] = points
            result.group_points[criterion.group_id] = result.group_points.get(criterion.group_id, ZERO) + (
                points or ZERO
            )
        result.earned = scoring.quantize(sum((p for p in result.points.values() if p is not None), ZERO))
        result.deductions, result.vetoed = self._violations(unit, period)
        result.total = scoring.total_score(result.points.values(), result.deductions)
        result.band = scoring.classify(result.total, self.bands, vetoed=result.vetoed)
        return result

    def _violations(self, unit, period):
        """Deductions of violations in the period (capped per DEDUCTION criterion); veto up to its end."""
        by_criterion = defaultdict(list)
        caps = {}
        vetoed = False
        for occurred_on, effect, points, crit, rule, cap in self.violations.get(unit.pk, []):
            if occurred_on > period.ends_on:
                continue
            if effect == ViolationEffect.VETO or rule == ScoringRule.VETO:
                vetoed = True
            elif occurred_on >= period.starts_on:
                by_criterion[crit].append(points)
                # A DEDUCTION criterion caps what its violations take off; 0 means no cap.
                if rule == ScoringRule.DEDUCTION and cap:
                    caps[crit] = cap
        deductions = sum(
            (scoring.deduction_points(points, cap=caps.get(crit)) for crit, points in by_criterion.items()), ZERO
        )
        return scoring.quantize(deductions), vetoed

    def _blank(self, unit):
        area = self.areas.get(unit.pk)
        return UnitScore(
            organization_id=unit.pk,
            name=unit.name,
            kind=unit.kind,
            kind_label=unit.get_kind_display(),
            area_id=area.pk if area else None,
            area=area.name if area else "",
        )

    def cumulate(self, unit, scores):
        """The unit's cumulated UnitScore from its period scores (means over all periods)."""
        count = len(self.periods)
        result = self._blank(unit)
        result.verified_periods = sum(s.verified_periods for s in scores)
        result.verified = bool(count) and result.verified_periods == count
        result.missing = sum(s.missing for s in scores)
        result.vetoed = any(s.vetoed for s in scores)
        criterion_ids = {c for s in scores for c in s.points}
        for crit in criterion_ids:
            per_period = [s.points.get(crit) for s in scores]
            result.points[crit] = (
                None if all(p is None for p in per_period) else scoring.cumulative_total(per_period, count)
            )
        for group in {g for s in scores for g in s.group_points}:
            result.group_points[group] = scoring.cumulative_total([s.group_points.get(group) for s in scores], count)
        result.earned = scoring.cumulative_total([s.earned for s in scores], count)
        result.deductions = scoring.cumulative_total([s.deductions for s in scores], count)
        result.total = scoring.cumulative_total([s.total for s in scores], count)
        result.band = scoring.classify(result.total, self.bands, vetoed=result.vetoed)
        return result


def rank(scores):
    """Set each score's rank within its organization kind (vetoed units after the others);
    return them ordered by kind, rank and name."""
    by_kind = defaultdict(list)
    for score in scores:
        by_kind[score.kind].append(score)
    for group in by_kind.values():
        ranks = scoring.competition_ranks([(not s.vetoed, s.total) for s in group])
        for score, position in zip(group, ranks, strict=True):
            score.rank = position
    return sorted(scores, key=lambda s: (KIND_ORDER.get(s.kind, 99), s.rank, s.name))


def period_scores(period, *, kinds=None, area_ids=None):
    """Every considered unit's score for one period, ranked within its organization kind."""
    data = _Data(period.campaign, [period], kinds=kinds, area_ids=area_ids)
    return rank([data.score(period, unit) for unit in data.units])


def periods_up_to(campaign, up_to=None):
    """The periods a cumulated score covers: those up to `up_to`, or every period begun by today."""
    periods = list(campaign.periods.order_by("starts_on", "pk"))
    if up_to is not None:
        return [p for p in periods if p.starts_on <= up_to.starts_on]
    today = timezone.localdate()
    return [p for p in periods if p.starts_on <= today]


def cumulative_scores(campaign, *, up_to=None, kinds=None, area_ids=None):
    """Every considered unit's cumulated score over `periods_up_to(campaign, up_to)`, ranked."""
    periods = periods_up_to(campaign, up_to)
    data = _Data(campaign, periods, kinds=kinds, area_ids=area_ids)
    return rank([data.cumulate(unit, [data.score(p, unit) for p in periods]) for unit in data.units])


def unit_history(campaign, organization):
    """[(period, UnitScore)] of one unit over every period of the campaign, ranked within its
    kind each period. Empty when the unit is not ranked in the campaign (not registered)."""
    periods = list(campaign.periods.order_by("starts_on", "pk"))
    data = _Data(campaign, periods, kinds=[organization.kind])
    if not any(u.pk == organization.pk for u in data.units):
        return []
    history = []
    for period in periods:
        ranked = rank([data.score(period, unit) for unit in data.units])
        history.append((period, next(s for s in ranked if s.organization_id == organization.pk)))
    return history


def score_distribution(scores, bands):
    """[(band name, count)] in the order of `bands` (highest first), then (None, count) for
    the units not classified (below every band, or vetoed)."""
    counts = defaultdict(int)
    for score in scores:
        counts[score.band] += 1
    ordered = sorted(bands, key=lambda band: band[1], reverse=True)
    return [(name, counts.get(name, 0)) for name, _low in ordered] + [(None, counts.get(None, 0))]

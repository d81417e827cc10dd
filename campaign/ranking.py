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

from django.db.models import Count, Q
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


AREA_CHOICES_SECONDS = 300


def areas_of_units(campaign, organizations):
    """The areas (at the campaign's grouping level, on its map) an Organization queryset is in, by name.

    Filter forms ask this on every page, and placing a country's units on the map takes a
    while: the ids are kept in the cache (Redis in production) for a few minutes under the
    campaign's data version and the query asked."""
    import hashlib

    from django.core.cache import cache

    from .scores import data_version

    digest = hashlib.sha256(str(organizations.order_by().values("pk").query).encode()).hexdigest()[:16]
    key = f"areas-of-units:{campaign.pk}:{data_version(campaign.pk)}:{digest}"
    ids = cache.get(key)
    if ids is None:
        ids = sorted({area.pk for area in unit_areas(campaign, _places(organizations)).values() if area is not None})
        cache.set(key, ids, AREA_CHOICES_SECONDS)
    return AdministrativeArea.objects.filter(pk__in=ids).order_by("name")


def units_in_area(campaign, organizations, area_id):
    """The ids of the organizations of a queryset that are in `area_id` on the campaign's map."""
    found = unit_areas(campaign, _places(organizations))
    return [pk for pk, area in found.items() if area is not None and area.pk == int(area_id)]


class _Data:
    """Everything needed to score some periods of one campaign, read in a fixed number of queries."""

    def __init__(
        self,
        campaign,
        periods,
        *,
        kinds=None,
        area_ids=None,
        organization_ids=None,
        units=None,
        criteria=None,
        bands=None,
    ):
        self.campaign = campaign
        self.periods = list(periods)
        self.criteria = campaign_criteria(campaign) if criteria is None else criteria
        self.bands = campaign_bands(campaign) if bands is None else bands
        if units is None:
            units = considered_units(
                campaign, self.criteria, kinds=kinds, area_ids=area_ids, organization_ids=organization_ids
            )
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
        return _blank(unit)

    def cumulate(self, unit, scores):
        """The unit's cumulated UnitScore from its period scores (means over all periods)."""
        return cumulate(unit, scores, len(self.periods), self.bands)


def cumulate(unit, scores, count, bands):
    """The unit's cumulated UnitScore from its period scores: means over `count` periods."""
    result = _blank(unit)
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
    result.band = scoring.classify(result.total, bands, vetoed=result.vetoed)
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


def period_scores(period, *, kinds=None, area_ids=None, organization_ids=None):
    """Every considered unit's score for one period, ranked within its organization kind.

    Read from the score table (campaign.UnitPeriodScore); rows missing or stale are
    computed here and stored. `organization_ids` narrows the units and so the ranks.
    """
    campaign = period.campaign
    criteria = campaign_criteria(campaign)
    units = considered_units(campaign, criteria, kinds=kinds, area_ids=area_ids, organization_ids=organization_ids)
    stored = stored_scores(campaign, [period], units, criteria=criteria)
    if area_ids:
        organization_ids = [u.pk for u in units]
    statuses = dict(
        Submission.objects.filter(period=period, **_unit_filter(kinds, organization_ids)).values_list(
            "organization_id", "status"
        )
    )
    scores = []
    for unit in units:
        score = stored[(period.pk, unit.pk)]
        score.status = statuses.get(unit.pk)
        scores.append(score)
    return rank(scores)


def periods_up_to(campaign, up_to=None):
    """The periods a cumulated score covers: those up to `up_to`, or every period begun by today."""
    periods = list(campaign.periods.order_by("starts_on", "pk"))
    if up_to is not None:
        return [p for p in periods if p.starts_on <= up_to.starts_on]
    today = timezone.localdate()
    return [p for p in periods if p.starts_on <= today]


def cumulative_scores(campaign, *, up_to=None, kinds=None, area_ids=None, organization_ids=None):
    """Every considered unit's cumulated score over `periods_up_to(campaign, up_to)`, ranked
    (among the units asked for when `organization_ids` is given)."""
    periods = periods_up_to(campaign, up_to)
    criteria = campaign_criteria(campaign)
    units = considered_units(campaign, criteria, kinds=kinds, area_ids=area_ids, organization_ids=organization_ids)
    stored = stored_scores(campaign, periods, units, criteria=criteria)
    bands = campaign_bands(campaign)
    count = len(periods)
    return rank([cumulate(unit, [stored[(p.pk, unit.pk)] for p in periods], count, bands) for unit in units])


def unit_history(campaign, organization):
    """[(period, UnitScore)] of one unit over every period of the campaign, ranked within its
    kind each period. Empty when the unit is not ranked in the campaign (not registered).

    The rank counts the stored scores of the other units of its kind that are ahead of it
    (one query), so a unit's home page does not score every unit of the country.
    """
    periods = list(campaign.periods.order_by("starts_on", "pk"))
    criteria = campaign_criteria(campaign)
    units = considered_units(campaign, criteria, organization_ids=[organization.pk])
    if not units:
        return []
    stored = stored_scores(campaign, periods, units, criteria=criteria)
    statuses = dict(
        Submission.objects.filter(period__in=periods, organization=organization).values_list("period_id", "status")
    )
    _ensure_rows(campaign, periods, organization.kind, criteria)
    ahead = _cached_ahead_counts(campaign, periods, units[0], stored)
    history = []
    for period in periods:
        score = stored[(period.pk, organization.pk)]
        score.status = statuses.get(period.pk)
        score.rank = ahead.get(period.pk, 0) + 1
        history.append((period, score))
    return history


def _ensure_rows(campaign, periods, kind, criteria):
    """Store the scores of the units of this kind that have none yet (two counts when all have)."""
    from django.core.cache import cache

    from .models import UnitPeriodScore
    from .scores import data_version

    # Checked once per data version (campaign.scores raises it when rows change or are flagged).
    key = f"scores-complete:{campaign.pk}:{kind}:{','.join(str(p.pk) for p in periods)}:{data_version(campaign.pk)}"
    if cache.get(key):
        return
    registered = Registration.objects.filter(campaign=campaign, organization__kind=kind)
    rows = UnitPeriodScore.objects.filter(
        period__in=periods, kind=kind, organization_id__in=registered.values("organization_id")
    )
    if rows.count() >= registered.count() * len(periods):
        cache.set(key, True, 3600)
        return
    complete = rows.values("organization_id").annotate(n=Count("pk")).filter(n=len(periods))
    missing = [
        u
        for u in considered_units(campaign, criteria, kinds=[kind])
        if u.pk not in set(complete.values_list("organization_id", flat=True))
    ]
    compute_scores(campaign, periods, missing, criteria=criteria)


def _cached_ahead_counts(campaign, periods, unit, stored):
    """`_ahead_counts`, kept in the cache under the campaign's data version."""
    from django.core.cache import cache

    from .scores import data_version

    key = f"ahead:{campaign.pk}:{unit.pk}:{','.join(str(p.pk) for p in periods)}:{data_version(campaign.pk)}"
    found = cache.get(key)
    if found is None:
        found = _ahead_counts(campaign, periods, unit, stored)
        cache.set(key, found, 300)
    return found


def _ahead_counts(campaign, periods, unit, stored):
    """{period id: how many considered units of the unit's kind rank before it}."""
    from .models import UnitPeriodScore

    condition = Q()
    for period in periods:
        mine = stored[(period.pk, unit.pk)]
        if mine.vetoed:
            ahead = Q(vetoed=False) | Q(vetoed=True, total__gt=mine.total)
        else:
            ahead = Q(vetoed=False, total__gt=mine.total)
        condition |= Q(period=period) & ahead
    if not periods:
        return {}
    # Rows exist only for registered units (campaign.scores deletes those of units no longer
    # ranked), so the count reads the index (period, kind, vetoed, total) alone.
    rows = (
        UnitPeriodScore.objects.filter(condition, kind=unit.kind)
        .exclude(organization_id=unit.pk)
        .values("period_id")
        .annotate(n=Count("pk"))
    )
    return {row["period_id"]: row["n"] for row in rows}


# --- the units and the score table ---------------------------------------------------------


@dataclass
class Unit:
    """What a score names of its unit, read in one query with its area."""

    pk: int
    name: str
    kind: str
    area_id: int | None
    area: str


def campaign_criteria(campaign):
    return list(campaign.criteria.select_related("group").order_by("group__order", "order", "pk"))


def _unit_filter(kinds, organization_ids):
    """Filters on a model with an `organization` for the units asked for (areas are not
    columns: a unit's area is the one on the campaign's map, so callers filter by the ids of
    `considered_units` when they ask for areas)."""
    found = {}
    if kinds:
        found["organization__kind__in"] = kinds
    if organization_ids is not None:
        found["organization_id__in"] = organization_ids
    return found


def considered_units(campaign, criteria, *, kinds=None, area_ids=None, organization_ids=None):
    """The registered units ranked in the campaign: those of a kind some unit-reported criterion
    applies to, each with its area at the grouping level on the campaign's map (`unit_areas`)."""
    reported = [c for c in criteria if c.reported_by_unit]
    ranked_kinds = [k for k in OrganizationKind.values if any(c.applies_to(k) for c in reported)]
    registrations = Registration.objects.filter(campaign=campaign, organization__kind__in=ranked_kinds)
    registrations = registrations.filter(**_unit_filter(kinds, organization_ids))
    rows = list(
        registrations.order_by("organization_id").values_list(
            "organization_id",
            "organization__name",
            "organization__kind",
            "organization__commune_id",
            "organization__district_id",
            "organization__province_id",
        )
    )
    places = [
        SimpleNamespace(pk=pk, commune_id=commune, district_id=district, province_id=province)
        for pk, _name, _kind, commune, district, province in rows
    ]
    areas = unit_areas(campaign, places)
    units = []
    wanted = {int(a) for a in area_ids} if area_ids else None
    for pk, name, kind, *_ids in rows:
        area = areas[pk]
        if wanted is not None and (area is None or area.pk not in wanted):
            continue
        units.append(Unit(pk, name, kind, area.pk if area else None, area.name if area else ""))
    return units


def _blank(unit):
    return UnitScore(
        organization_id=unit.pk,
        name=unit.name,
        kind=unit.kind,
        kind_label=_kind_label(unit.kind),
        area_id=unit.area_id,
        area=unit.area,
    )


def _kind_label(kind):
    return str(OrganizationKind(kind).label) if kind in OrganizationKind.values else kind


def _text(value):
    return None if value is None else str(value)


def _number(value):
    return None if value is None else Decimal(value)


def to_row(period_id, unit, score):
    """The UnitPeriodScore row that stores `score` (a UnitScore of one period)."""
    from .models import UnitPeriodScore

    return UnitPeriodScore(
        period_id=period_id,
        organization_id=unit.pk,
        kind=unit.kind,
        points={str(k): _text(v) for k, v in score.points.items()},
        group_points={str(k): _text(v) for k, v in score.group_points.items()},
        earned=score.earned,
        deductions=score.deductions,
        total=score.total,
        vetoed=score.vetoed,
        missing=score.missing,
        verified=score.verified,
        stale=False,
    )


STORED_FIELDS = [
    "kind",
    "points",
    "group_points",
    "earned",
    "deductions",
    "total",
    "vetoed",
    "missing",
    "verified",
    "stale",
    "computed_at",
]


def save_scores(rows):
    """Insert or overwrite score rows (one statement per 2,000)."""
    from django.utils import timezone as tz

    from .models import UnitPeriodScore

    now = tz.now()
    for row in rows:
        row.computed_at = now
    UnitPeriodScore.objects.bulk_create(
        rows,
        batch_size=2_000,
        update_conflicts=True,
        unique_fields=["period", "organization"],
        update_fields=STORED_FIELDS,
    )


STORED_COLUMNS = (
    "period_id",
    "organization_id",
    "kind",
    "points",
    "group_points",
    "earned",
    "deductions",
    "total",
    "vetoed",
    "missing",
    "verified",
)


def stored_scores(campaign, periods, units, *, criteria=None, bands=None):
    """{(period id, unit id): UnitScore without rank} for these periods and units, from the
    score table; what is missing, stale or scored for another kind is computed and stored."""
    from .models import UnitPeriodScore

    bands = campaign_bands(campaign) if bands is None else bands
    by_pk = {u.pk: u for u in units}
    period_ids = [p.pk for p in periods]
    found = {}
    if units and periods:
        rows = UnitPeriodScore.objects.filter(period_id__in=period_ids, stale=False)
        few = len(units) <= 500
        if few:
            rows = rows.filter(organization_id__in=list(by_pk))
        values = rows.values_list(*STORED_COLUMNS)
        # A page's few units in one fetch; the whole country through a cursor, 5,000 rows at a time.
        for row in values if few else values.iterator(chunk_size=5_000):
            period_id, org, kind, points, group_points, earned, deductions, total, vetoed, missing, verified = row
            unit = by_pk.get(org)
            if unit is None or unit.kind != kind:
                continue
            score = _blank(unit)
            score.points = {int(k): _number(v) for k, v in points.items()}
            score.group_points = {int(k): Decimal(v) for k, v in group_points.items()}
            score.earned, score.deductions, score.total = earned, deductions, total
            score.vetoed, score.missing = vetoed, missing
            score.verified, score.verified_periods = verified, int(verified)
            score.band = scoring.classify(total, bands, vetoed=vetoed)
            found[(period_id, org)] = score
    # A unit lacking any period is scored for all of them: one pass, a fixed number of queries.
    lacking = [u for u in units if any((p.pk, u.pk) not in found for p in periods)]
    if lacking:
        found.update(compute_scores(campaign, periods, lacking, criteria=criteria, bands=bands))
    return found


def compute_scores(campaign, periods, units, *, chunk=2_000, criteria=None, bands=None):
    """Score these units for these periods from the submitted values, store and return them."""
    found = {}
    criteria = campaign_criteria(campaign) if criteria is None else criteria
    bands = campaign_bands(campaign) if bands is None else bands
    for start in range(0, len(units), chunk):
        part = units[start : start + chunk]
        data = _Data(campaign, periods, units=part, criteria=criteria, bands=bands)
        rows = []
        for period in periods:
            for unit in part:
                score = data.score(period, unit)
                found[(period.pk, unit.pk)] = score
                rows.append(to_row(period.pk, unit, score))
        save_scores(rows)
    return found


def score_distribution(scores, bands):
    """[(band name, count)] in the order of `bands` (highest first), then (None, count) for
    the units not classified (below every band, or vetoed)."""
    counts = defaultdict(int)
    for score in scores:
        counts[score.band] += 1
    ordered = sorted(bands, key=lambda band: band[1], reverse=True)
    return [(name, counts.get(name, 0)) for name, _low in ordered] + [(None, counts.get(None, 0))]


# --- ranking many units without their details -----------------------------------------------


def ranked_scores(campaign, periods, *, kinds=None, area_ids=None, organization_ids=None):
    """Every considered unit's score over `periods` (one period, or cumulated over several),
    ranked, with its total, deductions, veto, verified periods and band but without the
    points per criterion and group (`add_details` fills those for the rows shown).

    Sums are read from the score table in one grouped query; the mean is
    scoring.cumulative_total of the sum, which is the mean of the period totals. Units whose
    rows are missing or stale are scored in full (and stored) instead.
    """
    from django.db.models import F, Sum

    from .models import UnitPeriodScore

    periods = list(periods)
    count = len(periods)
    criteria = campaign_criteria(campaign)
    units = considered_units(campaign, criteria, kinds=kinds, area_ids=area_ids, organization_ids=organization_ids)
    bands = campaign_bands(campaign)
    if area_ids:  # areas are on the campaign's map, not columns: ask for the units found there
        organization_ids = [u.pk for u in units]
    sums = {}
    if units and periods:
        rows = UnitPeriodScore.objects.filter(
            period__in=periods,
            stale=False,
            kind=F("organization__kind"),
            **_unit_filter(kinds, None),
        )
        if organization_ids is not None:
            rows = rows.filter(organization_id__in=organization_ids)
        sums = {
            row["organization_id"]: row
            for row in rows.values("organization_id").annotate(
                n=Count("pk"),
                total_sum=Sum("total"),
                earned_sum=Sum("earned"),
                deductions_sum=Sum("deductions"),
                vetoes=Count("pk", filter=Q(vetoed=True)),
                verified_count=Count("pk", filter=Q(verified=True)),
                missing_sum=Sum("missing"),
            )
        }
    scores = []
    lacking = []
    for unit in units:
        row = sums.get(unit.pk)
        if row is None or row["n"] != count:
            lacking.append(unit)
            continue
        score = _blank(unit)
        score.total = scoring.cumulative_total([row["total_sum"]], count)
        score.earned = scoring.cumulative_total([row["earned_sum"]], count)
        score.deductions = scoring.cumulative_total([row["deductions_sum"]], count)
        score.vetoed = row["vetoes"] > 0
        score.verified_periods = row["verified_count"]
        score.verified = bool(count) and score.verified_periods == count
        score.missing = row["missing_sum"]
        score.band = scoring.classify(score.total, bands, vetoed=score.vetoed)
        scores.append(score)
    if lacking:
        stored = stored_scores(campaign, periods, lacking, criteria=criteria)
        for unit in lacking:
            per_period = [stored[(p.pk, unit.pk)] for p in periods]
            scores.append(per_period[0] if count == 1 else cumulate(unit, per_period, count, bands))
    return rank(scores)


def add_details(campaign, periods, scores):
    """Fill the points per criterion and group (and, for one period, the status) of these scores."""
    periods = list(periods)
    if not scores or not periods:
        return scores
    units = [Unit(s.organization_id, s.name, s.kind, s.area_id, s.area) for s in scores]
    stored = stored_scores(campaign, periods, units)
    bands = campaign_bands(campaign)
    statuses = {}
    if len(periods) == 1:
        statuses = dict(
            Submission.objects.filter(period=periods[0], organization_id__in=[u.pk for u in units]).values_list(
                "organization_id", "status"
            )
        )
    for score, unit in zip(scores, units, strict=True):
        per_period = [stored[(p.pk, unit.pk)] for p in periods]
        full = per_period[0] if len(periods) == 1 else cumulate(unit, per_period, len(periods), bands)
        score.points, score.group_points = full.points, full.group_points
        score.status = statuses.get(unit.pk)
    return scores


def unit_cumulated(campaign, organization, *, up_to=None):
    """One unit's cumulated score, ranked among its kind and with its details; None when not ranked."""
    periods = periods_up_to(campaign, up_to)
    found = next(
        (
            s
            for s in ranked_scores(campaign, periods, kinds=[organization.kind])
            if s.organization_id == organization.pk
        ),
        None,
    )
    if found is not None:
        add_details(campaign, periods, [found])
    return found


# --- the ranking pages' cache ----------------------------------------------------------------

RANKING_CACHE_SECONDS = 300
_ROW_FIELDS = (
    "organization_id",
    "name",
    "kind",
    "kind_label",
    "area_id",
    "area",
    "earned",
    "deductions",
    "vetoed",
    "total",
    "band",
    "rank",
    "missing",
    "verified",
    "verified_periods",
)


CHUNK = 50  # the ranking page's size: a page reads one chunk from the cache


def _row_score(row):
    return UnitScore(**dict(zip(_ROW_FIELDS, row, strict=True)))


class RankedRows:
    """A ranked list for a paginator, kept in the cache in chunks of CHUNK plain tuples: a
    page reads back its 50 rows only (not the country's 35,000), as UnitScores."""

    def __init__(self, key, count, rows=None, recompute=None):
        self.key, self.count, self.rows, self.recompute = key, count, rows, recompute

    def __len__(self):
        return self.count

    def _rows(self, start, stop):
        if self.rows is not None:
            return self.rows[start:stop]
        from django.core.cache import cache

        first, last = start // CHUNK, (max(stop, start + 1) - 1) // CHUNK
        keys = [f"{self.key}:{i}" for i in range(first, last + 1)]
        found = cache.get_many(keys)
        if len(found) != len(keys):  # evicted meanwhile: compute again
            self.rows = self.recompute()
            return self.rows[start:stop]
        rows = [row for k in keys for row in found[k]]
        return rows[start - first * CHUNK : stop - first * CHUNK]

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _step = index.indices(self.count)
            return [_row_score(row) for row in self._rows(start, stop)]
        return _row_score(self._rows(index, index + 1)[0])


def cached_ranking(campaign, periods, *, kinds=None, area_ids=None):
    """`ranked_scores` for the ranking page, kept in the cache (Redis in production) in chunks
    under the campaign's data version (campaign.scores raises it whenever a score changes)."""
    from django.core.cache import cache
    from django.utils import translation

    from .scores import data_version

    key = ":".join(
        [
            "ranking",
            str(campaign.pk),
            ",".join(str(p.pk) for p in periods),
            ",".join(sorted(kinds or [])),
            ",".join(str(a) for a in sorted(area_ids or [])),
            str(data_version(campaign.pk)),
            translation.get_language() or "",
        ]
    )

    def compute():
        scores = ranked_scores(campaign, periods, kinds=kinds, area_ids=area_ids)
        rows = [tuple(getattr(s, name) for name in _ROW_FIELDS) for s in scores]
        chunks = {f"{key}:{i // CHUNK}": rows[i : i + CHUNK] for i in range(0, len(rows), CHUNK)}
        cache.set_many({**chunks, f"{key}:n": len(rows)}, RANKING_CACHE_SECONDS)
        return rows

    count = cache.get(f"{key}:n")
    if count is not None:
        return RankedRows(key, count, recompute=compute)
    rows = compute()
    return RankedRows(key, len(rows), rows)

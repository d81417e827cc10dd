"""The stored score table (campaign.UnitPeriodScore): scores computed, saved, read back and kept in step.

campaign.scoring is the rule; this module reads what a score needs (criteria, bands,
registrations, targets, verified values, violations) in a fixed handful of queries whatever
the number of units, scores with the rule, and stores one row per unit and period so that a
page does not recompute every unit of the country; campaign.ranking reads the rows to rank.

Who is scored: the campaign's registered units whose kind at least one unit-reported
criterion applies to (`considered_units`), each in its area on the campaign's map
(campaign.areas). A unit without a verified submission for a period has 0 points and
`verified=False`. Only VERIFIED submissions count.

When something a score depends on changes, the service that changed it calls `mark_stale` in
its transaction: the rows are flagged at once (a page reading them recomputes those units
itself, so nobody sees an old score) and the refresh task recomputes them in the background
(synchronously when Celery runs eagerly). Ranks and bands are never stored.
"""

import contextlib
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, FilteredRelation, Q
from django.utils import timezone, translation

from core.caching import bump_on_commit
from core.collation import sort_key_text
from core.jobs import enqueue
from members.models import OrganizationKind

from . import scoring
from .areas import place_units
from .models import (
    BUCKET_UNIQUE,
    Campaign,
    CumulatedScore,
    Registration,
    RegistrationTarget,
    ReportingPeriod,
    ScoreBucket,
    ScoringRule,
    Submission,
    SubmissionStatus,
    SubmissionValue,
    UnitPeriodScore,
    Violation,
    ViolationEffect,
    submission_status_at,
    targets_counted,
    verified_by,
)

ZERO = Decimal("0.00")


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
    counted_periods: int = 0  # cumulated: the periods that count for this unit (due, or verified)

    @property
    def status_label(self):
        return SubmissionStatus(self.status).label if self.status else None


def campaign_bands(campaign):
    """The campaign's bands as [(name, min_score)], highest first."""
    return list(campaign.bands.order_by("-min_score").values_list("name", "min_score"))


@dataclass
class Unit:
    """What a score names of its unit, read in one query with its area."""

    pk: int
    name: str
    kind: str
    area_id: int | None
    area: str


def _criteria(campaign):
    return campaign.criteria.select_related("group").order_by("group__order", "order", "pk")


def campaign_criteria(campaign):
    return list(_criteria(campaign))


def criteria_and_values(submission):
    """(the campaign's criteria, as `campaign_criteria`; the submission's values, each with its
    criterion) in one query: the criteria joined to the submission's value of each, if any.
    `submission` has its period and campaign read (a submission row locked)."""
    criteria = list(
        _criteria(submission.period.campaign)
        .annotate(held=FilteredRelation("values", condition=Q(values__submission=submission.pk)))
        .annotate(
            held_pk=F("held__pk"),
            held_value=F("held__value"),
            held_note=F("held__note"),
            held_staff_score=F("held__staff_score"),
        )
    )
    fields = ["id", "submission_id", "criterion_id", "value", "note", "staff_score"]
    values = []
    for c in criteria:
        if c.held_pk is not None:
            row = [c.held_pk, submission.pk, c.pk, c.held_value, c.held_note, c.held_staff_score]
            value = SubmissionValue.from_db(submission._state.db, fields, row)  # as a query of them gives
            value.submission, value.criterion = submission, c
            values.append(value)
    return criteria, values


def unit_filter(kinds, organization_ids):
    """Filters on a model with an `organization` for the units asked for (areas are not
    columns: a unit's area is the one on the campaign's map, so callers filter by the ids of
    `considered_units` when they ask for areas)."""
    found = {}
    if kinds:
        found["organization__kind__in"] = kinds
    if organization_ids is not None:
        found["organization_id__in"] = organization_ids
    return found


def ranked_kinds(criteria):
    """The kinds of organization ranked in a campaign: those some unit-reported criterion applies to."""
    reported = [c for c in criteria if c.reported_by_unit]
    return [k for k in OrganizationKind.values if any(c.applies_to(k) for c in reported)]


def ranked_registrations(campaign, criteria):
    """The registrations of the units ranked in the campaign: those of a ranked kind."""
    return Registration.objects.filter(campaign=campaign, organization__kind__in=ranked_kinds(criteria))


def considered_units(campaign, criteria, *, kinds=None, area_ids=None, organization_ids=None):
    """The registered units ranked in the campaign: those of a kind some unit-reported criterion
    applies to, each with its area at the grouping level on the campaign's map (campaign.areas)."""
    registrations = ranked_registrations(campaign, criteria)
    registrations = registrations.filter(**unit_filter(kinds, organization_ids))
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
    areas = place_units(campaign, places)
    units = []
    wanted = {int(a) for a in area_ids} if area_ids else None
    for pk, name, kind, *_ids in rows:
        area = areas[pk]
        if wanted is not None and (area is None or area.pk not in wanted):
            continue
        units.append(_unit(pk, name, kind, area))
    return units


def _unit(pk, name, kind, area):
    return Unit(pk, name, kind, area.pk if area else None, area.name if area else "")


def registered_unit(campaign, organization, criteria):
    """(the Unit, its targets that count {(unit id, criterion id): target}) of one organization
    already read (`considered_units` and `ScoreInputs` of that one unit, in one query: its
    registration with its targets), or (None, {}) when it is not ranked in the campaign."""
    if organization.kind not in ranked_kinds(criteria):
        return None, {}
    rows = list(
        Registration.objects.filter(campaign=campaign, organization_id=organization.pk)
        .annotate(counted=ExpressionWrapper(targets_counted(), output_field=BooleanField()))
        .values_list("counted", "targets__criterion_id", "targets__target")
    )
    if not rows:
        return None, {}
    targets = {(organization.pk, crit): target for counted, crit, target in rows if counted and crit is not None}
    area = place_units(campaign, [organization])[organization.pk]
    return _unit(organization.pk, organization.name, organization.kind, area), targets


def blank_score(unit):
    return UnitScore(
        organization_id=unit.pk,
        name=unit.name,
        kind=unit.kind,
        kind_label=_kind_label(unit.kind),
        area_id=unit.area_id,
        area=unit.area,
    )


KIND_ORDER = {kind: index for index, kind in enumerate(OrganizationKind.values)}
OTHER_KIND = 99  # a kind no longer in OrganizationKind ranks after the others

_labels = {}  # (language, kind) -> label: a TextChoices lookup and a gettext per unit cost half a ranking


def _kind_label(kind):
    key = (translation.get_language(), kind)
    found = _labels.get(key)
    if found is None:
        found = _labels[key] = str(OrganizationKind(kind).label) if kind in OrganizationKind.values else kind
    return found


def kind_order(kind):
    return KIND_ORDER.get(kind, OTHER_KIND)


def ranking_columns(kind, name, area_id, sort_name=None):
    """The columns a score row (period or cumulated) is ordered by in a ranking (models.RANKING_ORDER,
    with the area of `ranking_indexes`): the kind's place, the name's Vietnamese sort key (`sort_name`
    when it is already known) and the unit's area on the campaign's map."""
    return {"kind_order": kind_order(kind), "sort_name": sort_name or sort_key_text(name), "area_id": area_id}


def counted(periods, scores, today=None):
    """The period scores of one unit (in the order of `periods`) that count in its cumulated score."""
    today = today or timezone.localdate()
    return [
        s for p, s in zip(periods, scores, strict=True) if scoring.counts_in_cumulation(p.deadline, s.verified, today)
    ]


def cumulate(unit, scores, count, bands, *, vetoed=None):
    """The unit's cumulated UnitScore from its period scores: means over `count` periods.
    `vetoed`: a veto in any period, counted or not (default: in `scores`)."""
    result = blank_score(unit)
    result.counted_periods = count
    result.verified_periods = sum(s.verified_periods for s in scores)
    result.verified = bool(count) and result.verified_periods == count
    result.missing = sum(s.missing for s in scores)
    result.vetoed = any(s.vetoed for s in scores) if vetoed is None else vetoed
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


def _text(value):
    return None if value is None else str(value)


def _number(value):
    return None if value is None else Decimal(value)


def to_row(period_id, unit, score):
    """The UnitPeriodScore row that stores `score` (a UnitScore of one period)."""
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
        **ranking_columns(unit.kind, unit.name, unit.area_id),
    )


# What a histogram bucket is keyed by, read from a score row (period or cumulated).
BUCKET_KEY = ("kind", "kind_order", "vetoed", "verified", "total")


def held_scope(model, scope_id):
    """The cache scope of how many units a histogram holds (its buckets' sum) for one period:
    raised when a row is added or removed, not when a unit moves between buckets."""
    return f"held:{model._meta.model_name}:{scope_id}"


def add_to_buckets(model, scope, deltas):
    """Add `deltas` {(scope id, kind, kind order, vetoed, verified, total): change of n} to the
    histogram `model` (ScoreBucket, scope "period"; CumulatedBucket, scope "up_to"): one
    INSERT … ON CONFLICT DO UPDATE statement (SQLite and PostgreSQL) per 500 buckets."""
    net = defaultdict(int)
    for key, n in deltas.items():
        net[key[0]] += n
    changed = [held_scope(model, scope_id) for scope_id, n in net.items() if n]
    if changed:
        bump_on_commit(*changed)
    # In the order of their keys: two transactions moving units between the same buckets lock
    # them in the same order, so they wait for each other instead of deadlocking.
    deltas = [(*key, n) for key, n in sorted(deltas.items()) if n]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = f"{scope}_id, kind, kind_order, vetoed, verified, total, n"
    conflict = ", ".join([f"{scope}_id", *BUCKET_UNIQUE])  # the buckets' unique constraint (models.bucket_once)
    for start in range(0, len(deltas), 500):
        part = deltas[start : start + 500]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(part))
        params = [
            connection.ops.adapt_decimalfield_value(v, 8, 2) if isinstance(v, Decimal) else v
            for row in part
            for v in row
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET n = {table}.n + excluded.n",
                params,
            )


def bucket_changes(old, new):
    """The histogram deltas of replacing score rows: `old` and `new` are iterables of
    (scope id, kind, kind order, vetoed, verified, total) tuples (a row removed is only in
    `old`, a row added only in `new`)."""
    deltas = defaultdict(int)
    for key in old:
        deltas[_quantized(key)] -= 1
    for key in new:
        deltas[_quantized(key)] += 1
    return {k: n for k, n in deltas.items() if n}


def _quantized(key):
    """The bucket a row counts in: its kind's own order (a row whose stored order is wrong still
    counts in its kind's one bucket: the buckets are unique without the order), its total quantized."""
    scope, kind, kind_order, *rest, total = key
    return (scope, kind, KIND_ORDER.get(kind, kind_order), *rest, scoring.quantize(total))


def upsert_with_buckets(model, bucket_model, scope, rows):
    """Insert or overwrite rows of `model` (unique on (scope, organization)), 2,000 a statement,
    and move their units between the buckets of `bucket_model` in the same transaction: the old
    rows are read (locked) first, so two writers of one unit never count it twice. A row
    overwritten gets every column of the new one but its key."""
    key = ("id", scope, "organization")
    update_fields = [f.name for f in model._meta.concrete_fields if f.name not in key]
    with transaction.atomic(savepoint=False):
        for start in range(0, len(rows), 2_000):
            part = rows[start : start + 2_000]
            pairs = {(getattr(r, f"{scope}_id"), r.organization_id) for r in part}
            before = (
                model.objects.select_for_update()
                .filter(
                    **{f"{scope}_id__in": {p for p, _o in pairs}},
                    organization_id__in={o for _p, o in pairs},
                )
                .order_by("pk")
                .values_list(f"{scope}_id", "organization_id", *BUCKET_KEY)
            )
            old = [row[:1] + row[2:] for row in before if (row[0], row[1]) in pairs]
            model.objects.bulk_create(
                part, update_conflicts=True, unique_fields=[scope, "organization"], update_fields=update_fields
            )
            new = [(getattr(r, f"{scope}_id"), *(getattr(r, name) for name in BUCKET_KEY)) for r in part]
            add_to_buckets(bucket_model, scope, bucket_changes(old, new))


def delete_with_buckets(rows, bucket_model, scope):
    """Delete these rows (a queryset of UnitPeriodScore or CumulatedScore) and take them out of
    the histogram."""
    with transaction.atomic(savepoint=False):
        gone = list(rows.select_for_update().order_by("pk").values_list("pk", f"{scope}_id", *BUCKET_KEY))
        if gone:
            rows.model.objects.filter(pk__in=[row[0] for row in gone]).delete()
            add_to_buckets(bucket_model, scope, bucket_changes([r[1:] for r in gone], []))


def save_scores(rows):
    """Insert or overwrite score rows, with the period's histogram (ScoreBucket)."""
    now = timezone.now()
    for row in rows:
        row.computed_at = now
    upsert_with_buckets(UnitPeriodScore, ScoreBucket, "period", rows)


def delete_scores(rows):
    """Delete these UnitPeriodScore rows (a queryset) and take them out of the histogram."""
    delete_with_buckets(rows, ScoreBucket, "period")


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
_WITHOUT_POINTS = tuple(column for column in STORED_COLUMNS if column != "points")


def stored_scores(campaign, periods, units, *, criteria=None, bands=None, points=True):
    """{(period id, unit id): UnitScore without rank} for these periods and units, from the
    score table; what is missing, stale or scored for another kind is computed and stored.
    `points` False: the points per criterion are left empty (not read nor decoded), for a table
    that shows the groups' points only."""
    bands = campaign_bands(campaign) if bands is None else bands
    by_pk = {u.pk: u for u in units}
    period_ids = [p.pk for p in periods]
    found = {}
    if units and periods:
        rows = UnitPeriodScore.objects.filter(period_id__in=period_ids, stale=False)
        few = len(units) <= 500
        if few:
            rows = rows.filter(organization_id__in=list(by_pk))
        values = rows.values_list(*STORED_COLUMNS) if points else rows.values_list(*_WITHOUT_POINTS)
        # A page's few units in one fetch; the whole country through a cursor, 5,000 rows at a time.
        band_of = scoring.classifier(bands)
        for row in values if few else values.iterator(chunk_size=5_000):
            if not points:
                row = (*row[:3], {}, *row[3:])
            period_id, org, kind, by_criterion, group_points, earned, deductions, total, vetoed, missing, verified = row
            unit = by_pk.get(org)
            if unit is None or unit.kind != kind:
                continue
            score = blank_score(unit)
            score.points = {int(k): _number(v) for k, v in by_criterion.items()}
            score.group_points = {int(k): Decimal(v) for k, v in group_points.items()}
            score.earned, score.deductions, score.total = earned, deductions, total
            score.vetoed, score.missing = vetoed, missing
            score.verified, score.verified_periods = verified, int(verified)
            score.band = band_of(total, vetoed=vetoed)
            found[(period_id, org)] = score
    # A unit lacking any period is scored for all of them: one pass, a fixed number of queries.
    lacking = [u for u in units if any((p.pk, u.pk) not in found for p in periods)]
    if lacking:
        found.update(compute_scores(campaign, periods, lacking, criteria=criteria, bands=bands))
    return found


def compute_scores(campaign, periods, units, *, chunk=2_000, criteria=None, bands=None, targets=None, held=()):
    """Score these units for these periods from the submitted values, store and return them
    (`targets`, `held`: what `ScoreInputs` need not read again)."""
    found = {}
    criteria = campaign_criteria(campaign) if criteria is None else criteria
    bands = campaign_bands(campaign) if bands is None else bands
    for start in range(0, len(units), chunk):
        part = units[start : start + chunk]
        data = ScoreInputs(campaign, periods, units=part, criteria=criteria, bands=bands, targets=targets, held=held)
        rows = []
        for period in periods:
            for unit in part:
                score = data.score(period, unit)
                found[(period.pk, unit.pk)] = score
                rows.append(to_row(period.pk, unit, score))
        save_scores(rows)
    return found


@dataclass(frozen=True)
class HeldReport:
    """One unit's report for one period as the transaction changing it holds it (locked and read):
    its period (with its campaign), its organization, its status as it is written and, when they
    count (a verified report), its values {criterion id: (value, staff score)} as they are
    written, with the campaign's criteria read with them (`criteria_and_values`). Scoring that
    unit for that period from it reads none of these again."""

    period: object
    organization: object
    status: str
    values: dict | None = None
    criteria: list | None = None  # the campaign's, as `campaign_criteria`, when read

    def covers(self, organization_ids, period_ids):
        """Whether these units and periods are this report's unit and period, and only them."""
        return (
            organization_ids is not None
            and period_ids is not None
            and set(organization_ids) == {self.organization.pk}
            and set(period_ids) == {self.period.pk}
        )


class ScoreInputs:
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
        as_of=None,
        targets=None,
        held=(),
    ):
        """`as_of`: score as things stood then (only submissions verified by then count, statuses
        as they were: `submission_status_at`); such scores are not the table's, never store them.
        `targets`: the units' counted targets {(unit id, criterion id): target} when already read.
        `held`: HeldReports of the caller's transaction; when they are every (period, unit) asked
        for, the submissions and values are taken from them instead of being read."""
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
        if targets is None:
            targets = {
                (org, crit): target
                for org, crit, target in RegistrationTarget.objects.counted()
                .filter(registration__campaign=campaign, registration__organization_id__in=org_ids)
                .values_list("registration__organization_id", "criterion_id", "target")
            }
        self.targets = targets
        period_ids = [p.pk for p in self.periods]
        self.values = defaultdict(dict)  # (period, org) -> {criterion: (value, staff_score)}
        held = {(h.period.pk, h.organization.pk): h for h in held} if as_of is None else {}
        if (
            held
            and {(p, o) for p in period_ids for o in org_ids} <= held.keys()
            and all(h.values is not None for h in held.values() if h.status == SubmissionStatus.VERIFIED)
        ):
            # Only a verified report's values count (as `counted` below).
            self.statuses = {key: h.status for key, h in held.items()}
            for key, h in held.items():
                if h.status == SubmissionStatus.VERIFIED:
                    self.values[key] = dict(h.values)
        else:
            counted = Q(submission__status=SubmissionStatus.VERIFIED) if as_of is None else verified_by(as_of)
            for period_id, org, crit, value, staff_score in SubmissionValue.objects.filter(
                counted,
                submission__period_id__in=period_ids,
                submission__organization_id__in=org_ids,
            ).values_list(
                "submission__period_id", "submission__organization_id", "criterion_id", "value", "staff_score"
            ):
                self.values[(period_id, org)][crit] = (value, staff_score)
            self.statuses = {
                (period_id, org): status if as_of is None else submission_status_at(status, submitted, verified, as_of)
                for period_id, org, status, submitted, verified in Submission.objects.filter(
                    period_id__in=period_ids, organization_id__in=org_ids
                )
                .order_by()
                .values_list("period_id", "organization_id", "status", "submitted_at", "verified_at")
            }
        last_end = max((p.ends_on for p in self.periods), default=None)
        self.violations = defaultdict(list)  # org -> [(occurred_on, effect, points, criterion rule, id, max)]
        if last_end is not None:
            # Unordered: what a unit's violations take off is a sum.
            for org, occurred_on, effect, points, crit, rule, cap in (
                Violation.objects.filter(campaign=campaign, organization_id__in=org_ids, occurred_on__lte=last_end)
                .order_by()
                .values_list(
                    "organization_id",
                    "occurred_on",
                    "effect",
                    "points",
                    "criterion_id",
                    "criterion__rule",
                    "criterion__max_points",
                )
            ):
                self.violations[org].append((occurred_on, effect, points, crit, rule, cap))

    def score(self, period, unit):
        """The unit's UnitScore for one period, without its rank."""
        values = self.values.get((period.pk, unit.pk), {})
        status = self.statuses.get((period.pk, unit.pk))
        result = blank_score(unit)
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


# --- keeping the table in step ---------------------------------------------------------------


# The refreshes held back by `refreshes_held`: campaign id -> [unit ids, period ids] (None: all).
_held = threading.local()


@contextlib.contextmanager
def refreshes_held():
    """Within the block, `mark_stale` still flags the rows at once but queues no refresh; at its
    end one refresh per campaign covers every unit and period marked.

    For loading a campaign's whole history in one go (the demo): a refresh queued per change
    would recompute the same units hundreds of times at the commit. Nested blocks hold for the
    outermost one; a block left by an error queues nothing (its transaction is rolled back).
    """
    if getattr(_held, "jobs", None) is not None:
        yield
        return
    _held.jobs = {}
    try:
        yield
        jobs = _held.jobs
    finally:
        _held.jobs = None
    for campaign_id, (organization_ids, period_ids) in jobs.items():
        enqueue(
            "campaign.tasks.refresh_scores",
            campaign_id,
            None if organization_ids is None else sorted(organization_ids),
            None if period_ids is None else sorted(period_ids),
        )


def _hold(jobs, campaign_id, organization_ids, period_ids):
    """Widen the campaign's held refresh to these units and periods: a refresh of the union of
    units over the union of periods covers every pair that was marked."""
    held = jobs.setdefault(campaign_id, [set(), set()])
    for index, ids in enumerate((organization_ids, period_ids)):
        if ids is None or held[index] is None:
            held[index] = None
        else:
            held[index].update(ids)


def mark_stale(campaign_id, organization_ids=None, period_ids=None, *, held=None):
    """Something these units' scores in these periods depend on changed (all units or periods when None).

    For some units (a verification, a return, a violation, a target): their period scores are
    computed now, in the caller's transaction, from what it holds, and written with the
    histogram (`refresh`), so their score and rank are fresh at the commit; their cumulated rows
    are flagged and rewritten by the task after the commit (campaign.standings). For the whole
    campaign (a criterion, a band, a period changed): the rows are flagged at once (a page
    reading them recomputes them itself) and the task recomputes them. Within
    `refreshes_held`, rows are only flagged and one refresh follows the block. `held`: the
    HeldReport of the one unit and period changed (a submission's transition), so that scoring
    it does not read again what the transition holds.
    """
    jobs = getattr(_held, "jobs", None)
    cumulated = CumulatedScore.objects.filter(up_to__campaign_id=campaign_id)
    if organization_ids is not None:
        cumulated = cumulated.filter(organization_id__in=organization_ids)
    cumulated.update(stale=True)
    if organization_ids is None or jobs is not None:
        rows = UnitPeriodScore.objects.filter(period__campaign_id=campaign_id)
        if organization_ids is not None:
            rows = rows.filter(organization_id__in=organization_ids)
        if period_ids is not None:
            rows = rows.filter(period_id__in=period_ids)
        rows.update(stale=True)
    else:
        refresh(campaign_id, organization_ids, period_ids, held=held)
    if jobs is not None:
        _hold(jobs, campaign_id, organization_ids, period_ids)
        return
    # By the task's registered name: services never import tasks (campaign.tasks imports this).
    enqueue(
        "campaign.tasks.refresh_scores",
        campaign_id,
        None if organization_ids is None else list(organization_ids),
        None if period_ids is None else list(period_ids),
    )


def refresh(campaign_id, organization_ids=None, period_ids=None, *, only_stale=False, held=None):
    """Recompute and store the scores of these units and periods (all when None), with the
    histogram; `only_stale`: only the units with a stale or missing row. Returns how many rows.

    `held`: a HeldReport; when it is the one unit and period asked for, the campaign, the
    period, the unit and its report are taken from it, not read again."""
    if held is not None and not only_stale and held.covers(organization_ids, period_ids):
        campaign, periods = held.period.campaign, [held.period]
        criteria = campaign_criteria(campaign) if held.criteria is None else held.criteria
        unit, targets = registered_unit(campaign, held.organization, criteria)
        units, held = ([unit] if unit else []), [held]
    else:
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            return 0
        periods = ReportingPeriod.objects.filter(campaign=campaign).order_by("starts_on", "pk")
        if period_ids is not None:
            periods = periods.filter(pk__in=period_ids)
        periods = list(periods)
        criteria = campaign_criteria(campaign)
        units, targets, held = considered_units(campaign, criteria, organization_ids=organization_ids), None, ()
    ranked = len(units)
    if only_stale:
        units = units_to_refresh(periods, units)
    # No band is stored (they are read with the rows): the scores are computed without them.
    scored = compute_scores(campaign, periods, units, criteria=criteria, bands=(), targets=targets, held=held)
    if organization_ids is not None and ranked == len(set(organization_ids)):
        return len(scored)  # all still ranked: none of their rows goes
    # Units no longer ranked (registration gone, kind no longer scored) keep no row.
    gone = UnitPeriodScore.objects.filter(period__in=periods)
    if organization_ids is not None:
        gone = gone.filter(organization_id__in=organization_ids)
    delete_scores(gone.exclude(organization_id__in=ranked_registrations(campaign, criteria).values("organization_id")))
    return len(scored)


def units_to_refresh(periods, units):
    """Those of `units` whose row of some period is stale, missing, or scored for another kind."""
    fresh = defaultdict(int)
    kinds = {u.pk: u.kind for u in units}
    rows = UnitPeriodScore.objects.filter(period__in=periods, stale=False)
    if len(units) <= 500:  # a few units: their rows only
        rows = rows.filter(organization_id__in=list(kinds))
    rows = rows.values_list("organization_id", "kind")
    for org, kind in rows.iterator(chunk_size=5_000):
        if kinds.get(org) == kind:
            fresh[org] += 1
    return [u for u in units if fresh[u.pk] < len(periods)]

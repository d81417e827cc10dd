"""Ranks kept in tables: the pages read 50 rows from an index and ranks from a histogram.

campaign.score_table keeps one UnitPeriodScore row per unit and period, with what the
ranking orders by (the kind's order, the name's sort key, the unit's area on the campaign's
map), and the period's histogram (ScoreBucket: units per kind, veto, verification and total),
both written in the transaction that changes a score. This module keeps the cumulated rows
(CumulatedScore per period a ranking goes up to, and unit; CumulatedBucket), built with
`ranking.ranked_scores` (the one cumulation rule), and reads both for the pages:

- a unit's rank is 1 + the units of its kind ahead of it: non-vetoed before vetoed, then by
  total (competition ranks: ties share a rank), a sum over the histogram's rows;
- a page of a ranking is the rows in index order (kind, veto, total descending, name's sort
  key, organization) with LIMIT/OFFSET, its count a sum over the histogram;
- a cumulated row holds for the day it was computed as long as no further period became due
  (`due`, the count of periods due that day): when a deadline passes, the rows of that
  ranking are rebuilt (by the daily task, or by the first page that reads them).

What a page reads is made fresh first (`fresh_period`, `fresh_cumulated`): stale or missing
rows (a change to the whole campaign, whose recomputation runs in a task) are computed there,
as `ranked_scores` does. `rebuild` rebuilds every table from the score rows.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from core.caching import remember

from . import counters, scoring
from .models import (
    RANKING_ORDER,
    Campaign,
    CumulatedBucket,
    CumulatedScore,
    ReportingPeriod,
    ScoreBucket,
    Submission,
    UnitPeriodScore,
)
from .ranking import add_details, band_counts, periods_up_to, ranked_scores
from .scopes import registrations
from .score_table import (
    UnitScore,
    _kind_label,
    add_to_buckets,
    bucket_changes,
    campaign_bands,
    campaign_criteria,
    considered_units,
    delete_with_buckets,
    held_scope,
    kind_order,
    ranked_kinds,
    ranking_columns,
    refresh,
    stored_scores,
    units_to_refresh,
    upsert_with_buckets,
)

# --- ranks from a histogram -------------------------------------------------------------------


def ahead_condition(vetoed, total):
    """The buckets (or rows) ahead of a unit with this veto and total, within its kind."""
    if vetoed:
        return Q(vetoed=False) | Q(vetoed=True, total__gt=total)
    return Q(vetoed=False, total__gt=total)


def ranks_of(buckets, keys):
    """{(kind, vetoed, total): competition rank} for `keys`, from `buckets`
    [(kind, vetoed, total, n)]: 1 + the units of the kind strictly ahead."""
    by_kind = defaultdict(list)
    for kind, vetoed, total, n in buckets:
        if n:
            by_kind[kind].append(((not vetoed, total), n))
    found = {}
    for kind, vetoed, total in keys:
        mine = (not vetoed, total)
        found[(kind, vetoed, total)] = 1 + sum(n for key, n in by_kind.get(kind, ()) if key > mine)
    return found


def required_units(campaign):
    """How many units a ranking of the campaign holds (score_table.considered_units): the
    registrations of the ranked kinds, read from the maintained counts (campaign.counters)."""
    return counters.registered_count(campaign, ranked_kinds(campaign_criteria(campaign)))


# --- freshness --------------------------------------------------------------------------------


def fresh_periods(campaign, periods, *, required=None):
    """Compute the rows of these periods that are stale or missing (a change to the whole
    campaign whose task has not run yet), so that the rows and histograms are what
    `ranked_scores` gives. Two grouped queries and a count when all is fresh."""
    ids = [p.pk for p in periods]
    if not ids:
        return
    stale = set(
        UnitPeriodScore.objects.filter(period_id__in=ids, stale=True).values_list("period_id", flat=True).distinct()
    )
    held = _held(campaign, ScoreBucket, "period_id", ids)
    required = required_units(campaign) if required is None else required
    lacking = [pk for pk in ids if pk in stale or (held.get(pk) or 0) != required]
    if lacking:
        refresh(campaign.pk, period_ids=lacking, only_stale=True)


def _held(campaign, model, field, ids):
    """{period id: units its histogram holds}, kept until a row of one of them is added or removed
    (score_table.held_scope) or a registration of the campaign is saved or deleted: a
    verification moves a unit between buckets and keeps the count, so the pages do not sum
    55,000 buckets of twelve periods at each view."""
    return remember(
        f"held:{model._meta.model_name}:{','.join(str(pk) for pk in ids)}",
        lambda: dict(
            model.objects.filter(**{f"{field}__in": ids})
            .values(field)
            .annotate(held=Sum("n"))
            .values_list(field, "held")
        ),
        scopes=[registrations(campaign.pk), *(held_scope(model, pk) for pk in ids)],
    )


def fresh_period(campaign, period):
    fresh_periods(campaign, [period])


def due_count(periods, today):
    """How many of `periods` are due by `today` (scoring.counts_in_cumulation without a verified report)."""
    return sum(1 for p in periods if scoring.counts_in_cumulation(p.deadline, False, today))


def fresh_cumulated(campaign, up_to, *, today=None):
    """Make the cumulated rows up to `up_to` fresh: rebuilt for every unit when a deadline
    passed since they were computed, for the units flagged or missing otherwise."""
    today = today or timezone.localdate()
    periods = periods_up_to(campaign, up_to)
    required = required_units(campaign)
    fresh_periods(campaign, periods, required=required)
    due = due_count(periods, today)
    rows = CumulatedScore.objects.filter(up_to=up_to)
    # Rows of another day's count: the lowest and highest count, read from the ends of the
    # (up_to, due) index whatever the planner's statistics, not a scan of the rows.
    span = rows.aggregate(low=Min("due"), high=Max("due"))
    if span["low"] is not None and (span["low"], span["high"]) != (due, due):
        write_cumulated(campaign, up_to, today=today)
        return
    held = _held(campaign, CumulatedBucket, "up_to_id", [up_to.pk]).get(up_to.pk) or 0
    if held != required:
        write_cumulated(campaign, up_to, today=today)
        return
    stale = list(rows.filter(stale=True).values_list("organization_id", flat=True))
    if stale:
        write_cumulated(campaign, up_to, organization_ids=stale, today=today)


# --- writing the cumulated rows ---------------------------------------------------------------


def write_cumulated(campaign, up_to, *, organization_ids=None, today=None):
    """Rewrite the cumulated rows up to `up_to` of these units (all when None) from
    `ranked_scores` (their period rows must be fresh), with the histogram."""
    today = today or timezone.localdate()
    periods = periods_up_to(campaign, up_to)
    due = due_count(periods, today)
    scores = ranked_scores(campaign, periods, cumulated=True, today=today, organization_ids=organization_ids)
    sort_names = {}  # the period rows' keys, computed once per name
    if scores:
        rows = UnitPeriodScore.objects.filter(period=up_to)
        if organization_ids is not None:
            rows = rows.filter(organization_id__in=organization_ids)
        sort_names = dict(rows.values_list("organization_id", "sort_name"))
    rows = []
    for s in scores:
        rows.append(
            CumulatedScore(
                up_to=up_to,
                organization_id=s.organization_id,
                kind=s.kind,
                **ranking_columns(s.kind, s.name, s.area_id, sort_names.get(s.organization_id)),
                earned=s.earned,
                deductions=s.deductions,
                total=s.total,
                vetoed=s.vetoed,
                missing=s.missing,
                verified=s.verified,
                verified_periods=s.verified_periods,
                counted_periods=s.counted_periods,
                due=due,
                stale=False,
            )
        )
    with transaction.atomic():
        upsert_with_buckets(CumulatedScore, CumulatedBucket, "up_to", rows)
        gone = CumulatedScore.objects.filter(up_to=up_to).exclude(
            organization_id__in=[s.organization_id for s in scores]
        )
        if organization_ids is not None:
            gone = gone.filter(organization_id__in=organization_ids)
        delete_with_buckets(gone, CumulatedBucket, "up_to")
    return len(rows)


def after_change(campaign_id, organization_ids=None, period_ids=None):
    """The task after a change: the period rows still stale (a change to the whole campaign),
    then the cumulated rows of these units in every ranking that covers a changed period."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    written = refresh(campaign_id, organization_ids, period_ids, only_stale=True)
    periods = list(ReportingPeriod.objects.filter(campaign=campaign).order_by("starts_on", "pk"))
    changed = [p for p in periods if period_ids is None or p.pk in period_ids]
    first = min((p.starts_on for p in changed), default=None)
    if first is None:
        return written
    for up_to in periods:
        if up_to.starts_on >= first:
            written += write_cumulated(campaign, up_to, organization_ids=organization_ids)
    return written


def day_changed(today=None):
    """The daily task: rebuild the cumulated rankings of which a period became due since they
    were computed (a deadline passed), so that no page has to."""
    today = today or timezone.localdate()
    rebuilt = 0
    for campaign in Campaign.objects.all():
        periods = list(campaign.periods.order_by("starts_on", "pk"))
        for up_to in periods:
            due = due_count(periods_up_to(campaign, up_to), today)
            if CumulatedScore.objects.filter(up_to=up_to).exclude(due=due).exists():
                rebuilt += write_cumulated(campaign, up_to, today=today)
    return rebuilt


# --- rebuilding every table -------------------------------------------------------------------


def rebuild(campaign, *, today=None):
    """Rebuild the campaign's maintained tables: its stale or missing score rows recomputed, the
    order columns of every row set again (score_table.compute_scores writes them), the period
    histograms counted again from the rows, and the cumulated rows and histograms rewritten."""
    today = today or timezone.localdate()
    periods = list(campaign.periods.order_by("starts_on", "pk"))
    refresh(campaign.pk)
    ScoreBucket.objects.filter(period__in=periods).delete()
    counted = (
        UnitPeriodScore.objects.filter(period__in=periods)
        .values("period_id", "kind", "kind_order", "vetoed", "verified", "total")
        .annotate(n=Count("pk"))
    )
    add_to_buckets(
        ScoreBucket,
        "period",
        {(r["period_id"], r["kind"], r["kind_order"], r["vetoed"], r["verified"], r["total"]): r["n"] for r in counted},
    )
    CumulatedScore.objects.filter(up_to__in=periods).delete()
    CumulatedBucket.objects.filter(up_to__in=periods).delete()
    for up_to in periods:
        write_cumulated(campaign, up_to, today=today)
    return len(periods)


# --- reading pages ----------------------------------------------------------------------------


class RankingPage:
    """A ranking for a paginator: its count from the histogram (or the area's index), its rows
    read a page at a time from the index in the ranking's order, ranked from the histogram."""

    def __init__(self, campaign, rows, buckets, *, cumulated, kinds=None, area_ids=None):
        self.campaign, self.cumulated = campaign, cumulated
        self.rows = rows.order_by(*RANKING_ORDER)
        self.buckets, self.kinds, self.area_ids = buckets, kinds, area_ids
        self._count = None
        self.bands = campaign_bands(campaign)

    def _filtered(self, qs):
        if self.kinds:
            qs = qs.filter(kind__in=self.kinds)
        return qs

    def __len__(self):
        if self._count is None:
            if self.area_ids:
                self._count = self.rows.count()
            else:
                self._count = self._filtered(self.buckets).aggregate(n=Sum("n"))["n"] or 0
        return self._count

    def _histogram(self, condition):
        """[(kind, vetoed, total, n)] of the histogram where `condition` holds."""
        if self.area_ids:  # ranks among the area's units, as ranked_scores(area_ids=…)
            found = self.rows.filter(condition).values_list("kind", "vetoed", "total").annotate(n=Count("pk"))
            return list(found.order_by())
        return list(self.buckets.filter(condition, n__gt=0).values_list("kind", "vetoed", "total", "n"))

    def _ahead(self, conditions):
        """{name: units where its condition holds} in one query."""
        if self.area_ids:
            return self.rows.aggregate(**{name: Count("pk", filter=q) for name, q in conditions.items()})
        return self.buckets.aggregate(**{name: Sum("n", filter=q) for name, q in conditions.items()})

    def _ranks(self, keys):
        """{(kind, vetoed, total): rank} for `keys`: per kind, the units ahead of its best key plus
        the buckets between its best and its worst key (a page's few, not the whole histogram),
        in two queries whatever the kinds."""
        by_kind = {}
        for kind in {key[0] for key in keys}:
            by_kind[kind] = sorted(
                (key for key in keys if key[0] == kind), key=lambda k: (not k[1], k[2]), reverse=True
            )
        ahead, between = {}, Q(pk__in=[])
        for index, (kind, mine) in enumerate(by_kind.items()):
            (_, top_vetoed, top_total), (_, low_vetoed, low_total) = mine[0], mine[-1]
            ahead[f"k{index}"] = Q(kind=kind) & ahead_condition(top_vetoed, top_total)
            between |= (
                Q(kind=kind)
                & ~ahead_condition(top_vetoed, top_total)
                & (ahead_condition(low_vetoed, low_total) | Q(vetoed=low_vetoed, total=low_total))
            )
        counted = self._ahead(ahead)
        ranks = ranks_of(self._histogram(between), keys)
        return {
            key: rank + (counted[f"k{index}"] or 0)
            for index, kind in enumerate(by_kind)
            for key, rank in ranks.items()
            if key[0] == kind
        }

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        return self.scores(self.rows[start:stop])

    def of_units(self, organization_ids):
        """The rows of these units only (in ranking order), ranked among all."""
        return self.scores(self.rows.filter(organization_id__in=organization_ids))

    def scores(self, rows):
        fields = [
            "organization_id",
            "organization__name",
            "kind",
            "area_id",
            "area__name",
            "earned",
            "deductions",
            "vetoed",
            "total",
            "missing",
            "verified",
        ]
        if self.cumulated:
            fields += ["verified_periods", "counted_periods"]
        found = list(rows.values_list(*fields))
        ranks = self._ranks({(row[2], row[7], row[8]) for row in found}) if found else {}
        scores, band_of = [], scoring.classifier(self.bands)
        for row in found:
            org, name, kind, area_id, area, earned, deductions, vetoed, total, missing, verified, *counts = row
            score = UnitScore(
                organization_id=org,
                name=name,
                kind=kind,
                kind_label=_kind_label(kind),
                area_id=area_id,
                area=area or "",
                earned=earned,
                deductions=deductions,
                vetoed=vetoed,
                total=total,
                missing=missing,
                verified=verified,
            )
            score.verified_periods, score.counted_periods = counts if counts else (int(verified), 1)
            score.band = band_of(total, vetoed=vetoed)
            score.rank = ranks[(kind, vetoed, total)]
            scores.append(score)
        return scores


def ranking_page(campaign, periods, *, cumulated=False, kinds=None, area_ids=None, today=None):
    """A period's ranking (one period) or the cumulated one (up to the last of `periods`, as of
    `today`), as `ranked_scores` ranks it, read from the maintained tables: a RankingPage."""
    if not cumulated:
        (period,) = periods
        fresh_period(campaign, period)
        rows = UnitPeriodScore.objects.filter(period=period)
        buckets = ScoreBucket.objects.filter(period=period)
    else:
        if not periods:
            return RankingPage(campaign, CumulatedScore.objects.none(), CumulatedBucket.objects.none(), cumulated=True)
        up_to = periods[-1]
        fresh_cumulated(campaign, up_to, today=today)
        rows = CumulatedScore.objects.filter(up_to=up_to)
        buckets = CumulatedBucket.objects.filter(up_to=up_to)
    if kinds:  # the kind's order too, so that the index narrows to it
        rows = rows.filter(kind__in=kinds, kind_order__in=[kind_order(k) for k in kinds])
    if area_ids:
        rows = rows.filter(area_id__in=[int(a) for a in area_ids])
    return RankingPage(campaign, rows, buckets, cumulated=cumulated, kinds=kinds, area_ids=area_ids)


def unit_history(campaign, organization):
    """[(period, UnitScore)] of one unit over every period of the campaign, ranked within its
    kind each period (1 + the units ahead, from the histograms). Empty when the unit is not
    ranked in the campaign (not registered)."""
    periods = list(campaign.periods.order_by("starts_on", "pk"))
    criteria = campaign_criteria(campaign)
    units = considered_units(campaign, criteria, organization_ids=[organization.pk])
    if not units:
        return []
    fresh_periods(campaign, periods)
    stored = stored_scores(campaign, periods, units, criteria=criteria)
    statuses = dict(
        Submission.objects.filter(period__in=periods, organization=organization).values_list("period_id", "status")
    )
    condition = Q(pk__in=[])
    for period in periods:
        mine = stored[(period.pk, organization.pk)]
        condition |= Q(period=period) & ahead_condition(mine.vetoed, mine.total)
    ahead = dict(
        ScoreBucket.objects.filter(condition, kind=units[0].kind)
        .values("period_id")
        .annotate(n=Sum("n"))
        .values_list("period_id", "n")
    )
    history = []
    for period in periods:
        score = stored[(period.pk, organization.pk)]
        score.status = statuses.get(period.pk)
        score.rank = (ahead.get(period.pk) or 0) + 1
        history.append((period, score))
    return history


def unit_cumulated(campaign, organization, *, up_to=None):
    """One unit's cumulated score, ranked among its kind and with its details; None when not ranked."""
    periods = periods_up_to(campaign, up_to)
    if not periods:
        return None
    found = ranking_page(campaign, periods, cumulated=True).of_units([organization.pk])
    if not found:
        return None
    add_details(campaign, periods, found, cumulated=True)
    return found[0]


def period_figures(campaign, period):
    """(band distribution of the verified units, their best 5, how many) of a period, from the
    histogram and the index: as `ranked_scores` would give them."""
    fresh_period(campaign, period)
    bands = campaign_bands(campaign)
    buckets = ScoreBucket.objects.filter(period=period, verified=True, n__gt=0).values_list("vetoed", "total", "n")
    band_of = scoring.classifier(bands)
    counts = [(band_of(total, vetoed=vetoed), n) for vetoed, total, n in buckets]
    distribution = band_counts(counts, bands)
    rows = UnitPeriodScore.objects.filter(period=period, verified=True).order_by(
        "vetoed", "-total", "sort_name", "organization_id"
    )
    page = RankingPage(campaign, rows, ScoreBucket.objects.filter(period=period), cumulated=False)
    top = page.scores(rows[:5])
    return distribution, top, sum(n for _band, n in counts)


__all__ = [
    "after_change",
    "bucket_changes",
    "day_changed",
    "period_figures",
    "ranking_page",
    "rebuild",
    "unit_cumulated",
    "unit_history",
    "units_to_refresh",
]

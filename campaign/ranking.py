"""Ranked results for pages, exports and reports: ranks, cumulated scores, a unit's history.

Exports and reports call `period_scores`, `cumulative_scores`, `ranked_scores` and
`score_distribution`; the pages read what campaign.standings keeps from `ranked_scores`. They
read the stored score table (campaign.score_table, which computes and stores what is missing
or stale) and rank with the pure rule of campaign.scoring.

Cumulated score: the mean of the unit's period totals over the periods that count for it
(scoring.counts_in_cumulation: among the periods begun, those whose deadline has passed and
those whose report is verified; a counted period without a verified submission counts 0), so
that one set of bands classifies both a period and the cumulated score. Points per criterion
and deductions are cumulated the same way (means).
"""

from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.collation import vietnamese_key

from . import scoring
from .models import Submission, SubmissionStatus, UnitPeriodScore
from .score_table import (
    KIND_ORDER,
    ScoreInputs,
    Unit,
    blank_score,
    campaign_bands,
    campaign_criteria,
    considered_units,
    counted,
    cumulate,
    stored_scores,
    unit_filter,
)


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
    return sorted(scores, key=lambda s: (KIND_ORDER.get(s.kind, 99), s.rank, vietnamese_key(s.name)))


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
        Submission.objects.filter(period=period, **unit_filter(kinds, organization_ids)).values_list(
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
    scores = []
    for unit in units:
        per_period = [stored[(p.pk, unit.pk)] for p in periods]
        counting = counted(periods, per_period)
        scores.append(cumulate(unit, counting, len(counting), bands, vetoed=any(s.vetoed for s in per_period)))
    return rank(scores)


def score_distribution(scores, bands):
    """[(band name, count)] in the order of `bands` (highest first), then (None, count) for
    the units not classified (below every band, or vetoed)."""
    return band_counts([(score.band, 1) for score in scores], bands)


def band_counts(counts, bands):
    """`score_distribution` of [(band name or None, how many)]."""
    found = defaultdict(int)
    for band, n in counts:
        found[band] += n
    ordered = sorted(bands, key=lambda band: band[1], reverse=True)
    return [(name, found.get(name, 0)) for name, _low in ordered] + [(None, found.get(None, 0))]


# --- ranking many units without their details -----------------------------------------------


def ranked_scores(
    campaign, periods, *, cumulated=False, today=None, as_of=None, kinds=None, area_ids=None, organization_ids=None
):
    """Every considered unit's score over `periods` (one period, or cumulated over several),
    ranked, with its total, deductions, veto, verified periods and band but without the
    points per criterion and group (`add_details` fills those for the rows shown).

    `cumulated`: only the periods that count for each unit (due by `today`, or verified) are
    averaged (scoring.counts_in_cumulation); otherwise every period given counts.

    `as_of` (a moment): the scores as they stood then — a report's cut-off. Only submissions
    verified by then count (`submission_status_at`), and `today` defaults to its day. The
    units with a submission of these periods verified later are scored again as of then
    (ScoreInputs, not stored); the others' rows in the table are already what stood then.

    Sums are read from the score table in one grouped query; the mean is
    scoring.cumulative_total of the sum, which is the mean of the period totals. Units whose
    rows are missing or stale are scored in full (and stored) instead.
    """
    periods = list(periods)
    today = today or timezone.localdate(as_of)
    criteria = campaign_criteria(campaign)
    units = considered_units(campaign, criteria, kinds=kinds, area_ids=area_ids, organization_ids=organization_ids)
    bands = campaign_bands(campaign)
    if area_ids:  # areas are on the campaign's map, not columns: ask for the units found there
        organization_ids = [u.pk for u in units]
    due = [p.pk for p in periods if not cumulated or scoring.counts_in_cumulation(p.deadline, False, today)]
    counts = Q(stale=False) & (Q(period__in=due) | Q(verified=True))
    sums = {}
    if units and periods:
        rows = UnitPeriodScore.objects.filter(
            period__in=periods,
            kind=F("organization__kind"),
            **unit_filter(kinds, None),
        )
        if organization_ids is not None:
            rows = rows.filter(organization_id__in=organization_ids)
        sums = {
            row["organization_id"]: row
            for row in rows.values("organization_id").annotate(
                fresh=Count("pk", filter=Q(stale=False)),
                n=Count("pk", filter=counts),
                total_sum=Sum("total", filter=counts),
                earned_sum=Sum("earned", filter=counts),
                deductions_sum=Sum("deductions", filter=counts),
                vetoes=Count("pk", filter=Q(stale=False, vetoed=True)),
                verified_count=Count("pk", filter=counts & Q(verified=True)),
                missing_sum=Sum("missing", filter=counts),
            )
        }
    verified_later = set()
    if as_of is not None and units and periods:
        verified_later = set(
            Submission.objects.filter(
                period__in=periods, status=SubmissionStatus.VERIFIED, verified_at__gt=as_of
            ).values_list("organization_id", flat=True)
        )
    scores = []
    lacking = []
    then = []
    for unit in units:
        row = sums.get(unit.pk)
        if unit.pk in verified_later:
            then.append(unit)
            continue
        if row is None or row["fresh"] != len(periods):
            lacking.append(unit)
            continue
        count = row["n"]
        score = blank_score(unit)
        score.counted_periods = count
        score.total = scoring.cumulative_total([row["total_sum"]], count)
        score.earned = scoring.cumulative_total([row["earned_sum"]], count)
        score.deductions = scoring.cumulative_total([row["deductions_sum"]], count)
        score.vetoed = row["vetoes"] > 0
        score.verified_periods = row["verified_count"]
        score.verified = bool(count) and score.verified_periods == count
        score.missing = row["missing_sum"] or 0
        score.band = scoring.classify(score.total, bands, vetoed=score.vetoed)
        scores.append(score)
    found = {}
    if lacking:
        found.update(stored_scores(campaign, periods, lacking, criteria=criteria))
    if then:
        inputs = ScoreInputs(campaign, periods, units=then, criteria=criteria, bands=bands, as_of=as_of)
        found.update({(p.pk, u.pk): inputs.score(p, u) for p in periods for u in then})
    for unit in [*lacking, *then]:
        per_period = [found[(p.pk, unit.pk)] for p in periods]
        vetoed = any(s.vetoed for s in per_period)
        if len(per_period) == 1 and not cumulated:
            per_period[0].counted_periods = 1
            scores.append(per_period[0])
        else:
            counting = counted(periods, per_period, today) if cumulated else per_period
            scores.append(cumulate(unit, counting, len(counting), bands, vetoed=vetoed))
    return rank(scores)


def add_details(campaign, periods, scores, *, cumulated=False, points=True):
    """Fill the points per criterion and group (and, for one period, the status) of these scores;
    `cumulated` as for ranked_scores; `points` False: the groups' points only (a ranking table)."""
    periods = list(periods)
    if not scores or not periods:
        return scores
    units = [Unit(s.organization_id, s.name, s.kind, s.area_id, s.area) for s in scores]
    stored = stored_scores(campaign, periods, units, points=points)
    bands = campaign_bands(campaign)
    statuses = {}
    if len(periods) == 1 and not cumulated:
        statuses = dict(
            Submission.objects.filter(period=periods[0], organization_id__in=[u.pk for u in units]).values_list(
                "organization_id", "status"
            )
        )
    for score, unit in zip(scores, units, strict=True):
        per_period = [stored[(p.pk, unit.pk)] for p in periods]
        if len(periods) == 1 and not cumulated:
            full = per_period[0]
        else:
            counting = counted(periods, per_period) if cumulated else per_period
            full = cumulate(unit, counting, len(counting), bands)
        score.points, score.group_points = full.points, full.group_points
        score.status = statuses.get(unit.pk)
    return scores


# --- the rows of a ranking table: the page and its Excel export ------------------------------


def table_rows(scores, groups, *, period=None):
    """The rows of a ranking as both its page and its Excel export show them (one period, or
    cumulated when `period` is None): the same cells, the deductions with their minus sign, and
    “verified” as the period's report status or, cumulated, verified periods / periods counted."""
    rows = []
    for s in scores:
        if period is not None:
            verified = str(s.status_label) if s.status else str(_("Not submitted"))
        else:
            verified = f"{s.verified_periods}/{s.counted_periods}"
        rows.append(
            {
                "score": s,
                "rank": s.rank,
                "organization_id": s.organization_id,
                "name": s.name,
                "kind": s.kind,
                "kind_label": s.kind_label,
                "area": s.area,
                "total": s.total,
                "band": s.band,
                "group_cells": [s.group_points.get(g.pk) for g in groups],
                "deductions": -s.deductions if s.deductions else None,
                "vetoed": s.vetoed,
                "status": s.status if period is not None else None,
                "status_label": s.status_label if period is not None else None,
                "verified": verified,
            }
        )
    return rows

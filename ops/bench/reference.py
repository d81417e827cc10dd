"""The ranking as one hand-written SQL aggregate: what campaign.ranking is timed and checked against.

It restates campaign.scoring's rules in SQL (points per criterion by rule, rounded half up
to cents; deductions per criterion capped by a DEDUCTION criterion's maximum; a veto up to
the period's end; totals never below 0; RANK() within the kind, vetoed units last). It is a
yardstick for the benchmark only: the app scores in Python, in one place.
"""

import time

from django.db import connection, transaction

PERIOD_TOTALS = """
WITH crit AS (
    SELECT id, rule, max_points, points_per_unit, target, kinds
    FROM campaign_criterion WHERE campaign_id = %(campaign)s
),
units AS (
    SELECT r.organization_id AS org, o.kind, r.id AS registration
    FROM campaign_registration r JOIN members_organization o ON o.id = r.organization_id
    WHERE r.campaign_id = %(campaign)s AND EXISTS (
        SELECT 1 FROM crit c WHERE c.rule NOT IN ('deduction', 'veto')
          AND (jsonb_array_length(c.kinds) = 0 OR c.kinds ? o.kind))
),
periods AS (
    SELECT id, starts_on, ends_on FROM campaign_reportingperiod WHERE id = ANY(%(periods)s)
),
points AS (
    SELECT s.period_id AS period, s.organization_id AS org,
        CASE
            WHEN c.rule = 'qualitative' THEN round(least(greatest(v.staff_score, 0), c.max_points), 2)
            WHEN c.rule = 'target' AND coalesce(t.target, c.target) IS NULL THEN NULL
            WHEN v.value IS NULL THEN 0
            WHEN c.rule = 'target' THEN CASE
                WHEN coalesce(t.target, c.target) = 0 THEN CASE WHEN v.value >= 0 THEN c.max_points ELSE 0 END
                ELSE round(c.max_points * least(greatest(v.value / coalesce(t.target, c.target), 0), 1), 2) END
            WHEN c.rule = 'percentage' THEN round(c.max_points * least(greatest(v.value, 0), 100) / 100, 2)
            WHEN c.rule = 'yes_no' THEN CASE WHEN v.value >= 1 THEN c.max_points ELSE 0 END
            WHEN c.rule = 'count' THEN round(least(greatest(v.value * coalesce(c.points_per_unit, 1), 0), c.max_points), 2)
        END AS pts
    FROM campaign_submission s
    JOIN campaign_submissionvalue v ON v.submission_id = s.id
    JOIN campaign_criterion c ON c.id = v.criterion_id
    JOIN members_organization o ON o.id = s.organization_id
    JOIN campaign_registration r ON r.organization_id = s.organization_id AND r.campaign_id = %(campaign)s
    LEFT JOIN campaign_registrationtarget t ON t.registration_id = r.id AND t.criterion_id = c.id
    WHERE s.period_id = ANY(%(periods)s) AND s.status = 'verified' AND c.campaign_id = %(campaign)s
      AND c.rule NOT IN ('deduction', 'veto') AND (jsonb_array_length(c.kinds) = 0 OR c.kinds ? o.kind)
),
earned AS (
    SELECT period, org, sum(pts) AS earned FROM points GROUP BY period, org
),
deduction_per_criterion AS (
    SELECT p.id AS period, x.organization_id AS org,
        CASE WHEN c.rule = 'deduction' AND c.max_points > 0 THEN least(sum(x.points), c.max_points)
             ELSE sum(x.points) END AS points
    FROM campaign_violation x
    JOIN periods p ON x.occurred_on BETWEEN p.starts_on AND p.ends_on
    LEFT JOIN crit c ON c.id = x.criterion_id
    WHERE x.campaign_id = %(campaign)s AND x.effect <> 'veto' AND coalesce(c.rule, '') <> 'veto'
    GROUP BY p.id, x.organization_id, x.criterion_id, c.rule, c.max_points
),
deductions AS (
    SELECT period, org, sum(round(points, 2)) AS deductions FROM deduction_per_criterion GROUP BY period, org
),
vetoes AS (
    SELECT DISTINCT p.id AS period, x.organization_id AS org
    FROM campaign_violation x
    JOIN periods p ON x.occurred_on <= p.ends_on
    LEFT JOIN crit c ON c.id = x.criterion_id
    WHERE x.campaign_id = %(campaign)s AND (x.effect = 'veto' OR c.rule = 'veto')
),
totals AS (
    SELECT p.id AS period, u.org, u.kind, v.org IS NOT NULL AS vetoed,
        round(greatest(coalesce(e.earned, 0) - coalesce(d.deductions, 0), 0), 2) AS total
    FROM units u CROSS JOIN periods p
    LEFT JOIN earned e ON e.period = p.id AND e.org = u.org
    LEFT JOIN deductions d ON d.period = p.id AND d.org = u.org
    LEFT JOIN vetoes v ON v.period = p.id AND v.org = u.org
)
"""

PERIOD_RANKING = (
    PERIOD_TOTALS
    + """
SELECT org, total, vetoed, rank() OVER (PARTITION BY kind ORDER BY vetoed, total DESC) AS rank FROM totals
"""
)

CUMULATED_RANKING = (
    PERIOD_TOTALS
    + """
, cumulated AS (
    SELECT org, kind, bool_or(vetoed) AS vetoed, round(sum(total) / %(count)s, 2) AS total
    FROM totals GROUP BY org, kind
)
SELECT org, total, vetoed, rank() OVER (PARTITION BY kind ORDER BY vetoed, total DESC) AS rank FROM cumulated
"""
)


def _run(sql, params):
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # As a DBA would run a report: memory enough to aggregate without spilling to disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return time.perf_counter() - started, {org: (total, vetoed, rank) for org, total, vetoed, rank in rows}


def period_ranking(campaign, period):
    """(seconds, {organization id: (total, vetoed, rank)}) of one period."""
    return _run(PERIOD_RANKING, {"campaign": campaign.pk, "periods": [period.pk]})


def cumulated_ranking(campaign, periods):
    """(seconds, {organization id: (total, vetoed, rank)}) cumulated over `periods` (mean of the totals)."""
    return _run(CUMULATED_RANKING, {"campaign": campaign.pk, "periods": [p.pk for p in periods], "count": len(periods)})


def as_reference(scores):
    """The app's UnitScores in the reference's shape."""
    return {s.organization_id: (s.total, s.vetoed, s.rank) for s in scores}


def differences(app, sql, limit=5):
    """A few units where the app and the SQL disagree (empty when they agree)."""
    keys = sorted(set(app) | set(sql))
    return [(k, app.get(k), sql.get(k)) for k in keys if app.get(k) != sql.get(k)][:limit]

"""The floor of each page: the cheapest correct SQL for what the page shows, on the schema as it
is, timed in the same run as the page (docs/benchmarks.md, "The floor").

Each entry reads what its page puts on the screen — the first page of rows in the page's order
and the counts it prints — with the indexes that exist, and nothing else: no permissions, no
forms, no labels. The page's floor is the floor page (the app's shell around 50 stored rows)
plus this SQL.
"""

from django.db import connection, transaction

# name of the page (ops.bench.load.pages) → [(what it reads, SQL)]; parameters: campaign,
# period (the latest begun), periods (all of the campaign), unit, submission.
FLOOR_SQL = {
    "dashboard": [
        (
            "counts by status and lateness of the latest period",
            "SELECT status, is_late, count(*) FROM campaign_submission WHERE period_id = %(period)s GROUP BY 1, 2",
        ),
        (
            "the 10 best units of the period",
            "SELECT organization_id, total FROM campaign_unitperiodscore WHERE period_id = %(period)s"
            " AND NOT vetoed ORDER BY total DESC LIMIT 10",
        ),
    ],
    "ranking_period": [
        (
            "50 rows of the period in rank order, with names",
            "SELECT s.organization_id, o.name, s.kind, s.total, s.vetoed FROM campaign_unitperiodscore s"
            " JOIN members_organization o ON o.id = s.organization_id WHERE s.period_id = %(period)s"
            " ORDER BY s.kind, s.vetoed, s.total DESC, s.organization_id LIMIT 50",
        ),
        ("the count", "SELECT count(*) FROM campaign_unitperiodscore WHERE period_id = %(period)s"),
    ],
    "ranking_cumulated": [
        (
            "the 50 best sums over the periods (no cumulated table: one aggregate)",
            "SELECT organization_id, kind, sum(total) AS total FROM campaign_unitperiodscore"
            " WHERE period_id = ANY(%(periods)s) GROUP BY organization_id, kind ORDER BY kind, total DESC LIMIT 50",
        ),
    ],
    "queue": [
        (
            "25 submissions of the latest period from its (period, status) index",
            "SELECT s.id, s.status, s.submitted_at, o.name FROM campaign_submission s"
            " JOIN members_organization o ON o.id = s.organization_id WHERE s.period_id = %(period)s"
            " ORDER BY s.status, s.id LIMIT 25",
        ),
        (
            "counts by status",
            "SELECT status, count(*) FROM campaign_submission WHERE period_id = %(period)s GROUP BY 1",
        ),
    ],
    "shortlist": [
        (
            "50 passed nominations of the campaign by score",
            "SELECT n.id, n.award_type_id, n.score, n.organization_id, n.person_id FROM awards_nomination n"
            " WHERE n.campaign_id = %(campaign)s AND n.status = 'passed'"
            " ORDER BY n.award_type_id, n.score DESC NULLS LAST, n.id LIMIT 50",
        ),
        (
            "counts per award type",
            "SELECT award_type_id, count(*) FROM awards_nomination WHERE campaign_id = %(campaign)s"
            " AND status = 'passed' GROUP BY 1",
        ),
    ],
    "unit_home": [
        (
            "the unit's submissions",
            "SELECT s.period_id, s.status FROM campaign_submission s WHERE s.organization_id = %(unit)s",
        ),
        (
            "its score and rank per period (units of its kind ahead of it)",
            "SELECT me.period_id, me.total, me.vetoed, 1 + (SELECT count(*) FROM campaign_unitperiodscore o"
            " WHERE o.period_id = me.period_id AND o.kind = me.kind AND NOT o.vetoed AND o.total > me.total)"
            " FROM campaign_unitperiodscore me WHERE me.organization_id = %(unit)s",
        ),
    ],
    "organizations": [
        (
            "50 organizations by name",
            "SELECT id, name, tax_code, kind, status, province_id FROM members_organization"
            ' WHERE archived_on IS NULL ORDER BY name COLLATE "vi-x-icu", id LIMIT 50',
        ),
        ("the count", "SELECT count(*) FROM members_organization"),
    ],
    "people": [
        (
            "50 people by name",
            "SELECT p.id, p.full_name, p.position, o.name FROM members_person p JOIN members_organization o"
            ' ON o.id = p.organization_id ORDER BY p.full_name COLLATE "vi-x-icu", p.id LIMIT 50',
        ),
        ("the count", "SELECT count(*) FROM members_person"),
    ],
    "nominations": [
        (
            "the 50 newest nominations",
            "SELECT id, nominee_kind, status, organization_id, person_id FROM awards_nomination"
            " ORDER BY created_at DESC, id DESC LIMIT 50",
        ),
        ("the count", "SELECT count(*) FROM awards_nomination"),
    ],
    "submission_form": [
        (
            "the submission and its values with their criteria",
            "SELECT v.id, v.value, v.note, c.name, c.rule, c.max_points, c.target FROM campaign_submissionvalue v"
            " JOIN campaign_criterion c ON c.id = v.criterion_id WHERE v.submission_id = %(submission)s",
        ),
        ("the submission", "SELECT id, status, version, period_id FROM campaign_submission WHERE id = %(submission)s"),
    ],
}


# Where the app keeps a table (or columns) that answers the page directly, the floor reads it
# instead (the cheapest correct SQL is then an index read): {page: ("table" or "table.column",
# [(what, SQL)])}.
WITH_TABLE = {
    "ranking_cumulated": (
        "campaign_cumulatedscore",
        [
            (
                "50 rows of the cumulated table in rank order",
                "SELECT organization_id, sort_name, kind, total, vetoed FROM campaign_cumulatedscore"
                " WHERE up_to_id = %(period)s ORDER BY kind_order, vetoed, total DESC, sort_name, organization_id"
                " LIMIT 50",
            ),
            ("the count", "SELECT count(*) FROM campaign_cumulatedscore WHERE up_to_id = %(period)s"),
        ],
    ),
    "queue": (
        "campaign_submissioncount",
        [
            FLOOR_SQL["queue"][0],
            (
                "counts by status from the counter table",
                "SELECT status, sum(n) FROM campaign_submissioncount WHERE period_id = %(period)s GROUP BY 1",
            ),
        ],
    ),
    "dashboard": (
        "campaign_submissioncount",
        [
            (
                "counts by status and lateness from the counter table",
                "SELECT status, is_late, sum(n) FROM campaign_submissioncount WHERE period_id = %(period)s"
                " GROUP BY 1, 2",
            ),
            FLOOR_SQL["dashboard"][1],
        ],
    ),
    "shortlist": (
        "awards_nomination.shortlist_score",
        [
            (
                "50 passed nominations of the first award type (tab) by their stored score",
                "SELECT n.id, n.organization_id, n.person_id, n.shortlist_score FROM awards_nomination n"
                " WHERE n.campaign_id = %(campaign)s AND n.status = 'passed' AND n.award_type_id = ("
                "SELECT min(award_type_id) FROM awards_nomination WHERE campaign_id = %(campaign)s"
                " AND status = 'passed') ORDER BY n.shortlist_scored DESC, n.shortlist_score DESC,"
                " n.nominee_sort_key, n.id LIMIT 50",
            ),
            FLOOR_SQL["shortlist"][1],
        ],
    ),
}


def _exists(name):
    table, _dot, column = name.partition(".")
    if table not in connection.introspection.table_names():
        return False
    if not column:
        return True
    with connection.cursor() as cursor:
        return column in {c.name for c in connection.introspection.get_table_description(cursor, table)}


def floor_sql(name):
    """[(what, SQL)] of the page's floor on the schema of this database."""
    if name in WITH_TABLE:
        where, queries = WITH_TABLE[name]
        if _exists(where):
            return queries
    return FLOOR_SQL[name]


def run_floor_sql(name, params):
    """Run the page's floor SQL once (one transaction, as a request would); returns the rows read."""
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for _what, sql in floor_sql(name):
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return rows


def describe(name):
    return "; ".join(what for what, _sql in floor_sql(name))

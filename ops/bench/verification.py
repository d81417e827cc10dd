"""A verification: `campaign.submissions.verify` against a bare upsert of what it writes, and
the unit's score and rank fresh when it returns (the commit), checked against the SQL reference.
"""

import importlib

from django.db import connection, transaction

from campaign.models import Submission, UnitPeriodScore

from . import reference, verdict
from .load import Verifier
from .registry import Row, last_period, measure

TIMES = 9  # verifications timed (the median is reported)
CHECKED = 3  # of which the score and rank are checked against the SQL reference


def bare_upsert(submission, scores, office_id):
    """Seconds to write what a verification writes — the values' staff scores and the status —
    as one bare upsert and one update in a transaction, then rolled back (the service verifies
    the same report next)."""
    rows = list(submission.values.values_list("pk", "submission_id", "criterion_id", "value", "note"))
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    params = [item for pk, sub, crit, value, note in rows for item in (pk, sub, crit, value, note, scores.get(crit))]
    started = verdict.clock()
    with transaction.atomic(), connection.cursor() as cursor:
        if rows:
            cursor.execute(
                "INSERT INTO campaign_submissionvalue (id, submission_id, criterion_id, value, note, staff_score)"
                f" VALUES {placeholders} ON CONFLICT (id) DO UPDATE SET staff_score = EXCLUDED.staff_score",
                params,
            )
        cursor.execute(
            "UPDATE campaign_submission SET status = 'verified', verified_at = now(), verified_by_id = %s,"
            " updated_at = now() WHERE id = %s",
            [office_id, submission.pk],
        )
        transaction.set_rollback(True)
    return verdict.clock() - started


def _unit_history():
    """The app's reading of a unit's score and rank per period: from the maintained rank tables
    (campaign.standings) where they exist, else from the score table (campaign.ranking)."""
    for module in ("campaign.standings", "campaign.ranking"):
        try:
            return importlib.import_module(module).unit_history
        except (ImportError, AttributeError):
            continue
    raise ImportError("no unit_history in campaign.standings or campaign.ranking")


def freshness(campaign, period, organization_id):
    """[] when the unit's stored score and rank equal the SQL reference's, else what differs."""
    stored = UnitPeriodScore.objects.filter(period=period, organization_id=organization_id).first()
    history = dict(_unit_history()(campaign, stored.organization) if stored else [])
    found = history.get(period)
    _seconds, sql = reference.period_ranking(campaign, period)
    app = None if found is None else (found.total, found.vetoed, found.rank)
    problems = []
    if stored is None or getattr(stored, "stale", False):
        problems.append("the stored row is missing or marked stale")
    if app != sql.get(organization_id):
        problems.append(f"unit {organization_id}: app {app}, SQL {sql.get(organization_id)}")
    return problems


@measure("verification", "A verification vs a bare upsert; the unit's score and rank fresh at the commit")
def verification(ctx):
    campaign = ctx.campaign
    period = last_period(campaign)
    verifier = Verifier(campaign)
    bare, app, stale = [], [], []
    for i in range(TIMES):
        pk = verifier.next()
        if pk is None:
            break
        submission = Submission.objects.get(pk=pk)
        bare.append(bare_upsert(submission, verifier.scores(submission), verifier.office.pk))
        seconds, submission = verifier.verify(pk)
        app.append(seconds)
        if i < CHECKED:
            stale += freshness(campaign, period, submission.organization_id)
    if not app:
        return [Row("verify(), one report", "not measured", met=False, note="no submitted report left to verify")]
    found = verdict.within_floor(verdict.median(app), verdict.median(bare), 3)
    found.floor = f"{found.floor} (bare upsert)"
    checked = min(CHECKED, len(app))
    return [
        Row.judged(
            "verify(), one report (median), vs a bare upsert of its values and status",
            found,
            f"median of {len(app)}, its transaction and commit; what it queues for a worker "
            f"(the unit's cumulated rows and rank scores, its e-mail) took "
            f"{verdict.median(verifier.after_commit) * 1000:.0f} ms more, apart",
        ),
        Row(
            "The unit's score and rank fresh when verify() returns",
            "yes" if not stale else "no",
            "equal to the SQL reference",
            not stale,
            f"{checked} verifications checked: stored row (not stale), unit_history's total, veto and rank"
            + ("" if not stale else "; " + "; ".join(stale))[:300],
        ),
    ]

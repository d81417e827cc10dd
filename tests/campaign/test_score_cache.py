"""The stored scores (campaign.UnitPeriodScore) are a cache of campaign.scoring: stored = recomputed,
and what changes a score flags its rows and refreshes them."""

import datetime as dt
from decimal import Decimal as D

from factories import RegistrationTargetFactory, SubmissionValueFactory, UserFactory, ViolationFactory

from campaign import submissions
from campaign.models import Registration, ScoreBucket, SubmissionStatus, UnitPeriodScore, ViolationEffect
from campaign.ranking import (
    cumulative_scores,
    period_scores,
    periods_up_to,
    rank,
    ranked_scores,
)
from campaign.score_table import ScoreInputs, mark_stale, refresh
from campaign.violations import record_violation
from members.models import Role
from tests.worlds import submit


def recomputed(campaign, periods):
    """Every unit's score per period, computed from the values as if nothing were stored."""
    data = ScoreInputs(campaign, periods)
    return {(p.pk, u.pk): data.score(p, u) for p in periods for u in data.units}


def _shape(score):
    return (score.points, score.group_points, score.earned, score.deductions, score.total, score.vetoed, score.missing)


def stored(period):
    return {
        row.organization_id: (
            {int(k): None if v is None else D(v) for k, v in row.points.items()},
            {int(k): D(v) for k, v in row.group_points.items()},
            row.earned,
            row.deductions,
            row.total,
            row.vetoed,
            row.missing,
        )
        for row in UnitPeriodScore.objects.filter(period=period, stale=False)
    }


def test_stored_scores_equal_the_scores_recomputed_from_the_values(district_ranking):  # noqa: F811
    record_violation(
        district_ranking.campaign,
        organization=district_ranking.orgs.b,
        criterion=district_ranking.crit.breach,
        occurred_on=dt.date(2021, 11, 20),
        description="Tụ tập đông người",
        effect=ViolationEffect.DEDUCTION,
        by=None,
    )
    periods = [district_ranking.p1, district_ranking.p2]
    refresh(district_ranking.campaign.pk)

    fresh = recomputed(district_ranking.campaign, periods)
    for period in periods:
        assert stored(period) == {org: _shape(s) for (p, org), s in fresh.items() if p == period.pk}


def test_pages_read_the_same_scores_from_the_table_as_computed(district_ranking):  # noqa: F811
    first = [(s.organization_id, s.total, s.rank, s.band, s.points) for s in period_scores(district_ranking.p1)]
    assert UnitPeriodScore.objects.filter(period=district_ranking.p1).count() == 4  # stored on the first read

    data = ScoreInputs(district_ranking.campaign, [district_ranking.p1])
    computed = rank([data.score(district_ranking.p1, u) for u in data.units])
    assert first == [(s.organization_id, s.total, s.rank, s.band, s.points) for s in computed]
    assert [
        (s.organization_id, s.total, s.rank, s.band)
        for s in ranked_scores(district_ranking.campaign, [district_ranking.p1])
    ] == [(s.organization_id, s.total, s.rank, s.band) for s in computed]
    cumulated = cumulative_scores(district_ranking.campaign, up_to=district_ranking.p2)
    assert [(s.organization_id, s.total, s.rank, s.band, s.verified) for s in cumulated] == [
        (s.organization_id, s.total, s.rank, s.band, s.verified)
        for s in ranked_scores(district_ranking.campaign, periods_up_to(district_ranking.campaign, district_ranking.p2))
    ]


def test_verifying_a_report_flags_its_row_and_the_task_refreshes_it(
    district_ranking,  # noqa: F811
    eager_celery,
    django_capture_on_commit_callbacks,
):
    office = UserFactory(username="vanphong_cache", role=Role.OFFICE)
    period_scores(district_ranking.p1)  # stores the rows
    before = UnitPeriodScore.objects.get(period=district_ranking.p1, organization=district_ranking.orgs.c)
    assert before.total == D("0.00")  # C's report is only submitted
    submission = district_ranking.orgs.c.submissions.get(period=district_ranking.p1)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submissions.verify(submission, by=office)

    assert callbacks  # the refresh was queued after the commit (and ran: Celery is eager here)
    after = UnitPeriodScore.objects.get(period=district_ranking.p1, organization=district_ranking.orgs.c)
    assert (after.stale, after.verified, after.total) == (False, True, D("50.00"))
    assert stored(district_ranking.p1)[district_ranking.orgs.c.pk] == _shape(
        recomputed(district_ranking.campaign, [district_ranking.p1])[
            (district_ranking.p1.pk, district_ranking.orgs.c.pk)
        ]
    )


def test_a_violation_rescores_the_unit_in_its_transaction(district_ranking):  # noqa: F811
    period_scores(district_ranking.p1)
    # Without on_commit callbacks (the test's transaction never commits) the task does not run:
    # the unit's row is written by the violation's own transaction.
    record_violation(
        district_ranking.campaign,
        organization=district_ranking.orgs.a,
        occurred_on=dt.date(2021, 11, 25),
        description="Vi phạm nghiêm trọng",
        effect=ViolationEffect.VETO,
        by=None,
    )
    row = UnitPeriodScore.objects.get(period=district_ranking.p1, organization=district_ranking.orgs.a)
    assert (row.stale, row.vetoed) == (False, True)


def test_a_flagged_row_is_recomputed_when_read_before_the_task_has_run(district_ranking):  # noqa: F811
    period_scores(district_ranking.p1)
    record_violation(
        district_ranking.campaign,
        organization=district_ranking.orgs.a,
        occurred_on=dt.date(2021, 11, 25),
        description="Vi phạm nghiêm trọng",
        effect=ViolationEffect.VETO,
        by=None,
    )
    # A change to the whole campaign (a criterion, a band) flags every row for the task.
    mark_stale(district_ranking.campaign.pk)
    assert UnitPeriodScore.objects.get(period=district_ranking.p1, organization=district_ranking.orgs.a).stale

    a = next(s for s in period_scores(district_ranking.p1) if s.organization_id == district_ranking.orgs.a.pk)

    assert (a.vetoed, a.band) == (True, None)
    assert not UnitPeriodScore.objects.get(period=district_ranking.p1, organization=district_ranking.orgs.a).stale


def test_returning_a_verified_report_takes_its_values_out_of_the_stored_score(district_ranking):  # noqa: F811
    office = UserFactory(username="vanphong_cache2", role=Role.OFFICE)
    assert next(
        s for s in period_scores(district_ranking.p1) if s.organization_id == district_ranking.orgs.b.pk
    ).total == D("25.00")
    submission = district_ranking.orgs.b.submissions.get(period=district_ranking.p1)

    submissions.reopen(submission, by=office, reason="Sai số liệu")

    assert submission.status == SubmissionStatus.RETURNED
    b = next(s for s in period_scores(district_ranking.p1) if s.organization_id == district_ranking.orgs.b.pk)
    assert (b.total, b.verified) == (D("0.00"), False)


def test_a_verification_scores_its_unit_from_what_it_holds_as_the_values_give(district_ranking):  # noqa: F811
    """verify() scores the unit from the report it locked (campaign.score_table.HeldReport), not
    read again: the row it writes is the one recomputed from the database, with the unit's own
    target, the office's score for a qualitative criterion and the period's deductions."""
    w = district_ranking
    office = UserFactory(username="vanphong_held", role=Role.OFFICE)
    period_scores(w.p1)  # the rows exist
    registration = Registration.objects.get(campaign=w.campaign, organization=w.orgs.c)
    RegistrationTargetFactory(registration=registration, criterion=w.crit.revenue, target=D("200"))
    submission = w.orgs.c.submissions.get(period=w.p1)
    SubmissionValueFactory(submission=submission, criterion=w.crit.initiative, value=None, note="Sáng kiến")
    for points in (D("3"), D("9")):  # 12 points, at most 10 for the criterion
        ViolationFactory(campaign=w.campaign, organization=w.orgs.c, criterion=w.crit.breach, points=points)

    submissions.verify(submission, by=office, staff_scores={w.crit.initiative.pk: "7.545"})  # the task never runs

    # The staff's score is kept to the cent, half up, as every score is: stored is what was scored.
    assert submission.values.get(criterion=w.crit.initiative).staff_score == D("7.55")
    row = UnitPeriodScore.objects.get(period=w.p1, organization=w.orgs.c)
    assert (row.stale, row.verified, row.earned, row.deductions, row.total) == (
        False,
        True,
        D("42.55"),  # 20 vaccinated, 30 × 100 / 200 revenue, 7.55 initiative
        D("10.00"),
        D("32.55"),
    )
    assert stored(w.p1)[w.orgs.c.pk] == _shape(recomputed(w.campaign, [w.p1])[(w.p1.pk, w.orgs.c.pk)])
    assert ScoreBucket.objects.get(period=w.p1, kind=row.kind, vetoed=False, verified=True, total=row.total).n == 1


def test_verifying_the_report_of_a_unit_not_registered_stores_no_score(district_ranking):  # noqa: F811
    w = district_ranking
    office = UserFactory(username="vanphong_unregistered", role=Role.OFFICE)
    period_scores(w.p2)
    submission = submit(w.p2, w.orgs.x, {w.crit.vaccinated: (100, None)}, SubmissionStatus.SUBMITTED)

    submissions.verify(submission, by=office)

    assert not UnitPeriodScore.objects.filter(organization=w.orgs.x).exists()
    assert ScoreBucket.objects.filter(period=w.p2, verified=True).count() == 0

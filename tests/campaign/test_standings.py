"""Ranks kept in tables (campaign.standings): what the pages read equals what `ranked_scores`
recomputes, after every kind of change, a day on which a deadline passes, and a rebuild."""

import datetime as dt
from collections import Counter
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from factories import OrganizationFactory, RegistrationFactory, UserFactory

from campaign import services, submissions
from campaign.models import (
    CumulatedBucket,
    CumulatedScore,
    ScoreBucket,
    SubmissionStatus,
    UnitPeriodScore,
    ViolationEffect,
)
from campaign.ranking import periods_up_to, ranked_scores
from campaign.score_table import delete_scores, mark_stale
from campaign.standings import (
    fresh_cumulated,
    fresh_periods,
    period_figures,
    ranking_page,
    rebuild,
    unit_cumulated,
    unit_history,
)
from campaign.violations import record_violation
from core.collation import sort_key_text, vietnamese_key
from members.models import Role
from tests.worlds import district_ranking, submit  # noqa: F401

BEFORE_P2_DUE = dt.date(2021, 12, 20)  # November due (5/12), December not yet (5/1)
AFTER_P2_DUE = dt.date(2022, 1, 10)


def _shown(scores):
    return [
        (s.organization_id, s.kind, s.rank, s.total, s.vetoed, s.band, s.verified, s.area_id, s.earned, s.deductions)
        + (s.missing, s.verified_periods, s.counted_periods)
        for s in scores
    ]


def _all(page):
    return page[0 : len(page)]


def _histogram(model, scope, scope_id):
    rows = model.objects.filter(**{scope: scope_id}, n__gt=0)
    return Counter({(r.kind, r.vetoed, r.verified, r.total): r.n for r in rows})


def _expected_histogram(scores):
    return Counter((s.kind, s.vetoed, s.verified, s.total) for s in scores)


def assert_stored_equal_recomputed(world, today):
    campaign = world.campaign
    for period in (world.p1, world.p2):
        expected = ranked_scores(campaign, [period])
        assert _shown(_all(ranking_page(campaign, [period]))) == _shown(expected)
        assert _histogram(ScoreBucket, "period", period.pk) == _expected_histogram(expected)
        for kinds, area_ids in ((["cooperative"], None), (None, [world.cu_jut.pk]), (["group"], [world.cu_jut.pk])):
            page = ranking_page(campaign, [period], kinds=kinds, area_ids=area_ids)
            assert _shown(_all(page)) == _shown(ranked_scores(campaign, [period], kinds=kinds, area_ids=area_ids))
        # Every page, of every size, reads the same rows and ranks as the whole list (a page
        # ranks from the units ahead of its best row and the buckets down to its worst).
        page = ranking_page(campaign, [period])
        for size in (1, 2, 3):
            for start in range(len(expected)):
                assert _shown(page[start : start + size]) == _shown(expected[start : start + size])
        # A unit's own row, and a few rows apart, ranked among all.
        apart = [expected[0].organization_id, expected[-1].organization_id]
        assert _shown(page.of_units(apart)) == _shown([expected[0], expected[-1]])
    for up_to in (world.p1, world.p2):
        periods = periods_up_to(campaign, up_to)
        expected = ranked_scores(campaign, periods, cumulated=True, today=today)
        stored = _all(ranking_page(campaign, periods, cumulated=True, today=today))
        assert _shown(stored) == _shown(expected)
        assert _histogram(CumulatedBucket, "up_to", up_to.pk) == _expected_histogram(expected)
        page = ranking_page(campaign, periods, cumulated=True, today=today, area_ids=[world.dak_mil.pk])
        assert _shown(_all(page)) == _shown(
            ranked_scores(campaign, periods, cumulated=True, today=today, area_ids=[world.dak_mil.pk])
        )
    for org in (world.orgs.a, world.orgs.b, world.orgs.d, world.orgs.e, world.orgs.g):
        history = unit_history(campaign, org)
        for period, score in history:
            mine = next(s for s in ranked_scores(campaign, [period]) if s.organization_id == org.pk)
            assert (score.rank, score.total, score.vetoed) == (mine.rank, mine.total, mine.vetoed)


@pytest.fixture
def world(district_ranking):  # noqa: F811
    """district_ranking with a tie (d scores as b), a vetoed unit (e) and reports in December."""
    w = district_ranking
    w.orgs.d = OrganizationFactory(name="HTX Đông", district=w.dak_mil)
    w.orgs.e = OrganizationFactory(name="HTX Ê", district=w.cu_jut)
    for org in (w.orgs.d, w.orgs.e):
        RegistrationFactory(campaign=w.campaign, organization=org)
    submit(w.p1, w.orgs.d, {w.crit.vaccinated: (50, None), w.crit.revenue: (50, None)})
    submit(w.p1, w.orgs.e, {w.crit.vaccinated: (100, None), w.crit.revenue: (100, None)})
    submit(w.p2, w.orgs.a, {w.crit.vaccinated: (80, None)})
    submit(w.p2, w.orgs.d, {w.crit.vaccinated: (10, None)}, SubmissionStatus.SUBMITTED)
    record_violation(
        w.campaign,
        organization=w.orgs.e,
        occurred_on=dt.date(2021, 11, 20),
        description="Vi phạm nghiêm trọng",
        effect=ViolationEffect.VETO,
        by=None,
    )
    mark_stale(w.campaign.pk)  # as after loading the campaign: every row computed on first read
    w.office = UserFactory(username="vanphong_standings", role=Role.OFFICE)
    return w


def test_the_sort_key_text_orders_as_vietnamese_key():
    names = ["Hợp tác xã An", "HTX An", "HTX  An", "hợp tác xã an", "Đông", "Dông", "Dong", "A1", "A 1", "A-1"]
    names += ["Á", "À", "a", "Ă", "10", "9", "Ânh", "Anh", "anh", "Anh ", "Ươ", "Uơ", "", "HTX Bình Minh 10"]
    assert sorted(names, key=sort_key_text) == sorted(names, key=vietnamese_key)


def test_stored_ranks_equal_recomputed_after_every_change(world, eager_celery, django_capture_on_commit_callbacks):
    w = world
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)
    by_name = {s.name: s for s in _all(ranking_page(w.campaign, [w.p1]))}
    assert by_name["HTX B"].rank == by_name["HTX Đông"].rank  # a tie shares its rank
    assert by_name["HTX Ê"].vetoed and by_name["HTX Ê"].rank == 5  # a vetoed unit after the other four

    # A verification: the unit's score and rank are fresh at the commit.
    submission = w.orgs.d.submissions.get(period=w.p2)
    with django_capture_on_commit_callbacks(execute=True):
        submissions.verify(submission, by=w.office)
    assert UnitPeriodScore.objects.get(period=w.p2, organization=w.orgs.d).verified
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)

    # A return (a verified report reopened), and one sent back before verification.
    with django_capture_on_commit_callbacks(execute=True):
        submissions.reopen(w.orgs.b.submissions.get(period=w.p1), by=w.office, reason="Sai số liệu")
    c = w.orgs.c.submissions.get(period=w.p1)
    with django_capture_on_commit_callbacks(execute=True):
        submissions.return_submission(c, by=w.office, reason="Thiếu minh chứng")
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)

    # A violation: a deduction for A in December.
    with django_capture_on_commit_callbacks(execute=True):
        record_violation(
            w.campaign,
            organization=w.orgs.a,
            occurred_on=dt.date(2021, 12, 10),
            description="Vi phạm",
            effect=ViolationEffect.DEDUCTION,
            criterion=w.crit.breach,
            points=D("1"),
            by=None,
        )
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)

    # The day December's deadline passes: every unit's December counts (0 when not verified).
    fresh_cumulated(w.campaign, w.p2, today=AFTER_P2_DUE)
    assert set(CumulatedScore.objects.filter(up_to=w.p2).values_list("due", flat=True)) == {2}
    assert_stored_equal_recomputed(w, AFTER_P2_DUE)


def test_the_verifying_transaction_writes_the_score_and_its_bucket(world):
    w = world
    ranking_page(w.campaign, [w.p2])  # the rows exist
    submission = w.orgs.d.submissions.get(period=w.p2)
    submissions.verify(submission, by=w.office)  # no commit: the task never runs
    row = UnitPeriodScore.objects.get(period=w.p2, organization=w.orgs.d)
    assert (row.stale, row.verified) == (False, True)
    assert ScoreBucket.objects.get(period=w.p2, kind=row.kind, vetoed=False, verified=True, total=row.total).n == 1
    history = dict(unit_history(w.campaign, w.orgs.d))
    assert history[w.p2].rank == next(
        s.rank for s in ranked_scores(w.campaign, [w.p2]) if s.organization_id == w.orgs.d.pk
    )


def test_rebuild_restores_what_was_lost(world):
    w = world
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)
    ScoreBucket.objects.filter(period=w.p1).update(n=7)
    CumulatedBucket.objects.all().delete()
    UnitPeriodScore.objects.filter(period=w.p1).update(sort_name="", kind_order=0)

    call_command("rebuild_rankings", "--campaign", str(w.campaign.pk), stdout=open("/dev/null", "w"))
    rebuild(w.campaign, today=BEFORE_P2_DUE)

    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)


def test_unit_cumulated_and_the_dashboard_figures_read_the_tables(world):
    w = world
    periods = periods_up_to(w.campaign)
    expected = {s.organization_id: s for s in ranked_scores(w.campaign, periods, cumulated=True)}
    a = unit_cumulated(w.campaign, w.orgs.a)
    assert (a.rank, a.total) == (expected[w.orgs.a.pk].rank, expected[w.orgs.a.pk].total)
    assert a.points  # with its details
    assert unit_cumulated(w.campaign, w.orgs.x) is None

    distribution, top, count = period_figures(w.campaign, w.p1)
    verified = [s for s in ranked_scores(w.campaign, [w.p1]) if s.verified]
    assert count == len(verified)
    assert dict(distribution) == dict(Counter(s.band for s in verified)) | {
        name: 0 for name, n in distribution if name not in {s.band for s in verified}
    }
    best = sorted(verified, key=lambda s: (s.vetoed, -s.total, vietnamese_key(s.name)))[:5]
    assert [s.organization_id for s in top] == [s.organization_id for s in best]


def test_a_unit_renamed_moved_or_retyped_in_the_registry_is_ranked_as_it_now_is(
    world, eager_celery, django_capture_on_commit_callbacks
):
    """The score rows carry the unit's sort name, area and kind: a change in the registry follows."""
    w = world
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)
    with django_capture_on_commit_callbacks(execute=True):
        w.orgs.d.name = "HTX A Đông"  # now sorts before HTX B, with which it ties
        w.orgs.d.save()
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)
    names = [s.name for s in _all(ranking_page(w.campaign, [w.p1]))]
    assert names.index("HTX A Đông") < names.index("HTX B")

    with django_capture_on_commit_callbacks(execute=True):
        w.orgs.a.district = w.dak_mil  # another area on the campaign's map
        w.orgs.a.save()
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)

    with django_capture_on_commit_callbacks(execute=True):
        w.orgs.b.kind = "group"  # ranked among the groups now, its bucket moved
        w.orgs.b.save()
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)


def test_the_histograms_held_counts_are_kept_and_follow_rows_added_or_removed(
    world, locmem_cache, eager_celery, django_capture_on_commit_callbacks
):
    """How many units each period's histogram holds is kept (the freshness check summed every
    bucket of twelve periods at each view): a verification moves a unit and keeps it; a unit
    registered or withdrawn, even past the services, is ranked or dropped at the next read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = world
    periods = [w.p1, w.p2]
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)

    def sums_buckets():
        with CaptureQueriesContext(connection) as seen:
            fresh_periods(w.campaign, periods)
        return any('SUM("campaign_scorebucket"."n")' in q["sql"] for q in seen.captured_queries)

    assert not sums_buckets()  # kept
    submission = w.orgs.d.submissions.get(period=w.p2)
    with django_capture_on_commit_callbacks(execute=True):
        submissions.verify(submission, by=w.office)
    assert not sums_buckets()  # a unit moved between buckets: the same count
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)

    newcomer = OrganizationFactory(name="HTX Mới", district=w.cu_jut)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(w.campaign, newcomer, by=w.office, today=dt.date(2021, 9, 1))
    assert sums_buckets()  # rows added: counted again
    assert newcomer.pk in {s.organization_id for s in _all(ranking_page(w.campaign, [w.p1]))}
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_registration(registration, by=w.office, reason="Giải thể")
    assert newcomer.pk not in {s.organization_id for s in _all(ranking_page(w.campaign, [w.p1]))}
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)

    # A row removed with its bucket and nothing refreshed (as a bulk write might): the held count
    # is read again and no longer equals the registered units, so the next read writes it back.
    delete_scores(UnitPeriodScore.objects.filter(period=w.p1, organization=w.orgs.a))
    assert w.orgs.a.pk in {s.organization_id for s in _all(ranking_page(w.campaign, [w.p1]))}
    assert_stored_equal_recomputed(w, BEFORE_P2_DUE)

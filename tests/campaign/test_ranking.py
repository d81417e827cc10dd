"""Scores and ranks from database rows: only verified values, committed targets, violations by period."""

import datetime as dt
from decimal import Decimal as D

import pytest
from factories import (
    CampaignFactory,
    CriterionFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    ViolationFactory,
)
from worlds import submit

from campaign.models import ViolationEffect
from campaign.ranking import cumulative_scores, period_scores, score_distribution
from campaign.standings import unit_history


def by_name(scores):
    return {s.name: s for s in scores}


def test_period_scores_count_only_verified_values_of_registered_units(district_ranking):
    scores = by_name(period_scores(district_ranking.p1))

    assert {name: (s.total, s.verified, s.status) for name, s in scores.items()} == {
        "HTX A": (D("58.00"), True, "verified"),
        "HTX B": (D("25.00"), True, "verified"),
        "HTX C": (D("0.00"), False, "submitted"),
        "THT G": (D("0.00"), False, None),
    }


def test_period_scores_use_the_committed_target_else_the_criterion_target(district_ranking):
    scores = by_name(period_scores(district_ranking.p1))

    revenue = district_ranking.crit.revenue.pk
    assert (scores["HTX A"].points[revenue], scores["HTX B"].points[revenue]) == (D("30.00"), D("15.00"))


def test_period_scores_report_missing_and_unscored_criteria(district_ranking):
    scores = by_name(period_scores(district_ranking.p1))

    b = scores["HTX B"]
    assert (b.points[district_ranking.crit.initiative.pk], b.missing, scores["HTX A"].missing) == (None, 1, 0)


def test_period_scores_sum_points_per_criterion_group(district_ranking):
    a = by_name(period_scores(district_ranking.p1))["HTX A"]

    assert a.group_points == {district_ranking.group.pk: D("20.00"), district_ranking.crit.revenue.group_id: D("38.00")}


def test_period_scores_rank_within_each_kind_and_classify(district_ranking):
    scores = period_scores(district_ranking.p1)

    assert [(s.name, s.kind, s.rank, s.band) for s in scores] == [
        ("HTX A", "cooperative", 1, "Xuất sắc"),
        ("HTX B", "cooperative", 2, "Khá"),
        ("HTX C", "cooperative", 3, None),
        ("THT G", "group", 1, None),
    ]


def test_period_scores_give_tied_units_the_same_rank(district_ranking):
    d = OrganizationFactory(name="HTX D", district=district_ranking.cu_jut)
    RegistrationFactory(campaign=district_ranking.campaign, organization=d)
    submit(
        district_ranking.p1,
        d,
        {district_ranking.crit.vaccinated: (50, None), district_ranking.crit.revenue: (50, None)},
    )

    scores = period_scores(district_ranking.p1)

    assert [(s.name, s.rank) for s in scores if s.kind == "cooperative"] == [
        ("HTX A", 1),
        ("HTX B", 2),
        ("HTX D", 2),
        ("HTX C", 4),
    ]


def test_period_scores_take_deductions_in_the_period_they_fall_in(district_ranking):
    ViolationFactory(
        campaign=district_ranking.campaign,
        organization=district_ranking.orgs.b,
        occurred_on=dt.date(2021, 12, 3),
        points=4,
    )
    submit(
        district_ranking.p2,
        district_ranking.orgs.b,
        {district_ranking.crit.vaccinated: (100, None), district_ranking.crit.revenue: (100, None)},
    )

    first = by_name(period_scores(district_ranking.p1))["HTX B"]
    second = by_name(period_scores(district_ranking.p2))["HTX B"]

    assert [(first.deductions, first.total), (second.deductions, second.total)] == [
        (D("0.00"), D("25.00")),
        (D("4.00"), D("46.00")),
    ]


def test_period_scores_cap_deductions_of_a_deduction_criterion_at_its_maximum(district_ranking):
    for day in (2, 3, 4):
        ViolationFactory(
            campaign=district_ranking.campaign,
            organization=district_ranking.orgs.b,
            criterion=district_ranking.crit.breach,
            occurred_on=dt.date(2021, 11, day),
            points=5,
        )
    ViolationFactory(
        campaign=district_ranking.campaign,
        organization=district_ranking.orgs.b,
        occurred_on=dt.date(2021, 11, 5),
        points=1,
    )

    b = by_name(period_scores(district_ranking.p1))["HTX B"]

    assert (b.deductions, b.total) == (D("11.00"), D("14.00"))


def test_period_scores_floor_the_total_at_zero(district_ranking):
    ViolationFactory(campaign=district_ranking.campaign, organization=district_ranking.orgs.b, points=40)

    b = by_name(period_scores(district_ranking.p1))["HTX B"]

    assert (b.deductions, b.total, b.band) == (D("40.00"), D("0.00"), None)


@pytest.mark.parametrize(
    ("effect", "criterion"),
    [(ViolationEffect.VETO, None), (ViolationEffect.DEDUCTION, "veto")],
)
def test_period_scores_veto_bars_classification_from_its_period_on(district_ranking, effect, criterion):
    ViolationFactory(
        campaign=district_ranking.campaign,
        organization=district_ranking.orgs.a,
        effect=effect,
        criterion=getattr(district_ranking.crit, criterion) if criterion else None,
        occurred_on=dt.date(2021, 12, 2),
        points=0,
    )
    submit(district_ranking.p2, district_ranking.orgs.a, {district_ranking.crit.vaccinated: (100, None)})
    submit(district_ranking.p2, district_ranking.orgs.b, {district_ranking.crit.vaccinated: (10, None)})

    first = by_name(period_scores(district_ranking.p1))["HTX A"]
    second = period_scores(district_ranking.p2)

    assert (first.vetoed, first.band) == (False, "Xuất sắc")
    assert [(s.name, s.vetoed, s.total, s.rank, s.band) for s in second if s.kind == "cooperative"] == [
        ("HTX B", False, D("2.00"), 1, None),
        ("HTX C", False, D("0.00"), 2, None),
        ("HTX A", True, D("20.00"), 3, None),
    ]


def test_period_scores_filter_by_kind_and_area(district_ranking):
    assert [s.name for s in period_scores(district_ranking.p1, kinds=["group"])] == ["THT G"]
    assert [s.name for s in period_scores(district_ranking.p1, area_ids=[district_ranking.dak_mil.pk])] == ["HTX B"]
    assert [
        s.area for s in period_scores(district_ranking.p1, kinds=["cooperative"], area_ids=[district_ranking.cu_jut.pk])
    ] == [
        "Huyện Cư Jút",
        "Huyện Cư Jút",
    ]


def test_period_scores_leave_out_units_no_reported_criterion_applies_to(district_ranking):
    for criterion in (
        district_ranking.crit.vaccinated,
        district_ranking.crit.revenue,
        district_ranking.crit.initiative,
    ):
        criterion.kinds = ["cooperative"]
        criterion.save()

    assert "THT G" not in by_name(period_scores(district_ranking.p1))


def test_period_scores_read_a_fixed_number_of_queries(district_ranking, django_assert_max_num_queries):
    for n in range(5):
        org = OrganizationFactory(name=f"HTX thêm {n}", district=district_ranking.cu_jut)
        RegistrationFactory(campaign=district_ranking.campaign, organization=org)
        submit(district_ranking.p1, org, {district_ranking.crit.vaccinated: (n * 10, None)})
        ViolationFactory(campaign=district_ranking.campaign, organization=org, points=1)

    # The first read scores every unit and stores the rows (campaign.UnitPeriodScore) ...
    # (one of them places the units on the campaign's map: members.areas.load_chains; two keep
    # the histogram: the rows replaced, read under lock, and their buckets moved)
    with django_assert_max_num_queries(13):
        scores = period_scores(district_ranking.p1)
    # ... the next ones only read them.
    with django_assert_max_num_queries(6):
        again = period_scores(district_ranking.p1)

    assert len(scores) == 9
    assert [(s.organization_id, s.total, s.rank, s.band, s.points) for s in again] == [
        (s.organization_id, s.total, s.rank, s.band, s.points) for s in scores
    ]


def test_cumulative_scores_are_the_mean_over_the_periods(district_ranking):
    submit(
        district_ranking.p2,
        district_ranking.orgs.b,
        {district_ranking.crit.vaccinated: (100, None), district_ranking.crit.revenue: (100, None)},
    )

    scores = by_name(cumulative_scores(district_ranking.campaign, up_to=district_ranking.p2))

    a, b = scores["HTX A"], scores["HTX B"]
    assert [(a.total, a.band, a.rank, a.verified), (b.total, b.band, b.rank, b.verified)] == [
        (D("29.00"), "Khá", 2, False),
        (D("37.50"), "Khá", 1, True),
    ]
    assert (a.points[district_ranking.crit.vaccinated.pk], b.verified_periods) == (D("10.00"), 2)


def test_cumulative_scores_up_to_a_period_leave_later_periods_out(district_ranking):
    submit(district_ranking.p2, district_ranking.orgs.b, {district_ranking.crit.vaccinated: (100, None)})

    scores = by_name(cumulative_scores(district_ranking.campaign, up_to=district_ranking.p1))

    assert (scores["HTX A"].total, scores["HTX B"].total) == (D("58.00"), D("25.00"))


def test_cumulative_scores_without_up_to_cover_periods_begun_by_today(district_ranking):
    ReportingPeriodFactory(
        campaign=district_ranking.campaign,
        name="Tháng tới",
        starts_on=dt.date(2999, 1, 1),
        ends_on=dt.date(2999, 1, 31),
        deadline=dt.date(2999, 2, 5),
    )

    scores = by_name(cumulative_scores(district_ranking.campaign))

    assert scores["HTX A"].total == D("29.00")


def test_unit_history_gives_score_rank_and_band_per_period(district_ranking):
    submit(district_ranking.p2, district_ranking.orgs.a, {district_ranking.crit.vaccinated: (100, None)})

    history = unit_history(district_ranking.campaign, district_ranking.orgs.a)

    assert [(p.name, s.total, s.rank, s.band) for p, s in history] == [
        ("Tháng 11/2021", D("58.00"), 1, "Xuất sắc"),
        ("Tháng 12/2021", D("20.00"), 1, "Khá"),
    ]


def test_unit_history_of_an_unregistered_unit_is_empty(district_ranking):
    assert unit_history(district_ranking.campaign, district_ranking.orgs.x) == []


def test_score_distribution_counts_units_per_band_then_unclassified(district_ranking):
    scores = period_scores(district_ranking.p1)

    distribution = score_distribution(scores, [("Khá", D("20")), ("Xuất sắc", D("50"))])

    assert distribution == [("Xuất sắc", 1), ("Khá", 1), (None, 2)]


# --- grouping across the 2025 reform ------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "level", "expected"),
    [
        (dt.date(2021, 11, 8), "district", "Huyện Cư Jút"),
        (dt.date(2021, 11, 8), "province", "Tỉnh Đắk Nông"),
        (dt.date(2021, 11, 8), "commune", "Xã Đắk Wil"),
        (dt.date(2026, 3, 1), "province", "Tỉnh Lâm Đồng"),
        (dt.date(2026, 3, 1), "commune", "Xã Đắk Wil"),
        (dt.date(2026, 3, 1), "district", ""),  # no districts after July 2025
    ],
)
def test_units_are_grouped_by_the_map_of_the_campaigns_start(dak_nong, starts_on, level, expected):
    org = OrganizationFactory(province=dak_nong.dak_nong, district=dak_nong.cu_jut, commune=dak_nong.old_dak_wil)
    campaign = CampaignFactory(starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=300), grouping_level=level)
    CriterionFactory(campaign=campaign)
    RegistrationFactory(campaign=campaign, organization=org)

    (score,) = cumulative_scores(campaign)

    assert score.area == expected


def test_the_area_filter_follows_the_map_of_the_campaigns_start(dak_nong):
    org = OrganizationFactory(province=dak_nong.dak_nong, district=dak_nong.cu_jut, commune=dak_nong.old_dak_wil)
    campaign = CampaignFactory(starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 12, 31), grouping_level="province")
    CriterionFactory(campaign=campaign)
    RegistrationFactory(campaign=campaign, organization=org)

    assert [s.name for s in cumulative_scores(campaign, area_ids=[dak_nong.lam_dong.pk])] == [org.name]
    assert cumulative_scores(campaign, area_ids=[dak_nong.dak_nong.pk]) == []

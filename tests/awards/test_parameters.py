"""Legal parameters by date: values at the edges of each change, bonus amounts, votes, writes."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from awards.demo import load_parameters
from awards.models import LegalParameter, display_value
from awards.parameter_keys import Comparison
from awards.parameters import (
    NoParameterValue,
    NotForCollectives,
    Threshold,
    add_value,
    base_salary_on,
    bonus_amount,
    bonus_on,
    change_value,
    delete_value,
    quorum_met,
    round_up,
    threshold_met,
    value_on,
    values_on,
    votes_needed,
)
from awards.quota import quota_limit
from core.errors import TransitionError

D = dt.date


@pytest.mark.parametrize(
    ("key", "day", "expected"),
    [
        ("base_salary", D(2019, 7, 1), "1490000"),
        ("base_salary", D(2019, 7, 2), "1490000"),
        ("base_salary", D(2023, 6, 30), "1490000"),
        ("base_salary", D(2023, 7, 1), "1800000"),
        ("base_salary", D(2023, 7, 2), "1800000"),
        ("base_salary", D(2024, 6, 30), "1800000"),
        ("base_salary", D(2024, 7, 1), "2340000"),
        ("base_salary", D(2024, 7, 2), "2340000"),
        ("base_salary", D(2026, 6, 30), "2340000"),
        ("base_salary", D(2026, 7, 1), "2530000"),
        ("base_salary", D(2026, 7, 2), "2530000"),
        ("bonus_province_merit", D(2017, 9, 15), "1"),
        ("bonus_province_merit", D(2025, 6, 30), "1"),
        ("bonus_province_merit", D(2025, 7, 1), "1.5"),
        ("bonus_commendation", D(2017, 9, 15), "0.3"),
        ("bonus_commendation", D(2026, 8, 1), "0.3"),
        ("vote_province_titles", D(2023, 12, 31), "0.9"),
        ("vote_province_titles", D(2024, 1, 1), "0.9"),
    ],
)
def test_value_on_gives_the_row_in_force_the_day_before_on_and_after_each_change(demo_parameters, key, day, expected):
    assert value_on(key, day).value == Decimal(expected)


@pytest.mark.parametrize(
    ("key", "day"),
    [
        ("base_salary", D(2019, 6, 30)),
        ("bonus_commendation", D(2017, 9, 14)),
        ("streak_cstd_province", D(2017, 9, 14)),  # its first value: the 2003 law's, from 15/09/2017
    ],
)
def test_value_on_before_the_first_value_raises_a_clear_error(demo_parameters, key, day):
    with pytest.raises(NoParameterValue) as raised:
        value_on(key, day)

    assert day.strftime("%d/%m/%Y") in str(raised.value)


def test_value_on_picks_the_confirmed_row_where_two_sources_give_the_same_value(demo_parameters):
    before, after = value_on("bonus_cstdcs", D(2025, 6, 30)), value_on("bonus_cstdcs", D(2025, 7, 1))

    assert (before.confirmed, after.confirmed, after.source.startswith("Nghị định 152/2025")) == (False, True, True)


def test_value_on_unknown_key_is_a_programming_error(db):
    with pytest.raises(ValueError):
        value_on("no_such_parameter", D(2026, 1, 1))


def test_base_salary_on_gives_the_amount(demo_parameters):
    assert base_salary_on(D(2021, 11, 8)) == Decimal(1490000)


@pytest.mark.parametrize(
    ("amount", "step", "expected"),
    [
        ("447000", "10000", 450000),
        ("450000", "10000", 450000),
        ("450001", "10000", 460000),
        ("759000", "10000", 760000),
        ("379500", "10000", 380000),
        ("0", "10000", 0),
        ("447000.5", "1", 447001),
    ],
)
def test_round_up_goes_to_the_next_multiple_of_the_step(amount, step, expected):
    assert round_up(Decimal(amount), Decimal(step)) == Decimal(expected)


@pytest.mark.parametrize(
    ("key", "day", "collective", "expected"),
    [
        # Giấy khen, 0.3 × the base salary of each period; a collective gets twice the individual's amount.
        ("bonus_commendation", D(2021, 11, 8), False, 450_000),  # 447,000 rounded up
        ("bonus_commendation", D(2021, 11, 8), True, 900_000),
        ("bonus_commendation", D(2023, 8, 1), False, 540_000),
        ("bonus_commendation", D(2023, 8, 1), True, 1_080_000),
        ("bonus_commendation", D(2024, 8, 1), False, 710_000),  # 702,000 rounded up
        ("bonus_commendation", D(2024, 8, 1), True, 1_420_000),
        ("bonus_commendation", D(2026, 8, 1), False, 760_000),  # 759,000 rounded up
        ("bonus_commendation", D(2026, 8, 1), True, 1_520_000),
        ("bonus_commune_commendation", D(2026, 8, 1), False, 380_000),  # 379,500
        ("bonus_commune_commendation", D(2026, 8, 1), True, 760_000),
        # Bằng khen tỉnh: 1.0 under Decree 91, 1.5 from 01/07/2025.
        ("bonus_province_merit", D(2024, 8, 1), False, 2_340_000),
        ("bonus_province_merit", D(2024, 8, 1), True, 4_680_000),
        ("bonus_province_merit", D(2025, 8, 1), False, 3_510_000),
        ("bonus_province_merit", D(2026, 8, 1), False, 3_800_000),  # 3,795,000
        ("bonus_province_merit", D(2026, 8, 1), True, 7_600_000),
        # Twice the rounded individual amount, not the doubled exact one rounded (10,430,000).
        ("bonus_pm_merit", D(2021, 11, 8), False, 5_220_000),  # 5,215,000
        ("bonus_pm_merit", D(2021, 11, 8), True, 10_440_000),
        # Titles of one person or one collective: no multiplier.
        ("bonus_cstdcs", D(2021, 11, 8), False, 1_490_000),
        ("bonus_cstdcs", D(2026, 8, 1), False, 2_530_000),
        ("bonus_advanced_worker", D(2021, 11, 8), False, 450_000),
        ("bonus_advanced_worker", D(2024, 7, 1), False, 710_000),
        ("bonus_advanced_collective", D(2026, 8, 1), False, 2_030_000),  # 2,024,000
        ("bonus_advanced_collective", D(2026, 8, 1), True, 2_030_000),
        ("bonus_government_flag", D(2026, 8, 1), True, 30_360_000),
        ("bonus_cstd_national", D(2023, 7, 1), False, 8_100_000),
    ],
)
def test_bonus_amount_is_coefficient_times_base_salary_on_the_day_rounded_up(
    demo_parameters, key, day, collective, expected
):
    assert bonus_amount(key, day, collective=collective) == Decimal(expected)


def test_bonus_on_names_every_row_it_used(demo_parameters):
    bonus = bonus_on("bonus_commendation", D(2026, 8, 1), collective=True)

    assert [row.key for row in bonus.rows] == [
        "bonus_commendation",
        "base_salary",
        "bonus_rounding",
        "collective_multiplier",
    ]
    assert (bonus.exact, bonus.individual, bonus.multiplier, bonus.amount) == (759000, 760000, 2, 1520000)


@pytest.mark.parametrize("key", ["bonus_cstdcs", "bonus_advanced_worker", "bonus_cstd_province"])
def test_bonus_for_a_collective_of_an_individual_title_is_refused(demo_parameters, key):
    with pytest.raises(NotForCollectives):
        bonus_amount(key, D(2026, 8, 1), collective=True)


def test_bonus_before_any_base_salary_raises(demo_parameters):
    with pytest.raises(NoParameterValue):
        bonus_amount("bonus_commendation", D(2018, 1, 1))


def test_bonus_of_a_parameter_that_is_no_award_is_refused(demo_parameters):
    with pytest.raises(ValueError):
        bonus_amount("council_quorum", D(2026, 8, 1))


def test_bonus_already_computed_is_not_changed_by_a_later_correction(demo_parameters, office_user):
    issued = bonus_amount("bonus_commendation", D(2026, 8, 1))  # what a decision stores

    add_value(key="base_salary", value=Decimal(2600000), valid_from=D(2026, 7, 15), source="Sửa", by=office_user)

    assert (issued, bonus_amount("bonus_commendation", D(2026, 8, 1))) == (760000, 780000)


TWO_THIRDS = Threshold(Fraction(2, 3), Comparison.AT_LEAST)
MAJORITY = Threshold(Fraction(1, 2), Comparison.MORE_THAN)
NINETY = Threshold(Fraction(9, 10), Comparison.AT_LEAST)
QUOTA = Threshold(Fraction(15, 100), Comparison.AT_MOST)


@pytest.mark.parametrize(
    ("votes", "members", "rule", "expected"),
    [
        (4, 7, TWO_THIRDS, False),
        (5, 7, TWO_THIRDS, True),
        (3, 6, TWO_THIRDS, False),
        (4, 6, TWO_THIRDS, True),  # exactly two thirds
        (5, 9, TWO_THIRDS, False),
        (6, 9, TWO_THIRDS, True),
        (4, 8, MAJORITY, False),  # exactly half is not more than half
        (5, 8, MAJORITY, True),
        (2, 5, MAJORITY, False),
        (3, 5, MAJORITY, True),
        (1, 1, MAJORITY, True),
        (0, 1, MAJORITY, False),
        (8, 10, NINETY, False),
        (9, 10, NINETY, True),
        (9, 11, NINETY, False),
        (10, 11, NINETY, True),
        (17, 20, NINETY, False),
        (18, 20, NINETY, True),
        (3, 20, QUOTA, True),
        (4, 20, QUOTA, False),
    ],
)
def test_threshold_met_at_its_exact_edges(votes, members, rule, expected):
    assert threshold_met(votes, members, rule) is expected


@pytest.mark.parametrize(
    ("members", "rule", "expected"),
    [
        (7, TWO_THIRDS, 5),
        (6, TWO_THIRDS, 4),
        (9, TWO_THIRDS, 6),
        (8, MAJORITY, 5),
        (7, MAJORITY, 4),
        (1, MAJORITY, 1),
        (10, NINETY, 9),
        (11, NINETY, 10),
        (21, NINETY, 19),
    ],
)
def test_votes_needed_is_the_fewest_votes_that_meet_the_rule(members, rule, expected):
    needed = votes_needed(members, rule)

    assert (needed, threshold_met(needed, members, rule), threshold_met(needed - 1, members, rule)) == (
        expected,
        True,
        False,
    )


@pytest.mark.parametrize(("count", "expected"), [(20, 3), (7, 1), (6, 0), (100, 15), (0, 0)])
def test_an_at_most_parameter_is_a_quota_share_that_rounds_down(count, expected):
    # The law's quota parameter (quota_cstdcs, "at most 15 %") is counted by the one quota rule.
    assert quota_limit(share=QUOTA.ratio, participants=count) == expected


@pytest.mark.parametrize(("votes", "members"), [(1, 0), (-1, 5), (6, 5)])
def test_threshold_met_refuses_impossible_counts(votes, members):
    with pytest.raises(ValueError):
        threshold_met(votes, members, MAJORITY)


@pytest.mark.parametrize(
    ("present", "members", "day", "expected"),
    [
        (4, 7, D(2021, 11, 8), False),
        (5, 7, D(2021, 11, 8), True),
        (3, 6, D(2026, 8, 1), False),
        (4, 6, D(2026, 8, 1), True),  # 0.6667 stored, exactly two thirds read
        (6, 9, D(2026, 8, 1), True),
    ],
)
def test_quorum_met_uses_the_quorum_in_force_on_the_day(demo_parameters, present, members, day, expected):
    assert quorum_met(present, members, day) is expected


def test_quorum_met_follows_a_new_dated_value(demo_parameters, office_user):
    add_value(
        key="council_quorum", value=Decimal("0.75"), valid_from=D(2026, 9, 1), source="Quy chế mới", by=office_user
    )

    assert (quorum_met(5, 7, D(2026, 8, 31)), quorum_met(5, 7, D(2026, 9, 1))) == (True, False)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("council_quorum", "0.6667", "2/3 (66,67%)"),
        ("vote_province_titles", "0.9", "90%"),
        ("quota_cstdcs", "0.15", "15%"),
        ("vote_majority", "0.5", "50%"),
        ("base_salary", "2530000", "2.530.000"),
        ("bonus_commune_commendation", "0.15", "0,15"),
        ("bonus_government_flag", "12", "12"),
    ],
)
def test_display_value_writes_values_as_people_do(key, value, expected):
    assert display_value(key, Decimal(value)) == expected


# --- writes ---------------------------------------------------------------------------


def test_add_value_records_who_entered_it(db, office_user):
    row = add_value(
        key="base_salary", value=Decimal(2700000), valid_from=D(2027, 7, 1), source="NĐ mới", by=office_user
    )

    assert (row.created_by, row.history.get().history_user, row.history.get().history_type) == (
        office_user,
        office_user,
        "+",
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [("base_salary", "0"), ("base_salary", "-5"), ("council_quorum", "1.2"), ("base_salary", "1800000.5")],
)
def test_add_value_refuses_a_value_the_parameter_cannot_take(db, office_user, key, value):
    with pytest.raises(TransitionError):
        add_value(key=key, value=Decimal(value), valid_from=D(2027, 7, 1), source="NĐ", by=office_user)

    assert LegalParameter.objects.count() == 0


def test_add_value_refuses_a_second_value_on_the_same_date(demo_parameters, office_user):
    before = LegalParameter.objects.count()

    with pytest.raises(TransitionError):
        add_value(key="base_salary", value=Decimal(1), valid_from=D(2024, 7, 1), source="NĐ", by=office_user)

    assert LegalParameter.objects.count() == before


def test_change_value_of_an_upcoming_row_changes_it_and_records_who(make_value, office_user):
    row = make_value(days=10)

    change_value(row, by=office_user, value=Decimal(2650000), source="Nghị định sửa")

    row.refresh_from_db()
    latest = row.history.first()
    assert (row.value, row.source, latest.history_type, latest.history_user) == (
        Decimal(2650000),
        "Nghị định sửa",
        "~",
        office_user,
    )


def test_change_value_with_the_same_values_writes_no_history(make_value, office_user):
    row = make_value(days=10)

    change_value(row, by=office_user, value=row.value, source=row.source)

    assert row.history.count() == 1


@pytest.mark.parametrize("days", [0, -1, -400])
def test_change_value_of_a_row_whose_date_has_come_is_refused(make_value, office_user, days):
    row = make_value(days=days)

    with pytest.raises(TransitionError):
        change_value(row, by=office_user, value=Decimal(1))

    row.refresh_from_db()
    assert (row.value, row.history.count()) == (Decimal(2600000), 1)


def test_delete_value_of_an_upcoming_row_keeps_a_history_record(make_value, office_user):
    row = make_value(days=1)

    delete_value(row, by=office_user)

    deleted = LegalParameter.history.filter(id=row.pk).first()
    assert (LegalParameter.objects.filter(pk=row.pk).exists(), deleted.history_type, deleted.history_user) == (
        False,
        "-",
        office_user,
    )


@pytest.mark.parametrize("days", [0, -1])
def test_delete_value_of_a_row_whose_date_has_come_is_refused(make_value, office_user, days):
    row = make_value(days=days)

    with pytest.raises(TransitionError):
        delete_value(row, by=office_user)

    assert LegalParameter.objects.filter(pk=row.pk).exists()


def test_demo_parameters_rerun_writes_no_new_history(demo_parameters):
    before = LegalParameter.history.count()

    load_parameters()

    assert LegalParameter.history.count() == before


def test_demo_parameters_mark_confirmation_as_law_md_does(demo_parameters):
    unconfirmed = {key for key, row in values_on(D(2026, 8, 1)).items() if not row.confirmed}

    assert unconfirmed == {
        "bonus_rounding",
        "collective_multiplier",
        "bonus_province_flag",
        "bonus_commendation",
        "bonus_commune_commendation",
        "council_quorum",
        "vote_majority",
        "vote_two_thirds",
        "vote_province_titles",
        "quota_cstdcs",
        "share_ldtt_advanced_collective",
        "share_ldtt_excellent_collective",
        # Standards across years, the medal and the blocks' votes: not in LAW.md's confirmed sources.
        "streak_excellent_merit",
        "interval_upward_form",
        "medal_service_years",
        "block_quorum",
        "block_vote",
    }

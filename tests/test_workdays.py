"""Working days across weekends, Tết, the April–May holidays and National Day (core/workdays.py)."""

import datetime as dt

import pytest

from core import workdays
from core.workdays import add_working_days, covers, is_working_day, nth_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2022, 2, 4), False),  # Friday of Tết Nhâm Dần
        (D(2022, 2, 7), True),  # first Monday back
        (D(2022, 1, 29), False),  # Saturday
        (D(2022, 1, 30), False),  # Sunday
        (D(2022, 4, 11), False),  # day in lieu of Giỗ Tổ (10/4 a Sunday)
        (D(2022, 9, 1), False),
        (D(2022, 9, 5), True),
        (D(2024, 5, 4), True),  # a Saturday worked in exchange for 29/4
        (D(2024, 4, 29), False),
        (D(2026, 2, 16), False),  # Tết Bính Ngọ
        (D(2026, 2, 23), True),
        (D(2030, 2, 5), True),  # a year not listed: weekdays count
    ],
)
def test_is_working_day_skips_weekends_and_listed_days_off(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2022, 1, 28), 1, D(2022, 2, 7)),  # Friday before Tết: the next working day is after it
        (D(2022, 1, 28), 5, D(2022, 2, 11)),
        (D(2022, 2, 25), 25, D(2022, 4, 1)),  # sent 25/02/2022: 25 working days, no holiday inside
        (D(2022, 3, 1), 25, D(2022, 4, 5)),
        (D(2022, 3, 28), 25, D(2022, 5, 5)),  # across 11/4, and 2–3/5 in lieu of 30/4 and 1/5
        (D(2024, 5, 3), 1, D(2024, 5, 4)),  # the Saturday worked counts
        (D(2026, 2, 13), 1, D(2026, 2, 23)),  # the Friday before Tết 2026
        (D(2022, 6, 3), 0, D(2022, 6, 3)),  # zero days: the day itself
    ],
)
def test_add_working_days_counts_across_tet_and_weekends(start, count, expected):
    assert add_working_days(start, count) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_working_days(D(2022, 1, 3), -1)


def test_nth_working_day_counts_the_first_day_when_it_is_a_working_day():
    assert nth_working_day(D(2022, 2, 7), 5) == D(2022, 2, 11)  # Monday to Friday
    assert nth_working_day(D(2022, 2, 5), 1) == D(2022, 2, 7)  # posted on a Saturday: Monday is the first
    assert nth_working_day(D(2022, 1, 31), 2) == D(2022, 2, 8)  # posted during Tết


def test_working_days_between_is_what_add_working_days_added():
    start = D(2022, 1, 20)
    for count in range(0, 40, 3):
        assert working_days_between(start, add_working_days(start, count)) == count
    assert working_days_between(D(2022, 2, 7), D(2022, 2, 1)) == 0


def test_the_listed_years_and_every_day_off_is_a_weekday_with_a_source():
    assert (covers(2022), covers(2026), covers(2035)) == (True, True, False)
    for row in workdays.DAYS_OFF:
        assert row.day.weekday() < 5 and row.source, row
    for row in workdays.WORKED_WEEKENDS:
        assert row.day.weekday() == 5, row

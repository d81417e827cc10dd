"""Working days in Việt Nam: the public holidays as dated data, and pure functions that count over them.

A time limit of the law on emulation and commendation ("trong thời hạn 25 ngày làm việc") counts
working days: Monday to Friday, less the days off of the public holidays (Bộ luật Lao động
45/2019/QH14, Điều 112: Tết Dương lịch, 5 days of Tết Âm lịch, Giỗ Tổ Hùng Vương 10/3 âm lịch,
30/4, 1/5, 2 days of Quốc khánh 2/9), plus the day given in lieu when a holiday falls on a weekend
and the days swapped by the Government's yearly notice (a weekday off, a Saturday worked).

Tết and Giỗ Tổ follow the lunar calendar and the swaps are announced each year, so the days off
are listed year by year as they were announced, each with its source. `confirmed=False` marks
the rows not yet checked against the announcing text (verify on vbpl.vn or chinhphu.vn before
relying on a deadline they move). A year missing here counts weekends only: `covers(year)` says
whether a year is listed, and pages warn when a deadline falls in a year that is not.

Edge cases, stated once:
- `add_working_days(day, 0)` is `day` itself; the day the count starts from is never counted.
- A Saturday listed in WORKED_WEEKENDS is a working day; a weekday in DAYS_OFF is not.
- `nth_working_day(day, n)` counts `day` itself as the first when it is a working day (a notice
  posted on a Monday for 5 working days runs Monday to Friday).
"""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DayOff:
    day: dt.date
    name: str
    source: str
    confirmed: bool = False


def _days(year, month, days, name, source, confirmed=False):
    return [DayOff(dt.date(year, month, d), name, source, confirmed) for d in days]


_LABOUR_CODE = "Bộ luật Lao động 45/2019/QH14, Điều 112"
_NOTICE = "Thông báo nghỉ lễ, Tết hằng năm của Bộ LĐTBXH / Bộ Nội vụ (chưa đối chiếu văn bản)"

# Weekdays off (holidays, days in lieu, swapped days), year by year as announced.
DAYS_OFF = tuple(
    [
        # 2021
        *_days(2021, 1, [1], "Tết Dương lịch", _LABOUR_CODE),
        *_days(2021, 2, [10, 11, 12, 15, 16], "Tết Nguyên đán Tân Sửu", _NOTICE),
        *_days(2021, 4, [21], "Giỗ Tổ Hùng Vương", _LABOUR_CODE),
        *_days(2021, 4, [30], "Ngày Chiến thắng", _LABOUR_CODE),
        *_days(2021, 5, [3], "Nghỉ bù Quốc tế Lao động (1/5 thứ Bảy)", _NOTICE),
        *_days(2021, 9, [2, 3], "Quốc khánh", _NOTICE),
        # 2022
        *_days(2022, 1, [3], "Nghỉ bù Tết Dương lịch (1/1 thứ Bảy)", _NOTICE),
        *_days(2022, 1, [31], "Tết Nguyên đán Nhâm Dần", _NOTICE),
        *_days(2022, 2, [1, 2, 3, 4], "Tết Nguyên đán Nhâm Dần", _NOTICE),
        *_days(2022, 4, [11], "Nghỉ bù Giỗ Tổ Hùng Vương (10/4 Chủ nhật)", _NOTICE),
        *_days(2022, 5, [2, 3], "Nghỉ bù 30/4 và 1/5 (thứ Bảy, Chủ nhật)", _NOTICE),
        *_days(2022, 9, [1, 2], "Quốc khánh", _NOTICE),
        # 2023
        *_days(2023, 1, [2], "Nghỉ bù Tết Dương lịch (1/1 Chủ nhật)", _NOTICE),
        *_days(2023, 1, [20, 23, 24, 25, 26], "Tết Nguyên đán Quý Mão", _NOTICE),
        *_days(2023, 5, [1, 2, 3], "30/4, 1/5 và nghỉ bù Giỗ Tổ (29/4 thứ Bảy)", _NOTICE),
        *_days(2023, 9, [1, 4], "Quốc khánh", _NOTICE),
        # 2024
        *_days(2024, 1, [1], "Tết Dương lịch", _LABOUR_CODE),
        *_days(2024, 2, [8, 9, 12, 13, 14], "Tết Nguyên đán Giáp Thìn", _NOTICE),
        *_days(2024, 4, [18], "Giỗ Tổ Hùng Vương", _LABOUR_CODE),
        *_days(2024, 4, [29, 30], "Ngày Chiến thắng (29/4 hoán đổi)", _NOTICE),
        *_days(2024, 5, [1], "Quốc tế Lao động", _LABOUR_CODE),
        *_days(2024, 9, [2, 3], "Quốc khánh", _NOTICE),
        # 2025
        *_days(2025, 1, [1], "Tết Dương lịch", _LABOUR_CODE),
        *_days(2025, 1, [27, 28, 29, 30, 31], "Tết Nguyên đán Ất Tỵ", _NOTICE),
        *_days(2025, 4, [7], "Giỗ Tổ Hùng Vương", _LABOUR_CODE),
        *_days(2025, 4, [30], "Ngày Chiến thắng", _LABOUR_CODE),
        *_days(2025, 5, [1, 2], "Quốc tế Lao động (2/5 hoán đổi)", _NOTICE),
        *_days(2025, 9, [1, 2], "Quốc khánh", _NOTICE),
        # 2026
        *_days(2026, 1, [1], "Tết Dương lịch", _LABOUR_CODE),
        *_days(2026, 2, [16, 17, 18, 19, 20], "Tết Nguyên đán Bính Ngọ", _NOTICE),
        *_days(2026, 4, [27], "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 Chủ nhật)", _NOTICE),
        *_days(2026, 4, [30], "Ngày Chiến thắng", _LABOUR_CODE),
        *_days(2026, 5, [1], "Quốc tế Lao động", _LABOUR_CODE),
        *_days(2026, 9, [1, 2], "Quốc khánh", _NOTICE),
    ]
)

# Saturdays worked in exchange for a swapped weekday (làm bù).
WORKED_WEEKENDS = tuple(
    [
        DayOff(dt.date(2024, 5, 4), "Làm bù cho 29/4/2024", _NOTICE),
        DayOff(dt.date(2025, 4, 26), "Làm bù cho 2/5/2025", _NOTICE),
    ]
)

_OFF = {row.day: row for row in DAYS_OFF}
_WORKED = {row.day for row in WORKED_WEEKENDS}
_YEARS = {row.day.year for row in DAYS_OFF}


def covers(year):
    """Whether the days off of `year` are listed (else only weekends are skipped)."""
    return year in _YEARS


def day_off(day):
    """The listed holiday on `day`, or None."""
    return _OFF.get(day)


def is_working_day(day):
    if day in _WORKED:
        return True
    return day.weekday() < 5 and day not in _OFF


def add_working_days(day, count):
    """The date `count` working days after `day` (which is not counted): a time limit's last day."""
    if count < 0:
        raise ValueError("count must be 0 or more")
    current = day
    while count:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def nth_working_day(day, count):
    """The `count`-th working day of a span that starts on `day` (counted when it is a working day)."""
    if count < 1:
        raise ValueError("count must be 1 or more")
    return add_working_days(day - dt.timedelta(days=1), count)


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    count, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        count += is_working_day(current)
    return count

"""Scoring rules as pure functions over Decimals: points per criterion, deductions, totals, bands, ranks.

No ORM here: campaign.ranking fetches the values and calls these, so every page, export
and report scores the same way. Points are rounded to 2 decimals, half up.

Edge cases, decided once:
- A missing value (None) scores 0; the caller reports the criterion as missing.
- TARGET: max × min(value / target, 1). A target of 0 or less gives 0 points (a target is
  refused unless positive: rewarding 0 would give full points for reporting nothing);
  no target at all gives None (cannot be scored).
- Negative values score 0 (TARGET, PERCENTAGE, COUNT); YES_NO is “yes” from 1 up.
- COUNT without points per item counts 1 point per item.
- QUALITATIVE is None until staff give a score, which is clamped to 0..max.
- DEDUCTION and VETO criteria give no points of their own: their violations do.
"""

import bisect
from decimal import ROUND_HALF_UP, Decimal

TARGET = "target"
PERCENTAGE = "percentage"
YES_NO = "yes_no"
COUNT = "count"
QUALITATIVE = "qualitative"
DEDUCTION = "deduction"
VETO = "veto"

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def quantize(value):
    return _dec(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _clamp(value, low, high):
    return max(low, min(value, high))


def criterion_points(rule, *, max_points, value=None, target=None, points_per_unit=None, staff_score=None):
    """The points one unit-reported criterion gives, or None when it cannot be scored yet."""
    top = _dec(max_points)
    if rule == QUALITATIVE:
        return None if staff_score is None else quantize(_clamp(_dec(staff_score), ZERO, top))
    if rule in (DEDUCTION, VETO):
        raise ValueError(f"rule {rule!r} is scored from violations, not from a value")
    if rule == TARGET and target is None:
        return None
    if value is None:
        return quantize(ZERO)
    value = _dec(value)
    if rule == TARGET:
        target = _dec(target)
        if target <= 0:
            points = ZERO
        else:
            points = top * _clamp(value / target, ZERO, Decimal(1))
    elif rule == PERCENTAGE:
        points = top * _clamp(value, ZERO, HUNDRED) / HUNDRED
    elif rule == YES_NO:
        points = top if value >= 1 else ZERO
    elif rule == COUNT:
        per_item = Decimal(1) if points_per_unit is None else _dec(points_per_unit)
        points = _clamp(value * per_item, ZERO, top)
    else:
        raise ValueError(f"unknown scoring rule {rule!r}")
    return quantize(points)


def deduction_points(violation_points, *, cap=None):
    """The points a set of violations takes off: their sum, at most `cap` when one is given."""
    total = sum((_dec(p) for p in violation_points), ZERO)
    if cap is not None:
        total = min(total, _dec(cap))
    return quantize(total)


def total_score(points, deductions):
    """Points earned (None counts 0) less deductions, never below 0.

    A veto does not change the total: it only bars classification (see `classify`) and
    puts the unit after every unit without a veto in its ranking.
    """
    earned = sum((_dec(p) for p in points if p is not None), ZERO)
    return quantize(max(earned - _dec(deductions), ZERO))


def bands_out_of_reach(bands, maximum):
    """[(name, min_score)] of the bands no unit can reach: starting above `maximum`, the most a
    unit can score (its criteria's maximum points)."""
    return [(name, low) for name, low in bands if _dec(low) > _dec(maximum)]


def classify(total, bands, *, vetoed=False):
    """The name of the highest band whose least score the total reaches (limits inclusive).

    `bands` is [(name, min_score)] in any order. A vetoed unit, or one below every band,
    is not classified (None). Of two bands with the same least score, the first listed.
    """
    return classifier(bands)(total, vetoed=vetoed)


def classifier(bands):
    """`classify` with these bands, for many totals: the bands are read once, each total placed
    among their least scores by bisection."""
    ordered = sorted(((_dec(low), -index, name) for index, (name, low) in enumerate(bands)), key=lambda b: b[:2])
    lows = [low for low, _index, _name in ordered]

    def classify_one(total, *, vetoed=False):
        if vetoed:
            return None
        reached = bisect.bisect_right(lows, _dec(total))
        return ordered[reached - 1][2] if reached else None

    return classify_one


def competition_ranks(scores):
    """Ranks for the scores in their given order, highest first, ties sharing a rank (1, 1, 3).

    Scores may be numbers or tuples compared as such, e.g. (not vetoed, total) to put
    vetoed units last.
    """
    ordered = sorted(scores, reverse=True)
    first_place = {}
    for position, score in enumerate(ordered, start=1):
        first_place.setdefault(score, position)
    return [first_place[score] for score in scores]


def counts_in_cumulation(deadline, verified, today):
    """A period counts in a unit's cumulated score once its deadline has passed or the unit's
    report for it is verified: a month not yet due is not averaged in as 0."""
    return bool(verified) or deadline < today


def cumulative_total(period_totals, period_count):
    """A unit's cumulated score: the mean of its period totals over `period_count` periods.

    A period the unit has no verified score for counts 0 (pass fewer totals than periods,
    or None). The mean keeps the bands on one scale, whatever the number of periods.
    """
    if not period_count:
        return quantize(ZERO)
    earned = sum((_dec(t) for t in period_totals if t is not None), ZERO)
    return quantize(earned / period_count)

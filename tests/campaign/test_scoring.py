"""The scoring rules, edge by edge: points per criterion, deductions, totals, bands, ranks."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign import scoring
from campaign.models import ScoringRule

# rule, keyword arguments, expected points
POINTS = [
    # target attainment: value / target of the maximum, capped
    ("target", dict(max_points=20, value=50, target=100), D("10.00")),
    ("target", dict(max_points=20, value=100, target=100), D("20.00")),
    ("target", dict(max_points=20, value=250, target=100), D("20.00")),  # over target: capped
    ("target", dict(max_points=20, value=-10, target=100), D("0.00")),  # negative: 0
    ("target", dict(max_points=20, value=None, target=100), D("0.00")),  # missing: 0
    ("target", dict(max_points=20, value=0, target=0), D("0.00")),  # zero target: never rewarded (issue 16)
    ("target", dict(max_points=20, value=45, target=0), D("0.00")),
    ("target", dict(max_points=20, value=-1, target=0), D("0.00")),
    ("target", dict(max_points=20, value=None, target=0), D("0.00")),
    ("target", dict(max_points=20, value=50, target=None), None),  # no target: cannot score
    ("target", dict(max_points=10, value=1, target=3), D("3.33")),
    ("target", dict(max_points=10, value=2, target=3), D("6.67")),
    ("target", dict(max_points=D("0.1"), value=1, target=8), D("0.01")),  # 0.0125 half up
    # percentage
    ("percentage", dict(max_points=20, value=85), D("17.00")),
    ("percentage", dict(max_points=20, value=120), D("20.00")),  # over 100: capped
    ("percentage", dict(max_points=20, value=-5), D("0.00")),
    ("percentage", dict(max_points=20, value=None), D("0.00")),
    ("percentage", dict(max_points=15, value=D("33.3")), D("5.00")),  # 4.995 half up
    # yes / no
    ("yes_no", dict(max_points=10, value=1), D("10.00")),
    ("yes_no", dict(max_points=10, value=2), D("10.00")),
    ("yes_no", dict(max_points=10, value=0), D("0.00")),
    ("yes_no", dict(max_points=10, value=D("0.5")), D("0.00")),
    ("yes_no", dict(max_points=10, value=None), D("0.00")),
    # count × points per item, up to the maximum
    ("count", dict(max_points=10, value=3, points_per_unit=2), D("6.00")),
    ("count", dict(max_points=10, value=7, points_per_unit=2), D("10.00")),  # capped
    ("count", dict(max_points=10, value=-2, points_per_unit=2), D("0.00")),
    ("count", dict(max_points=10, value=4, points_per_unit=None), D("4.00")),  # 1 point per item
    ("count", dict(max_points=10, value=None, points_per_unit=2), D("0.00")),
    # qualitative, scored by staff
    ("qualitative", dict(max_points=10, staff_score=7), D("7.00")),
    ("qualitative", dict(max_points=10, staff_score=12), D("10.00")),
    ("qualitative", dict(max_points=10, staff_score=None, value=5), None),  # not scored yet
    ("qualitative", dict(max_points=10, staff_score=D("7.255")), D("7.26")),
]


@pytest.mark.parametrize(("rule", "kwargs", "expected"), POINTS)
def test_criterion_points_follows_the_rule(rule, kwargs, expected):
    assert scoring.criterion_points(rule, **kwargs) == expected


@pytest.mark.parametrize("rule", ["deduction", "veto", "unknown"])
def test_criterion_points_refuses_rules_without_a_value(rule):
    with pytest.raises(ValueError):
        scoring.criterion_points(rule, max_points=10, value=1)


def test_scoring_rule_names_match_the_model_choices():
    names = {scoring.TARGET, scoring.PERCENTAGE, scoring.YES_NO, scoring.COUNT, scoring.QUALITATIVE}
    names |= {scoring.DEDUCTION, scoring.VETO}

    assert names == set(ScoringRule.values)


values = st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
maxima = st.decimals(min_value=0, max_value=1000, places=2)


@given(
    rule=st.sampled_from(["target", "percentage", "yes_no", "count", "qualitative"]),
    max_points=maxima,
    value=st.none() | values,
    target=st.decimals(min_value=0, max_value=100000, places=2),
    per_item=st.none() | st.decimals(min_value=0, max_value=100, places=2),
)
def test_criterion_points_stays_between_zero_and_the_maximum(rule, max_points, value, target, per_item):
    points = scoring.criterion_points(
        rule, max_points=max_points, value=value, target=target, points_per_unit=per_item, staff_score=value
    )

    assert points is None or D(0) <= points <= max_points


@pytest.mark.parametrize(
    ("points", "cap", "expected"),
    [
        ([5, 5, 5], None, D("15.00")),
        ([5, 5, 5], 10, D("10.00")),  # capped by the criterion's maximum
        ([5], 10, D("5.00")),
        ([], 10, D("0.00")),
        ([D("2.5"), D("0.25")], None, D("2.75")),
    ],
)
def test_deduction_points_sums_up_to_the_cap(points, cap, expected):
    assert scoring.deduction_points(points, cap=cap) == expected


@pytest.mark.parametrize(
    ("points", "deductions", "expected"),
    [
        ([D("20"), D("10"), None], D("5"), D("25.00")),  # unscored counts 0
        ([D("3")], D("5"), D("0.00")),  # floor at zero
        ([D("5")], D("5"), D("0.00")),
        ([], D("0"), D("0.00")),
    ],
)
def test_total_score_subtracts_deductions_and_floors_at_zero(points, deductions, expected):
    assert scoring.total_score(points, deductions) == expected


BANDS = [("Khá", D("50")), ("Xuất sắc", D("90")), ("Tốt", D("70"))]


@pytest.mark.parametrize(
    ("total", "vetoed", "expected"),
    [
        (D("100"), False, "Xuất sắc"),
        (D("90"), False, "Xuất sắc"),  # limits are inclusive
        (D("89.99"), False, "Tốt"),
        (D("70"), False, "Tốt"),
        (D("50"), False, "Khá"),
        (D("49.99"), False, None),  # below every band
        (D("100"), True, None),  # vetoed: not classified
    ],
)
def test_classify_picks_the_highest_band_reached(total, vetoed, expected):
    assert scoring.classify(total, BANDS, vetoed=vetoed) == expected


def test_classify_without_bands_classifies_nobody():
    assert scoring.classify(D("100"), []) is None


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([D("90"), D("90"), D("80")], [1, 1, 3]),
        ([D("80"), D("90"), D("90")], [3, 1, 1]),  # ranks follow the given order
        ([D("70"), D("90"), D("80"), D("90"), D("70")], [4, 1, 3, 1, 4]),
        ([], []),
        ([(False, D("99")), (True, D("10")), (True, D("10"))], [3, 1, 1]),  # vetoed (False) last
    ],
)
def test_competition_ranks_share_ties_and_skip(scores, expected):
    assert scoring.competition_ranks(scores) == expected


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=30))
def test_competition_ranks_count_the_better_scores(scores):
    ranks = scoring.competition_ranks(scores)

    assert ranks == [1 + sum(other > score for other in scores) for score in scores]


@pytest.mark.parametrize(
    ("totals", "count", "expected"),
    [
        ([D("80"), D("90"), D("100")], 3, D("90.00")),
        ([D("90"), None, D("90")], 3, D("60.00")),  # a period without a verified score counts 0
        ([D("90")], 3, D("30.00")),
        ([D("10"), D("10"), D("11")], 3, D("10.33")),
        ([], 0, D("0.00")),
    ],
)
def test_cumulative_total_is_the_mean_over_the_periods(totals, count, expected):
    assert scoring.cumulative_total(totals, count) == expected


def test_a_classifier_places_many_totals_as_classify_does():
    """scoring.classifier reads the bands once for a table's many totals (the dashboard's
    thousands of buckets): the same band as classify for every total, the first listed of two
    bands with the same least score, totals given as text or numbers."""
    bands = [*BANDS, ("Khá (trùng)", D("50"))]
    band_of = scoring.classifier(bands)
    for tenths in range(-10, 1100):
        total = D(tenths) / 10
        assert band_of(total) == scoring.classify(total, bands) == _by_hand(total, bands)
        assert band_of(total, vetoed=True) is None
    assert band_of("70.00") == band_of(70) == "Tốt"
    assert scoring.classifier([])(D("100")) is None


def _by_hand(total, bands):
    reached = [(low, name) for name, low in bands if total >= low]
    return max(reached, key=lambda pair: pair[0])[1] if reached else None

"""The cross-scoring rules of an emulation block: medians, flags, settled values, ranking."""

from decimal import Decimal as D

import pytest

from campaign import cross_scoring as cs


@pytest.mark.parametrize(
    ("values", "median", "spread"),
    [
        ([], None, None),
        ([D("7")], D("7.00"), D("0.00")),
        ([D("6"), D("8")], D("7.00"), D("2.00")),
        ([D("9"), D("5"), D("7")], D("7.00"), D("4.00")),
        ([D("2.5"), None, D("3.5")], D("3.00"), D("1.00")),
    ],
)
def test_median_and_spread_of_the_others_scores(values, median, spread):
    assert cs.middle(values) == median
    assert cs.spread(values) == spread


@pytest.mark.parametrize(
    ("self_score", "flagged"),
    [(D("10"), True), (D("9"), False), (D("5"), False), (D("4.99"), True), (None, False)],
)
def test_self_score_flagged_only_beyond_the_margin(self_score, flagged):
    cell = cs.reconcile(self_score, {"b": D("7"), "c": D("7")}, margin=D("2"))
    assert any(f.kind == cs.SELF for f in cell.flags) is flagged


def test_the_difference_of_a_self_flag_is_signed_self_minus_median():
    cell = cs.reconcile(D("10"), {"b": D("6"), "c": D("7")}, margin=D("1"))
    (flag,) = cell.flags
    assert flag.difference == D("3.50")


def test_an_outlying_scorer_is_named_against_the_median_of_all_cross_scores():
    cell = cs.reconcile(D("8"), {"b": D("8"), "c": D("7.5"), "d": D("2")}, margin=D("2"))
    outliers = [f for f in cell.flags if f.kind == cs.OUTLIER]
    assert [f.scorer for f in outliers] == ["d"]
    assert outliers[0].difference == D("-5.50")


def test_two_cross_scores_cannot_name_an_outlier():
    cell = cs.reconcile(None, {"b": D("9"), "c": D("1")}, margin=D("1"))
    assert not [f for f in cell.flags if f.kind == cs.OUTLIER]
    assert cell.spread == D("8.00")


def test_a_cell_nobody_scored_is_flagged_and_has_no_result():
    cell = cs.reconcile(D("5"), {}, margin=D("1"))
    assert [f.kind for f in cell.flags] == [cs.NO_SCORES]
    assert cs.cell_result(cell, method=cs.MEDIAN) is None
    assert cs.cell_result(cell, method=cs.MEDIAN, settled=D("4")) == D("4.00")


def test_weighted_mix_and_median_methods():
    cell = cs.reconcile(D("10"), {"b": D("6"), "c": D("8")}, margin=D("5"))
    assert cs.cell_result(cell, method=cs.MEDIAN) == D("7.00")
    assert cs.cell_result(cell, method=cs.WEIGHTED, self_weight=D("0.25")) == D("7.75")
    assert cs.cell_result(cell, method=cs.WEIGHTED, self_weight=D("0")) == D("7.00")
    with pytest.raises(ValueError):
        cs.cell_result(cell, method=cs.WEIGHTED, self_weight=D("1.5"))


def test_weighted_without_a_self_score_takes_the_median():
    cell = cs.reconcile(None, {"b": D("6"), "c": D("8")}, margin=D("5"))
    assert cs.cell_result(cell, method=cs.WEIGHTED, self_weight=D("0.5")) == D("7.00")


def test_ranking_uses_settled_values_and_shares_ties():
    cells = {
        ("A", 1): cs.reconcile(D("10.5"), {"B": D("9"), "C": D("9")}, margin=D("1")),
        ("B", 1): cs.reconcile(D("9"), {"A": D("9"), "C": D("9")}, margin=D("1")),
        ("C", 1): cs.reconcile(D("10"), {"A": D("4"), "B": D("6")}, margin=D("1")),
    }
    ranking = cs.block_ranking(cells, method=cs.MEDIAN)
    assert [(m, t, r) for m, t, r, _ in ranking] == [("A", D("9.00"), 1), ("B", D("9.00"), 1), ("C", D("5.00"), 3)]
    settled = {("C", 1): D("9.5")}
    assert cs.block_ranking(cells, method=cs.MEDIAN, settled=settled)[0][:3] == ("C", D("9.50"), 1)
    assert cs.unsettled_flags(cells, settled) == [("A", 1, cells[("A", 1)].flags[0])]


def test_a_member_missing_a_criterion_is_ranked_but_marked_incomplete():
    cells = {
        ("A", 1): cs.reconcile(None, {"B": D("5")}, margin=D("1")),
        ("A", 2): cs.reconcile(None, {}, margin=D("1")),
        ("B", 1): cs.reconcile(None, {"A": D("4")}, margin=D("1")),
        ("B", 2): cs.reconcile(None, {"A": D("4")}, margin=D("1")),
    }
    ranking = cs.block_ranking(cells, method=cs.MEDIAN)
    assert [(m, t, complete) for m, t, _, complete in ranking] == [("B", D("8.00"), True), ("A", D("5.00"), False)]

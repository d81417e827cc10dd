"""The benchmark's measurements judge their figures with the one verdict (ops/bench/verdict.py)."""

from ops.bench.measures import against_sql


def test_the_ranking_against_its_sql_is_judged_as_every_figure_against_its_floor():
    met, missed, no_floor = against_sql(0.019, 0.010), against_sql(0.030, 0.010), against_sql(0.005, 0)

    assert (met.met, met.ratio, met.floor) == (True, "1.90×", "0.01 s (SQL)")
    assert not missed.met
    assert not no_floor.met  # a SQL time of 0 is no floor: a miss that says so, not a division by zero

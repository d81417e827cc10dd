"""The benchmark's verdicts (ops/bench/verdict.py): a row is met only when it was measured and
within its target; a page where no request completed fails; waiting for the server to drain."""

from ops.bench import verdict
from ops.bench.registry import Row
from ops.bench.report import table


def test_a_page_within_twice_its_floor_is_met_and_says_its_ratio():
    found = verdict.within_floor(0.019, 0.010, 2)
    assert (found.figure, found.floor, found.ratio, found.target, found.met) == (
        "19 ms",
        "10 ms",
        "1.90×",
        "≤ 2× floor",
        True,
    )


def test_a_page_over_twice_its_floor_is_not_met():
    found = verdict.within_floor(3.382, 0.012, 2)
    assert not found.met
    assert found.ratio == "282×"


def test_a_figure_not_measured_is_a_miss_never_met():
    found = verdict.within_floor(None, 0.010, 2)
    assert (found.figure, found.met) == ("not measured", False)
    assert not verdict.within_floor(0.005, 0, 2).met


def load(requests, rps, errors=0):
    return verdict.LoadRun(requests=requests, rps=rps, errors=errors, p50=100_000, p95=200_000, p99=300_000, seconds=20)


def test_a_page_where_no_request_completed_fails_and_prints_no_latency():
    found = verdict.load_verdict(load(0, 0.0), load(1500, 75.0))
    assert not found.met
    assert found.figure == "no request completed in 20 s"
    assert "0 / 0 / 0" not in found.note and found.ratio == ""


def test_throughput_is_judged_as_a_share_of_the_floor_page():
    assert verdict.load_verdict(load(800, 40.0), load(1500, 75.0)).met
    found = verdict.load_verdict(load(300, 15.0), load(1500, 75.0))
    assert (found.figure, found.floor, found.ratio, found.met) == ("15.0 req/s", "75.0 req/s", "20%", False)


def test_errors_or_a_floor_that_served_nothing_fail_the_page():
    assert not verdict.load_verdict(load(800, 40.0, errors=3), load(1500, 75.0)).met
    assert not verdict.load_verdict(load(800, 40.0), load(0, 0.0)).met
    assert not verdict.load_verdict(load(800, 40.0), None).met
    assert not verdict.load_verdict(None, load(1500, 75.0)).met


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_drain_waits_until_the_server_answers_fast_with_nothing_running():
    clock = FakeClock()
    answers = iter([(4.0, 5), (0.01, 3), (0.01, 0), (0.2, 0), (0.01, 0), (0.01, 0), (0.01, 0)])
    waited = verdict.wait_until_idle(lambda: next(answers), times=3, pause=1, clock=clock, sleep=clock.sleep)
    assert waited == 6  # three idle polls in a row: the 5th, 6th and 7th


def test_drain_gives_up_after_its_timeout_and_counts_a_failed_probe_as_busy():
    clock = FakeClock()

    def probe():
        raise OSError("connection refused")

    assert verdict.wait_until_idle(probe, timeout=10, pause=1, clock=clock, sleep=clock.sleep) is None
    assert clock.now == 10


def test_the_table_prints_floor_ratio_target_and_met():
    rows = [
        Row.judged("Dashboard: in-process, warm", verdict.within_floor(0.050, 0.010, 2), "floor SQL: counts"),
        Row("Data set", "1 GB"),
    ]
    lines = table(rows).splitlines()
    assert lines[0] == "| Measurement | Figure | Floor | Ratio | Target | Met | Notes |"
    assert (
        lines[2] == "| Dashboard: in-process, warm | 50 ms | 10 ms | 5.00× | ≤ 2× floor | **no** | floor SQL: counts |"
    )
    assert lines[3] == "| Data set | 1 GB |  |  |  |  |  |"


def test_median():
    assert verdict.median([3, 1, 2]) == 2
    assert verdict.median([4, 1, 2, 3]) == 2.5
    assert verdict.median([]) is None

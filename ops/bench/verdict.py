"""The pure part of the benchmark's verdicts: a figure against its floor, a load run against the
floor page's, and waiting for the server to be idle. No Django, no database: tests/ops/ tests it.

A row is met only when it was measured: a page where no request completed, or a figure that
could not be taken, is a miss that says why — never "0 ms … met".
"""

import time
from dataclasses import dataclass


@dataclass
class Verdict:
    figure: str
    floor: str
    ratio: str
    target: str
    met: bool
    note: str = ""


def ms_text(seconds):
    ms = seconds * 1000
    return f"{ms:.1f} ms" if ms < 10 else f"{ms:,.0f} ms"


def ratio_text(ratio):
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:,.0f}×"


def within_floor(seconds, floor_seconds, limit, *, floor_text=None):
    """A time against its floor: met when seconds ≤ limit × floor. `seconds` None: not measured."""
    target = f"≤ {limit:g}× floor"
    floor = floor_text or ms_text(floor_seconds)
    if seconds is None:
        return Verdict("not measured", floor, "", target, False)
    if not floor_seconds or floor_seconds <= 0:
        return Verdict(ms_text(seconds), "not measured", "", target, False, "no floor to compare with")
    ratio = seconds / floor_seconds
    return Verdict(ms_text(seconds), floor, ratio_text(ratio), target, ratio <= limit)


@dataclass
class LoadRun:
    """What wrk reports of one run: completed requests, their rate, errors and percentiles (µs)."""

    requests: int
    rps: float
    errors: int
    p50: int = 0
    p95: int = 0
    p99: int = 0
    seconds: float = 0.0

    @classmethod
    def from_wrk(cls, found, seconds=0.0):
        return cls(
            requests=int(found.get("requests", 0)),
            rps=float(found.get("rps", 0.0)),
            errors=int(found.get("errors", 0)),
            p50=int(found.get("p50", 0)),
            p95=int(found.get("p95", 0)),
            p99=int(found.get("p99", 0)),
            seconds=seconds,
        )


def load_verdict(run, floor_run, share=0.5):
    """A page's throughput under load as a share of the floor page's, in the same conditions.

    Fails when no request completed (the percentiles of nothing are not 0 ms), when any request
    failed, or when the floor page itself served nothing (there is then nothing to compare with).
    """
    target = f"≥ {share:.0%} of floor, no error"
    floor = "not measured" if floor_run is None else f"{floor_run.rps:.1f} req/s"
    if run is None:
        return Verdict("not measured", floor, "", target, False)
    if run.requests <= 0:
        return Verdict(
            f"no request completed in {run.seconds:.0f} s",
            floor,
            "",
            target,
            False,
            f"errors {run.errors}",
        )
    figure = f"{run.rps:.1f} req/s"
    note = (
        f"p50 / p95 / p99 {run.p50 / 1000:.0f} / {run.p95 / 1000:.0f} / {run.p99 / 1000:.0f} ms of "
        f"{run.requests:,} completed; errors {run.errors}"
    )
    if floor_run is None or floor_run.requests <= 0 or floor_run.rps <= 0:
        return Verdict(figure, floor, "", target, False, note + "; the floor page served nothing")
    ratio = run.rps / floor_run.rps
    return Verdict(figure, floor, f"{ratio:.0%}", target, ratio >= share and run.errors == 0, note)


def wait_until_idle(probe, *, fast=0.05, times=3, timeout=300.0, pause=0.5, clock=time.monotonic, sleep=time.sleep):
    """Wait until `probe()` says idle `times` polls in a row; returns the seconds waited, or None
    when `timeout` passed first.

    `probe()` returns (seconds the cheap request took, requests still in progress elsewhere):
    idle is an answer within `fast` with nothing else in progress. A failed probe (an exception)
    counts as busy.
    """
    started = clock()
    streak = 0
    while True:
        try:
            seconds, busy = probe()
            idle = seconds <= fast and busy == 0
        except Exception:
            idle = False
        streak = streak + 1 if idle else 0
        if streak >= times:
            return clock() - started
        if clock() - started >= timeout:
            return None
        sleep(pause)


def median(values):
    found = sorted(values)
    if not found:
        return None
    middle = len(found) // 2
    return found[middle] if len(found) % 2 else (found[middle - 1] + found[middle]) / 2


def clock():
    return time.perf_counter()

"""What a measurement of the benchmark is: the Context it reads, the Rows it returns, the registry
that `@measure` fills and `run` walks, and the small timing helpers every measurement uses.

Measurements live in measures.py (data, rankings, certificates, import), reports.py (progress
reports) and load.py (pages under wrk); `manage.py bench` imports all three, in that order,
which is the order of the table.
"""

import time
from dataclasses import dataclass, field

from campaign.models import Campaign


@dataclass
class Context:
    campaign_id: int
    scale: float
    seconds: int
    log: object = print
    database_url: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def campaign(self):
        if "campaign" not in self.extra:
            self.extra["campaign"] = Campaign.objects.get(pk=self.campaign_id)
        return self.extra["campaign"]


@dataclass
class Row:
    what: str
    figure: str
    target: str = ""
    met: bool | None = None  # None: no target
    note: str = ""
    floor: str = ""  # what the figure is compared with (docs/benchmarks.md, "The floor")
    ratio: str = ""

    @classmethod
    def judged(cls, what, verdict, note=""):
        """A row from a verdict.Verdict (figure, floor, ratio, target, met)."""
        notes = "; ".join(n for n in (verdict.note, note) if n)
        return cls(what, verdict.figure, verdict.target, verdict.met, notes, verdict.floor, verdict.ratio)


@dataclass
class Measure:
    name: str
    label: str
    function: object


REGISTRY = []

# The order of the table; measurements not named here come after, in the order registered.
ORDER = [
    "sizes",
    "ranking_period",
    "ranking_cumulated",
    "score_refresh",
    "verification",
    "pages_inprocess",
    "pages",
]


def ordered(registry):
    position = {name: i for i, name in enumerate(ORDER)}
    return sorted(registry, key=lambda item: position.get(item.name, len(ORDER)))


def measure(name, label):
    def register(function):
        REGISTRY.append(Measure(name, label, function))
        return function

    return register


def timed(function):
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def seconds_text(seconds):
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def run(ctx, only=None):
    """Run the registered measurements (those named in `only`), each after the previous; a failure is a row."""
    rows = []
    for item in ordered(REGISTRY):
        if only and item.name not in only:
            continue
        ctx.log(f"Measuring: {item.label} …")
        try:
            found = item.function(ctx)
        except AssertionError:
            raise
        except Exception as exc:  # one broken measurement must not hide the others
            found = [Row(item.label, "not measured", note=f"failed: {type(exc).__name__}: {exc}"[:200], met=False)]
        for row in found:
            ctx.log(f"  {row.what}: {row.figure} {('(target ' + row.target + ')') if row.target else ''}")
        rows.extend(found)
    return rows


def last_period(campaign):
    return campaign.periods.order_by("-starts_on", "-pk").first()

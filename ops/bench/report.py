"""The table of the benchmark, printed and written to docs/benchmarks.md with the machine and date."""

import datetime as dt
import os
import platform
import re
from pathlib import Path

from django.conf import settings
from django.db import connection

DOC = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
BEGIN = "<!-- bench:results:begin -->"
END = "<!-- bench:results:end -->"


def machine():
    """CPU model, cores, RAM and load, from /proc."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, AttributeError):
        pass
    load = ""
    try:
        load = "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {ram}; {load} at the end of the run; "
        f"Python {platform.python_version()}, PostgreSQL {postgres}"
    )


def _mark(met):
    return "" if met is None else ("yes" if met else "**no**")


def table(rows, *, generation_seconds=None, scale=1.0):
    lines = ["| Measurement | Figure | Floor | Ratio | Target | Met | Notes |", "|---|---|---|---|---|---|---|"]
    if generation_seconds is not None:
        lines.append(f"| Generating the data set (scale {scale:g}) | {generation_seconds:.0f} s | | | | | |")
    for row in rows:
        cells = [row.what, row.figure, row.floor, row.ratio, row.target, _mark(row.met), row.note]
        lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def write(text, rows, *, scale, generation_seconds, total_seconds, note=""):
    """Put the table between the markers of docs/benchmarks.md (the rest of the page is prose)."""
    stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    block = "\n".join(
        [
            BEGIN,
            f"Run of {stamp}, scale {scale:g}, `make bench` took {total_seconds / 60:.1f} min"
            + (" (data set reused)" if generation_seconds is None else "")
            + ".",
            "",
            f"Machine: {machine()}.",
            *([f"\n{note}"] if note else []),
            "",
            text,
            END,
        ]
    )
    DOC.parent.mkdir(exist_ok=True)
    current = DOC.read_text() if DOC.exists() else "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN not in current:
        current += "\n" + BEGIN + "\n" + END + "\n"
    head, rest = current.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(head + block + tail)
    return DOC

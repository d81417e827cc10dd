"""Charts of the progress report drawn as inline SVG for WeasyPrint: no script, no image files.

Horizontal bars, one row per label, a series stacked per row; printed in greys and one blue,
legible in black and white. Every text is escaped; sizes are in points of the A4 page.
"""

from xml.sax.saxutils import escape

WIDTH = 460  # the text width of the A4 page in points is about 467
ROW = 18
GAP = 6
LABEL = 150
FONT = 'font-family="Tinos" font-size="10"'
COLOURS = ("#1f4e79", "#9dc3e6", "#d9d9d9", "#7f7f7f")


def number(value):
    """An integer with the Vietnamese thousand mark: 1.234."""
    return f"{int(value):,}".replace(",", ".")


def bar_chart(labels, series, *, title="", colours=COLOURS, per_row_colours=False):
    """An SVG of horizontal bars: `series` is [(legend, [values per label])], stacked per row.

    With one series and `per_row_colours`, each row takes its own colour and no legend is drawn.
    """
    labels = [str(label) for label in labels]
    rows = len(labels)
    totals = [sum(values[i] for _name, values in series) for i in range(rows)]
    top = max(totals, default=0) or 1
    bar_width = WIDTH - LABEL - 40
    legend = [] if per_row_colours else [name for name, _values in series]
    height = rows * (ROW + GAP) + (22 if legend else 4) + (16 if title else 0)
    y0 = 16 if title else 0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}pt" height="{height}pt" '
        f'viewBox="0 0 {WIDTH} {height}" role="img">'
    ]
    if title:
        parts.append(
            f'<text x="{WIDTH / 2}" y="11" text-anchor="middle" {FONT} font-weight="bold">{escape(title)}</text>'
        )
    for index, label in enumerate(labels):
        y = y0 + index * (ROW + GAP)
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + ROW * 0.7:.1f}" text-anchor="end" {FONT}>{escape(_fit(label))}</text>'
        )
        x = LABEL
        for serie, (_name, values) in enumerate(series):
            value = values[index]
            if not value:
                continue
            width = bar_width * value / top
            colour = colours[(index if per_row_colours else serie) % len(colours)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(width, 0.8):.1f}" height="{ROW}" fill="{colour}" '
                f'stroke="#000" stroke-width="0.4"/>'
            )
            x += width
        parts.append(f'<text x="{x + 4:.1f}" y="{y + ROW * 0.7:.1f}" {FONT}>{number(totals[index])}</text>')
    parts.append(
        f'<line x1="{LABEL}" y1="{y0 - 2}" x2="{LABEL}" y2="{y0 + rows * (ROW + GAP) - GAP + 2}" '
        f'stroke="#000" stroke-width="0.6"/>'
    )
    if legend:
        y = y0 + rows * (ROW + GAP) + 6
        x = LABEL
        for serie, name in enumerate(legend):
            parts.append(
                f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colours[serie % len(colours)]}" '
                f'stroke="#000" stroke-width="0.4"/>'
            )
            parts.append(f'<text x="{x + 14}" y="{y + 8.5}" {FONT}>{escape(name)}</text>')
            x += 24 + 5.2 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def _fit(label, limit=30):
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def report_charts(figures, labels):
    """The three charts of the report as SVG strings; `labels` maps codes to the Vietnamese words."""
    charts = figures["charts"]
    part = charts["participation"]
    subs = charts["submissions"]
    bands = charts["bands"]
    return {
        "participation": bar_chart(
            [label or labels["no_area"] for label in part["labels"]],
            [("Đã đăng ký thi đua", part["registered"]), ("Chưa đăng ký", part["not_registered"])],
        )
        if part["labels"]
        else "",
        "submissions": bar_chart(
            [labels["submission"][code] for code in subs["labels"]],
            [("Số đơn vị", subs["values"])],
            per_row_colours=True,
            colours=("#1f4e79", "#9dc3e6", "#bfbfbf"),
        )
        if any(subs["values"])
        else "",
        "bands": bar_chart(
            [label or "Chưa đạt mức xếp loại" for label in bands["labels"]],
            [("Số đơn vị", bands["values"])],
            per_row_colours=True,
            colours=("#1f4e79", "#2e75b6", "#9dc3e6", "#deebf7", "#bfbfbf"),
        )
        if any(bands["values"])
        else "",
    }

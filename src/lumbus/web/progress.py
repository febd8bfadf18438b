"""A person's progress: each measured series over dates, changes against the baseline, and the chart.

Whether a change matters is the instrument's minimal important change
(lumbus.instruments.change.compare_values, with the MCIDs in the instrument files); series
without a published one are plotted and tabled without a verdict. The chart is matplotlib's
Agg backend drawn to SVG, with the same numbers in a table beside it for screen readers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from lumbus.instruments.change import ChangeResult, compare_values
from lumbus.instruments.measures import measure_kinds
from lumbus.store.people import MeasurementOut

COLOURS = {"line": "#1f4e79", "baseline": "#8a8f98", "improvement": "#2e7d32", "worsening": "#b3261e"}


@dataclass(frozen=True)
class Point:
    date: date
    value: float
    change: ChangeResult | None
    """against the baseline (the first value), where the instrument publishes a minimal important change"""


@dataclass(frozen=True)
class Series:
    kind: str
    site: str | None
    side: str | None
    label: str
    unit: str
    points: list[Point]
    has_mcid: bool

    @property
    def unit_label(self) -> str:
        return self.unit.strip("{}")


def progress_series(measurements: list[MeasurementOut]) -> list[Series]:
    """One series per kind, muscle group and side, in the order of the kinds; measurements come oldest first."""
    kinds = measure_kinds()
    grouped: dict[tuple[str, str | None, str | None], list[MeasurementOut]] = {}
    for m in measurements:
        grouped.setdefault((m.kind, m.site, m.side), []).append(m)
    order = list(kinds)
    out = []
    for (kind_id, site, side), ms in sorted(
        grouped.items(), key=lambda kv: (order.index(kv[0][0]) if kv[0][0] in order else 99, kv[0][1] or "", kv[0][2] or "")
    ):
        kind = kinds.get(kind_id)
        mcid = kind is not None and kind.score is not None and kind.change is not None
        baseline = ms[0].value
        points = [
            Point(
                m.measured_on,
                m.value,
                compare_values(kind.instrument, kind.score, baseline, m.value) if mcid and kind and kind.score and i else None,
            )
            for i, m in enumerate(ms)
        ]
        label = kind.series_label(site, side) if kind else kind_id
        out.append(Series(kind_id, site, side, label, ms[0].unit, points, mcid))
    return out


def progress_svg(series: list[Series]) -> str:
    """Small multiples, one panel per series: the values over dates, the baseline dashed, and changes that pass the MCID marked."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = max(len(series), 1)
    with matplotlib.rc_context({"svg.fonttype": "none", "font.size": 10, "axes.spines.top": False, "axes.spines.right": False}):
        fig = Figure(figsize=(5.6, 2.4 * rows), layout="constrained")
        axes = fig.subplots(rows, 1, squeeze=False)[:, 0]
        if not series:
            axes[0].set_axis_off()
            axes[0].text(0.5, 0.5, "No measurements yet", ha="center", va="center")
        for ax, s in zip(axes, series, strict=False):
            dates = [p.date for p in s.points]
            values = [p.value for p in s.points]
            ax.plot(dates, values, marker="o", color=COLOURS["line"], linewidth=1.6, markersize=5, label="measured")
            ax.axhline(values[0], linestyle="--", linewidth=1, color=COLOURS["baseline"], label="baseline")
            for verdict, marker in (("improvement", "^"), ("worsening", "v")):
                hits = [p for p in s.points if p.change is not None and p.change.verdict == verdict]
                if hits:
                    ax.plot([p.date for p in hits], [p.value for p in hits], linestyle="none", marker=marker, markersize=11,
                            color=COLOURS[verdict], label=f"{verdict} (passes the MCID)")  # fmt: skip
            kind = measure_kinds().get(s.kind)
            if kind is not None and kind.allowed:  # a grade: its whole scale, whole numbers only
                ax.set_ylim(kind.low - 0.3, kind.high + 0.3)
                ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_title(s.label, loc="left", fontsize=10, fontweight="bold")
            ax.set_ylabel(s.unit_label)
            if len(set(dates)) == 1:  # one date: give the axis a month around it
                ax.set_xlim(dates[0] - timedelta(days=15), dates[0] + timedelta(days=15))
            locator = AutoDateLocator(maxticks=6)  # type: ignore[no-untyped-call]
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
            ax.grid(axis="y", color="#e3e6ea", linewidth=0.8)
            ax.legend(loc="best", fontsize=8, frameon=False)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()

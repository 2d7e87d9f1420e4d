"""Polarisation over time, with the windows it was measured on marked.

Each series is a list of windows with a score (for example the modularity of the
congruence coalitions, :func:`~stancegraph.graph.networks.polarisation`, or
Leifeld's polarisation score). A window is drawn as a point at its middle with a
horizontal bar spanning its first to last day, so overlapping moving windows read
as what they are; consecutive points are joined by a line.
"""

from __future__ import annotations

import datetime as _dt
from typing import Mapping, Sequence

from .frame import chart_frame
from .journal import FONT_SIZE, figure_width

__all__ = ["polarisation_figure", "SERIES_COLOURS"]

SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
"""Okabe–Ito colours, one per series."""


def polarisation_figure(series: Mapping[str, Sequence[tuple[str, str, float]]], *, width: str | float = "column",
                        caption: str | None = None, ylabel: str = "polarisation"):
    """Draw scores per time window.

    Parameters
    ----------
    series : mapping of str to sequence of (start, end, value) or (start, end, value, middle)
        Series name → windows (ISO dates ``YYYY-MM-DD`` or dates of each window's first
        and last day) and the score of each; ``middle`` places the point (a kernel
        slice's mid-point, where the slice is cut short at the data's ends), else the
        window's centre.
    width : "column", "page" or float
    caption : str, optional
        A line under the chart (wrapped to the width).
    ylabel : str
        The y axis label.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.dates as mdates

    width_in = figure_width(width)
    frame = chart_frame(width_in, plot_height=120.0, caption=caption, legend=list(series) if len(series) > 1 else (),
                        left=38.0)
    axes = frame.axes
    for i, (name, windows) in enumerate(series.items()):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        starts = [_day(w[0]) for w in windows]
        ends = [_day(w[1]) for w in windows]
        middles = [_day(w[3]) if len(w) > 3 and w[3] else s + (e - s) / 2 for w, s, e in zip(windows, starts, ends)]
        values = [float(w[2]) for w in windows]
        axes.plot(middles, values, color=colour, marker="o", markersize=3, linewidth=1.0, label=name)
        for s, e, v in zip(starts, ends, values):
            axes.plot([s, e], [v, v], color=colour, linewidth=0.6, alpha=0.45, solid_capstyle="butt")
    axes.set_ylabel(ylabel, fontsize=FONT_SIZE)
    axes.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=2, maxticks=max(3, int(width_in * 2))))
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(axes.xaxis.get_major_locator()))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return frame.finish()


def _day(text: str) -> _dt.date:
    return _dt.date.fromisoformat(str(text)[:10])

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

from .journal import FONT_SIZE, SMALL_FONT_SIZE, figure_width, new_figure
from .text import wrap_to_width

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
    caption_text = wrap_to_width(caption, SMALL_FONT_SIZE, width_in * 72.0 - 8.0) if caption else ""
    caption_space = (caption_text.count("\n") + 1) * SMALL_FONT_SIZE * 1.25 + 6.0 if caption_text else 0.0
    columns = _legend_columns(list(series), width_in * 72.0 - 8.0)
    legend_rows = -(-len(series) // columns) if len(series) > 1 else 0
    plot_height, axis_space, top_space = 120.0, 30.0, 8.0
    legend_space = legend_rows * SMALL_FONT_SIZE * 1.6 + (6.0 if legend_rows else 0.0)
    height_pt = top_space + plot_height + axis_space + legend_space + caption_space
    figure = new_figure(width_in, height_pt / 72.0)
    axes = figure.add_axes((38.0 / (width_in * 72.0), (axis_space + legend_space + caption_space) / height_pt,
                            1.0 - 48.0 / (width_in * 72.0), plot_height / height_pt))
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
    axes.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=max(3, int(width_in * 2))))
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(axes.xaxis.get_major_locator()))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if legend_rows:
        figure.legend(loc="lower center", ncol=columns, frameon=False, fontsize=SMALL_FONT_SIZE,
                      bbox_to_anchor=(0.5, (caption_space + 2.0) / height_pt), borderaxespad=0.0)
    if caption_text:
        figure.text(4.0 / (width_in * 72.0), (caption_space - 3.0) / height_pt, caption_text, ha="left", va="top",
                    fontsize=SMALL_FONT_SIZE, linespacing=1.2)
    return figure


def _legend_columns(names: list[str], width: float) -> int:
    from .text import text_size

    widest = max((text_size(name, SMALL_FONT_SIZE)[0] for name in names), default=0.0) + 3.0 * SMALL_FONT_SIZE + 8.0
    return max(1, min(len(names), int(width // widest)))


def _day(text: str) -> _dt.date:
    return _dt.date.fromisoformat(str(text)[:10])

"""Who says what, as rDNA's ``dna_barplot`` draws it: one bar per concept (or actor), support right, oppose left.

rDNA's ``autoplot.dna_barplot`` (leifeld-lab/dna, ``rDNA/rDNA/R/rDNA.R``) draws each
entity as a horizontal bar centred on zero: qualifier values ≥ 0 to the right,
values < 0 to the left, entities sorted by total frequency, counts printed beside the
bars. We draw the same from :func:`~stancegraph.graph.networks.barplot.stance_counts`:
support (+1) and mixed (0) stack to the right, oppose (−1) to the left, in the stance
colours of the HTML view. Where rDNA cuts labels at a number of characters, we
wrap them (:func:`~.text.fit_label`).
"""

from __future__ import annotations

from typing import Sequence

from .frame import chart_frame
from .journal import FONT_SIZE, SMALL_FONT_SIZE, figure_width
from .text import block_size, fit_label, text_size, wrap_width

__all__ = ["barplot_figure"]

BAR_HEIGHT = 11.0
"""Height of one bar's row, in points (a row whose label takes two lines is taller)."""
BAR_THICKNESS = 7.7
"""Thickness of a bar, in points."""
LABEL_SHARE = 0.55
"""At most this share of the figure's width holds the entity labels; the rest, the bars."""
LABEL_LINES = 2
"""A label wraps onto at most this many lines; only one that cannot fit even so is shortened (rDNA's
``truncate`` cuts every label at a number of characters), and the caption then gives it in full."""
LABEL_GAP = 6.0
"""Space between the labels and the bars, in points."""


def barplot_figure(rows: Sequence, *, width: str | float = "column", caption: str | None = None,
                   count: str = "statements", top: int | None = 30):
    """Draw :func:`~stancegraph.graph.networks.barplot.stance_counts` rows as a diverging bar chart.

    Entity labels are drawn whole, on one line where it fits in
    :data:`LABEL_SHARE` of the width, else wrapped onto two; a label that cannot fit even in two lines is shortened with
    an ellipsis and given in full at the end of the caption.

    Parameters
    ----------
    rows : sequence of BarplotRow
        Largest first (the order :func:`stance_counts` returns); drawn top to bottom.
    width : "column", "page" or float
        Figure width (inches for a float).
    caption : str, optional
        A line under the chart (wrapped to the width).
    count : str
        What the counts are (``statements`` or ``actors``), for the axis label.
    top : int, optional
        Draw only the first ``top`` rows (the caption should say so); None: all.

    Returns
    -------
    matplotlib.figure.Figure
        ``figure.stancegraph["shortened"]`` lists ``(label as drawn, full label)`` for each shortened label.
    """
    from matplotlib.patches import Patch

    from ..view.style import STANCE_COLOURS

    shown = list(rows[:top] if top else rows)
    width_in = figure_width(width)
    room = LABEL_SHARE * width_in * 72.0 - LABEL_GAP
    column = min(room, max((_needs(r.label, room) for r in shown), default=0.0))
    fitted = [fit_label(r.label, SMALL_FONT_SIZE, min(column, _needs(r.label, column)), LABEL_LINES) for r in shown]
    shortened = [(" ".join(lines), r.label) for (lines, cut), r in zip(fitted, shown) if cut]
    if shortened:
        key = "Shortened labels: " + "; ".join(f"“{short}” is {full}" for short, full in shortened) + "."
        caption = f"{caption} {key}" if caption else key
    pitches = [max(BAR_HEIGHT, block_size(lines, SMALL_FONT_SIZE)[1] + 1.5) for lines, _ in fitted]
    plot_height = sum(pitches) or BAR_HEIGHT
    frame = chart_frame(width_in, plot_height=plot_height, caption=caption, legend=("support", "mixed", "oppose"),
                        left=column + LABEL_GAP, top_space=6.0)
    axes = frame.axes
    y, above = [], 0.0
    for pitch in pitches:  # y in points from the plot's bottom, first row on top
        y.append(plot_height - above - pitch / 2)
        above += pitch
    support = [r.counts.get("support", 0) for r in shown]
    mixed = [r.counts.get("mixed", 0) for r in shown]
    oppose = [-r.counts.get("oppose", 0) for r in shown]
    axes.barh(y, support, height=BAR_THICKNESS, color=STANCE_COLOURS["support"], label="support")
    axes.barh(y, mixed, left=support, height=BAR_THICKNESS, color=STANCE_COLOURS["mixed"], label="mixed")
    axes.barh(y, oppose, height=BAR_THICKNESS, color=STANCE_COLOURS["oppose"], label="oppose")
    axes.axvline(0, color="#333333", linewidth=0.8)
    axes.set_yticks(y, ["\n".join(lines) for lines, _ in fitted])
    axes.tick_params(axis="y", length=0)
    reach = max([s + m for s, m in zip(support, mixed)] + [-o for o in oppose] + [1])
    axes.set_xlim(-reach * 1.15, reach * 1.15)
    axes.set_ylim(0.0, plot_height)
    ticks = [t for t in axes.get_xticks() if abs(t) <= reach * 1.15 and float(t).is_integer()]
    axes.set_xticks(ticks, [str(abs(int(t))) for t in ticks])
    axes.set_xlabel(count, fontsize=FONT_SIZE)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    figure = frame.finish([Patch(color=STANCE_COLOURS[s], label=s) for s in ("support", "mixed", "oppose")])
    figure.stancegraph = {"shortened": shortened}
    return figure


def _needs(label: str, room: float) -> float:
    """The width ``label`` takes: one line when that fits in ``room``, else its narrowest two lines (the most
    even break; a greedy break at ``room`` would leave a word alone on the second line)."""
    one = text_size(label, SMALL_FONT_SIZE)[0]
    return one if one <= room else wrap_width(label, SMALL_FONT_SIZE, LABEL_LINES)

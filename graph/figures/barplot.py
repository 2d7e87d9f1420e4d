"""Who says what, as rDNA's ``dna_barplot`` draws it: one bar per concept (or actor), support right, oppose left.

rDNA's ``autoplot.dna_barplot`` (leifeld-lab/dna, ``rDNA/rDNA/R/rDNA.R``) draws each
entity as a horizontal bar centred on zero: qualifier values ≥ 0 to the right,
values < 0 to the left, entities sorted by total frequency, counts printed beside the
bars. We draw the same from :func:`~stancegraph.graph.networks.barplot.stance_counts`:
support (+1) and mixed (0) stack to the right, oppose (−1) to the left, in the stance
colours of the HTML view; with ``group_by="kind"`` each side is split by actor kind
(hatched by stance) instead.
"""

from __future__ import annotations

from typing import Sequence

from .frame import chart_frame
from .journal import FONT_SIZE, SMALL_FONT_SIZE, figure_width
from .text import text_size

__all__ = ["barplot_figure"]

BAR_HEIGHT = 11.0
"""Height of one bar's row, in points."""
LABEL_CHARS = {"column": 26, "page": 44}
"""Entity labels longer than this are cut with an ellipsis (rDNA's ``truncate``), by figure width."""


def barplot_figure(rows: Sequence, *, width: str | float = "column", caption: str | None = None,
                   count: str = "statements", top: int | None = 30):
    """Draw :func:`~stancegraph.graph.networks.barplot.stance_counts` rows as a diverging bar chart.

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
    """
    from matplotlib.patches import Patch

    from ..view.style import STANCE_COLOURS

    shown = list(rows[:top] if top else rows)
    width_in = figure_width(width)
    chars = LABEL_CHARS["column"] if width_in < 5 else LABEL_CHARS["page"]
    labels = [_cut(r.label, chars) for r in shown]
    label_width = max((text_size(label, SMALL_FONT_SIZE)[0] for label in labels), default=0.0) + 6.0
    frame = chart_frame(width_in, plot_height=max(len(shown), 1) * BAR_HEIGHT, caption=caption,
                        legend=("support", "mixed", "oppose"), left=min(label_width, 0.6 * width_in * 72.0),
                        top_space=6.0)
    axes = frame.axes
    y = list(range(len(shown)))[::-1]
    support = [r.counts.get("support", 0) for r in shown]
    mixed = [r.counts.get("mixed", 0) for r in shown]
    oppose = [-r.counts.get("oppose", 0) for r in shown]
    axes.barh(y, support, height=0.7, color=STANCE_COLOURS["support"], label="support")
    axes.barh(y, mixed, left=support, height=0.7, color=STANCE_COLOURS["mixed"], label="mixed")
    axes.barh(y, oppose, height=0.7, color=STANCE_COLOURS["oppose"], label="oppose")
    axes.axvline(0, color="#333333", linewidth=0.8)
    axes.set_yticks(y, labels)
    axes.tick_params(axis="y", length=0)
    reach = max([s + m for s, m in zip(support, mixed)] + [-o for o in oppose] + [1])
    axes.set_xlim(-reach * 1.15, reach * 1.15)
    axes.set_ylim(-0.6, len(shown) - 0.4)
    ticks = [t for t in axes.get_xticks() if abs(t) <= reach * 1.15 and float(t).is_integer()]
    axes.set_xticks(ticks, [str(abs(int(t))) for t in ticks])
    axes.set_xlabel(count, fontsize=FONT_SIZE)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    return frame.finish([Patch(color=STANCE_COLOURS[s], label=s) for s in ("support", "mixed", "oppose")])


def _cut(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"

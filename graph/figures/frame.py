"""The frame every chart shares: plot area on top, then axis labels, legend and caption, all in points.

A chart's figure is built from the bottom up: the caption (wrapped to the width),
the legend above it (as many rows as its entries need at this width), the axis
labels' band, the plot, and a little space on top. Heights are fixed in points, so
text keeps its printed size whatever the width, and nothing is clipped: a legend
label wider than the figure wraps onto more lines, as the caption does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from .journal import SMALL_FONT_SIZE, figure_width, new_figure
from .text import text_size, wrap_to_width

__all__ = ["ChartFrame", "chart_frame", "legend_columns"]

MARGIN = 4.0
"""Space in points between the figure's left edge and the caption."""


@dataclass
class ChartFrame:
    """A chart's figure and axes, and where its legend and caption go."""

    figure: Any
    axes: Any
    height: float
    legend_bottom: float
    caption: str
    caption_top: float
    columns: int
    legend_labels: dict = field(default_factory=dict)
    """Legend label → the label as drawn (wrapped to the width where one line is too wide)."""

    def finish(self, handles: Sequence[Any] | None = None) -> Any:
        """Draw the legend (``handles``, else the axes' labelled artists) and the caption; return the figure."""
        if self.columns:
            if handles is None:
                handles, labels = self.axes.get_legend_handles_labels()
            else:
                handles = list(handles)
                labels = [handle.get_label() for handle in handles]
            self.figure.legend(handles, [self.legend_labels.get(label, label) for label in labels], loc="lower center",
                               ncol=self.columns, frameon=False, fontsize=SMALL_FONT_SIZE,
                               bbox_to_anchor=(0.5, self.legend_bottom / self.height), borderaxespad=0.0)
        if self.caption:
            self.figure.text(MARGIN / (self.figure.get_size_inches()[0] * 72.0), self.caption_top / self.height,
                             self.caption, ha="left", va="top", fontsize=SMALL_FONT_SIZE, linespacing=1.2)
        return self.figure


HANDLE_SPACE = 3.0 * SMALL_FONT_SIZE + 8.0
"""Width in points of a legend entry's handle and the space around it (matplotlib's defaults at this size)."""


def legend_columns(labels: Sequence[str], width: float) -> int:
    """How many legend entries fit side by side in ``width`` points (at least one).

    A label of several lines is as wide as its widest line.
    """
    widest = max((text_size(line, SMALL_FONT_SIZE)[0] for label in labels for line in label.split("\n")),
                 default=0.0) + HANDLE_SPACE
    return max(1, min(len(labels), int(width // widest)))


def chart_frame(width: str | float, *, plot_height: float, caption: str | None, legend: Sequence[str] = (),
                left: float = 34.0, right: float = 10.0, axis_space: float = 30.0, top_space: float = 8.0
                ) -> ChartFrame:
    """A figure of ``width`` with a plot ``plot_height`` points tall and room for everything around it.

    Parameters
    ----------
    width : "column", "page" or float
    plot_height : float
        Height of the plot area, in points.
    caption : str, optional
        Wrapped to the figure's width.
    legend : sequence of str
        The legend's entry labels (to size it); empty: no legend.
    left, right : float
        Space in points left and right of the plot (tick labels, axis label).
    axis_space, top_space : float
        Space in points under the plot (ticks, axis label) and above it.
    """
    width_in = figure_width(width)
    width_pt = width_in * 72.0
    caption_text = wrap_to_width(caption, SMALL_FONT_SIZE, width_pt - 2 * MARGIN) if caption else ""
    caption_space = (caption_text.count("\n") + 1) * SMALL_FONT_SIZE * 1.25 + 6.0 if caption_text else 0.0
    drawn = {label: wrap_to_width(label, SMALL_FONT_SIZE, width_pt - 2 * MARGIN - HANDLE_SPACE) for label in legend}
    columns = legend_columns(list(drawn.values()), width_pt - 2 * MARGIN) if legend else 0
    rows = -(-len(legend) // columns) if columns else 0
    lines = max((label.count("\n") + 1 for label in drawn.values()), default=1)
    legend_space = rows * SMALL_FONT_SIZE * (1.2 * lines + 0.4) + 6.0 if rows else 0.0
    height = top_space + plot_height + axis_space + legend_space + caption_space
    figure = new_figure(width_in, height / 72.0)
    axes = figure.add_axes((left / width_pt, (axis_space + legend_space + caption_space) / height,
                            1.0 - (left + right) / width_pt, plot_height / height))
    return ChartFrame(figure=figure, axes=axes, height=height, legend_bottom=caption_space + 2.0, caption=caption_text,
                      caption_top=caption_space - 3.0, columns=columns,
                      legend_labels={k: v for k, v in drawn.items() if k != v})

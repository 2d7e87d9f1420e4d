"""Figures for a paper: networks, bar plots, timelines and polarisation, drawn with matplotlib.

Every function returns a :class:`matplotlib.figure.Figure` sized for a journal
(:mod:`.journal`) and :func:`~.journal.save_figure` writes PNG, SVG or PDF with
deterministic bytes. ``stancegraph plot KIND … -o FILE`` is the command line.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "network_figure": ".network",
    "network_caption": ".network",
    "barplot_figure": ".barplot",
    "timeline_figure": ".timeline",
    "timeline_counts": ".timeline",
    "polarisation_figure": ".polarisation",
    "save_figure": ".journal",
    "figure_style": ".journal",
    "figure_width": ".journal",
    "WIDTHS": ".journal",
    "text_overlaps": ".text",
    "texts_outside": ".text",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

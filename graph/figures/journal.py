"""Figure sizes, fonts and deterministic files fit for a journal.

Widths follow the common two-column journal page (Elsevier, Springer, Taylor &
Francis all ask for about 90 mm for one column and 180–190 mm for the full page);
text is 7–8 pt, never under 5 pt after scaling. Every figure is drawn on an
object-oriented :class:`matplotlib.figure.Figure` (never pyplot's global state), so
drawing works in threads and servers.

Files are deterministic: the same figure gives the same bytes. SVG keeps text as
text (``svg.fonttype = "none"``: searchable, editable, small) with a fixed id salt
(``svg.hashsalt``) and no date; PDF embeds TrueType fonts (``pdf.fonttype = 42``,
as journals ask) without a creation date; PNG carries no software tag.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from ..errors import UsageError

__all__ = ["WIDTHS", "FONT_SIZE", "SMALL_FONT_SIZE", "MIN_FONT_SIZE", "FORMATS", "figure_width", "figure_style",
           "new_figure", "save_figure", "figure_format"]

WIDTHS = {"column": 3.5, "page": 7.2}
"""Figure widths in inches: one column (89 mm) and the full page (183 mm)."""
FONT_SIZE = 8.0
"""Axis labels, legend and caption, in points."""
SMALL_FONT_SIZE = 7.0
"""Tick labels and node labels, in points."""
MIN_FONT_SIZE = 5.0
"""No text is drawn smaller than this, in points."""
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
"""File suffixes and the matplotlib format each writes."""
PNG_DPI = 300
"""Resolution of PNG files (dots per inch), the usual minimum for print."""


def figure_width(width: str | float) -> float:
    """Width in inches of ``"column"``, ``"page"`` or a number of inches.

    Raises
    ------
    UsageError
        For another name, or a width outside 1–20 inches.

    Examples
    --------
    >>> figure_width("column"), figure_width("5")
    (3.5, 5.0)
    """
    if isinstance(width, str) and width in WIDTHS:
        return WIDTHS[width]
    try:
        inches = float(width)
    except (TypeError, ValueError):
        raise UsageError(f"unknown width {width!r} (expected column, page or inches)") from None
    if not 1.0 <= inches <= 20.0:
        raise UsageError(f"width {inches:g} in is outside 1–20 inches")
    return inches


def figure_format(path: str | Path) -> str:
    """The matplotlib format of ``path``'s suffix.

    Raises
    ------
    UsageError
        For a suffix other than ``.png``, ``.svg`` or ``.pdf``.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"cannot write a figure as {suffix or 'a file without a suffix'!r} "
                         f"(use one of: {', '.join(FORMATS)})")
    return FORMATS[suffix]


@contextlib.contextmanager
def figure_style(seed: int = 0) -> Iterator[None]:
    """matplotlib settings of every stancegraph figure (fonts, deterministic output)."""
    import matplotlib

    with matplotlib.rc_context({
        "font.family": "DejaVu Sans",
        "font.size": FONT_SIZE,
        "axes.titlesize": FONT_SIZE,
        "axes.labelsize": FONT_SIZE,
        "xtick.labelsize": SMALL_FONT_SIZE,
        "ytick.labelsize": SMALL_FONT_SIZE,
        "legend.fontsize": SMALL_FONT_SIZE,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "lines.linewidth": 1.0,
        "svg.fonttype": "none",
        "svg.hashsalt": f"stancegraph-{seed}",
        "pdf.fonttype": 42,
        "path.simplify": False,
        # glyphs unhinted: Agg then draws text exactly as wide as text.text_size measures it (hinted, a
        # 230 pt label came out 4.6 pt wider at 100 dpi and crossed the figure's edge)
        "text.hinting": "none",
    }):
        yield


def new_figure(width: float, height: float):
    """A :class:`~matplotlib.figure.Figure` of ``width`` × ``height`` inches, with no pyplot state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def save_figure(figure, path: str | Path) -> Path:
    """Write ``figure`` to ``path`` atomically, in the format of its suffix, with deterministic bytes.

    Raises
    ------
    UsageError
        For an unknown suffix (nothing is written).
    """
    import io

    from ..atomic import atomic_write

    path = Path(path)
    fmt = figure_format(path)
    metadata = {"svg": {"Date": None, "Creator": None}, "pdf": {"CreationDate": None, "ModDate": None, "Creator": None,
                "Producer": None}, "png": {"Software": None}}[fmt]
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=PNG_DPI if fmt == "png" else "figure", metadata=metadata)
    atomic_write(path, buffer.getvalue())
    return path

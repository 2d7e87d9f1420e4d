"""Text measured before it is drawn, and overlaps measured after.

Node labels are placed by the layout engine (:mod:`stancegraph.graph.view.layout`),
which needs each label's size in advance: :func:`text_size` measures a string with
the font matplotlib will draw it in (its own ``TextToPath`` metrics, so the
prediction and the drawing agree). :func:`wrap_to_width` breaks captions at spaces to
a width in points. :func:`text_overlaps` reads the extents of every text a drawn
figure holds, for tests and for callers who want to check a figure they changed.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["LINE_SPACING", "text_size", "block_size", "wrap_to_width", "wrap_words", "text_extents",
           "text_overlaps", "texts_outside"]

LINE_SPACING = 1.2
"""Line height as a multiple of the font size (matplotlib's default ``linespacing``)."""


@functools.lru_cache(maxsize=4096)
def text_size(text: str, size: float, style: str = "normal") -> tuple[float, float]:
    """Width and height in points of one line of ``text`` at ``size`` points.

    The height is the font's full line (ascent + descent) for that size, whatever the
    characters, so lines of a label stack evenly.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family="DejaVu Sans", size=size, style=style)
    width, _, _ = TextToPath().get_text_width_height_descent(text or " ", prop, ismath=False)
    _, height, descent = TextToPath().get_text_width_height_descent("Ágy", prop, ismath=False)
    return float(width), float(height + descent)


def block_size(lines: list[str], size: float, style: str = "normal") -> tuple[float, float]:
    """Width and height in points of ``lines`` drawn as one multi-line text."""
    if not lines:
        return 0.0, 0.0
    widths = [text_size(line, size, style)[0] for line in lines]
    _, line_height = text_size(lines[0], size, style)
    return max(widths), line_height + (len(lines) - 1) * size * LINE_SPACING


def wrap_words(text: str, size: float, width: float, style: str = "normal") -> list[str]:
    """Break ``text`` at spaces into lines no wider than ``width`` points (a longer word stands alone)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_size(candidate, size, style)[0] > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def wrap_to_width(text: str, size: float, width: float) -> str:
    """``text`` with line breaks so no line is wider than ``width`` points; paragraphs kept."""
    return "\n".join(line for paragraph in text.split("\n") for line in (wrap_words(paragraph, size, width) or [""]))


def text_extents(figure) -> list[tuple[Any, Any]]:
    """Every text a draw of ``figure`` actually renders, with its extent in display units.

    Texts that exist but are not drawn (tick labels outside the axes' view, empty or
    hidden texts) are left out: the figure is drawn once with ``Text.draw`` recording
    which texts it renders (the class attribute is restored afterwards, so do not draw
    the same class from another thread meanwhile).

    Returns
    -------
    list of (matplotlib.text.Text, matplotlib.transforms.Bbox)
    """
    from matplotlib.text import Text

    renderer = figure.canvas.get_renderer()
    drawn: list = []
    original = Text.draw

    def recording(self, renderer, *args, **kwargs):
        drawn.append(self)
        return original(self, renderer, *args, **kwargs)

    Text.draw = recording
    try:
        figure.draw(renderer)
    finally:
        Text.draw = original
    found, seen = [], set()
    for text in drawn:
        if id(text) in seen or not text.get_visible() or not str(text.get_text()).strip():
            continue
        seen.add(id(text))
        found.append((text, text.get_window_extent(renderer)))
    return found


def text_overlaps(figure, tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of texts of ``figure`` whose extents overlap by more than ``tolerance`` display units.

    Returns
    -------
    list of (str, str)
        The two texts of each overlapping pair; empty when no text covers another.
    """
    extents = text_extents(figure)
    pairs = []
    for i, (text_a, a) in enumerate(extents):
        for text_b, b in extents[i + 1:]:
            width = min(a.x1, b.x1) - max(a.x0, b.x0)
            height = min(a.y1, b.y1) - max(a.y0, b.y0)
            if width > tolerance and height > tolerance:
                pairs.append((text_a.get_text(), text_b.get_text()))
    return pairs


def texts_outside(figure, tolerance: float = 0.5) -> list[str]:
    """Texts of ``figure`` that are clipped by its edges (extend beyond the canvas)."""
    width, height = figure.canvas.get_width_height()
    return [text.get_text() for text, box in text_extents(figure)
            if box.x0 < -tolerance or box.y0 < -tolerance or box.x1 > width + tolerance
            or box.y1 > height + tolerance]

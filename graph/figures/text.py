"""Text measured before it is drawn, and overlaps measured after.

Node labels are placed by the layout engine (:mod:`stancegraph.graph.view.layout`),
which needs each label's size in advance: :func:`text_size` measures a string with
the font matplotlib will draw it in (its own ``TextToPath`` metrics, so the
prediction and the drawing agree). :func:`wrap_to_width` breaks captions at spaces to
a width in points; :func:`fit_label` fits a label into a few lines of a given width
(shortened with an ellipsis only when even that cannot hold it) and
:func:`wrap_width` finds the narrowest width that holds a label in those lines.
:func:`text_overlaps` reads the extents of every text a drawn
figure holds, for tests and for callers who want to check a figure they changed.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["LINE_SPACING", "ELLIPSIS", "text_size", "block_size", "wrap_to_width", "wrap_words", "wrap_width",
           "fit_label", "text_extents", "text_overlaps", "texts_outside"]

LINE_SPACING = 1.2
"""Line height as a multiple of the font size (matplotlib's default ``linespacing``)."""
ELLIPSIS = "…"
"""Ends a label shortened to fit (:func:`fit_label`)."""


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


def wrap_width(text: str, size: float, lines: int = 2, style: str = "normal") -> float:
    """The narrowest width in points at which ``text`` breaks at spaces into at most ``lines`` lines.

    The width is that of some run of consecutive words (the widest line of the best
    break); :func:`wrap_words` at this width gives at most ``lines`` lines, since
    greedy filling uses the fewest lines any break at that width can.

    Examples
    --------
    >>> one = text_size("Devolution and local accountability", 7.0)[0]
    >>> two = wrap_width("Devolution and local accountability", 7.0)
    >>> two < one, len(wrap_words("Devolution and local accountability", 7.0, two))
    (True, 2)
    """
    words = text.split()
    if not words:
        return 0.0
    runs = sorted({text_size(" ".join(words[i:j]), size, style)[0]
                   for i in range(len(words)) for j in range(i + 1, len(words) + 1)})
    low, high = 0, len(runs) - 1  # the widest run (the whole text) always fits in one line
    while low < high:
        middle = (low + high) // 2
        wrapped = wrap_words(text, size, runs[middle], style)
        if len(wrapped) <= lines and max(text_size(line, size, style)[0] for line in wrapped) <= runs[middle]:
            high = middle
        else:
            low = middle + 1
    return runs[low]


def fit_label(text: str, size: float, width: float, lines: int = 2, style: str = "normal"
              ) -> tuple[list[str], bool]:
    """``text`` broken at spaces into at most ``lines`` lines no wider than ``width`` points.

    Only when it cannot fit so is it shortened: the last line ends in :data:`ELLIPSIS`
    after the last whole word that fits with it (a word wider than ``width`` on its
    own is cut within, with the ellipsis). The caller then shows the full text
    elsewhere (a caption or a key).

    Returns
    -------
    (list of str, bool)
        The lines, and whether the text was shortened.

    Examples
    --------
    >>> fit_label("Co-ownership by professionals and local people", 7.0, 110.0)
    (['Co-ownership by professionals', 'and local people'], False)
    >>> fit_label("Co-ownership by professionals and local people", 7.0, 60.0)
    (['Co-ownership by', 'professionals…'], True)
    """
    wrapped = wrap_words(text, size, width, style)
    if len(wrapped) <= lines and all(text_size(line, size, style)[0] <= width for line in wrapped):
        return wrapped, False
    kept: list[str] = []
    words = text.split()
    while words and len(kept) < lines - 1:
        line = wrap_words(" ".join(words), size, width, style)[0]
        if text_size(line, size, style)[0] > width:  # one word wider than the line: cut it, end the label
            break
        kept.append(line)
        words = words[len(line.split()):]
    last = ""
    for count in range(len(words), 0, -1):
        candidate = " ".join(words[:count]).rstrip(",;:") + ELLIPSIS
        if text_size(candidate, size, style)[0] <= width:
            last = candidate
            break
    if not last:
        word = words[0] if words else ""
        while word and text_size(word + ELLIPSIS, size, style)[0] > width:
            word = word[:-1]
        last = word + ELLIPSIS
    return kept + [last], True


def wrap_to_width(text: str, size: float, width: float) -> str:
    """``text`` with line breaks so no line is wider than ``width`` points; paragraphs kept.

    Lines break at spaces; a word wider than ``width`` on its own (a long identifier,
    a URL) is broken between characters, so nothing is drawn past the edge.

    >>> lines = wrap_to_width("see https://example.org/a/very/long/path", 7.0, 60.0).split("\\n")
    >>> lines[0], "".join(lines[1:]), max(text_size(line, 7.0)[0] for line in lines) <= 60.0
    ('see', 'https://example.org/a/very/long/path', True)
    """
    lines = []
    for paragraph in text.split("\n"):
        for line in wrap_words(paragraph, size, width) or [""]:
            while text_size(line, size)[0] > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and text_size(line[:cut], size)[0] > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    return "\n".join(lines)


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

"""Node positions computed in Python, so the page opens as a settled, legible picture.

Small and medium graphs (fewer than :data:`LARGE_GRAPH` nodes) get a layout in three
steps:

1. every connected component is laid out on its own with igraph's Kamada–Kawai
   (started from igraph's classical multidimensional scaling of the shortest-path
   distances, with igraph's random numbers seeded), so that the distance between two
   nodes on screen follows the number of ties between them and nodes spread evenly
   instead of piling up around the busiest actors;
2. the drawing is scaled so that one tie is about as long as a typical node with its
   label is wide, and a label-aware pass moves nodes apart until no two *footprints*
   (the node's shape with its label below it, see :class:`Footprint`) overlap;
3. the components are packed in rows, largest first.

From :data:`LARGE_GRAPH` nodes on, legibility of every label is out of reach anyway
and speed matters: igraph's grid Fruchterman–Reingold (~0.4 s for 5,000 nodes /
20,000 edges on two cores) started from seeded random positions. Without igraph
installed, networkx's ``spring_layout`` is used at every size (slower, and without
the Kamada–Kawai step). Every path is deterministic: the same graph and seed give the
same positions.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import NamedTuple

import networkx as nx
import numpy as np

__all__ = ["LARGE_GRAPH", "Footprint", "compute_layout", "default_footprint", "node_footprints", "wrap_width"]

LARGE_GRAPH = 1000
"""Node count from which the layout is the fast one (igraph's grid Fruchterman–Reingold)."""
LABEL_WRAP = 9.0
"""Widest label line in ems (font sizes): longer labels wrap, at spaces (vis-network's
``widthConstraint``, see :func:`wrap_width`). Narrow labels pack more tightly than
one long line; 9 ems is about 18 characters."""
_GLYPH_WIDTHS = {"wide": 0.9, "upper": 0.7, "narrow": 0.3, "space": 0.3, "other": 0.6}
"""Glyph widths in ems of the label font by kind of character, fitted to the widths
headless chromium measured for the NHS labels in system-ui (all within ±6 %)."""
_NARROW = frozenset("ijlft.,;:!|'()-rI")
_WIDE = frozenset("mwMW")
GAP = 8.0
"""Smallest empty space in pixels kept between two footprints."""
ASPECT = 1.0
"""Width:height the layout of a small graph aims at (the network's area on a laptop
screen is about square)."""
UNIT = 0.8
"""Length of one tie before overlaps are removed, as a fraction of a typical footprint's size."""


class Footprint(NamedTuple):
    """The space a node takes on the canvas, relative to its centre, in pixels.

    vis-network draws dots, squares and diamonds at the node's position and the label
    below them, so the footprint spans ``half_width`` either side of the centre,
    ``above`` upwards and ``below`` downwards (shape and label).
    """

    half_width: float
    above: float
    below: float


def wrap_width(font_size: float) -> float:
    """Widest label line in pixels for ``font_size``: :data:`LABEL_WRAP` ems.

    Examples
    --------
    >>> wrap_width(14)
    126.0
    """
    return round(LABEL_WRAP * float(font_size), 1)


def default_footprint(radius: float, label: str, font_size: float = 14.0) -> Footprint:
    """The :class:`Footprint` of a node of ``radius`` with ``label`` below it in ``font_size``.

    The label's size is estimated from its characters, wrapped at spaces to
    :func:`wrap_width` as vis-network wraps it, erring on the large side.

    Examples
    --------
    >>> default_footprint(10, "")
    Footprint(half_width=10.0, above=10.0, below=10.0)
    >>> one_line = default_footprint(10, "NHS England")
    >>> one_line.below > 10 + 14
    True
    >>> default_footprint(10, "Local activists in Cornwall opposing the accountable care system").below > one_line.below
    True
    """
    radius = float(radius)
    words = label.split()
    if not words:
        return Footprint(radius, radius, radius)
    wrap = wrap_width(font_size) - 10  # less the label's 5-pixel margins
    lines = _wrap(words, font_size, wrap)
    width = max(_text_width(line, font_size) for line in lines) * 1.06  # the fit's error, and more
    if len(lines) > 1:  # a borderline break may fall elsewhere in the browser
        width = max(width, wrap)
    height = len(lines) * font_size * 1.1
    return Footprint(round(max(radius, width / 2), 2), radius, round(radius + 4 + height, 2))


def _text_width(text: str, font_size: float) -> float:
    ems = 0.0
    for char in text:
        if char in _WIDE:
            ems += _GLYPH_WIDTHS["wide"]
        elif char.isupper():
            ems += _GLYPH_WIDTHS["upper"]
        elif char in _NARROW:
            ems += _GLYPH_WIDTHS["narrow"]
        elif char.isspace():
            ems += _GLYPH_WIDTHS["space"]
        else:
            ems += _GLYPH_WIDTHS["other"]
    return ems * font_size


def _wrap(words: list[str], font_size: float, width: float) -> list[str]:
    """Lines as vis-network 9.1 breaks them: greedily, at spaces, a long word left whole.

    vis-network measures a candidate line with every space counted three times (it
    splits the text into words and spaces, then joins them with spaces), so the
    same is done here; drawn lines have single spaces.
    """
    lines = [words[0]]
    for word in words[1:]:
        measured = (lines[-1] + " " + word).replace(" ", "   ")
        if _text_width(measured, font_size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def compute_layout(
    graph: nx.Graph,
    seed: int = 7,
    spacing: float = 70.0,
    *,
    footprints: Mapping[object, Footprint] | None = None,
) -> dict[object, tuple[float, float]]:
    """Positions in pixels for every node of ``graph``, the same for the same graph and seed.

    Ties are unweighted for the layout: weighted springs packed the busiest actors
    into an unreadable core on the NHS data.

    Parameters
    ----------
    graph : networkx.Graph
        Not modified. Node attributes ``label`` and ``statements`` (count) give the
        default footprints (see ``footprints``).
    seed : int
        Seed of the layout's random start.
    spacing : float
        Large graphs: pixels per node of the square's side, scaled by the square root
        of the node count. Small graphs: the shortest length of one tie.
    footprints : mapping, optional
        Node → :class:`Footprint`, for small graphs: no two footprints overlap in the
        result. By default computed from each node's ``label`` and its statement count
        (radius as :func:`~stancegraph.graph.view.style.node_size` draws it).

    Returns
    -------
    dict
        Node → ``(x, y)``, centred on the origin, rounded to 0.1 pixel.

    Examples
    --------
    >>> g = nx.path_graph(3)
    >>> compute_layout(g) == compute_layout(g)
    True
    >>> sorted(compute_layout(nx.empty_graph(1)).values())
    [(0.0, 0.0)]
    """
    count = graph.number_of_nodes()
    if count == 0:
        return {}
    if count == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes, key=str))
    simple.add_edges_from(graph.edges())
    if count >= LARGE_GRAPH:
        positions = _igraph_large_layout(simple, seed)
        if positions is None:
            positions = nx.spring_layout(simple, seed=seed, k=2 / math.sqrt(count), weight=None, iterations=100)
        return _fit(positions, spacing * math.sqrt(count) / 2)
    if footprints is None:
        footprints = node_footprints(graph)
    return _small_layout(simple, seed, spacing, footprints)


# --- small and medium graphs ------------------------------------------------------


def _small_layout(graph: nx.Graph, seed: int, spacing: float, footprints) -> dict[object, tuple[float, float]]:
    nodes = list(graph.nodes)
    boxes = np.array([tuple(footprints[node]) for node in nodes], dtype=float).reshape(len(nodes), 3)
    index = {node: i for i, node in enumerate(nodes)}
    # One tie about as long as a typical footprint is wide and tall, so that labelled
    # neighbours fit side by side without the overlap pass moving them far.
    typical = np.median(2 * boxes[:, 0]) * 0.5 + np.median(boxes[:, 1] + boxes[:, 2]) * 0.5
    unit = max(spacing, UNIT * float(typical))
    placed = []
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(index[n] for n in c)))
    for number, component in enumerate(components):
        members = sorted(component, key=index.__getitem__)
        rows = [index[n] for n in members]
        base = _component_layout(graph.subgraph(members), members, seed + number)
        # Enough room from the start for the footprints (as much area as the footprints cover), so that
        # removing the overlaps of a big component takes few rounds.
        area = float((2 * boxes[rows, 0] * (boxes[rows, 1] + boxes[rows, 2])).sum())
        base_area = float(np.prod(np.maximum(np.ptp(base, axis=0), 1.0)))  # a path is 1 tie thick
        scale = max(unit, math.sqrt(area / base_area))
        placed.append((rows, _spread(base * scale, boxes[rows], attempts=4 if len(rows) <= 300 else 1)))
    xy = _pack(placed, boxes, len(nodes), gap=3 * GAP)
    # Centre the footprints' bounding box on the origin.
    left = (xy[:, 0] - boxes[:, 0]).min()
    right = (xy[:, 0] + boxes[:, 0]).max()
    top = (xy[:, 1] - boxes[:, 1]).min()
    bottom = (xy[:, 1] + boxes[:, 2]).max()
    xy -= ((left + right) / 2, (top + bottom) / 2)
    return {node: (round(float(xy[i, 0]), 1), round(float(xy[i, 1]), 1)) for i, node in enumerate(nodes)}


def _spread(base: np.ndarray, boxes: np.ndarray, aspect: float = ASPECT, attempts: int = 4) -> np.ndarray:
    """``base`` with its overlaps removed, stretched first so the result is about ``aspect`` wide.

    Labels are wider than tall, so removing overlaps alone tends to make a drawing
    wide; the base layout is stretched vertically (or horizontally) and the overlaps
    removed again, keeping the attempt whose width:height is closest to ``aspect``.
    """
    best, best_error = None, math.inf
    stretch = 1.0
    for _ in range(attempts):
        xy = _remove_overlaps(base * (1.0, stretch), boxes, GAP)
        width, height = _extent(xy, boxes)
        error = abs(math.log(width / height / aspect))
        if error < best_error - 1e-9:
            best, best_error = xy, error
        if error < math.log(1.15) or len(base) < 3:
            break
        stretch *= width / height / aspect
    return best


def _extent(xy: np.ndarray, boxes: np.ndarray) -> tuple[float, float]:
    width = (xy[:, 0] + boxes[:, 0]).max() - (xy[:, 0] - boxes[:, 0]).min()
    height = (xy[:, 1] + boxes[:, 2]).max() - (xy[:, 1] - boxes[:, 1]).min()
    return max(float(width), 1e-9), max(float(height), 1e-9)


def _component_layout(component: nx.Graph, members: list, seed: int) -> np.ndarray:
    """Positions of one connected component in tie lengths (one tie ≈ 1)."""
    n = len(members)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    try:
        igraph = import_igraph()
    except ImportError:
        positions = nx.kamada_kawai_layout(component) if _has_scipy() else nx.spring_layout(
            component, seed=seed, weight=None, iterations=300)
        xy = np.array([positions[m] for m in members], dtype=float)
        return _unit_ties(xy, component, members)
    local = {m: i for i, m in enumerate(members)}
    g = igraph.Graph(n=n, edges=_edge_indices(component, local))
    rng = random.Random(seed)
    igraph.set_random_number_generator(rng)
    try:
        try:
            start = np.array(g.layout_mds(dim=2).coords, dtype=float)
        except Exception:  # noqa: BLE001 - igraph raises its InternalError on degenerate input
            start = None
        if start is None or not np.isfinite(start).all() or np.ptp(start, axis=0).min() < 1e-9:
            start = np.random.default_rng(seed).uniform(-1, 1, size=(n, 2)) * math.sqrt(n)
        # A little seeded jitter so nodes with identical distances (leaves of one
        # hub) do not start on the same point, where Kamada–Kawai cannot part them.
        start = start + np.random.default_rng(seed).uniform(-0.05, 0.05, size=start.shape)
        layout = g.layout_kamada_kawai(seed=start.tolist(), maxiter=50 * n, epsilon=0, kkconst=n)
    finally:
        igraph.set_random_number_generator(random)
    return _unit_ties(np.array(layout.coords, dtype=float), component, members)


def _edge_indices(graph: nx.Graph, local: Mapping[object, int]) -> list[tuple[int, int]]:
    """The edges as sorted index pairs, in sorted order.

    A networkx subgraph of a few nodes iterates its nodes (and so its edges) in the
    order of a set of node ids, which changes with ``PYTHONHASHSEED``; igraph's
    layouts depend on the edge order, so the order is made canonical here.
    """
    return sorted(tuple(sorted((local[u], local[v]))) for u, v in graph.edges)


def _has_scipy() -> bool:
    try:
        import scipy  # noqa: F401
    except ImportError:
        return False
    return True


def _unit_ties(xy: np.ndarray, component: nx.Graph, members: list) -> np.ndarray:
    """``xy`` scaled so that the median tie is 1 long."""
    local = {m: i for i, m in enumerate(members)}
    lengths = [float(np.hypot(*(xy[local[u]] - xy[local[v]]))) for u, v in component.edges]
    median = float(np.median(lengths)) if lengths else 0.0
    xy = xy - xy.mean(axis=0)
    return xy / median if median > 1e-9 else xy


def _remove_overlaps(xy: np.ndarray, boxes: np.ndarray, gap: float, max_rounds: int = 1000) -> np.ndarray:
    """Move nodes apart until no two footprints (plus ``gap``) overlap.

    Each round, every overlapping pair is pushed apart along the line between the two
    boxes' centres, just far enough to part them (as in Gansner and Hu's PRISM, so the
    drawing grows where it is crowded but keeps its shape); a node's moves from all its
    overlaps are summed, and damped so that crowds do not overshoot. Candidate pairs
    come from a grid of cells as large as the largest box, so a round costs about
    linear time, not quadratic.
    """
    xy = xy.copy()
    n = len(xy)
    if n < 2:
        return xy
    half_w = boxes[:, 0] + gap / 2
    half_h = (boxes[:, 1] + boxes[:, 2]) / 2 + gap / 2
    offset = (boxes[:, 2] - boxes[:, 1]) / 2  # the box's centre lies below the node's
    cell = np.array([2 * half_w.max(), 2 * half_h.max()])
    for _ in range(max_rounds):
        centres = xy + np.column_stack([np.zeros(n), offset])
        i, j = _candidate_pairs(centres, cell)
        if not len(i):
            break
        dx = centres[i, 0] - centres[j, 0]
        dy = centres[i, 1] - centres[j, 1]
        coincident = (np.abs(dx) < 1e-6) & (np.abs(dy) < 1e-6)
        if coincident.any():  # part in a fixed direction that differs from pair to pair
            angle = (i[coincident] + j[coincident]) * 2.399963
            dx[coincident] = np.cos(angle) * 1e-3
            dy[coincident] = np.sin(angle) * 1e-3
        with np.errstate(divide="ignore"):
            # Factor by which the centre distance must grow for the boxes to part.
            factor = np.minimum(np.where(dx != 0, (half_w[i] + half_w[j]) / np.abs(dx), np.inf),
                                np.where(dy != 0, (half_h[i] + half_h[j]) / np.abs(dy), np.inf))
        overlap = factor > 1.0
        if not overlap.any():
            break
        i, j = i[overlap], j[overlap]
        # Aim a little past the touching point, so pairs part in a few rounds rather
        # than approach it forever.
        push = np.column_stack([dx[overlap], dy[overlap]]) * ((factor[overlap] * 1.02 - 1.0) * 0.25)[:, None]
        np.add.at(xy, i, push)
        np.add.at(xy, j, -push)
    return xy


_NEIGHBOUR_CELLS = ((1, -1), (1, 0), (1, 1), (0, 1))


def _candidate_pairs(centres: np.ndarray, cell: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``i``, ``j`` of points in the same or adjacent grid cells (each pair once)."""
    n = len(centres)
    cells = np.floor((centres - centres.min(axis=0)) / cell).astype(np.int64)
    stride = int(cells[:, 1].max()) + 3
    key = (cells[:, 0] + 1) * stride + cells[:, 1] + 1
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    firsts, seconds = [], []
    for dx, dy in ((0, 0), *_NEIGHBOUR_CELLS):
        target = key + dx * stride + dy
        lo = np.searchsorted(sorted_keys, target, side="left")
        hi = np.searchsorted(sorted_keys, target, side="right")
        counts = hi - lo
        total = int(counts.sum())
        if not total:
            continue
        first = np.repeat(np.arange(n), counts)
        starts = np.repeat(lo, counts)
        within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        second = order[starts + within]
        if (dx, dy) == (0, 0):
            keep = first < second
            first, second = first[keep], second[keep]
        firsts.append(first)
        seconds.append(second)
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def _pack(placed, boxes: np.ndarray, count: int, gap: float) -> np.ndarray:
    """Components side by side in rows (largest first), each keeping its own layout."""
    xy = np.zeros((count, 2))
    if len(placed) == 1:
        rows, local = placed[0]
        xy[rows] = local
        return xy
    extents = []
    for rows, local in placed:
        b = boxes[rows]
        left, right = (local[:, 0] - b[:, 0]).min(), (local[:, 0] + b[:, 0]).max()
        top, bottom = (local[:, 1] - b[:, 1]).min(), (local[:, 1] + b[:, 2]).max()
        extents.append((left, right, top, bottom))
    area = sum((r - l + gap) * (b - t + gap) for l, r, t, b in extents)
    row_width = max(max(r - l for l, r, _, _ in extents), math.sqrt(area) * 1.3)
    x = y = row_height = 0.0
    for (rows, local), (left, right, top, bottom) in zip(placed, extents):
        width, height = right - left, bottom - top
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        xy[rows] = local + (x - left, y - top)
        x += width + gap
        row_height = max(row_height, height)
    return xy


def node_footprints(graph: nx.Graph, counts: Mapping[object, int] | None = None) -> dict[object, Footprint]:
    """Every node's :class:`Footprint` as the HTML view draws it.

    The radius is :func:`~stancegraph.graph.view.style.node_size` and the label's
    font :func:`~stancegraph.graph.view.style.label_size` of the node's statement
    count (``counts``, else its ``statements`` attribute); the label is its ``label``.
    """
    from .style import label_size, node_size

    footprints = {}
    for node, data in graph.nodes(data=True):
        count = int(counts[node] if counts is not None else data.get("statements", 0) or 0)
        font = label_size(count, concept=data.get("kind") == "concept")
        footprints[node] = default_footprint(node_size(count), str(data.get("label", node)), font)
    return footprints


# --- large graphs -----------------------------------------------------------------


def import_igraph():
    """``import igraph`` without igraph importing ``matplotlib.pyplot`` (the layouts draw nothing).

    When matplotlib is installed, igraph's drawing modules import ``matplotlib.pyplot``
    at import time: 1.06 s of a 1.2 s ``import igraph`` here (measured), paid by every
    build that writes the HTML view. igraph falls back to a stand-in module when
    matplotlib cannot be imported, so it is hidden while igraph loads; matplotlib
    itself stays importable afterwards. Only igraph's own matplotlib plotting (not used
    here) is then unavailable in this process. When matplotlib is already loaded
    (e.g. by a figure), igraph is imported as usual.

    Raises
    ------
    ImportError
        When igraph is not installed.
    """
    import sys

    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        import igraph

        return igraph
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  # makes "import matplotlib" raise ImportError
    try:
        import igraph
    finally:
        if sys.modules.get("matplotlib", 0) is None:
            del sys.modules["matplotlib"]
    return igraph


def _igraph_large_layout(graph: nx.Graph, seed: int):
    try:
        igraph = import_igraph()
    except ImportError:
        return None

    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=_edge_indices(graph, index))
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2)) * math.sqrt(len(nodes))
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = g.layout_fruchterman_reingold(
            niter=500, seed=start.tolist(), grid="grid",
        )
    finally:
        igraph.set_random_number_generator(random)
    return {node: tuple(layout[index[node]]) for node in nodes}


def _fit(positions, half: float) -> dict[object, tuple[float, float]]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    factor = half / extent
    return {
        node: (round((float(x) - cx) * factor, 1), round((float(y) - cy) * factor, 1))
        for node, (x, y) in positions.items()
    }

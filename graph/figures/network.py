"""A discourse network as a static figure: the HTML view's layout, labels that never collide.

The drawing follows the HTML view (:mod:`stancegraph.graph.view`): the same node
kinds, shapes (person ●, organisation ■, concept ◆), colours (Okabe–Ito for people,
concepts and stances; one fixed colour per organisation kind) and the same layout
engine (:func:`~stancegraph.graph.view.layout.compute_layout`), here fed with the
*printed* size of every node and label in points, so that no label covers another
node or label. Then:

1. the drawing is fitted to the asked width (a journal column or page): a small
   network is spread out (node and text sizes kept), a large one scaled down as a
   whole (never below :data:`~.journal.MIN_FONT_SIZE`; when even that does not fit,
   only the labels of the nodes with most statements are kept and the caption says
   how many were left out);
2. labels are placed in order of importance and a label that would touch one already
   placed is left out (never drawn over another) — on the layout's own output this
   removes nothing for small networks; it guards large ones, whose fast layout does not
   know label sizes;
3. a legend (colours, shapes, tie meaning) and a caption line saying what is drawn
   and what was left out go below the drawing, inside the figure's width.

Coordinates are points: one data unit of the axes is one typographic point, so sizes
measured by :mod:`.text` hold on the page.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

import networkx as nx

from ..errors import UsageError
from .journal import MIN_FONT_SIZE, SMALL_FONT_SIZE, figure_width, new_figure
from .text import LINE_SPACING, block_size, text_size, wrap_to_width, wrap_words

__all__ = ["network_figure", "network_caption", "COLOUR_BY", "COALITION_COLOURS"]

COLOUR_BY = ("kind", "coalition")
"""What node colours show: actor kind (as in the HTML view) or coalition."""
COALITION_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
"""Coalition colours: the Okabe–Ito palette (readable with common colour-vision deficiencies); more
coalitions than colours share grey."""
LABEL_FONT = SMALL_FONT_SIZE - 0.5
"""Node labels at full size, in points."""
LABEL_WIDTH = 62.0
"""Widest label line before it wraps, in points (about 18 characters)."""
MARGIN = 4.0
"""Empty border around the drawing, in points."""
PAD = 1.0
"""Space between a node and its label, and around every footprint, in points."""
MAX_SPREAD = 2.5
"""A small network is spread out at most this much (longer ties would look like a diagram of nothing)."""
MAX_HEIGHT = 9.0 * 72
"""Tallest drawing, in points (a page less its margins)."""
HANDLE_SPACE = 1.8 * SMALL_FONT_SIZE + 12.0
"""Width in points of a legend entry's marker and the space around it."""


def network_figure(graph: nx.Graph, *, colour_by: str = "kind", groups: Iterable[Iterable[str]] | None = None,
                   width: str | float = "page", seed: int = 7, caption: str | None = None):
    """Draw ``graph`` (a :func:`~stancegraph.graph.networks.build_network` result) as a figure.

    Parameters
    ----------
    graph : networkx.Graph
        Node attributes ``label``, ``kind``, ``org_kind``, ``statements``; edge
        attribute ``weight`` (and ``stance`` in two-mode networks).
    colour_by : {"kind", "coalition"}
        Node colours: actor kind, or the coalition of ``groups``.
    groups : iterable of sets of node ids, optional
        Coalitions (e.g. :func:`~stancegraph.graph.networks.coalitions`), required
        for ``colour_by="coalition"``.
    width : "column", "page" or float
        Figure width (:data:`~.journal.WIDTHS`, or inches).
    seed : int
        Seed of the layout.
    caption : str, optional
        The line under the legend; default :func:`network_caption`.

    Returns
    -------
    matplotlib.figure.Figure
        ``figure.stancegraph`` holds ``labels_drawn`` and ``labels_left_out``.

    Raises
    ------
    UsageError
        For an unknown ``colour_by`` or coalitions missing.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from ..view.layout import Footprint, compute_layout
    from ..view.style import CONCEPT_COLOUR, CONFLICT_COLOUR, ORGANISATION_COLOURS, PERSON_COLOUR, STANCE_COLOURS, \
        kind_label

    if colour_by not in COLOUR_BY:
        raise UsageError(f"unknown colouring {colour_by!r} (expected one of: {', '.join(COLOUR_BY)})")
    member: dict[Any, int] = {}
    if colour_by == "coalition":
        if groups is None:
            raise UsageError("colouring by coalition needs the coalitions")
        member = {node: i for i, group in enumerate(groups) for node in group}
    width_pt = figure_width(width) * 72.0
    caption = network_caption(graph) if caption is None else caption
    nodes = sorted(graph.nodes, key=str)
    counts = {n: int(graph.nodes[n].get("statements", 0) or 0) for n in nodes}
    importance = sorted(nodes, key=lambda n: (-counts[n], str(graph.nodes[n].get("label", n)), str(n)))

    def radius(n: Any) -> float:
        return min(2.2 + 1.0 * math.sqrt(counts[n]), 9.0)

    def label_lines(n: Any) -> list[str]:
        style = "italic" if graph.nodes[n].get("kind") == "concept" else "normal"
        return wrap_words(str(graph.nodes[n].get("label", n)), LABEL_FONT, LABEL_WIDTH, style)

    lines = {n: label_lines(n) for n in nodes}

    def footprints(labelled: set) -> dict[Any, Footprint]:
        result = {}
        for n in nodes:
            r = radius(n)
            if n in labelled:
                style = "italic" if graph.nodes[n].get("kind") == "concept" else "normal"
                w, h = block_size(lines[n], LABEL_FONT, style)
                result[n] = Footprint(max(r, w / 2) + PAD, r + PAD, r + PAD + h + PAD)
            else:
                result[n] = Footprint(r + PAD, r + PAD, r + PAD)
        return result

    # 1. layout with every label; if even the smallest font cannot fit the width, keep fewer labels
    labelled_count = len(nodes)
    while True:
        labelled = set(importance[:labelled_count])
        prints = footprints(labelled)
        positions = compute_layout(graph, seed=seed, spacing=24.0, footprints=prints) if nodes else {}
        xy = {n: (x, -y) for n, (x, y) in positions.items()}  # the view's y grows downwards
        box = _extent(xy, prints)
        natural = box[1] - box[0]
        scale = min(1.0, (width_pt - 2 * MARGIN) / natural) if natural > 0 else 1.0
        if LABEL_FONT * scale >= MIN_FONT_SIZE or labelled_count == 0:
            break
        labelled_count //= 2
    # spread a small drawing over the width (sizes kept), or scale a large one down (sizes too)
    spread = 1.0
    if scale == 1.0 and natural > 0:
        spread = min(MAX_SPREAD, max(1.0, (width_pt - 2 * MARGIN) / natural))
        xy = {n: (x * spread, y * spread) for n, (x, y) in xy.items()}
        box = _extent(xy, prints)
        if box[3] - box[2] > MAX_HEIGHT and spread > 1.0:
            shrink = max(1.0, spread * MAX_HEIGHT / (box[3] - box[2]))
            xy = {n: (x * shrink / spread, y * shrink / spread) for n, (x, y) in xy.items()}
            box = _extent(xy, prints)
    x0, x1, y0, y1 = box if nodes else (0.0, 1.0, 0.0, 1.0)
    cx = (x0 + x1) / 2
    drawing_height = (y1 - y0) * scale + 2 * MARGIN

    # 2. legend entries
    handles = []
    kinds_present: dict[str, str] = {}
    if colour_by == "kind":
        for n in nodes:
            data = graph.nodes[n]
            kind = data.get("kind", "person")
            key = f"org:{data.get('org_kind') or 'other'}" if kind == "organisation" else kind
            kinds_present[key] = _kind_colour(kind, data.get("org_kind"), PERSON_COLOUR, CONCEPT_COLOUR,
                                              ORGANISATION_COLOURS)
        for key in sorted(kinds_present, key=lambda k: (k != "person", k != "concept", k)):
            marker = {"person": "o", "concept": "D"}.get(key, "s")
            handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=5,
                                  markerfacecolor=kinds_present[key], markeredgecolor="white", markeredgewidth=0.4,
                                  label=kind_label(key)))
    else:
        used = sorted({member[n] for n in nodes if n in member})
        for i in used:
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=5,
                                  markerfacecolor=_coalition_colour(i), markeredgecolor="white",
                                  markeredgewidth=0.4, label=f"coalition {i + 1}"))
        if any(n not in member for n in nodes):
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=5, markerfacecolor="#999999",
                                  markeredgecolor="white", markeredgewidth=0.4, label="no coalition"))
        shapes = {graph.nodes[n].get("kind", "person") for n in nodes}
        for kind, marker in (("person", "o"), ("organisation", "s"), ("concept", "D")):
            if kind in shapes and len(shapes) > 1:
                handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=5, markerfacecolor="white",
                                      markeredgecolor="#333333", markeredgewidth=0.6, label=kind))
    tie = str(graph.graph.get("network_kind", ""))
    for label, colour, style in _tie_legend(graph, tie, STANCE_COLOURS, CONFLICT_COLOUR):
        handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=1.2, label=label))

    # 3. figure: drawing on top, legend, caption; sizes in points
    figure = new_figure(width_pt / 72.0, 4.0)
    caption_text = wrap_to_width(caption, SMALL_FONT_SIZE, width_pt - 2 * MARGIN) if caption else ""
    legend_height = 0.0
    legend = None
    if handles:
        for handle in handles:  # a label wider than the figure wraps, as the caption does
            handle.set_label(wrap_to_width(handle.get_label(), SMALL_FONT_SIZE, width_pt - 2 * MARGIN - HANDLE_SPACE))
        columns = _legend_columns(handles, width_pt - 2 * MARGIN)
        legend = figure.legend(handles=handles, loc="upper center", ncol=columns, frameon=False,
                               fontsize=SMALL_FONT_SIZE, handlelength=1.4, handletextpad=0.4, columnspacing=1.0,
                               borderaxespad=0.0, borderpad=0.2)
        renderer = figure.canvas.get_renderer()
        legend_height = legend.get_window_extent(renderer).height * 72.0 / figure.dpi
    caption_height = block_size(caption_text.split("\n"), SMALL_FONT_SIZE)[1] if caption_text else 0.0
    total = drawing_height + (legend_height + 4.0 if legend else 0.0) + (caption_height + 4.0 if caption_text else 0.0)
    total = max(total, 36.0)
    figure.set_size_inches(width_pt / 72.0, total / 72.0)
    axes = figure.add_axes((0.0, 1.0 - drawing_height / total, 1.0, drawing_height / total))
    axes.set_axis_off()
    half_width = width_pt / 2 / scale
    axes.set_xlim(cx - half_width, cx + half_width)
    axes.set_ylim(y0 - MARGIN / scale, y1 + MARGIN / scale)  # one data unit = ``scale`` points on both axes
    if legend is not None:
        legend.set_bbox_to_anchor((0.5, 1.0 - (drawing_height + 2.0) / total), transform=figure.transFigure)
    if caption_text:
        figure.text(MARGIN / width_pt, (caption_height + 2.0) / total, caption_text, ha="left", va="top",
                    fontsize=SMALL_FONT_SIZE, linespacing=LINE_SPACING)

    # 4. ties, under the nodes
    weights = [abs(float(d.get("weight", 1.0))) for _, _, d in graph.edges(data=True)]
    top = max(weights, default=1.0) or 1.0
    segments, colours, widths, styles = [], [], [], []
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        colour, style = _tie_style(tie, data, STANCE_COLOURS, CONFLICT_COLOUR)
        segments.append((xy[u], xy[v]))
        colours.append(colour)
        styles.append(style)
        widths.append((0.3 + 1.7 * abs(float(data.get("weight", 1.0))) / top) * scale)
    if segments:
        axes.add_collection(LineCollection(segments, colors=colours, linewidths=widths, linestyles=styles,
                                           alpha=0.75, zorder=1, capstyle="round"))

    # 5. nodes by shape, sizes in points (marker size is the side/diameter)
    for kind, marker, factor in (("person", "o", 2.0), ("organisation", "s", 1.8), ("concept", "D", 1.6)):
        chosen = [n for n in nodes if graph.nodes[n].get("kind", "person") == kind]
        if not chosen:
            continue
        colours = [_node_colour(graph.nodes[n], colour_by, member.get(n), PERSON_COLOUR, CONCEPT_COLOUR,
                                ORGANISATION_COLOURS) for n in chosen]
        axes.scatter([xy[n][0] for n in chosen], [xy[n][1] for n in chosen],
                     s=[(factor * radius(n) * scale) ** 2 for n in chosen], marker=marker, c=colours,
                     edgecolors="white", linewidths=0.4 * scale, zorder=2)

    # 6. labels, most important first; none may touch a placed one
    font = LABEL_FONT * scale
    placed: list[tuple[float, float, float, float]] = []
    drawn = 0
    for n in importance:
        if n not in labelled:
            continue
        style = "italic" if graph.nodes[n].get("kind") == "concept" else "normal"
        w, h = block_size(lines[n], LABEL_FONT, style)
        x, y = xy[n]
        top_y = y - radius(n) - PAD
        rect = (x - w / 2, top_y - h, x + w / 2, top_y)
        if any(_touch(rect, other) for other in placed):
            continue
        placed.append(rect)
        axes.text(x, top_y, "\n".join(lines[n]), ha="center", va="top", fontsize=font, fontstyle=style,
                  linespacing=LINE_SPACING, zorder=3, color="#5a4300" if style == "italic" else "#111111")
        drawn += 1
    figure.stancegraph = {"labels_drawn": drawn, "labels_left_out": len(nodes) - drawn, "scale": scale}
    return figure


def network_caption(graph: nx.Graph, left_out: str | None = None) -> str:
    """One line saying what a network figure draws: kind, level, dates, counts, weights.

    Examples
    --------
    >>> g = nx.Graph(network_kind="congruence", level="organisation", normalisation="none", statement_count=3)
    >>> g.add_edge("a", "b", weight=2.0)
    >>> network_caption(g)
    'Congruence network of organisations: 2 nodes, 1 tie, from 3 statements (tie weight: number of shared stances).'
    """
    attrs = graph.graph
    kind = str(attrs.get("network_kind", "network"))
    level = {"organisation": "organisations", "person": "people"}.get(str(attrs.get("level", "")), "actors")
    if kind.startswith("concept-"):
        what = f"{kind[len('concept-'):].capitalize()} network of concepts"
    elif kind == "twomode":
        what = f"Two-mode network of {level} and concepts"
    else:
        what = f"{kind.capitalize()} network of {level}"
    if attrs.get("level") == "organisation" and not kind.startswith("concept-"):
        people = sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "person")
        if people:
            what += f" (and {people} {'person' if people == 1 else 'people'} speaking for none)"
    if attrs.get("start") or attrs.get("end"):
        what += f", {attrs.get('start', '…')} to {attrs.get('end', '…')}"
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    text = (f"{what}: {nodes} node{'s' * (nodes != 1)}, {edges} tie{'s' * (edges != 1)}, "
            f"from {attrs.get('statement_count', 0)} statements")
    weight = {"none": {"congruence": "number of shared stances", "conflict": "number of opposed stances",
                       "subtract": "agreement minus disagreement", "cooccurrence": "shared concepts",
                       "twomode": "number of statements"}.get(kind.replace("concept-", ""), "raw count")}
    text += f" (tie weight: {weight.get(str(attrs.get('normalisation', 'none')), str(attrs.get('normalisation')) + '-normalised')})."
    if left_out:
        text += " " + left_out
    return text


def _kind_colour(kind, org_kind, person, concept, organisations) -> str:
    if kind == "concept":
        return concept
    if kind == "organisation":
        return organisations.get(org_kind or "other", organisations["other"])
    return person


def _coalition_colour(index: int) -> str:
    return COALITION_COLOURS[index] if index < len(COALITION_COLOURS) else "#999999"


def _node_colour(data, colour_by, coalition, person, concept, organisations) -> str:
    if colour_by == "coalition":
        return "#999999" if coalition is None else _coalition_colour(coalition)
    return _kind_colour(data.get("kind", "person"), data.get("org_kind"), person, concept, organisations)


def _tie_style(tie: str, data: dict, stances: dict, conflict: str) -> tuple[str, str]:
    if tie == "twomode":
        stance = str(data.get("stance", ""))
        return (stances[stance], "solid") if stance in stances else ("#777777", "solid")
    if tie.endswith("conflict"):
        return conflict, "dashed"
    if tie.endswith("subtract") and float(data.get("weight", 0.0)) < 0:
        return conflict, "dashed"
    return "#777777", "solid"


def _tie_legend(graph: nx.Graph, tie: str, stances: dict, conflict: str) -> list[tuple[str, str, str]]:
    if graph.number_of_edges() == 0:
        return []
    if tie == "twomode":
        present = {str(d.get("stance", "")) for _, _, d in graph.edges(data=True)}
        entries = [(s, stances[s], "solid") for s in ("support", "mixed", "oppose") if s in present]
        if present - set(stances):
            entries.append(("several stances", "#777777", "solid"))
        return entries
    if tie.endswith("conflict"):
        return [("disagreement", conflict, "dashed")]
    if tie.endswith("subtract"):
        entries = [("net agreement", "#777777", "solid")]
        if any(float(d.get("weight", 0.0)) < 0 for _, _, d in graph.edges(data=True)):
            entries.append(("net disagreement", conflict, "dashed"))
        return entries
    if tie.endswith("cooccurrence"):
        return [("co-occurrence", "#777777", "solid")]
    return [("agreement", "#777777", "solid")]


def _legend_columns(handles, width: float) -> int:
    widest = max(text_size(line, SMALL_FONT_SIZE)[0] for h in handles for line in h.get_label().split("\n")) \
        + HANDLE_SPACE
    return max(1, min(len(handles), int(width // widest)))


def _extent(xy: dict, prints: dict) -> tuple[float, float, float, float]:
    if not xy:
        return (0.0, 0.0, 0.0, 0.0)
    x0 = min(x - prints[n].half_width for n, (x, y) in xy.items())
    x1 = max(x + prints[n].half_width for n, (x, y) in xy.items())
    y0 = min(y - prints[n].below for n, (x, y) in xy.items())
    y1 = max(y + prints[n].above for n, (x, y) in xy.items())
    return (x0, x1, y0, y1)


def _touch(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

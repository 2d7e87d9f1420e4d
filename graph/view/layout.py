"""Node positions computed in Python, so the page opens as a settled picture.

Small and medium graphs use networkx's Fruchterman–Reingold ``spring_layout`` with a
fixed seed. From :data:`LARGE_GRAPH` nodes on, networkx's layout costs minutes (it is
quadratic: ~50 s for 5,000 nodes / 20,000 edges on two cores), so igraph's grid
Fruchterman–Reingold is used instead (~0.4 s for the same graph), started from seeded
random positions so it is deterministic too. Without igraph installed, networkx is
used at every size (slow but correct).
"""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["LARGE_GRAPH", "compute_layout"]

LARGE_GRAPH = 1000
"""Node count from which the layout uses igraph (when installed)."""
MIN_HALF_EXTENT = 400.0
"""Smallest half-width of the layout in pixels, so small graphs are not crowded."""


def compute_layout(graph: nx.Graph, seed: int = 7, spacing: float = 70.0) -> dict[object, tuple[float, float]]:
    """Positions in pixels for every node of ``graph``, the same for the same graph and seed.

    Ties are unweighted for the layout: weighted springs packed the busiest actors
    into an unreadable core on the NHS data, while unweighted springs with a longer
    natural length (``k = 2/√n``) halved the number of nearly coincident nodes.

    Parameters
    ----------
    graph : networkx.Graph
        Not modified.
    seed : int
        Seed of the layout's random start.
    spacing : float
        Pixels per node of the square's side, scaled by the square root of the node
        count, so the density on screen stays about the same at every size (at least
        :data:`MIN_HALF_EXTENT` either side of the centre).

    Returns
    -------
    dict
        Node → ``(x, y)``, centred on the origin.

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
    positions = _igraph_layout(simple, seed) if count >= LARGE_GRAPH else None
    if positions is None:
        positions = nx.spring_layout(simple, seed=seed, k=2 / math.sqrt(count), weight=None,
                                     iterations=100 if count >= LARGE_GRAPH else 300)
    half = max(MIN_HALF_EXTENT, spacing * math.sqrt(count) / 2)
    return _fit(positions, half)


def _igraph_layout(graph: nx.Graph, seed: int):
    try:
        import igraph
    except ImportError:
        return None
    import numpy as np

    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in graph.edges]
    g = igraph.Graph(n=len(nodes), edges=edges)
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2)) * math.sqrt(len(nodes))
    import random

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

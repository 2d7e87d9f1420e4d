"""Which ties and which quotes a page carries when the network is too big to ship whole.

A browser draws about 20,000 ties before opening a page gets slow, and a side panel
is read, not scrolled through, so large networks are shown in part:

* :func:`strongest_ties` keeps the ``max_edges`` ties of largest ``|weight|`` (ties of
  equal weight by their raw weight before normalisation, then by the two node ids, so
  the choice is deterministic), plus, for every node that would otherwise lose all its ties, its
  own strongest tie: no node with a tie in the network is left unconnected on the page.
* the page (:mod:`.page`) ships the few most recent statements of a tie or node
  (by date, then id) out of a sequence of any length.

The page says visibly how many ties it shows of how many (see :class:`TieSelection`),
and every capped list of quotes ends with how many more there are and the command that
lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

__all__ = ["DEFAULT_MAX_EDGES", "DEFAULT_MAX_QUOTES", "TieSelection", "strongest_ties"]

DEFAULT_MAX_EDGES = 5000
"""Ties drawn by default: 5,000 ties and a few thousand nodes open in about a second
in chromium; 20,000 ties in several seconds (the useful ceiling of a browser view)."""
DEFAULT_MAX_QUOTES = 50
"""Statements shipped per tie and per node by default: more than any tie or node of the
NHS dataset has (so its pages are complete), and more than anyone reads in a side panel."""


@dataclass(frozen=True)
class TieSelection:
    """The ties a page draws, and what was left out.

    Attributes
    ----------
    edges : list of (node, node)
        The kept ties, strongest first when capped, else in the graph's order.
    total : int
        Ties in the network.
    max_edges : int or None
        The cap asked for (None: no cap).
    added : int
        Ties kept beyond the cap so that every node with a tie keeps its strongest one.
    """

    edges: list[tuple[Any, Any]]
    total: int
    max_edges: int | None
    added: int = 0

    @property
    def capped(self) -> bool:
        """Whether some ties of the network are not on the page."""
        return len(self.edges) < self.total


def strongest_ties(graph: nx.Graph, max_edges: int | None) -> TieSelection:
    """The ties a page of ``graph`` draws: all of them, or the ``max_edges`` strongest and more.

    Parameters
    ----------
    graph : networkx.Graph
        Edge attributes ``weight`` (default 1) and ``statements`` (a sequence of ids). Not modified.
        A network built with ``build_network(..., strongest=N)`` holds only its N strongest ties
        (and the per-node ones); its ``ties_total`` is then the count the page reports, and
        ``max_edges`` above N counts as N.
    max_edges : int or None
        How many ties to keep at most (before each node's strongest tie is added back);
        ``None`` or ``0`` keeps every tie.

    Returns
    -------
    TieSelection

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([("a", "b", 5.0), ("b", "c", 4.0), ("a", "c", 3.0), ("b", "d", 2.0), ("c", "d", 1.0)])
    >>> kept = strongest_ties(g, 1)
    >>> kept.edges, kept.total, kept.added, kept.capped
    ([('a', 'b'), ('b', 'c'), ('b', 'd')], 5, 2, True)
    >>> strongest_ties(g, 0).capped
    False
    """
    from ..networks.strongest import strongest

    total = int(graph.graph.get("ties_total", graph.number_of_edges()))
    chosen_before = graph.graph.get("strongest")
    if chosen_before and (not max_edges or max_edges > chosen_before):
        max_edges = chosen_before
    if not max_edges or total <= max_edges:
        return TieSelection(edges=list(graph.edges()), total=total, max_edges=max_edges or None)

    def ties():  # only attributes are read, never the statements (reading them may compute them)
        for u, v, data in graph.edges(data=True):
            weight = float(data.get("weight", 1.0))
            yield u, v, float(data.get("raw_weight", weight)), weight

    chosen = strongest(ties(), max_edges)
    return TieSelection(edges=[(u, v) for u, v, *_ in chosen.ties], total=total, max_edges=max_edges,
                        added=chosen.added)

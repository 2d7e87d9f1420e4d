"""Analyses of discourse networks: coalitions, centrality, polarisation, contested concepts, tie evidence.

Definitions
-----------
**Coalitions** are the communities found by the Louvain method (Blondel et al.
2008, networkx's ``louvain_communities``) on the positive ties, weighted by
``weight``, with a fixed ``seed`` so the same network always gives the same
coalitions. Negative (conflict-dominated) ties of a ``subtract`` network are left
out, as they mean "not in the same coalition". Isolates are coalitions of one.

**Modularity polarisation** (:func:`polarisation_modularity`, also importable as
``polarisation``; not Leifeld's DNA polarisation, for which see
:mod:`.polarisation_leifeld`) of a window is the modularity *Q* (Newman 2006) of the actor
congruence network under its coalitions: the share of congruence weight inside
coalitions minus the share expected if ties were placed at random with the same
strengths. *Q* near 0: agreement cuts across groups; towards 1: actors agree only
within separate camps. We also report ``conflict_share`` = total conflict weight
/ (congruence + conflict weight), and ``cross_conflict``: the share of the
conflict weight that runs *between* coalitions (high when the camps that agree
inside also disagree with each other).

* Newman, M. E. J. (2006). Modularity and community structure in networks.
  *PNAS* 103(23), 8577–8582. doi:10.1073/pnas.0601602103
* Blondel, V. D., Guillaume, J.-L., Lambiotte, R., Lefebvre, E. (2008). Fast
  unfolding of communities in large networks. *J. Stat. Mech.* P10008.
  doi:10.1088/1742-5468/2008/10/P10008

**Contested concepts**: for each concept, each actor's position is the mean of
its stances (support +1, mixed 0, oppose −1); the concept's ``contestation`` is
the population variance of these positions across actors, in [0, 1]: 0 when
all actors take the same position, 1 when half support and half oppose.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from ..seeds.dataset import Dataset
from ..errors import UsageError
from .build import NetworkOptions, assemble
from .selection import STANCE_VALUE
from .windows import window_bounds
from .selection import in_range

__all__ = [
    "coalitions",
    "with_coalitions",
    "centrality",
    "PolarisationPoint",
    "polarisation",
    "polarisation_modularity",
    "ContestedConcept",
    "contested_concepts",
    "Evidence",
    "tie_evidence",
]


def coalitions(graph: nx.Graph, seed: int = 0, resolution: float = 1.0) -> list[frozenset]:
    """Coalitions of a one-mode network: Louvain communities of its positive ties.

    Returns
    -------
    list of frozenset
        Largest first, ties broken by the smallest node id; every node is in exactly one.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([("a", "b", 2.0), ("c", "d", 2.0), ("b", "c", -1.0)])
    >>> [sorted(group) for group in coalitions(g, seed=1)]
    [['a', 'b'], ['c', 'd']]
    """
    positive = nx.Graph()
    positive.add_nodes_from(sorted(graph.nodes))
    positive.add_weighted_edges_from(
        (u, v, d["weight"]) for u, v, d in sorted(graph.edges(data=True)) if d.get("weight", 0) > 0
    )
    found = nx.community.louvain_communities(positive, weight="weight", resolution=resolution, seed=seed)
    return sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(c)))


def with_coalitions(graph: nx.Graph, groups: list[frozenset], in_place: bool = False) -> nx.Graph:
    """``graph`` with a ``coalition`` attribute on every node of ``groups`` (0 = largest coalition).

    A copy unless ``in_place`` (copying the 100k-statement congruence network, 818k
    ties, only to add one node attribute cost seconds and doubled its memory).
    """
    copy = graph if in_place else graph.copy()
    for index, group in enumerate(groups):
        for node in group:
            copy.nodes[node]["coalition"] = index
    return copy


def centrality(graph: nx.Graph) -> dict[str, dict[str, float]]:
    """Centrality of every node: ``degree``, ``strength``, ``betweenness``.

    ``degree`` is the number of ties, ``strength`` the sum of tie weights (signed),
    ``betweenness`` the normalised betweenness over positive ties with distance
    1/weight (strong agreement = short path).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([("a", "b", 1.0), ("b", "c", 1.0)])
    >>> centrality(g)["b"]["betweenness"]
    1.0
    """
    positive = nx.Graph()
    positive.add_nodes_from(graph.nodes)
    for u, v, d in graph.edges(data=True):
        if d.get("weight", 0) > 0:
            positive.add_edge(u, v, weight=d["weight"], distance=1.0 / d["weight"])
    betweenness = nx.betweenness_centrality(positive, weight="distance", normalized=True)
    return {
        node: {
            "degree": float(graph.degree(node)),
            "strength": float(sum(d.get("weight", 0.0) for _, _, d in graph.edges(node, data=True))),
            "betweenness": float(betweenness[node]),
        }
        for node in sorted(graph.nodes)
    }


@dataclass(frozen=True)
class PolarisationPoint:
    """Polarisation of one window (see the module docstring)."""

    start: str
    end: str
    statements: int
    actors: int
    coalitions: int
    modularity: float
    conflict_share: float
    cross_conflict: float


def polarisation(dataset: Dataset, *, window=None, step=None, start=None, end=None, level="organisation",
                 seed: int = 0, **options) -> list[PolarisationPoint]:
    """Polarisation over time: one :class:`PolarisationPoint` per window (or one for the range).

    Parameters
    ----------
    dataset : Dataset
    window, step : str, optional
        Moving windows as in :func:`~stancegraph.graph.networks.time_windows`;
        without ``window`` the whole range is one point.
    start, end, level, **options
        As for :func:`~stancegraph.graph.networks.build_network` (``kind`` and
        ``normalisation`` are fixed: raw congruence and conflict networks).
    seed : int
        Seed of the coalition detection.
    """
    for fixed in ("kind", "normalisation", "qualifier"):
        if fixed in options:
            raise UsageError(f"polarisation uses raw congruence and conflict networks; do not pass {fixed!r}")
    cong = NetworkOptions.make(dataset, kind="congruence", level=level, start=start, end=end, **options)
    conf = NetworkOptions.make(dataset, kind="conflict", level=level, start=start, end=end, **options)
    selection = cong.select(dataset)
    if window is None:
        spans = [(cong.start, cong.end)]
    else:
        dates = [c.date for c in selection.pool]
        if not dates and (cong.start is None or cong.end is None):
            return []
        first = cong.start or min(d.earliest for d in dates)
        last = cong.end or max(d.latest for d in dates)
        spans = window_bounds(first, last, window, step)
    points = []
    for first, last in spans:
        kept = [c for c in selection.retained if in_range(c.date, first, last, cong.date_rule)]
        g_cong = assemble(dataset, cong, kept)
        g_conf = assemble(dataset, conf, kept)
        groups = coalitions(g_cong, seed=seed)
        member = {n: i for i, group in enumerate(groups) for n in group}
        total_cong = g_cong.size(weight="weight")
        total_conf = g_conf.size(weight="weight")
        modularity = nx.community.modularity(g_cong, groups, weight="weight") if total_cong > 0 else 0.0
        across = sum(d["weight"] for u, v, d in g_conf.edges(data=True) if member.get(u, -1) != member.get(v, -2))
        points.append(PolarisationPoint(
            start=first.isoformat() if first else "", end=last.isoformat() if last else "",
            statements=len(kept), actors=g_cong.number_of_nodes(), coalitions=len(groups),
            modularity=float(modularity),
            conflict_share=float(total_conf / (total_cong + total_conf)) if total_cong + total_conf else 0.0,
            cross_conflict=float(across / total_conf) if total_conf else 0.0,
        ))
    return points


polarisation_modularity = polarisation
"""The clear name of :func:`polarisation`: modularity of the congruence coalitions (not Leifeld's measure)."""


@dataclass(frozen=True)
class ContestedConcept:
    """How contested one concept is (see the module docstring)."""

    concept: str
    label: str
    actors: int
    support: int
    oppose: int
    mixed: int
    contestation: float


def contested_concepts(dataset: Dataset, level="organisation", **options) -> list[ContestedConcept]:
    """Concepts by contestation (most contested first, then by number of actors and id).

    Takes the selection options of :func:`~stancegraph.graph.networks.build_network`
    (``level``, ``start``, ``end``, ``duplicates``, ``exclude``, ``concept_depth``, …).

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> ranked = contested_concepts(load_dataset(), level="organisation")
    >>> all(0.0 <= c.contestation <= 1.0 for c in ranked)
    True
    """
    opts = NetworkOptions.make(dataset, kind="twomode", level=level, qualifier="subtract", **options)
    positions: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for coded in opts.select(dataset).retained:
        positions[coded.concept][coded.actor].append(STANCE_VALUE[coded.stance])
    ranked = []
    for concept, by_actor in positions.items():
        means = [statistics.fmean(values) for values in by_actor.values()]
        values = [v for vs in by_actor.values() for v in vs]
        ranked.append(ContestedConcept(
            concept=concept, label=dataset.concepts[concept].label, actors=len(by_actor),
            support=values.count(1), oppose=values.count(-1), mixed=values.count(0),
            contestation=float(statistics.pvariance(means)),
        ))
    return sorted(ranked, key=lambda c: (-c.contestation, -c.actors, c.concept))


@dataclass(frozen=True)
class Evidence:
    """One statement behind a tie, with its quote."""

    statement: str
    actor: str
    concept: str
    stance: str
    date: str
    document: str
    quote: str


def tie_evidence(dataset: Dataset, graph: nx.Graph, u: str, v: str) -> list[Evidence]:
    """The statements (with quotes) that create the tie between ``u`` and ``v``.

    Raises
    ------
    UsageError
        When the graph has no such tie.
    """
    if not graph.has_edge(u, v):
        missing = [n for n in (u, v) if n not in graph]
        why = f"not a node: {', '.join(map(repr, missing))}" if missing else "they are not tied"
        raise UsageError(f"no tie between {u!r} and {v!r} in this network ({why})")
    result = []
    for sid in graph.edges[u, v]["statements"]:
        st = dataset.statements[sid]
        result.append(Evidence(
            statement=sid, actor=" for ".join(a for a in (st.speaker, st.organisation) if a),
            concept=st.concept, stance=st.stance.value, date=str(dataset.statement_date(st)),
            document=st.document, quote=st.quote,
        ))
    return sorted(result, key=lambda e: (e.date, e.document, e.statement))

"""Pair the coders' statements on one text: which statements are the same unit?

Coding reliability compares codes of *matched* units, so the coders' statements
must first be paired. Following the alignment of Mathet, Widlöcher & Métivier's γ
(2015, *Computational Linguistics* 41(3), §3), each possible pair of units of two
coders has a dissimilarity that adds a positional and a categorical part, leaving
a unit unpaired costs Δ∅ = 1, and the alignment is the one of least total cost:

- positional: γ's ``((|start_a − start_b| + |end_a − end_b|) / (len_a + len_b))²``
  (Mathet et al. 2015, eq. 5: 0 for the same span, below 1 while the spans
  overlap); unlike γ, only *overlapping* quotes may pair (two quotes that share
  no character are two passages);
- categorical: the share of the codes speaker, organisation, concept and stance
  on which the two differ (0–1).

Codes take part so that when one coder splits a sentence into two statements
(two concepts) and the other codes one, the one is paired with its own concept
and the other statement is left as coded by one coder only — a unitizing
difference, not a spurious concept disagreement.

For two coders the alignment is exact: a maximum-weight matching (networkx's
blossom ``max_weight_matching``) with weight ``2 Δ∅ − cost`` on the overlapping
pairs. With more coders, coders are taken in sorted order and each is matched
exactly to the tuples formed so far (cost: mean pairwise cost over the tuple's
members, non-overlapping members counting as 2); γ's joint optimum over all
coders is a mixed-integer programme that we do not solve. Sorting coders makes
the result independent of the order in which codings are given; units enter in
order of position and codes, so it does not depend on file layout either.
"""

from __future__ import annotations

from typing import Sequence

from .units import CodedUnit

__all__ = ["ALIGN_FIELDS", "align", "pair_cost"]

ALIGN_FIELDS = ("speaker", "organisation", "concept", "stance")
"""Codes that take part in the alignment's categorical dissimilarity."""

_UNPAIRED = 1.0  # Δ∅ of γ


def pair_cost(a: CodedUnit, b: CodedUnit) -> float | None:
    """Dissimilarity of two units of different coders; None when their spans do not overlap.

    >>> from stancegraph.graph.reliability.units import CodedUnit
    >>> x = CodedUnit("A", "A", "x", 0, 10, {"concept": "c", "stance": "support"}, "")
    >>> y = CodedUnit("B", "B", "y", 5, 10, {"concept": "c", "stance": "oppose"}, "")
    >>> pair_cost(x, y)     # positional (5 / 15)², categorical 1 of 4 codes
    0.3611111111111111
    """
    overlap = min(a.end, b.end) - max(a.start, b.start)
    if overlap <= 0:
        return None
    positional = ((abs(a.start - b.start) + abs(a.end - b.end)) / ((a.end - a.start) + (b.end - b.start))) ** 2
    categorical = sum(a.codes.get(f) != b.codes.get(f) for f in ALIGN_FIELDS) / len(ALIGN_FIELDS)
    return positional + categorical


def _tuple_cost(members: list[CodedUnit], unit: CodedUnit) -> float | None:
    costs = [pair_cost(m, unit) for m in members]
    if all(c is None for c in costs):
        return None
    return sum(2.0 if c is None else c for c in costs) / len(costs)


def align(units: Sequence[CodedUnit], coders: Sequence[str]) -> list[dict[str, CodedUnit]]:
    """Group the units of one text into aligned units: at most one statement per coder.

    Parameters
    ----------
    units : sequence of CodedUnit
        Every coder's units on one text.
    coders : sequence of str
        The coders of this text.

    Returns
    -------
    list of dict
        Each aligned unit as coder -> statement, in order of first position.
    """
    import networkx as nx

    by_coder: dict[str, list[CodedUnit]] = {c: [] for c in coders}
    for unit in units:
        by_coder.setdefault(unit.coder, []).append(unit)
    ordered = sorted(by_coder)
    tuples: list[dict[str, CodedUnit]] = []
    for coder in ordered:
        incoming = sorted(by_coder[coder], key=CodedUnit.sort_key)
        graph = nx.Graph()
        for t in range(len(tuples)):
            graph.add_node(("t", t))
        for u in range(len(incoming)):
            graph.add_node(("u", u))
        for t, group in enumerate(tuples):
            members = list(group.values())
            for u, unit in enumerate(incoming):
                cost = _tuple_cost(members, unit)
                if cost is not None and cost < 2 * _UNPAIRED:
                    graph.add_edge(("t", t), ("u", u), weight=2 * _UNPAIRED - cost)
        matching = nx.max_weight_matching(graph) if graph.number_of_edges() else set()
        paired = {}
        for a, b in matching:
            (ka, ia), (_, ib) = a, b
            t, u = (ia, ib) if ka == "t" else (ib, ia)
            paired[u] = t
        for u, unit in enumerate(incoming):
            if u in paired:
                tuples[paired[u]][coder] = unit
            else:
                tuples.append({coder: unit})
    return sorted(tuples, key=lambda g: min(u.sort_key() for u in g.values()))

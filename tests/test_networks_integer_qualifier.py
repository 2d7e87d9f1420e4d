"""Integer qualifiers on a scale wider than −1/0/+1 (issue #13): DNA-NETWORKS.md §4–5 with the observed range R.

A hand-worked 1…5 example: every expected number is written out below and also
recomputed here from DNA's formulas (s(k, k′) = 1 − |q_k − q_k′| / R, R = q_max − q_min),
independently of the package.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import combinations

import pytest

from stancegraph.graph.networks import build_network
from stancegraph.graph.seeds.dataset import Dataset

from network_fixtures import make_dataset

# (id, organisation, concept, stance, qualifier); the stance is the coarse reading of the 1…5 value
ROWS = [
    ("s1", "a", "x", "support", 5),
    ("s2", "a", "x", "support", 4),
    ("s3", "a", "y", "oppose", 1),
    ("s4", "b", "x", "oppose", 2),
    ("s5", "b", "y", "oppose", 1),
    ("s6", "c", "y", "mixed", 3),
]


def _with_qualifiers(rows) -> Dataset:
    """Rows ``(id, organisation, concept, stance, qualifier or None)``, all in document d1."""
    return make_dataset([row[:4] + ("d1",) for row in rows], qualifiers={row[0]: row[4] for row in rows})


def _dna_one_mode(rows, tie, norm="none"):
    """§5: Σ_j Σ_k Σ_k′ a[i,j,k]·a[i′,j,k′]·s(k,k′) (conflict 1 − s), over DNA's normalisation."""
    a = defaultdict(lambda: defaultdict(Counter))
    for _, org, concept, _, q in rows:
        a[org][concept][q] += 1
    values = sorted({row[4] for row in rows})
    spread = values[-1] - values[0]
    n = {i: sum(sum(c.values()) for c in by_j.values()) for i, by_j in a.items()}
    out = {}
    for i, i2 in combinations(sorted(a), 2):
        parts = {"congruence": 0.0, "conflict": 0.0}
        for j in set(a[i]) & set(a[i2]):
            for k, c1 in a[i][j].items():
                for k2, c2 in a[i2][j].items():
                    s = 1 - abs(k - k2) / spread
                    parts["congruence"] += c1 * c2 * s
                    parts["conflict"] += c1 * c2 * (1 - s)
        raw = parts["congruence"] - parts["conflict"] if tie == "subtract" else parts[tie]
        d = {"none": 1, "average": (n[i] + n[i2]) / 2}[norm]
        if raw:
            out[frozenset((i, i2))] = raw / d
    return out


def _weights(graph):
    return {frozenset((u, v)): w for u, v, w in graph.edges(data="weight")}


# R = 5 − 1 = 4. a–b: x {5,4}×{2}: s = 1/4, 1/2; y {1}×{1}: s = 1 → congruence 1.75, conflict 1.25.
# a–c and b–c: y {1}×{3}: s = 1/2 → 0.5 and 0.5. n_a = 3, n_b = 2, n_c = 1.
HAND = {
    ("congruence", "none"): {"ab": 1.75, "ac": 0.5, "bc": 0.5},
    ("conflict", "none"): {"ab": 1.25, "ac": 0.5, "bc": 0.5},
    ("subtract", "none"): {"ab": 0.5},
    ("congruence", "average"): {"ab": 1.75 / 2.5, "ac": 0.5 / 2, "bc": 0.5 / 1.5},
    ("conflict", "average"): {"ab": 1.25 / 2.5, "ac": 0.5 / 2, "bc": 0.5 / 1.5},
    ("subtract", "average"): {"ab": 0.5 / 2.5},
}


@pytest.mark.parametrize("dense_limit", [None, 0])
@pytest.mark.parametrize("tie, norm", sorted(HAND))
def test_one_mode_on_a_1_to_5_scale_uses_the_observed_range(tie, norm, dense_limit, monkeypatch):
    if dense_limit is not None:  # the pair-by-pair path too
        import stancegraph.graph.networks.ties as ties
        monkeypatch.setattr(ties, "DENSE_LIMIT", dense_limit)
        monkeypatch.setattr(ties.one_mode_ties, "__defaults__", (dense_limit,))
    g = build_network(_with_qualifiers(ROWS), tie, "organisation", norm)
    hand = {frozenset(pair): value for pair, value in HAND[tie, norm].items()}
    assert _weights(g) == pytest.approx(hand, abs=1e-12)
    assert _weights(g) == pytest.approx(_dna_one_mode(ROWS, tie, norm), abs=1e-12)


def test_evidence_lists_the_statements_with_a_non_zero_factor():
    g = build_network(_with_qualifiers(ROWS), "congruence", "organisation")
    assert list(g.edges["a", "b"]["statements"]) == ["s1", "s2", "s3", "s4", "s5"]
    assert list(g.edges["a", "c"]["concepts"]) == ["y"]
    # conflict: y {1}×{1} has s = 1, so conflict 0 — only x links a and b
    g = build_network(_with_qualifiers(ROWS), "conflict", "organisation")
    assert list(g.edges["a", "b"]["statements"]) == ["s1", "s2", "s4"]


@pytest.mark.parametrize("norm, expected", [
    ("none", {("a", "x"): 9.0, ("a", "y"): 1.0, ("b", "x"): 2.0, ("b", "y"): 1.0, ("c", "y"): 3.0}),
    # activity: row / n_i (n_a = 3, n_b = 2, n_c = 1)
    ("activity", {("a", "x"): 3.0, ("a", "y"): 1 / 3, ("b", "x"): 1.0, ("b", "y"): 0.5, ("c", "y"): 3.0}),
    # prominence: column / Σ_{i,k} a[i,j,k] (x: 3 statements, y: 3)
    ("prominence", {("a", "x"): 3.0, ("a", "y"): 1 / 3, ("b", "x"): 2 / 3, ("b", "y"): 1 / 3, ("c", "y"): 1.0}),
])
def test_two_mode_subtract_sums_the_values(norm, expected):
    g = build_network(_with_qualifiers(ROWS), "twomode", "organisation", norm, qualifier="subtract")
    got = {(u, v) if g.nodes[u]["kind"] != "concept" else (v, u): w for u, v, w in g.edges(data="weight")}
    assert got == pytest.approx(expected, abs=1e-12)
    n = {"a": 3, "b": 2, "c": 1}
    dna = {(org, concept): sum(r[4] for r in ROWS if (r[1], r[2]) == (org, concept))  # Σ_k q_k·a[i,j,k]
           / {"none": 1, "activity": n[org], "prominence": 3}[norm] for org, concept in expected}
    assert got == pytest.approx(dna, abs=1e-12)


def test_two_mode_combine_is_dna_integer_code():
    # levels 1…5 (L = 5): bit of the k-th level 2^(L−1−k): 1 → 16, 2 → 8, 3 → 4, 4 → 2, 5 → 1
    g = build_network(_with_qualifiers(ROWS), "twomode", "organisation", qualifier="combine")
    got = {(u, v) if g.nodes[u]["kind"] != "concept" else (v, u): (w, c) for u, v, w, c in
           ((u, v, d["weight"], d["combine"]) for u, v, d in g.edges(data=True))}
    assert got == {("a", "x"): (3.0, 3), ("a", "y"): (16.0, 16), ("b", "x"): (8.0, 8), ("b", "y"): (16.0, 16),
                   ("c", "y"): (4.0, 4)}


def test_statements_without_a_qualifier_use_the_stance_value():
    # s3 (support, no qualifier) counts as +1, so the observed values are 1, 2, 3 and R = 2
    rows = [("s1", "a", "x", "oppose", 2), ("s2", "b", "x", "mixed", 3), ("s3", "c", "x", "support", None)]
    g = build_network(_with_qualifiers(rows), "congruence", "organisation")
    # a–b |2−3| → 1/2; a–c |2−1| → 1/2; b–c |3−1| → 0 (no edge)
    assert _weights(g) == pytest.approx({frozenset("ab"): 0.5, frozenset("ac"): 0.5}, abs=1e-12)


def test_single_valued_integer_qualifier_gives_nan_off_the_diagonal():
    rows = [("s1", "a", "x", "mixed", 3), ("s2", "b", "y", "mixed", 3), ("s3", "c", "x", "mixed", 3)]
    g = build_network(_with_qualifiers(rows), "congruence", "organisation")
    assert sorted(map(sorted, g.edges())) == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert all(math.isnan(w) for _, _, w in g.edges(data="weight"))
    # co-occurrence does not use the qualifier
    g = build_network(_with_qualifiers(rows), "cooccurrence", "organisation")
    assert _weights(g) == {frozenset("ac"): 1.0}

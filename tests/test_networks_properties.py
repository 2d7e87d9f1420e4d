"""Properties that must hold for any data: checked on small random datasets (fixed seeds)."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations

import pytest

from network_fixtures import make_dataset, weights
from stancegraph.graph.networks import build_network, coalitions, centrality, contested_concepts

SEEDS = range(12)


def random_dataset(seed: int, stances=("support", "oppose", "mixed")):
    rng = random.Random(seed)
    actors = [f"a{i}" for i in range(rng.randint(3, 7))]
    concepts = [f"c{i}" for i in range(rng.randint(2, 5))]
    docs = {f"d{i}": f"20{10 + i}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" for i in range(4)}
    rows = [(f"s{n:02d}", rng.choice(actors), rng.choice(concepts), rng.choice(stances), rng.choice(sorted(docs)))
            for n in range(rng.randint(8, 30))]
    return make_dataset(rows, documents=docs)


def pair_weight(graph, u, v) -> float:
    return graph.edges[u, v]["weight"] if graph.has_edge(u, v) else 0.0


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("prefix", ["", "concept-"])
def test_subtract_is_congruence_minus_conflict_and_they_sum_to_cooccurrence(seed, prefix):
    ds = random_dataset(seed)
    cong, conf, sub, co = (build_network(ds, prefix + k) for k in ("congruence", "conflict", "subtract", "cooccurrence"))
    assert set(cong) == set(conf) == set(sub) == set(co)
    for u, v in combinations(sorted(cong), 2):
        assert pair_weight(sub, u, v) == pytest.approx(pair_weight(cong, u, v) - pair_weight(conf, u, v))
        assert pair_weight(cong, u, v) + pair_weight(conf, u, v) == pytest.approx(pair_weight(co, u, v))
        assert pair_weight(cong, u, v) >= 0 and pair_weight(conf, u, v) >= 0


@pytest.mark.parametrize("seed", SEEDS)
def test_boolean_case_is_exactly_dnas(seed):
    # support/oppose only: congruence = Σ_j yes·yes′ + no·no′, conflict = Σ_j no·yes′ + yes·no′
    ds = random_dataset(seed, stances=("support", "oppose"))
    a = Counter((s.organisation, s.concept, s.stance.value) for s in ds.statements.values())
    concepts = {s.concept for s in ds.statements.values()}
    cong, conf = build_network(ds, "congruence"), build_network(ds, "conflict")
    for u, v in combinations(sorted(cong), 2):
        yes = lambda i, j: a[(i, j, "support")]  # noqa: E731
        no = lambda i, j: a[(i, j, "oppose")]  # noqa: E731
        assert pair_weight(cong, u, v) == sum(yes(u, j) * yes(v, j) + no(u, j) * no(v, j) for j in concepts)
        assert pair_weight(conf, u, v) == sum(no(u, j) * yes(v, j) + yes(u, j) * no(v, j) for j in concepts)


@pytest.mark.parametrize("seed", SEEDS)
def test_normalised_weights_lie_in_the_unit_interval(seed):
    ds = random_dataset(seed)
    for kind in ("congruence", "conflict"):
        # DNA's cosine divides by n_i·n_i′, which bounds Σ a·a′·s: always in [0, 1]
        assert all(0 <= w <= 1 for w in weights(build_network(ds, kind, normalisation="cosine")).values())
    # average and jaccard are bounded in the boolean case once every actor-concept-stance counts
    # once (a 0/1 array): per concept yes·yes′ + no·no′ ≤ min(n_ij, n_i′j). With "mixed", one actor can
    # hold two stances that both half-agree with a third, so DNA's (integer-qualifier) sums can pass 1.
    boolean = random_dataset(seed, stances=("support", "oppose"))
    for kind in ("congruence", "conflict"):
        for norm in ("average", "jaccard"):
            g = build_network(boolean, kind, normalisation=norm, duplicates="acrossrange")
            assert all(0 <= w <= 1 for w in weights(g).values()), (kind, norm)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_tie_is_made_of_statements_of_its_two_ends(seed):
    ds = random_dataset(seed)
    for kind in ("congruence", "conflict", "subtract"):
        g = build_network(ds, kind)
        for u, v, d in g.edges(data=True):
            assert u != v
            assert d["statements"] == sorted(set(d["statements"]))
            stmts = [ds.statements[s] for s in d["statements"]]
            assert {s.organisation for s in stmts} == {u, v}
            assert {s.concept for s in stmts} == set(d["concepts"])
    two = build_network(ds, "twomode")
    for u, v, d in two.edges(data=True):
        actor, concept = (u, v) if two.nodes[u]["bipartite"] == 0 else (v, u)
        assert {(ds.statements[s].organisation, ds.statements[s].concept) for s in d["statements"]} == {(actor, concept)}
        assert d["weight"] == len(d["statements"]) == sum(d["stances"].values())
    # node statement counts add up to the statements kept
    assert sum(n for _, n in two.nodes(data="statements") if two.nodes[_]["bipartite"] == 0) == len(ds.statements)


@pytest.mark.parametrize("seed", SEEDS)
def test_combine_codes_are_the_stances_present(seed):
    ds = random_dataset(seed)
    for _, _, d in build_network(ds, "twomode", qualifier="combine").edges(data=True):
        present = {k for k, n in d["stances"].items() if n}
        assert d["weight"] == sum({"support": 1, "oppose": 2, "mixed": 4}[k] for k in present)
        assert set(d["stance"].split("+")) == present


@pytest.mark.parametrize("seed", SEEDS)
def test_duplicate_options_only_ever_remove(seed):
    ds = random_dataset(seed)
    order = ["include", "document", "year", "acrossrange"]  # each period contains the previous one
    counts = [build_network(ds, duplicates=d).graph["statement_count"] for d in order]
    assert counts == sorted(counts, reverse=True)
    assert build_network(ds, duplicates="week").graph["statement_count"] >= counts[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_coalitions_partition_and_are_reproducible(seed):
    g = build_network(random_dataset(seed), "subtract")
    groups = coalitions(g, seed=7)
    assert sorted(n for group in groups for n in group) == sorted(g)
    assert groups == coalitions(g, seed=7)
    scores = centrality(g)
    assert set(scores) == set(g) and all(0 <= s["betweenness"] <= 1 for s in scores.values())


@pytest.mark.parametrize("seed", SEEDS)
def test_contestation_is_a_variance_in_the_unit_interval(seed):
    for concept in contested_concepts(random_dataset(seed)):
        assert 0 <= concept.contestation <= 1
        if concept.support == 0 and concept.mixed == 0 or concept.oppose == 0 and concept.mixed == 0:
            assert concept.contestation == 0

"""``build_network(..., strongest=N)``: the N strongest ties, chosen while the ties stream."""

from __future__ import annotations

import random

import pytest

from stancegraph.graph.errors import UsageError
from stancegraph.graph.networks import build_network
from stancegraph.graph.networks.strongest import strongest, tie_key
from stancegraph.graph.view.capping import strongest_ties

from network_fixtures import make_dataset


@pytest.fixture(scope="module")
def synthetic():
    rng = random.Random(11)
    rows = [(f"s{n:05d}", f"a{rng.randrange(60):03d}", f"c{rng.randrange(15):02d}",
             rng.choices(("support", "oppose", "mixed"), weights=(5, 4, 1))[0], "d1") for n in range(700)]
    return make_dataset(rows)


def reference(full, limit):
    """The rule, computed here from the whole network: top ``limit`` by key, then each uncovered node's best."""
    keys = {frozenset((u, v)): tie_key(u, v, d["raw_weight"], d["weight"]) for u, v, d in full.edges(data=True)}
    ranked = sorted(keys, key=keys.get)
    top = set(ranked[:limit])
    covered = {node for pair in top for node in pair}
    extra = set()
    for node in full:
        if node not in covered and full.degree(node):
            extra.add(min((pair for pair in keys if node in pair), key=keys.get))
    return top | extra, len(extra)


@pytest.mark.parametrize("kind, normalisation", [("congruence", "none"), ("conflict", "jaccard"),
                                                 ("subtract", "average"), ("concept-congruence", "cosine")])
@pytest.mark.parametrize("limit", [1, 25, 60])
def test_the_strongest_ties_are_the_rule_applied_to_the_whole_network(synthetic, kind, normalisation, limit):
    full = build_network(synthetic, kind, "organisation", normalisation=normalisation)
    part = build_network(synthetic, kind, "organisation", normalisation=normalisation, strongest=limit)
    expected, added = reference(full, limit)
    assert full.number_of_edges() > limit  # the cap bites
    assert {frozenset(e) for e in part.edges} == expected
    assert part.graph["ties_total"] == full.number_of_edges()
    assert part.graph["strongest"] == limit and part.graph["strongest_added"] == added
    for u, v, d in part.edges(data=True):  # the kept ties are the whole network's ties, evidence and all
        whole = full.edges[u, v]
        assert (d["weight"], d["raw_weight"], list(d["statements"])) == \
            (whole["weight"], whole["raw_weight"], list(whole["statements"]))
    assert set(part.nodes) == set(full.nodes)


def test_the_page_draws_the_same_ties_from_a_pre_chosen_network(synthetic):
    full = build_network(synthetic, "congruence", "organisation")
    part = build_network(synthetic, "congruence", "organisation", strongest=30)
    from_full, from_part = strongest_ties(full, 30), strongest_ties(part, 30)
    assert from_part == from_full and from_part.total == full.number_of_edges()
    assert strongest_ties(part, 0) == from_full  # "all" of a pre-chosen network is what was chosen


def test_a_cap_above_the_network_keeps_every_tie(nhs_dataset):
    full = build_network(nhs_dataset, "congruence", "person")
    part = build_network(nhs_dataset, "congruence", "person", strongest=10 ** 6)
    assert {frozenset(e) for e in part.edges} == {frozenset(e) for e in full.edges}
    assert part.graph["ties_total"] == full.number_of_edges()
    assert part.graph["strongest_added"] == 0


@pytest.mark.parametrize("bad", [-1, 2.5, "10"])
def test_a_bad_cap_is_a_usage_error(nhs_dataset, bad):
    with pytest.raises(UsageError, match="strongest"):
        build_network(nhs_dataset, "congruence", strongest=bad)


def test_strongest_needs_a_positive_limit():
    with pytest.raises(ValueError):
        strongest(iter([("a", "b", 1.0, 1.0)]), 0)


@pytest.mark.parametrize("normalisation", ["none", "average", "jaccard", "cosine"])
@pytest.mark.parametrize("limit", [1, 7, 40, 5000])
def test_the_numpy_choice_equals_the_streamed_one(synthetic, normalisation, limit):
    from collections import defaultdict

    from stancegraph.graph.networks.build import STANCE_VALUE, _factor
    from stancegraph.graph.networks.options import Normalisation
    from stancegraph.graph.networks.ties import one_mode_ties, strongest_one_mode_ties

    cells = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for st in synthetic.statements.values():
        cells[st.organisation][st.concept][st.stance].append(st.id)
    for kind in ("congruence", "conflict", "subtract", "cooccurrence"):
        def factor(k1, k2):
            return _factor(kind, STANCE_VALUE[k1], STANCE_VALUE[k2])

        norm = Normalisation(normalisation)
        in_numpy = strongest_one_mode_ties(cells, factor, norm, limit)
        streamed = strongest(one_mode_ties(cells, factor, norm, dense_limit=0), limit)
        assert in_numpy == streamed, kind
        assert strongest_one_mode_ties(cells, factor, norm, limit, dense_limit=0) == streamed


def test_blocks_without_ties_and_networks_without_ties(monkeypatch):
    from stancegraph.graph.networks import ties
    from stancegraph.graph.networks.ties import strongest_one_mode_ties
    from stancegraph.graph.networks.options import Normalisation
    from stancegraph.schema.models import Stance

    monkeypatch.setattr(ties, "_BLOCK_CELLS", 1)  # one row per block: most blocks have no tie
    S = Stance.SUPPORT
    no_ties = {"a": {"c1": {S: ("s1",)}}, "b": {"c2": {S: ("s2",)}}, "c": {"c3": {S: ("s3",)}}}
    chosen = strongest_one_mode_ties(no_ties, lambda k1, k2: 1.0, Normalisation.NONE, 2)
    assert (chosen.ties, chosen.total, chosen.added) == ([], 0, 0)
    some = {**no_ties, "d": {"c3": {S: ("s4",)}}}  # one tie, c–d, in the last block only
    chosen = strongest_one_mode_ties(some, lambda k1, k2: 1.0, Normalisation.NONE, 2)
    assert (chosen.ties, chosen.total, chosen.added) == ([("c", "d", 1.0, 1.0)], 1, 0)

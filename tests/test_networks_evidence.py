"""The evidence of one-mode ties, stored once and read per edge: equal to an eager recomputation, and small."""

from __future__ import annotations

import copy
import gc
import itertools
import json
import pickle
import random
import sys
import tracemalloc
from collections import defaultdict
from collections.abc import Sequence

import networkx as nx
import pytest

from network_fixtures import make_dataset
from stancegraph.graph.networks import NetworkOptions, build_network, write_json
from stancegraph.graph.networks.evidence import TieStatements, TieVia
from stancegraph.graph.networks.selection import STANCE_VALUE
from stancegraph.graph.networks.ties import one_mode_ties
from stancegraph.graph.networks.options import Normalisation

ONE_MODE = ["congruence", "conflict", "subtract", "cooccurrence",
            "concept-congruence", "concept-conflict", "concept-subtract", "concept-cooccurrence"]


def stance_factor(tie: str, q1: int, q2: int) -> float:
    """DNA's factor, restated here: s = 1 − |q1 − q2| / 2 (DNA-NETWORKS.md §5)."""
    s = 1 - abs(q1 - q2) / 2
    return {"congruence": s, "conflict": 1 - s, "subtract": 2 * s - 1, "cooccurrence": 1.0}[tie]


def eager_evidence(dataset, kind: str, **options) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """Every tie's (statements, columns), computed the direct way: all pairs of statements on a shared column."""
    opts = NetworkOptions.make(dataset, kind=kind, **options)
    tie = kind.removeprefix("concept-")
    by_column = defaultdict(list)
    for c in opts.select(dataset).retained:
        row, column = (c.concept, c.actor) if kind.startswith("concept-") else (c.actor, c.concept)
        by_column[column].append((row, c.stance, c.id))
    ids, via, raw = defaultdict(set), defaultdict(set), defaultdict(float)
    for column, coded in by_column.items():
        for (r1, k1, s1), (r2, k2, s2) in itertools.combinations(coded, 2):
            factor = stance_factor(tie, STANCE_VALUE[k1], STANCE_VALUE[k2])
            if r1 == r2 or factor == 0:
                continue
            pair = tuple(sorted((r1, r2)))
            ids[pair].update((s1, s2))
            via[pair].add(column)
            raw[pair] += factor
    return {pair: (sorted(ids[pair]), sorted(via[pair])) for pair in ids if raw[pair] != 0}


def random_rows(seed: int, statements: int, actors: int, concepts: int):
    rng = random.Random(seed)
    stances = ("support", "oppose", "mixed")
    return [(f"s{n:05d}", f"a{rng.randrange(actors):03d}", f"c{rng.randrange(concepts):02d}",
             rng.choices(stances, weights=(5, 4, 1))[0], "d1") for n in range(statements)]


@pytest.fixture(scope="module")
def synthetic():
    return make_dataset(random_rows(7, 600, 40, 12))


def assert_lazy_equals_eager(graph, expected, via_name):
    assert {tuple(sorted(e)) for e in graph.edges} == set(expected)
    for u, v, d in graph.edges(data=True):
        statements, columns = expected[tuple(sorted((u, v)))]
        assert isinstance(d["statements"], TieStatements) and isinstance(d[via_name], TieVia)
        assert d["statements"] == statements and list(d["statements"]) == statements
        assert d[via_name] == columns and len(d[via_name]) == len(columns)


@pytest.mark.parametrize("kind", ONE_MODE)
def test_lazy_evidence_equals_an_eager_recomputation_on_the_nhs_dataset(nhs_dataset, kind):
    for level in ("organisation", "person"):
        graph = build_network(nhs_dataset, kind, level)
        assert graph.number_of_edges() > 0
        via_name = "actors" if kind.startswith("concept-") else "concepts"
        assert_lazy_equals_eager(graph, eager_evidence(nhs_dataset, kind, level=level), via_name)


@pytest.mark.parametrize("kind", ONE_MODE)
def test_lazy_evidence_equals_an_eager_recomputation_on_synthetic_data(synthetic, kind):
    via_name = "actors" if kind.startswith("concept-") else "concepts"
    for duplicates in ("include", "acrossrange"):
        graph = build_network(synthetic, kind, duplicates=duplicates)
        expected = eager_evidence(synthetic, kind, duplicates=duplicates)
        assert len(expected) > 50  # of 66 concept pairs, 780 actor pairs
        assert_lazy_equals_eager(graph, expected, via_name)


@pytest.mark.parametrize("norm", list(Normalisation)[:4])
@pytest.mark.parametrize("tie", ["congruence", "conflict", "subtract", "cooccurrence"])
def test_matrix_and_pairwise_weights_are_identical(synthetic, tie, norm):
    assert norm.one_mode or norm is Normalisation.NONE
    opts = NetworkOptions.make(synthetic, kind=tie)
    cells = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for c in opts.select(synthetic).retained:
        cells[c.actor][c.concept][c.stance].append(c.id)
    factor = lambda k1, k2: stance_factor(tie, STANCE_VALUE[k1], STANCE_VALUE[k2])  # noqa: E731
    dense = list(one_mode_ties(cells, factor, norm))
    pairwise = list(one_mode_ties(cells, factor, norm, dense_limit=0))
    assert dense == pairwise  # bit for bit: the sums are exact in both
    assert len(dense) > 100 and dense == sorted(dense) and all(r1 < r2 for r1, r2, *_ in dense)


def test_a_tie_sequence_behaves_like_a_read_only_list(synthetic):
    graph = build_network(synthetic, "congruence")
    u, v, d = max(graph.edges(data=True), key=lambda e: len(e[2]["statements"]))
    ids = d["statements"]
    items = list(ids)
    assert len(items) > 3 and items == sorted(set(items))
    assert isinstance(ids, Sequence) and not isinstance(ids, list)
    assert ids[0] == items[0] and ids[-1] == items[-1] and ids[1:3] == items[1:3] and isinstance(ids[1:3], list)
    assert ids == items and items == ids and ids == tuple(items) and ids != items[:-1] and ids != "".join(items)
    assert items[2] in ids and "no-such-id" not in ids and ids.index(items[2]) == 2 and ids.count(items[0]) == 1
    assert list(reversed(ids)) == items[::-1]
    with pytest.raises(IndexError):
        ids[len(items)]
    with pytest.raises(TypeError):
        hash(ids)
    with pytest.raises(TypeError):
        ids[0] = "x"
    assert repr(ids) == f"TieStatements({items!r})"
    for clone in (pickle.loads(pickle.dumps(graph)), copy.deepcopy(graph), graph.copy()):
        assert clone.edges[u, v]["statements"] == items
        assert clone.edges[u, v]["concepts"] == d["concepts"]
    assert json.loads(json.dumps(items)) == items


def test_write_json_streams_the_same_text_as_node_link_data(nhs_dataset, tmp_path):
    for kind in ("congruence", "twomode", "concept-subtract"):
        graph = build_network(nhs_dataset, kind)
        eager = graph.copy()
        for _, _, d in eager.edges(data=True):
            d.update({k: list(v) for k, v in d.items() if isinstance(v, (TieStatements, TieVia))})
        expected = json.dumps(nx.node_link_data(eager, edges="edges"), ensure_ascii=False, indent=1,
                              sort_keys=True) + "\n"
        assert write_json(graph, tmp_path / f"{kind}.json").read_text(encoding="utf-8") == expected
    empty = nx.Graph(name="empty")
    assert write_json(empty, tmp_path / "empty.json").read_text(encoding="utf-8") == json.dumps(
        nx.node_link_data(empty, edges="edges"), indent=1, sort_keys=True) + "\n"


def test_evidence_costs_a_few_dozen_bytes_per_edge_until_read():
    dataset = make_dataset(random_rows(3, 4_000, 60, 12))
    build_network(dataset, "congruence")  # imports (numpy) before tracing
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        graph = build_network(dataset, "congruence")
        gc.collect()
        lazy = tracemalloc.get_traced_memory()[0] - before
        edges = graph.number_of_edges()
        assert edges > 1_500
        # reading every tie keeps nothing per edge (only the last tie, in the shared index)
        total = sum(len(d["statements"]) + len(d["concepts"]) for _, _, d in graph.edges(data=True))
        gc.collect()
        assert tracemalloc.get_traced_memory()[0] - before - lazy < 64 * 1024
        # the eager representation: every edge holds its own lists
        for _, _, d in graph.edges(data=True):
            d["statements"], d["concepts"] = list(d["statements"]), list(d["concepts"])
        gc.collect()
        eager = tracemalloc.get_traced_memory()[0] - before
        # and the network without evidence (dicts keep their size when keys go)
        for _, _, d in graph.edges(data=True):
            del d["statements"], d["concepts"]
        gc.collect()
        bare = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert total > 100 * edges  # ties here rest on many statements, as in real coded debates
    per_edge_lazy, per_edge_eager = (lazy - bare) / edges, (eager - bare) / edges
    assert per_edge_lazy < per_edge_eager / 4, (per_edge_lazy, per_edge_eager)
    assert per_edge_lazy < 300  # two 56-byte sequences and a share of the index
    u, v, d = next(iter(build_network(dataset, "congruence").edges(data=True)))
    assert sys.getsizeof(d["statements"]) + sys.getsizeof(d["concepts"]) <= 128

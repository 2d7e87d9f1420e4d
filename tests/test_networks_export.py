"""Exports re-read by independent readers: networkx (GraphML, GEXF, JSON), igraph (GraphML), csv."""

from __future__ import annotations

import csv
import importlib.util
import json

import networkx as nx
import pytest

from conftest import need
from network_fixtures import make_dataset
from stancegraph.graph.atomic import CannotWrite
from stancegraph.graph.networks import (
    build_network, coalitions, scalar_graph, with_coalitions, write_csv, write_gexf, write_graphml, write_json,
    write_network,
)

ROWS = [
    ("s1", "nhs-alliance", "c1", "support", "d1"),
    ("s2", "nhs-alliance", "c2", "oppose", "d1"),
    ("s3", "labour", "c1", "support", "d1"),
    ("s4", "labour", "c2", "mixed", "d1"),
    ("s5", "serco", "c1", "oppose", "d1"),
    ("s6", "serco", "c2", "support", "d1"),
]


@pytest.fixture(scope="module")
def dataset():
    return make_dataset(ROWS)


@pytest.fixture(scope="module", params=["congruence", "twomode"])
def network(request, dataset):
    g = build_network(dataset, request.param)
    if request.param != "twomode":
        g = with_coalitions(g, coalitions(g, seed=0))
    return g


def same_as_scalar(original: nx.Graph, read: nx.Graph) -> None:
    flat = scalar_graph(original)
    assert sorted(read.nodes) == sorted(flat.nodes)
    assert {frozenset(e) for e in read.edges} == {frozenset(e) for e in flat.edges}
    for n, d in flat.nodes(data=True):
        assert read.nodes[n] == d
    for u, v, d in flat.edges(data=True):
        got = dict(read.edges[u, v])
        got.pop("id", None)  # GEXF readers add edge ids
        assert got == d


def test_graphml_round_trips_through_networkx(network, tmp_path):
    path = write_graphml(network, tmp_path / "n.graphml")
    read = nx.read_graphml(path)
    same_as_scalar(network, read)
    assert read.graph["network_kind"] == network.graph["network_kind"]
    # the statement ids come back as a list with split()
    u, v, d = next(iter(network.edges(data=True)))
    assert read.edges[u, v]["statements"].split() == d["statements"]


def test_graphml_is_read_by_igraph(network, tmp_path):
    need(importlib.util.find_spec("igraph") is not None, "python-igraph")
    import igraph

    path = write_graphml(network, tmp_path / "n.graphml")
    g = igraph.Graph.Read_GraphML(str(path))
    assert not g.is_directed()
    assert g.vcount() == network.number_of_nodes() and g.ecount() == network.number_of_edges()
    names = g.vs["id"]
    for edge in g.es:
        u, v = names[edge.source], names[edge.target]
        assert edge["weight"] == network.edges[u, v]["weight"]
        assert edge["statements"].split() == network.edges[u, v]["statements"]
    for vertex in g.vs:
        assert vertex["label"] == network.nodes[vertex["id"]]["label"]
        assert vertex["statements"] == network.nodes[vertex["id"]]["statements"]


def test_gexf_round_trips_through_networkx(network, tmp_path):
    path = write_gexf(network, tmp_path / "n.gexf")
    read = nx.read_gexf(path, relabel=False)
    flat = scalar_graph(network)
    # GEXF keeps "label" as the node label attribute
    for n, d in flat.nodes(data=True):
        assert read.nodes[n] == d
    for u, v, d in flat.edges(data=True):
        got = dict(read.edges[u, v])
        got.pop("id", None)
        assert got == d


def test_json_keeps_lists_and_mappings(network, tmp_path):
    path = write_json(network, tmp_path / "n.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    read = nx.node_link_graph(data, edges="edges")
    assert nx.utils.graphs_equal(read, network)


def test_csv_tables_hold_every_attribute(network, tmp_path):
    nodes_path, edges_path = write_csv(network, tmp_path / "n.csv")
    assert (nodes_path.name, edges_path.name) == ("n-nodes.csv", "n-edges.csv")
    with nodes_path.open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with edges_path.open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert [row["id"] for row in nodes] == list(network.nodes)
    assert {row["id"]: row["label"] for row in nodes} == dict(network.nodes(data="label"))
    assert len(edges) == network.number_of_edges()
    for row in edges:
        d = network.edges[row["source"], row["target"]]
        assert float(row["weight"]) == d["weight"]
        assert row["statements"].split() == d["statements"]
    assert list(edges[0])[:3] == ["source", "target", "weight"]


def test_a_failed_write_leaves_nothing(dataset, tmp_path):
    g = build_network(dataset, "congruence")
    bad = g.copy()
    bad.nodes["labour"]["oops"] = object()  # no GraphML type for this
    with pytest.raises(nx.NetworkXError, match="does not support"):
        write_graphml(bad, tmp_path / "bad.graphml")
    assert list(tmp_path.iterdir()) == []
    # CSV: both tables or neither — the edge table cannot replace a folder, so the node table
    # (written first) must not appear either, and an older node table stays as it was
    (tmp_path / "keep-nodes.csv").write_text("old", encoding="utf-8")
    (tmp_path / "keep-edges.csv").mkdir()
    with pytest.raises(CannotWrite, match="keep-edges.csv is a folder"):  # one line naming it, no errno
        write_csv(g, tmp_path / "keep.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep-edges.csv", "keep-nodes.csv"]
    assert (tmp_path / "keep-nodes.csv").read_text(encoding="utf-8") == "old"


def test_write_network_dispatches_on_format(dataset, tmp_path):
    g = build_network(dataset, "congruence")
    assert [p.name for p in write_network(g, tmp_path / "x.csv", "csv")] == ["x-nodes.csv", "x-edges.csv"]
    assert [p.name for p in write_network(g, tmp_path / "x.gexf", "gexf")] == ["x.gexf"]

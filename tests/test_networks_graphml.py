"""GraphML written element by element is byte for byte what networkx's writer gives."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from stancegraph.graph.networks import build_network, coalitions, with_coalitions
from stancegraph.graph.networks.exports import _scalars, scalar_graph, write_graphml
from stancegraph.graph.networks.graphml import write_graphml_stream


def networkx_bytes(graph, tmp_path) -> bytes:
    path = tmp_path / "reference.graphml"
    nx.write_graphml(scalar_graph(graph), path, encoding="utf-8", prettyprint=True)
    return path.read_bytes()


def streamed_bytes(graph) -> bytes:
    handle = io.BytesIO()
    write_graphml_stream(graph, handle, _scalars)
    return handle.getvalue()


@pytest.mark.parametrize("kind, normalisation", [
    ("twomode", "none"), ("twomode", "activity"), ("congruence", "none"), ("conflict", "jaccard"),
    ("subtract", "average"), ("cooccurrence", "none"), ("concept-congruence", "cosine"),
])
@pytest.mark.parametrize("level", ["person", "organisation"])
def test_every_nhs_network_is_written_as_networkx_writes_it(nhs_dataset, kind, normalisation, level, tmp_path):
    graph = build_network(nhs_dataset, kind, level, normalisation=normalisation, start="2010")
    if kind != "twomode":
        graph = with_coalitions(graph, coalitions(graph))
    assert graph.number_of_edges() > 0
    assert streamed_bytes(graph) == networkx_bytes(graph, tmp_path)
    written = write_graphml(graph, tmp_path / "ours.graphml")
    assert written.read_bytes() == networkx_bytes(graph, tmp_path)


def test_escaping_mixed_types_and_empty_parts(tmp_path):
    graph = nx.Graph(name='a & "b" <c>\nd', flag=True, n=3)
    odd = "x&<>\"'\n\tü"
    graph.add_node(odd, label="Ünïcode & <tag> \"q\" 'a'\r\n", kind="person")
    graph.add_node("isolate")
    graph.add_edge(odd, "y", weight=1.5, statements=["s1", "s2"], stances={"support": 2, "oppose": 0})
    graph.add_edge("y", "z")
    graph.nodes["y"]["statements"] = 3
    graph.nodes["z"]["statements"] = 2.5  # the same name as a double: a second key, as networkx makes
    # one departure: networkx writes a CR raw, which every XML parser reads back as LF (XML 1.0 §2.11)
    assert streamed_bytes(graph) == networkx_bytes(graph, tmp_path).replace(b"\r", b"&#13;")
    (tmp_path / "cr.graphml").write_bytes(streamed_bytes(graph))
    assert nx.read_graphml(tmp_path / "cr.graphml").nodes[odd]["label"] == "Ünïcode & <tag> \"q\" 'a'\r\n"
    assert streamed_bytes(nx.Graph()) == networkx_bytes(nx.Graph(), tmp_path)
    only_data = nx.Graph(name="no nodes")
    assert streamed_bytes(only_data) == networkx_bytes(only_data, tmp_path)


def test_unsupported_values_are_refused_as_networkx_refuses_them():
    graph = nx.Graph()
    graph.add_node("a", thing=object())
    with pytest.raises(nx.NetworkXError, match="does not support"):
        streamed_bytes(graph)

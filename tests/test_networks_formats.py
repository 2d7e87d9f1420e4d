"""DNA's matrix CSV, UCINET DL and Pajek, read back by independent readers (csv, a small DL parser, networkx, igraph)."""

from __future__ import annotations

import csv

import igraph
import networkx as nx
import pytest

from network_fixtures import make_dataset
from stancegraph.graph.errors import UsageError
from stancegraph.graph.networks import build_network, format_from_path, write_network
from stancegraph.graph.seeds.load import load_dataset

ROWS = [("s1", "a", "c1", "support", "d1"), ("s2", "b", "c1", "support", "d1"), ("s3", "b", "c2", "oppose", "d1"),
        ("s4", "c", "c2", "oppose", "d1"), ("s5", "d", "c1", "oppose", "d1")]


@pytest.fixture(scope="module")
def data():
    return make_dataset(ROWS)


def read_dl(text: str) -> tuple[list[str], list[str], list[list[float]]]:
    """A small UCINET DL full-matrix reader, written from the DL format description (not from our writer)."""
    lines = text.split("\n")
    head = lines[0].lower().replace(" ", "")
    assert head.startswith("dl") and "format=fullmatrix" in head
    sizes = dict(part.split("=") for part in head[2:].split(",") if "=" in part)
    n_rows = int(sizes.get("nr", sizes.get("n")))
    n_cols = int(sizes.get("nc", sizes.get("n")))
    rows, cols, data, section = [], [], [], None
    for line in lines[1:]:
        key = line.strip().lower()
        if key in ("labels:", "row labels:", "col labels:", "data:"):
            section = key
            continue
        if section in ("labels:", "row labels:"):
            rows.append(line.strip().strip('"'))
        elif section == "col labels:":
            cols.append(line.strip().strip('"'))
        elif section == "data:":
            data.append([float(x) for x in line.split()])
    cols = cols or rows
    assert (len(rows), len(cols), len(data)) == (n_rows, n_cols, n_rows)
    assert all(len(row) == n_cols for row in data)
    return rows, cols, data


def _weight(graph, u, v):
    return graph.edges[u, v]["weight"] if graph.has_edge(u, v) else 0.0


@pytest.mark.parametrize("kind, normalisation", [("congruence", "none"), ("conflict", "average"),
                                                 ("twomode", "none"), ("twomode", "activity")])
def test_matrix_csv_and_dl_hold_every_weight(data, tmp_path, kind, normalisation):
    g = build_network(data, kind, normalisation=normalisation)
    write_network(g, tmp_path / "n.matrix.csv")
    write_network(g, tmp_path / "n.dl")
    with open(tmp_path / "n.matrix.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    head, body = table[0], table[1:]
    assert head[0] == ""
    rows, cols, dl = read_dl((tmp_path / "n.dl").read_text(encoding="utf-8"))
    two_mode = kind == "twomode"
    actors = sorted(n for n, d in g.nodes(data=True) if d["kind"] != "concept")
    assert [r[0] for r in body] == actors and rows == actors
    assert head[1:] == (sorted(n for n, d in g.nodes(data=True) if d["kind"] == "concept") if two_mode else actors)
    for i, row in enumerate(body):
        for j, cell in enumerate(row[1:]):
            expected = _weight(g, row[0], head[1 + j])
            assert float(cell) == pytest.approx(expected, abs=5e-7)
            assert dl[i][j] == pytest.approx(expected, abs=5e-7)
    integer = normalisation == "none"
    assert all(("." not in cell) == integer for row in body for cell in row[1:])


def test_labels_are_quoted_as_dna_does(tmp_path):
    g = nx.Graph()  # seed ids are slugs; a hand-made graph may hold any node name
    g.add_edge('q"t', "b", weight=1.0)
    write_network(g, tmp_path / "n.matrix.csv")
    write_network(g, tmp_path / "n.dl")
    assert "\"q't\"" in (tmp_path / "n.matrix.csv").read_text()  # a double quote becomes a single quote
    assert '"qt"' in (tmp_path / "n.dl").read_text()  # DL labels lose their quotes
    assert not (tmp_path / "n.matrix.csv").read_text().endswith("\n")  # DNA writes no final line break


def test_pajek_read_back_by_networkx_and_igraph(tmp_path):
    g = build_network(load_dataset(), "congruence", normalisation="jaccard")
    write_network(g, tmp_path / "n.net")
    back = nx.Graph(nx.read_pajek(tmp_path / "n.net"))
    assert set(back.nodes) == set(g.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in g.edges}
    for u, v, d in g.edges(data=True):
        assert back.edges[u, v]["weight"] == pytest.approx(d["weight"])
    ig = igraph.Graph.Read_Pajek(str(tmp_path / "n.net"))
    assert ig.vcount() == g.number_of_nodes() and ig.ecount() == g.number_of_edges()
    assert sorted(ig.es["weight"]) == pytest.approx(sorted(d["weight"] for _, _, d in g.edges(data=True)))


def test_two_mode_pajek_is_bipartite_for_igraph(data, tmp_path):
    g = build_network(data, "twomode", qualifier="subtract")
    write_network(g, tmp_path / "n.net")
    ig = igraph.Graph.Read_Pajek(str(tmp_path / "n.net"))
    assert ig.vcount() == g.number_of_nodes() and ig.ecount() == g.number_of_edges()
    assert ig.vs["type"].count(True) == sum(1 for _, d in g.nodes(data=True) if d["bipartite"] == 1)
    assert sorted(ig.es["weight"]) == sorted(d["weight"] for _, _, d in g.edges(data=True))


def test_graphml_read_back_by_igraph(tmp_path):
    g = build_network(load_dataset(), "subtract")
    write_network(g, tmp_path / "n.graphml")
    ig = igraph.Graph.Read_GraphML(str(tmp_path / "n.graphml"))
    assert sorted(ig.vs["id"]) == sorted(g.nodes)
    assert sorted(ig.es["weight"]) == sorted(d["weight"] for _, _, d in g.edges(data=True))


@pytest.mark.parametrize("name, fmt", [("a.graphml", "graphml"), ("a.GEXF", "gexf"), ("a.csv", "csv"),
                                       ("a.matrix.csv", "matrix"), ("a.json", "json"), ("a.dl", "dl"),
                                       ("a.net", "net")])
def test_every_known_ending(name, fmt):
    assert format_from_path(name).value == fmt


@pytest.mark.parametrize("name", ["a.gml", "a", "a.xml", "a.graphml.bak", "a.txt"])
def test_unknown_endings_are_errors(data, tmp_path, name):
    with pytest.raises(UsageError, match=r"known: \.graphml, \.gexf, \.matrix\.csv, \.csv, \.json, \.dl, \.net"):
        write_network(build_network(data), tmp_path / name)
    assert not list(tmp_path.iterdir())

"""Every file written parses in the reader it is for, whatever the text (issue #12 §3).

A hostile dataset — every text field carrying quotes, backslashes, CR/LF, tabs,
U+2028/U+2029, astral characters, RTL and bidi marks, combining marks, ``<``,
``&``, ``]]>``, Turtle's own delimiters — is written as seed files, formatted,
checked and built through the CLI, then every file ``build``, ``export``, ``query``
(CONSTRUCT and SELECT) and ``serve`` write is read back by rdflib, pyoxigraph
and rapper (three independent parsers) and must give exactly the graph (or the
solutions) the dataset maps to; GraphML and GEXF from ``network`` are read back
by networkx and igraph (GraphML) or a plain XML parser (GEXF), every label and
attribute equal. Hypothesis draws the texts (a few examples: each one is a full
build: two drawn in CI, ``STANCEGRAPH_HOSTILE_EXAMPLES=200`` for a long run); one fixed
example carries every piece at once.

The Python API can hand the writers characters ``check`` refuses in seed files
(C0 controls, U+0085): the formats that can carry them must (the N-Triples
writer escapes every character ``str.splitlines()`` breaks at), and the XML ones
must refuse them with a problem naming the record, never write a broken file.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stancegraph.graph.cli import cli
from stancegraph.graph.rdf.mapping import build_graph
from stancegraph.graph.seeds.load import load_dataset

from conftest import MINI
from hostile_readers import (
    assert_rdf_reads_back, assert_same, solutions_csv, solutions_oxigraph, solutions_rdflib, triples_of,
)

PIECES = ['"', "'", '"""', "'''", "\\", "\\n", "\\u0041", "\r", "\n", "\r\n", "\t", "\u2028", "\u2029",
          "\U0001F600", "\U0001D538", "\u200f", "\u202e", "\u200b", "e\u0301", "\u0915\u094d\u0937", "<", ">", "&",
          "&amp;", "]]>", "<![CDATA[", "#", "@en", "^^", "<urn:x>", "_:b", " . ", ";", "{}", "%20", "\u00a0",
          "\ufeff", "ü", "Ω", "中文", "\ud7ff", "\ue000", "\ufffd"]
"""Hostile pieces that seed files may carry (``check`` refuses the C0 controls but tab/LF/CR, and U+0085)."""

EVERYTHING = "".join(PIECES)

hostile = st.lists(st.sampled_from(PIECES) | st.text(alphabet="abc XYZ", max_size=3), min_size=1, max_size=8).map(
    lambda parts: "x" + "".join(parts) + "x")  # never blank, never stripped


DISPLAYED = {"title", "name", "label"}
"""Fields check refuses bidirectional embeddings, overrides and isolates in (they reorder what is shown)."""


def _shown_as_stored(text: str) -> str:
    return re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)


def _seed_tree(texts: list[str]) -> dict:
    """The mini dataset's records (tests/data/mini) with every text field replaced by a hostile text."""
    docs = {}
    for path in sorted((MINI / "seeds").glob("*.yaml")):
        docs[path.name] = yaml.safe_load(path.read_text(encoding="utf-8"))
    pool = iter(texts * 40)
    fields = {"title", "name", "label", "definition", "quote", "note", "description", "role"}

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in list(node.items()):
                if k in fields and isinstance(v, str):
                    node[k] = next(pool) if k not in DISPLAYED else _shown_as_stored(next(pool))
                elif k == "aliases" and isinstance(v, list):
                    node[k] = [_shown_as_stored(next(pool)) for _ in v]
                else:
                    walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(docs)
    for record in docs["records.yaml"].get("people", []):
        record.setdefault("note", next(pool))
    for record in docs["records.yaml"].get("statements", []):
        record.setdefault("note", next(pool))
        record.pop("date", None) if record.get("date") and not isinstance(record["date"], str) else None
    return docs


def _write_seeds(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, doc in _seed_tree(texts).items():
        (folder / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000),
                                   encoding="utf-8")
    return folder


def _invoke(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, f"stancegraph {' '.join(args[:2])} failed: {result.output}"
    return result


RDF_FORMATS = ("turtle", "ntriples", "jsonld", "trig", "rdfxml")
EXTENSIONS = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig", "rdfxml": ".rdf"}
ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
ALL_ROWS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def _round_trip(tmp: Path, texts: list[str]) -> None:
    seeds = _write_seeds(tmp / "seeds", texts)
    _invoke("format", str(seeds))
    _invoke("check", str(seeds))
    out = tmp / "out"
    _invoke("build", str(seeds), "--out", str(out), "--no-html", *[a for f in RDF_FORMATS for a in ("--format", f)])
    dataset = load_dataset(seeds)
    graph = build_graph(dataset)
    expected = triples_of(graph)
    # the hostile texts really are in the graph, unchanged
    literals = {str(o) for o in graph.objects()}
    assert texts[0] in literals and dataset.statements["smith-coops"].quote in literals

    for fmt in RDF_FORMATS:  # build (through Oxigraph's writers) and export (through rdflib's)
        data = (out / f"stancegraph{EXTENSIONS[fmt]}").read_bytes()
        assert_rdf_reads_back(data, fmt, expected, tmp, f"build --format {fmt}")
        exported = tmp / f"export{EXTENSIONS[fmt]}"
        _invoke("export", str(seeds), "--format", fmt, "-o", str(exported))
        assert_rdf_reads_back(exported.read_bytes(), fmt, expected, tmp, f"export --format {fmt}")

    for fmt in ("turtle", "jsonld", "ntriples", "rdfxml"):  # query: CONSTRUCT
        target = tmp / f"construct{EXTENSIONS[fmt]}"  # -o's ending must name the format
        _invoke("query", ALL_TRIPLES, "--data", str(seeds), "--format", fmt, "-o", str(target))
        assert_rdf_reads_back(target.read_bytes(), fmt, expected, tmp, f"query CONSTRUCT --format {fmt}")

    rows = {(s, p, o) for s, p, o in expected}
    for fmt in ("json", "xml", "tsv", "csv"):  # query: SELECT, in the SPARQL results formats
        target = tmp / f"select.{fmt}"
        _invoke("query", ALL_ROWS, "--data", str(seeds), "--format", fmt, "-o", str(target))
        _assert_solutions(target.read_bytes(), fmt, rows, f"query SELECT --format {fmt}")

    from stancegraph.graph.stores.memory import in_memory_graph

    for served in (in_memory_graph(dataset), graph):  # serve's default (Oxigraph), and --store memory (rdflib)
        _assert_served(served, expected, rows, tmp)
    _assert_networks(seeds, dataset, tmp)


def _assert_solutions(data: bytes, fmt: str, rows: set, what: str) -> None:
    if fmt == "csv":  # lexical forms only, by definition of SPARQL CSV
        assert solutions_csv(data) == {tuple(str(t) for t in row) for row in rows}, what
        assert {tuple(str(t) for t in row) for row in solutions_rdflib(data, fmt)} == \
            {tuple(str(t) for t in row) for row in rows}, what
        return
    assert_same(solutions_oxigraph(data, fmt), rows, f"{what} read by Oxigraph")
    if fmt == "tsv":
        # one row per line, split at LF only: a line-based reader sees every solution whole
        lines = data.decode("utf-8").split("\n")
        assert lines[-1] == "" and len(lines) - 2 == len(rows) and all(line.count("\t") == 2 for line in lines[:-1])
        if any(char in str(term) for row in rows for term in row for char in "\u2028\u2029\x85"):
            # rdflib 7.6's TSV reader can read U+2028/U+2029/U+0085 neither raw (it splits lines like
            # str.splitlines()) nor escaped (its grammar has no \uXXXX): Oxigraph and the line check above read them
            return
    assert_same(solutions_rdflib(data, fmt), rows, f"{what} read by rdflib")


def _assert_served(graph, expected: set, rows: set, tmp: Path) -> None:
    """The endpoint's answers (the same writers behind content negotiation), in every format."""
    from starlette.testclient import TestClient

    from stancegraph.graph.serve.endpoint import create_app
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings

    accept = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples",
              "rdfxml": "application/rdf+xml", "json": "application/sparql-results+json",
              "xml": "application/sparql-results+xml", "tsv": "text/tab-separated-values", "csv": "text/csv"}
    with QueryRunner(graph, RunnerSettings(workers=1, timeout=30, start_method="fork")) as runner:
        client = TestClient(create_app(runner))
        for fmt in ("turtle", "jsonld", "ntriples", "rdfxml"):
            answer = client.get("/sparql", params={"query": ALL_TRIPLES}, headers={"Accept": accept[fmt]})
            assert answer.status_code == 200, answer.text
            assert_rdf_reads_back(answer.content, fmt, expected, tmp, f"serve CONSTRUCT as {fmt}")
        for fmt in ("json", "xml", "tsv", "csv"):
            answer = client.get("/sparql", params={"query": ALL_ROWS}, headers={"Accept": accept[fmt]})
            assert answer.status_code == 200, answer.text
            _assert_solutions(answer.content, fmt, rows, f"serve SELECT as {fmt}")


def _assert_networks(seeds: Path, dataset, tmp: Path) -> None:
    """GraphML and GEXF from ``network``: every node's label and every attribute read back equal."""
    import igraph
    from xml.etree import ElementTree

    from stancegraph.graph.networks import build_network
    from stancegraph.graph.networks.exports import scalar_graph

    for kind, level in (("twomode", "person"), ("congruence", "organisation")):
        reference = scalar_graph(build_network(dataset, kind=kind, level=level))
        labels = {str(n): str(d["label"]) for n, d in reference.nodes(data=True)}
        assert len(labels) >= 2
        graphml, gexf = tmp / f"{kind}.graphml", tmp / f"{kind}.gexf"
        _invoke("network", str(seeds), "--type", kind, "--level", level, "-o", str(graphml))
        _invoke("network", str(seeds), "--type", kind, "--level", level, "-o", str(gexf))
        by_networkx = nx.read_graphml(graphml)
        assert {n: d["label"] for n, d in by_networkx.nodes(data=True)} == labels, "GraphML read by networkx"
        for n, data in reference.nodes(data=True):  # the CLI adds each node's coalition; every other attribute equal
            read = by_networkx.nodes[str(n)]
            assert {k: str(read[k]) for k in data} == {k: str(v) for k, v in data.items()}
        for u, v, data in reference.edges(data=True):
            read = by_networkx.edges[str(u), str(v)]
            assert {k: str(read[k]) for k in data} == {k: str(x) for k, x in data.items()}
        by_igraph = igraph.Graph.Read_GraphML(str(graphml))
        assert {vertex["id"]: vertex["label"] for vertex in by_igraph.vs} == labels, "GraphML read by igraph"
        gexf_nx = nx.read_gexf(gexf)
        assert {n: d["label"] for n, d in gexf_nx.nodes(data=True)} == labels, "GEXF read by networkx"
        root = ElementTree.parse(gexf).getroot()  # a plain XML 1.0 parser, no GEXF reader
        nodes = [element for element in root.iter() if element.tag.rsplit("}", 1)[-1] == "node"]
        assert {node.get("id"): node.get("label") for node in nodes} == labels, "GEXF read by ElementTree"


@settings(max_examples=int(os.environ.get("STANCEGRAPH_HOSTILE_EXAMPLES", "2")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@example(texts=[EVERYTHING, "x\r\ny\u2028z", 'x"""y\\z'])
@example(texts=["x<y>\r\nz", "x\rz&", "x]]\r>"])  # rdflib writes a literal holding "<" as CDATA
@given(texts=st.lists(hostile, min_size=3, max_size=6))
def test_hostile_text_round_trips_through_every_format_and_reader(texts, tmp_path_factory):
    _round_trip(tmp_path_factory.mktemp("hostile"), texts)


# --- the Python API: characters check refuses in seed files -----------------------------------------

REFUSED_BY_CHECK = "\x0b\x0c\x1c\x1d\x1e\x85\x07\x01\x1b\x7f\u0090"
"""VT, FF, U+001C-U+001E, NEL (str.splitlines() breaks at all of these), BEL, SOH, ESC, DEL and a C1."""


@pytest.fixture(scope="module")
def controlled(mini_dataset):
    """The mini dataset with control characters put into a name, a label and a quote through the Python API."""
    people = dict(mini_dataset.people)
    people["ann-smith"] = people["ann-smith"].model_copy(update={"name": f"Ann{REFUSED_BY_CHECK}Smith"})
    concepts = dict(mini_dataset.concepts)
    concepts["cooperatives"] = concepts["cooperatives"].model_copy(update={"label": "Co\x0cops\r\n\x85"})
    statements = dict(mini_dataset.statements)
    statements["smith-coops"] = statements["smith-coops"].model_copy(update={"quote": "The evidence\fso far"})
    return dataclasses.replace(mini_dataset, people=people, concepts=concepts, statements=statements,
                               quote_matches={})


def test_controls_are_carried_by_every_format_that_can(controlled, tmp_path):
    from stancegraph.graph.rdf.export import serialize_graph
    from stancegraph.graph.rdf.ntriples import ntriples_bytes

    graph = build_graph(controlled)
    expected = triples_of(graph)
    assert any(REFUSED_BY_CHECK in str(o) for o in graph.objects())
    streamed = ntriples_bytes(controlled)
    assert len([line for line in streamed.split(b"\n") if line]) == len(graph), "one line per triple"
    for char in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        assert char.encode("utf-8") not in streamed, f"U+{ord(char):04X} is escaped by the N-Triples writer"
    assert_rdf_reads_back(streamed, "ntriples", expected, tmp_path, "the streamed N-Triples")
    for fmt in ("turtle", "ntriples", "jsonld", "trig"):
        assert_rdf_reads_back(serialize_graph(graph, fmt), fmt, expected, tmp_path, f"export {fmt}")


def test_controls_are_refused_by_every_xml_writer_naming_where(controlled, tmp_path):
    from stancegraph.graph.networks import build_network
    from stancegraph.graph.networks.exports import write_gexf, write_graphml
    from stancegraph.graph.rdf.export import serialize_graph
    from stancegraph.graph.sparql.engine import QueryKind
    from stancegraph.graph.sparql.results import QueryOutcome, serialize_outcome
    from stancegraph.graph.stores.store import serialize_store_graph, write_dataset
    from stancegraph.graph.xmlchars import XmlCharacterError

    graph = build_graph(controlled)
    with pytest.raises(XmlCharacterError) as refused:
        serialize_graph(graph, "rdfxml")
    lines = [str(p) for p in refused.value.problems]
    assert any("person/ann-smith>" in line and "U+000B" in line for line in lines), lines
    assert any("concept/cooperatives>" in line and "U+000C" in line for line in lines), lines
    assert any("statement/smith-coops/quote>" in line and "oa#exact" in line for line in lines), lines

    stored = write_dataset(f"oxigraph:{tmp_path / 'store'}", controlled)
    with pytest.raises(XmlCharacterError, match="U\\+000B"):
        serialize_store_graph(stored, "rdfxml")
    assert_rdf_reads_back(serialize_store_graph(stored, "ntriples"), "ntriples", triples_of(graph), tmp_path,
                          "Oxigraph's N-Triples")
    assert_rdf_reads_back(serialize_store_graph(stored, "turtle"), "turtle", triples_of(graph), tmp_path,
                          "Oxigraph's Turtle")

    outcome = QueryOutcome(QueryKind.SELECT, ["name"], [(next(o for o in graph.objects() if "\x0b" in o),)])
    with pytest.raises(XmlCharacterError, match="row 1: \\?name"):
        serialize_outcome(outcome, "xml")
    assert serialize_outcome(outcome, "json")  # JSON carries it

    network = build_network(controlled, kind="twomode", level="person")
    for writer, name in ((write_graphml, "x.graphml"), (write_gexf, "x.gexf")):
        with pytest.raises(XmlCharacterError) as refused:
            writer(network, tmp_path / name)
        assert any("node 'ann-smith'" in str(p) and "label" in str(p) for p in refused.value.problems), \
            [str(p) for p in refused.value.problems]
        assert not (tmp_path / name).exists(), "nothing is written"
        assert not list(tmp_path.glob(f".{name}.*")), "no temporary file is left"


def test_a_carriage_return_reads_back_from_oxigraphs_rdf_xml(mini_dataset, tmp_path):
    """``build --store oxigraph: --format rdfxml``: Oxigraph writes CR raw; it must read back as CR, not LF."""
    from stancegraph.graph.stores.store import serialize_store_graph, write_dataset

    concepts = dict(mini_dataset.concepts)
    concepts["markets"] = concepts["markets"].model_copy(update={"definition": "line one\r\nline two\rthree"})
    dataset = dataclasses.replace(mini_dataset, concepts=concepts)
    stored = write_dataset(f"oxigraph:{tmp_path / 'store'}", dataset)
    data = serialize_store_graph(stored, "rdfxml")
    assert_rdf_reads_back(data, "rdfxml", triples_of(build_graph(dataset)), tmp_path, "Oxigraph's RDF/XML")

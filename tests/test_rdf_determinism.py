"""Every RDF output is byte-identical across hash seeds, and rapper and rdflib read each one.

Each path that writes RDF (``tests/rdf_outputs.py``: export from either store, resource
pages, VoID and service description, CONSTRUCT/DESCRIBE answers from either engine, and
a graph with blank nodes and typed strings added in a random order) runs in four fresh
processes, ``PYTHONHASHSEED`` 0, 1, 2 and random. Before the change, rdflib's RDF/XML
(every ``.rdf`` export of ``--store memory``, resource page and answer) and the answers'
JSON-LD differed between such processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from conftest import need_executable

TESTS = Path(__file__).resolve().parent
SEEDS = ("0", "1", "2", "random")
_PARSERS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".rdf": "xml",
            ".turtle": "turtle", ".ntriples": "nt", ".rdfxml": "xml"}
_RAPPER = {"turtle": "turtle", "nt": "ntriples", "trig": "trig", "xml": "rdfxml"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, mini_seeds, mini_corpus) -> dict[str, Path]:
    """The outputs of each hash seed's process (the four run at once)."""
    root = tmp_path_factory.mktemp("rdf-outputs")
    runs = {}
    for seed in SEEDS:
        folder = root / f"seed-{seed}"
        runs[seed] = (folder, subprocess.Popen(
            [sys.executable, str(TESTS / "rdf_outputs.py"), str(mini_seeds), str(mini_corpus), str(folder)],
            env={**os.environ, "PYTHONHASHSEED": seed}, stderr=subprocess.PIPE, text=True))
    for seed, (folder, process) in runs.items():
        assert process.wait(120) == 0, process.stderr.read()
    return {seed: folder for seed, (folder, _process) in runs.items()}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_rdf_output_is_the_same_bytes_in_every_process(outputs):
    first = _files(outputs[SEEDS[0]])
    assert len(first) > 100 and {name.split("/")[0] for name in first} == {"export", "page", "answer", "made"}
    for seed in SEEDS[1:]:
        other = _files(outputs[seed])
        assert sorted(other) == sorted(first)
        differing = [name for name in first if other[name] != first[name]]
        assert differing == [], f"PYTHONHASHSEED={seed} wrote other bytes for {differing}"


def _rdf_files(folder: Path) -> list[tuple[Path, str]]:
    return [(p, _PARSERS[p.suffix]) for p in sorted(folder.rglob("*")) if p.suffix in _PARSERS]


def _rdflib_count(path: Path, syntax: str) -> int:
    if syntax == "trig":
        return len(list(Dataset().parse(path, format="trig").quads()))
    return len(Graph().parse(path, format=syntax))


def test_rapper_and_rdflib_read_every_output(outputs):
    rapper = need_executable("rapper")
    files = _rdf_files(outputs[SEEDS[0]])
    assert len(files) > 80
    for path, syntax in files:
        triples = _rdflib_count(path, syntax)
        if syntax == "json-ld":
            continue  # raptor has no JSON-LD parser
        result = subprocess.run([rapper, "-i", _RAPPER[syntax], "-c", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, (path, result.stderr)
        assert f"returned {triples} triple" in result.stderr, (path, triples, result.stderr)


def test_the_made_graph_reads_back_as_it_was_made_in_every_format(outputs):
    from rdflib.compare import isomorphic

    made = outputs[SEEDS[0]] / "made"
    expected = Graph().parse(made / "made.nt", format="nt")
    assert len(expected) == 6
    assert '"Ann" .' in (made / "made.nt").read_text("utf-8")  # "Ann"^^xsd:string is written as the simple literal
    for path, syntax in _rdf_files(made):
        if syntax == "trig":
            again = Graph()
            for s, p, o, _g in Dataset().parse(path, format="trig").quads():
                again.add((s, p, o))
        else:
            again = Graph().parse(path, format=syntax)
        assert isomorphic(again, expected), path


def test_a_predicate_rdf_xml_cannot_name_is_refused_not_written():
    from rdflib import Literal, URIRef

    from stancegraph.graph.errors import DataError
    from stancegraph.graph.rdf.export import serialize_graph
    from stancegraph.graph.serve.endpoint import EndpointSettings, create_app
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings
    from starlette.testclient import TestClient

    graph = Graph()
    subject = URIRef("http://example.org/s")
    for predicate in ("urn:x:1", "http://example.org/p#", "http://example.org/p/123", "http://example.org/ok"):
        graph.add((subject, URIRef(predicate), Literal("x")))
    with pytest.raises(DataError) as refused:  # Oxigraph would write <oxprefix: …>, which no XML parser reads
        serialize_graph(graph, "rdfxml")
    assert [p.record for p in refused.value.problems] == ["<http://example.org/p#>", "<http://example.org/p/123>",
                                                          "<urn:x:1>"]
    with QueryRunner(graph, RunnerSettings(timeout=10, start_method="fork")) as runner:
        client = TestClient(create_app(runner, EndpointSettings()))
        query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        answer = client.get("/sparql", params={"query": query}, headers={"Accept": "application/rdf+xml"})
        assert answer.status_code == 406 and "urn:x:1" in answer.json()["error"]["message"]
        assert client.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"}).status_code == 200

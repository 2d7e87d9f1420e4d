"""SPARQL XML results carry every literal value (tester item A1): a false-like value (0, false, 0.0, "0",
an empty string, an empty language-tagged string) is written as its lexical form, through the CLI
(``query --format xml``) and the endpoint, and rdflib's XML results parser reads back the JSON answer."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from starlette.testclient import TestClient

from stancegraph.graph.cli import cli

# every kind of false-like (or lexically surprising) literal, and a truthy one beside each
VALUES = ['0', 'false', '1', 'true', '""', '"0"', '0.0', '0e0', '""@en', '"0"@en', '"x"@en',
          '"0"^^xsd:integer', '"00"^^xsd:integer', '"false"^^xsd:boolean', '"0"^^xsd:boolean',
          '""^^<http://example.org/t>', '"0"^^<http://example.org/t>', '-0', '"NaN"^^xsd:double']
QUERY = ("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?x WHERE { VALUES ?x { "
         + " ".join(VALUES) + " } }")


def lexical(term):
    """What the answer must carry: the lexical form, language and datatype of each literal."""
    return (str(term), term.language, None if term.language else (str(term.datatype) if term.datatype else None))


def json_terms(body: bytes):
    out = []
    for binding in json.loads(body)["results"]["bindings"]:
        b = binding["x"]
        datatype = b.get("datatype")
        if datatype is None and "xml:lang" not in b:
            datatype = str(XSD.string)  # RDF 1.1: a simple literal is an xsd:string
        out.append((b["value"], b.get("xml:lang"), datatype))
    return out


def xml_terms(body: bytes):
    import rdflib

    # rdflib's parser, reading lexical forms as written: by default it writes each literal's value back
    # ("0"^^xsd:double read as 0.0, "00"^^xsd:integer as 0), which the answers no longer do
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        parsed = list(Result.parse(io.BytesIO(body), format="xml"))
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    out = []
    for (term,) in parsed:
        assert isinstance(term, Literal)
        value, language, datatype = lexical(term)
        out.append((value, language, datatype or (None if language else str(XSD.string))))
    return out


EMPTY = [i for i, v in enumerate(VALUES) if v.startswith('""')]  # the only values written empty


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_xml_carries_every_value():
    xml = run("query", QUERY, "--format", "xml")
    js = run("query", QUERY, "--format", "json")
    assert xml.exit_code == 0 and js.exit_code == 0, xml.output + js.output
    from_xml = xml_terms(xml.stdout_bytes)
    assert from_xml == json_terms(js.stdout_bytes)
    assert len(from_xml) == len(VALUES)
    assert [i for i, (v, _, _) in enumerate(from_xml) if v == ""] == EMPTY == [4, 8, 15]
    assert [from_xml[i][0] for i in (0, 1, 5, 9, 13, 16)] == ["0", "false", "0", "0", "false", "0"]
    assert from_xml[8] == ("", "en", None) and from_xml[15] == ("", None, "http://example.org/t")


def test_cli_xml_ask_false():
    result = run("query", "ASK { FILTER(false) }", "--format", "xml")
    assert Result.parse(io.BytesIO(result.stdout_bytes), format="xml").askAnswer is False


@pytest.fixture(scope="module")
def endpoint(mini_graph):
    from stancegraph.graph.serve.endpoint import EndpointSettings, create_app
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings

    runner = QueryRunner(mini_graph, RunnerSettings(workers=1, timeout=5.0, max_rows=100, memory_limit_mb=2048))
    yield TestClient(create_app(runner, EndpointSettings(title="values")))
    runner.close()


def test_endpoint_xml_carries_every_value(endpoint):
    xml = endpoint.get("/sparql", params={"query": QUERY}, headers={"Accept": "application/sparql-results+xml"})
    js = endpoint.get("/sparql", params={"query": QUERY}, headers={"Accept": "application/sparql-results+json"})
    assert xml.status_code == 200 and js.status_code == 200
    from_xml = xml_terms(xml.content)
    assert from_xml == json_terms(js.content)
    assert [i for i, (v, _, _) in enumerate(from_xml) if v == ""] == EMPTY
    assert [from_xml[i][0] for i in (0, 1, 5, 9, 13, 16)] == ["0", "false", "0", "0", "false", "0"]

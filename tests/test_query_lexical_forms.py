"""A query answer carries each value's lexical form, alike in every format of the CLI and the endpoint.

The values are put into an Oxigraph store next to the NHS dataset (new members of a new
organisation, each labelled with one kind of value); what Oxigraph holds is read back with
pyoxigraph (``quads_for_pattern``) and is what every answer must carry: Oxigraph keeps
``"NaN"``, ``"-0"``, ``"INF"`` and ill-typed literals as given and stores valid numbers
in its own canonical form (``"1e0"^^xsd:double`` as ``1``), which is its answer. Each
format is read by a reader independent of our writers: Python's ``csv`` and ``json``,
and pyoxigraph's results parsers (TSV, XML). ``query NAME --store oxigraph:`` (pyoxigraph
terms, CSV written by Oxigraph) and the endpoint (a query worker's rdflib terms, pickled)
must give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import pickle

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli

XSD = "http://www.w3.org/2001/XMLSchema#"
VALUES = [  # (lexical form, datatype or None, language or None)
    ("NaN", XSD + "double", None), ("INF", XSD + "double", None), ("-INF", XSD + "double", None),
    ("-0", XSD + "double", None), ("1e0", XSD + "double", None), ("0.0", XSD + "double", None),
    ("00", XSD + "integer", None), ("+5", XSD + "integer", None), ("abc", XSD + "integer", None),
    ("1", XSD + "boolean", None), ("0", XSD + "boolean", None), ("1.50", XSD + "decimal", None),
    ("2020-01-01Z", XSD + "date", None), ("x", None, "en-GB"), ("0", "urn:example:type", None),
    ("", None, None), ("0", None, None), ('a,b"c\nd\re\tf\\g', None, None), ("true", XSD + "string", None),
]
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _q(iri):
    return ox.NamedNode(iri)


@pytest.fixture(scope="module")
def lexical_store(tmp_path_factory):
    """The NHS dataset in an Oxigraph store, plus an organisation whose members are labelled with VALUES
    (one member a blank node); returns the store's path, the dataset's base and what the store holds."""
    import gc

    from stancegraph.graph.stores.store import close_store

    folder = tmp_path_factory.mktemp("lexical")
    db = folder / "nhs.db"
    done = CliRunner().invoke(cli, ["build", "--no-shacl", "--no-html", "-q", "--out", str(folder / "out"),
                                    "--store", f"oxigraph:{db}"])
    assert done.exit_code == 0, done.output
    close_store(f"oxigraph:{db}")
    gc.collect()
    store = ox.Store(str(db))
    (graph,) = list(store.named_graphs())
    base = graph.value.rsplit("dataset", 1)[0]
    org = _q(base + "organisation/lexical-test")
    quads = [(org, _q("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), _q("http://www.w3.org/ns/org#Organization")),
             (org, _q("http://purl.org/dc/terms/identifier"), ox.Literal("lexical-test")),
             (org, _q(LABEL), ox.Literal("Lexical test"))]
    members = [_q(f"{base}person/lexical-{i}") for i in range(len(VALUES))] + [ox.BlankNode("lexicalnode")]
    labels = [ox.Literal(text, datatype=None if datatype is None else _q(datatype), language=language)
              for text, datatype, language in VALUES] + [ox.Literal("a blank node")]
    for index, (member, label) in enumerate(zip(members, labels)):
        membership = _q(f"{base}membership/lexical-{index}")
        quads += [(membership, _q("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   _q("http://www.w3.org/ns/org#Membership")),
                  (membership, _q("http://www.w3.org/ns/org#organization"), org),
                  (membership, _q("http://www.w3.org/ns/org#member"), member),
                  (member, _q(LABEL), label)]
    store.extend([ox.Quad(s, p, o, graph) for s, p, o in quads])
    store.flush()
    held = sorted(_parts(next(iter(store.quads_for_pattern(member, _q(LABEL), None, graph))).object)
                  for member in members)
    del store
    gc.collect()
    return db, held


def _parts(term):
    """(lexical form, datatype, language) as RDF 1.1 has them: a simple literal is an xsd:string."""
    if term.language:
        return term.value, None, term.language
    return term.value, term.datatype.value, None


def _json_parts(value):
    datatype = value.get("datatype") or (None if "xml:lang" in value else XSD + "string")
    return value["value"], datatype, value.get("xml:lang")


def _cli(db, fmt):
    done = CliRunner().invoke(cli, ["query", "members", "-p", "organisation=lexical-test", "--store",
                                    f"oxigraph:{db}", "--format", fmt, "-q"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.stdout_bytes


def test_the_store_holds_oxigraphs_forms(lexical_store):
    _db, held = lexical_store
    lexical = {text for text, _d, _l in held}
    assert {"NaN", "INF", "-INF", "-0", "abc", "2020-01-01Z", "+5", "1.50"} - lexical == {"+5", "1.50"}
    assert {"1", "5", "1.5", "true"} <= lexical  # Oxigraph's canonical forms of 1e0, +5, 1.50 and "1"^^boolean


@pytest.fixture(scope="module")
def answers(lexical_store):
    """Every format from the CLI (a store view) and from the endpoint (a worker on the same store)."""
    from starlette.testclient import TestClient

    from stancegraph.graph.serve.endpoint import EndpointSettings, create_app
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings
    from stancegraph.graph.stores.store import open_store, parse_store

    db, _held = lexical_store
    cli_bytes = {fmt: _cli(db, fmt) for fmt in ("csv", "tsv", "json", "xml", "table")}
    text = CliRunner().invoke(cli, ["query", "members", "-p", "organisation=lexical-test", "--store",
                                    f"oxigraph:{db}", "--show-query"]).stdout
    spec = parse_store(f"oxigraph:{db}")
    graph = open_store(spec, read_only=True)
    with QueryRunner(graph, RunnerSettings(workers=1, timeout=20.0, memory_limit_mb=2048), store=spec) as runner:
        client = TestClient(create_app(runner, EndpointSettings(title="lexical")))
        served = {fmt: client.get("/sparql", params={"query": text, "format": fmt}) for fmt in ("csv", "tsv", "json",
                                                                                                 "xml")}
    assert all(response.status_code == 200 for response in served.values()), served
    return cli_bytes, {fmt: response.content for fmt, response in served.items()}


def test_every_format_carries_the_lexical_forms(lexical_store, answers):
    _db, held = lexical_store
    cli_bytes, _served = answers
    # CSV: the lexical form alone
    rows = list(csv.DictReader(io.StringIO(cli_bytes["csv"].decode("utf-8"), newline="")))
    assert sorted(row["memberLabel"] for row in rows) == sorted(text for text, _d, _l in held)
    assert "_:lexicalnode" in {row["member"] for row in rows}
    # JSON
    bindings = json.loads(cli_bytes["json"])["results"]["bindings"]
    assert sorted(_json_parts(b["memberLabel"]) for b in bindings) == held
    assert {"type": "bnode", "value": "lexicalnode"} in [b["member"] for b in bindings]
    # TSV and XML, read by pyoxigraph's own parsers
    for fmt, parser_format in (("tsv", ox.QueryResultsFormat.TSV), ("xml", ox.QueryResultsFormat.XML)):
        solutions = ox.parse_query_results(cli_bytes[fmt], parser_format)
        assert sorted(_parts(solution["memberLabel"]) for solution in solutions) == held, fmt
    # the table: each value's lexical form as a cell (values holding a line break aside)
    table = cli_bytes["table"].decode("utf-8")
    for text, _d, _l in held:
        if text and not any(c in text for c in "\n\r\t"):
            assert any(cell.strip() == text for line in table.splitlines() for cell in line.split("  ")), text


def test_the_cli_and_the_endpoint_write_the_same_bytes(answers):
    cli_bytes, served = answers
    for fmt in ("csv", "tsv", "json", "xml"):
        assert cli_bytes[fmt] == served[fmt], fmt  # to the last byte: one final newline in both
        assert cli_bytes[fmt].endswith(b"\n") and not cli_bytes[fmt].endswith(b"\n\n"), fmt


ASK_AND_CONSTRUCT = {
    "ask": ("ASK { ?s ?p ?o }", ("csv", "tsv", "json", "xml")),
    "construct": ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isLiteral(?o)) } LIMIT 5",
                  ("turtle", "jsonld", "ntriples", "rdfxml")),
}


@pytest.mark.parametrize("kind", sorted(ASK_AND_CONSTRUCT))
def test_ask_and_construct_answers_are_the_same_bytes_from_the_cli_and_the_endpoint(lexical_store, kind):
    from starlette.testclient import TestClient

    from stancegraph.graph.serve.endpoint import EndpointSettings, create_app
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings
    from stancegraph.graph.stores.store import open_store, parse_store

    db, _held = lexical_store
    text, formats = ASK_AND_CONSTRUCT[kind]
    spec = parse_store(f"oxigraph:{db}")
    with QueryRunner(open_store(spec, read_only=True), RunnerSettings(workers=1, timeout=20.0, memory_limit_mb=2048),
                     store=spec) as runner:
        client = TestClient(create_app(runner, EndpointSettings(title="lexical")))
        for fmt in formats:
            done = CliRunner().invoke(cli, ["query", text, "--store", f"oxigraph:{db}", "--format", fmt, "-q"],
                                      catch_exceptions=False)
            assert done.exit_code == 0, done.output
            response = client.get("/sparql", params={"query": text, "format": fmt})
            assert response.status_code == 200, (fmt, response.text)
            assert done.stdout_bytes == response.content, fmt
            assert response.content.endswith(b"\n"), fmt  # RDF as build writes it (Turtle ends in a blank line)


def test_json_answers_give_head_before_results_or_boolean(answers):
    """SPARQL 1.1 Query Results JSON §3: a streaming reader learns the variables before the rows."""
    cli_bytes, served = answers
    for body in (cli_bytes["json"], served["json"]):
        assert list(json.loads(body)) == ["head", "results"]
    from stancegraph.graph.sparql.results import QueryKind, QueryOutcome, serialize_outcome

    asked = serialize_outcome(QueryOutcome(QueryKind.ASK, [], [], boolean=True), "json")
    assert list(json.loads(asked)) == ["head", "boolean"]


def test_a_query_outcome_pickles_lexical_forms():
    from rdflib import Literal, URIRef

    from stancegraph.graph.sparql.engine import QueryKind
    from stancegraph.graph.sparql.results import QueryOutcome

    terms = [Literal(text, datatype=None if datatype is None else URIRef(datatype), lang=language,
                     normalize=False) for text, datatype, language in VALUES]
    outcome = QueryOutcome(QueryKind.SELECT, ["x"], [(term,) for term in terms] + [(None,), (URIRef("urn:a"),)])
    back = pickle.loads(pickle.dumps(outcome))
    assert [str(row[0]) for row in back.rows[:len(VALUES)]] == [text for text, _d, _l in VALUES]
    assert back.rows == outcome.rows and [type(row[0]) for row in back.rows] == [type(row[0]) for row in outcome.rows]


# --- the CSV that Oxigraph writes is the CSV ours writes -------------------------------------------------

CHARACTERS = "".join(map(chr, range(0x20, 0x7F))) + "\t\n\r\u00e9\u20ac\U0001F600"
"""Every printable ASCII character, the white space CSV quotes or does not, and some non-ASCII."""


def _view_with(values):
    from stancegraph.graph.stores.view import StoreView

    store, graph = ox.Store(), ox.NamedNode("urn:example:dataset")
    for index, (left, right) in enumerate(values):
        subject = ox.NamedNode(f"urn:example:s{index:04d}")
        store.add(ox.Quad(subject, ox.NamedNode("urn:example:left"), left, graph))
        if right is not None:
            store.add(ox.Quad(subject, ox.NamedNode("urn:example:right"), right, graph))
    return StoreView(store, "urn:example:dataset")


TWO = ("SELECT ?s ?left ?right WHERE { ?s <urn:example:left> ?left OPTIONAL { ?s <urn:example:right> ?right } } "
       "ORDER BY ?s")


def test_oxigraphs_csv_is_ours_for_every_character():
    from stancegraph.graph.sparql.results import serialize_outcome
    from stancegraph.graph.stores.view import answer_named, answer_named_csv

    values = [(ox.Literal(c), ox.Literal(f"a{c}b")) for c in CHARACTERS]
    values += [(ox.Literal(f"{c} "), None) for c in CHARACTERS]  # the other column unbound
    values += [(ox.Literal(""), ox.Literal("")), (ox.BlankNode("b1"), ox.NamedNode("urn:x,y"))]
    values += [(ox.Literal(text, datatype=None if datatype is None else ox.NamedNode(datatype), language=language),
                ox.Literal("x", language="en-gb")) for text, datatype, language in VALUES]
    view = _view_with(values)
    ours = serialize_outcome(answer_named(view, TWO, {}, None), "csv")
    assert answer_named_csv(view, TWO, {}) == ours
    assert len(list(csv.reader(io.StringIO(ours.decode("utf-8"), newline="")))) == len(values) + 1


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"])
def test_a_row_holding_a_line_break_is_quoted_whole(separator):
    from stancegraph.graph.stores.view import answer_named_csv

    view = _view_with([(ox.Literal(f"a{separator}b"), ox.Literal("plain"))])
    data = answer_named_csv(view, TWO, {}).decode("utf-8")
    assert data.splitlines()[0] == "s,left,right" and f'"a{separator}b","plain"' in data


def test_one_column_and_an_empty_value_as_ours():
    from stancegraph.graph.stores.view import answer_named_csv

    view = _view_with([(ox.Literal(""), None), (ox.Literal("x"), None)])
    data = answer_named_csv(view, "SELECT ?left WHERE { ?s <urn:example:left> ?left } ORDER BY ?left", {})
    assert data == b'left\r\n""\r\nx\r\n'  # Python's csv writer: an empty one-field row is not a blank line


def test_a_value_bound_as_a_parameter_reads_back_as_itself():
    """The VALUES text of a parameter (``with_values``) holds the same term, whichever library made it."""
    from rdflib import Literal, URIRef

    from stancegraph.graph.sparql.engine import with_values

    store = ox.Store()
    for text in ('say "hi"\n', "back\\slash", "tab\tcr\r", "\u2028", "x"):
        for term, expected in ((ox.Literal(text), ox.Literal(text)), (Literal(text), ox.Literal(text))):
            query = with_values("SELECT ?x WHERE { }", {"x": term})
            assert [row[0] for row in store.query(query)] == [expected], (text, query)
    integer = with_values("SELECT ?x WHERE { }", {"x": Literal("3", datatype=URIRef(XSD + "integer"))})
    assert with_values("SELECT ?x WHERE { }", {"x": ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))}) \
        == integer
    assert [row[0] for row in store.query(integer)] == [ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))]

"""Named queries on an Oxigraph store through pyoxigraph alone give the oxrdflib path's answers
(as pyoxigraph terms: compared term by term with the rdflib terms oxrdflib gives)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.sparql.library import named_queries


@pytest.fixture(scope="module")
def nhs_db(tmp_path_factory):
    """The embedded dataset in an Oxigraph store (opened once by this process), and a copy for another process."""
    import gc
    import shutil

    from stancegraph.graph.stores.store import close_store

    folder = tmp_path_factory.mktemp("view")
    result = CliRunner().invoke(cli, ["build", "--no-shacl", "--no-html", "-q", "--out", str(folder / "out"),
                                      "--store", f"oxigraph:{folder / 'nhs.db'}"])
    assert result.exit_code == 0, result.output
    close_store(f"oxigraph:{folder / 'nhs.db'}")
    gc.collect()
    shutil.copytree(folder / "nhs.db", folder / "copy.db")
    yield folder / "nhs.db"
    close_store(f"oxigraph:{folder / 'nhs.db'}")


def _plain(term):
    """A term of either library as ``(kind, text, datatype, language)``, written here independently of
    the code under test: the pyoxigraph path gives pyoxigraph terms, oxrdflib rdflib's (and
    plain strings as xsd:string, which RDF 1.1 makes the same term)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    string = "http://www.w3.org/2001/XMLSchema#string"
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = None if term.language or term.datatype.value == string else term.datatype.value
        return "literal", term.value, datatype, term.language
    if isinstance(term, Literal):
        datatype = None if term.datatype is None or str(term.datatype) == string else str(term.datatype)
        return "literal", str(term), datatype, term.language
    if isinstance(term, (ox.NamedNode, URIRef)):
        return "iri", term.value if isinstance(term, ox.NamedNode) else str(term), None, None
    assert isinstance(term, (ox.BlankNode, BNode)), term
    return "bnode", None, None, None  # labels are the engine's own


def _plain_rows(rows):
    return [tuple(_plain(term) for term in row) for row in rows]


def _through_oxrdflib(spec: str, name: str, values: dict[str, str]):
    from stancegraph.graph.sparql.engine import evaluate, parse_query, query_prefixes
    from stancegraph.graph.sparql.library import get_named_query, resolve_parameters
    from stancegraph.graph.sparql.results import outcome_from_result
    from stancegraph.graph.stores.store import open_store

    graph = open_store(spec)
    query = get_named_query(name)
    bindings = resolve_parameters(graph, query, values)
    namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    return bindings, outcome_from_result(evaluate(graph, parse_query(query.text, query_prefixes(graph)), bindings),
                                         None, namespaces)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_answers_as_through_oxrdflib(name, nhs_db):
    from stancegraph.graph.sparql.library import get_named_query, resolve_parameters
    from stancegraph.graph.stores.store import parse_store
    from stancegraph.graph.stores.view import answer_named, open_store_view

    spec = f"oxigraph:{nhs_db}"
    query = get_named_query(name)
    values = query.example_values()
    expected_bindings, expected = _through_oxrdflib(spec, name, values)
    view = open_store_view(parse_store(spec))  # the same store, as this process opened it
    bindings = resolve_parameters(view, query, values)
    got = answer_named(view, query.text, bindings, None)
    assert {k: _plain(v) for k, v in bindings.items()} == {k: _plain(v) for k, v in expected_bindings.items()}
    assert got.variables == expected.variables and got.boolean == expected.boolean
    assert _plain_rows(got.rows) == _plain_rows(expected.rows) and len(got.rows) > 0


def test_parameters_by_label_and_unknown_ones_resolve_as_through_oxrdflib(nhs_db):
    from stancegraph.graph.errors import UsageError
    from stancegraph.graph.sparql.library import get_named_query, resolve_parameters
    from stancegraph.graph.stores.store import open_store, parse_store
    from stancegraph.graph.stores.view import open_store_view

    spec = f"oxigraph:{nhs_db}"
    query = get_named_query("supporters")
    view, graph = open_store_view(parse_store(spec)), open_store(spec)
    for value in ("Co-operatives", "cooperatives", "https://w3id.org/stancegraph/nhs/concept/cooperatives"):
        assert _plain(resolve_parameters(view, query, {"concept": value})["concept"]) == _plain(
            resolve_parameters(graph, query, {"concept": value})["concept"])
    messages = []
    for where in (view, graph):
        with pytest.raises(UsageError) as caught:
            resolve_parameters(where, query, {"concept": "cooperativs"})
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "close matches: cooperatives" in messages[0]


def test_a_named_query_on_a_store_imports_neither_oxrdflib_nor_rdflibs_sparql_engine(nhs_db, tmp_path):
    """Nor rdflib at all, rich (for the ``wrote`` line) or importlib.metadata, in any results format."""
    code = ("import sys\nfrom stancegraph.graph.cli import cli\n"
            f"for args in (['--format', 'csv'], ['-o', {str(tmp_path / 'a.csv')!r}], ['--format', 'tsv'],"
            f" ['--format', 'json'], ['-o', {str(tmp_path / 'a.xml')!r}]):\n"
            "    try:\n        cli(['query', 'supporters', '-p', 'concept=cooperatives', '--store', "
            f"'oxigraph:{nhs_db.with_name('copy.db')}'] + args)\n"
            "    except SystemExit as done:\n        assert not done.code, done.code\n"
            "heavy = [m for m in ('oxrdflib', 'rdflib', 'pydantic', 'rich', 'importlib.metadata') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("\n") > 9  # the answers, as CSV, TSV and JSON
    assert (tmp_path / "a.csv").read_text().count("\n") > 3 and b"<sparql" in (tmp_path / "a.xml").read_bytes()
    assert done.stderr.count("wrote ") == 2


def test_the_prefixes_written_out_are_rdflibs_and_the_vocabularys():
    """rdf/prefixes.py writes the namespaces as text (no rdflib import); they are rdflib's own and sg:/oa:'s."""
    from rdflib import RDF, RDFS, XSD
    from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, SDO, SKOS, TIME, VOID

    from stancegraph.graph.rdf.prefixes import PREFIXES
    from stancegraph.schema.vocab import OA, SG

    expected = {"sg": SG._NS, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "skos": SKOS, "dcterms": DCTERMS,
                "foaf": FOAF, "schema": SDO, "org": ORG, "prov": PROV, "oa": OA._NS, "time": TIME, "void": VOID,
                "dcat": DCAT}
    assert PREFIXES == {prefix: str(namespace) for prefix, namespace in expected.items()}


def test_a_parameter_is_found_as_a_whole_variable_name():
    """library._mentions_variable (string search) agrees with the regular expression it replaced, on the
    character after the name: [A-Za-z0-9_], U+00B7 and U+00C0 up continue a SPARQL VARNAME (§19.8)."""
    import re

    from stancegraph.graph.sparql.library import _mentions_variable

    pattern = re.compile(r"[?$]x(?![A-Za-z0-9_\u00B7\u00C0-\U0010FFFF])")
    for c in [chr(i) for i in range(0x3000)] + ["\ufffd", "\U0001F600", ""]:
        for sigil in "?$":
            body = f"SELECT {sigil}x{c} WHERE {{ {sigil}xy }}"
            assert _mentions_variable(body, "x") == bool(pattern.search(body)), repr(c)


def test_named_queries_on_the_seeds_answer_as_through_oxrdflib_in_a_worker():
    """``query NAME`` on seed files: a pyoxigraph store view in a forked worker (--timeout holds), the
    answers the oxrdflib graph's, term by term."""
    from stancegraph.graph.seeds.load import load_dataset
    from stancegraph.graph.sparql.library import get_named_query, resolve_parameters
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings
    from stancegraph.graph.stores.memory import in_memory_graph
    from stancegraph.graph.stores.view import in_memory_view

    dataset = load_dataset()
    view, graph = in_memory_view(dataset), in_memory_graph(dataset)
    settings = RunnerSettings(workers=1, timeout=30, start_method="fork")
    with QueryRunner(view, settings) as on_view, QueryRunner(graph, settings) as on_graph:
        for name in sorted(named_queries()):
            query = get_named_query(name)
            values = query.example_values()
            got = on_view.run(query.text, resolve_parameters(view, query, values))
            expected = on_graph.run(query.text, resolve_parameters(graph, query, values))
            assert got.variables == expected.variables, name
            assert _plain_rows(got.rows) == _plain_rows(expected.rows) and got.rows, name


def test_a_named_query_on_the_seeds_imports_neither_oxrdflib_nor_rdflibs_sparql_engine():
    code = ("import sys\nfrom stancegraph.graph.cli import cli\n"
            "try:\n    cli(['query', 'supporters', '-p', 'concept=cooperatives', '--format', 'csv', '-q'])\n"
            "except SystemExit as done:\n    assert not done.code, done.code\n"
            "heavy = [m for m in ('oxrdflib', 'rdflib.plugins.sparql', 'pyparsing') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Michael Dixon" in done.stdout

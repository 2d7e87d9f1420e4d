"""Named queries on an Oxigraph store through pyoxigraph alone give the oxrdflib path's answers."""

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
    assert bindings == expected_bindings
    assert got.variables == expected.variables and got.boolean == expected.boolean
    assert got.rows == expected.rows and len(got.rows) > 0


def test_parameters_by_label_and_unknown_ones_resolve_as_through_oxrdflib(nhs_db):
    from stancegraph.graph.errors import UsageError
    from stancegraph.graph.sparql.library import get_named_query, resolve_parameters
    from stancegraph.graph.stores.store import open_store, parse_store
    from stancegraph.graph.stores.view import open_store_view

    spec = f"oxigraph:{nhs_db}"
    query = get_named_query("supporters")
    view, graph = open_store_view(parse_store(spec)), open_store(spec)
    for value in ("Co-operatives", "cooperatives", "https://w3id.org/stancegraph/nhs/concept/cooperatives"):
        assert resolve_parameters(view, query, {"concept": value}) == resolve_parameters(graph, query,
                                                                                        {"concept": value})
    messages = []
    for where in (view, graph):
        with pytest.raises(UsageError) as caught:
            resolve_parameters(where, query, {"concept": "cooperativs"})
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "close matches: cooperatives" in messages[0]


def test_a_named_query_on_a_store_imports_neither_oxrdflib_nor_rdflibs_sparql_engine(nhs_db):
    code = ("import sys\nfrom stancegraph.graph.cli import cli\n"
            f"try:\n    cli(['query', 'supporters', '-p', 'concept=cooperatives', '--store', "
            f"'oxigraph:{nhs_db.with_name('copy.db')}',"
            " '--format', 'csv'])\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
            "heavy = [m for m in ('oxrdflib', 'rdflib.plugins.sparql.parser', 'pydantic') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("\n") > 3  # the answer, as CSV

"""Round trip through a real Virtuoso: push the default dataset, query it there.

The server is Debian's ``virtuoso-opensource``, started on 127.0.0.1 in a temporary
folder, once per test run (the ``virtuoso`` fixture of ``conftest.py``; see
``tests/virtuoso.py``). Missing, the tests skip —
or fail under ``STANCEGRAPH_REQUIRE_ALL=1``.
"""

from __future__ import annotations

import pytest

from stancegraph.graph.sparql.library import named_queries
from stancegraph.graph.stores.store import (
    StoreError,
    StoreSpec,
    StoreKind,
    dataset_graph_name,
    open_store,
    write_dataset,
)

from store_checks import answer, triple_set

pytestmark = pytest.mark.virtuoso


def _count(graph) -> int:
    rows = list(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    return int(rows[0][0])


@pytest.fixture(scope="module")
def pushed(virtuoso, nhs_dataset):
    """The default dataset pushed by the Graph Store Protocol (digest auth)."""
    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url, graph_store_url=virtuoso.graph_store_url)
    return write_dataset(spec, nhs_dataset, auth=(virtuoso.user, virtuoso.password))


def test_pushed_graph_has_every_triple(pushed, nhs_graph):
    assert _count(pushed) == len(nhs_graph)
    assert triple_set(pushed) == triple_set(nhs_graph)


def test_pushing_again_replaces_the_graph(virtuoso, pushed, nhs_dataset, nhs_graph):
    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url, graph_store_url=virtuoso.graph_store_url)
    again = write_dataset(spec, nhs_dataset, auth=(virtuoso.user, virtuoso.password))
    assert _count(again) == len(nhs_graph)


def test_batched_sparql_update_gives_the_same_graph_idempotently(virtuoso, nhs_dataset, nhs_graph):
    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url, update_url=virtuoso.sparql_url)
    name = "urn:x-stancegraph:test:batched"
    from stancegraph.graph.rdf.ntriples import ntriples_bytes
    from stancegraph.graph.stores.store import push_ntriples

    data = ntriples_bytes(nhs_dataset)
    for _ in range(2):  # the second push must replace, not add
        push_ntriples(spec, data, name, batch_size=500)
    graph = open_store(spec, name)
    assert _count(graph) == len(nhs_graph)
    assert triple_set(graph) == triple_set(nhs_graph)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_answer_the_same_on_virtuoso(name, pushed, nhs_graph):
    local = answer(nhs_graph, name, nhs_graph)
    assert answer(pushed, name, nhs_graph) == local


def test_store_opened_by_name_reads_the_dataset_graph(virtuoso, pushed, nhs_dataset, nhs_graph):
    graph = open_store(f"sparql:{virtuoso.sparql_url}", str(dataset_graph_name(nhs_dataset)))
    assert _count(graph) == len(nhs_graph)


def test_wrong_password_is_refused_with_the_status(virtuoso, nhs_dataset):
    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url, graph_store_url=virtuoso.graph_store_url)
    with pytest.raises(StoreError, match="HTTP 401"):
        write_dataset(spec, nhs_dataset, auth=(virtuoso.user, "not-the-password"))


def test_store_opened_without_a_graph_name_finds_the_dataset(virtuoso, pushed, nhs_dataset, nhs_graph):
    graph = open_store(f"sparql:{virtuoso.sparql_url}")
    assert str(graph.identifier) == str(dataset_graph_name(nhs_dataset))
    assert _count(graph) == len(nhs_graph)


def test_query_workers_on_a_sparql_store_ask_virtuoso_and_nothing_else(virtuoso, pushed, nhs_graph):
    """``serve --store sparql:…``: workers send queries to the server, under the same guards."""
    from stancegraph.graph.sparql.library import get_named_query, resolve_parameters
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings
    from stancegraph.graph.sparql.engine import QueryRefused, QueryTimeout, QueryFailed, with_values
    from store_checks import normalise

    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url)
    query = get_named_query("supporters")
    bindings = resolve_parameters(nhs_graph, query, query.example_values())
    local = sorted((tuple(normalise(t) for t in row) for row in answer_rows(nhs_graph, query.text, bindings)), key=repr)
    settings = RunnerSettings(workers=1, timeout=5, max_rows=5000, memory_limit_mb=2048)
    with QueryRunner(pushed, settings, store=spec) as runner:
        outcome = runner.run(query.text, bindings)
        assert sorted((tuple(normalise(t) for t in row) for row in outcome.rows), key=repr) == local
        assert local, "supporters answers nothing: the comparison would prove nothing"
        with pytest.raises(QueryRefused):
            runner.run("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
        # the audit hook lets the worker reach its store only: a FROM elsewhere is refused before sending
        with pytest.raises((QueryRefused, QueryFailed)):
            runner.run("SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }")
        explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
        with pytest.raises((QueryTimeout, QueryFailed)):
            runner.run(explosive, timeout=1)
        assert runner.run("ASK { ?s ?p ?o }").boolean is True


def answer_rows(graph, text, bindings):
    from stancegraph.graph.sparql.engine import evaluate, parse_query, query_prefixes

    return list(evaluate(graph, parse_query(text, query_prefixes(graph)), bindings))

"""Stores: the N-Triples bulk path, Oxigraph on disk, store names, export through Oxigraph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from stancegraph.graph.errors import UsageError
from stancegraph.graph.rdf.export import RdfFormat
from stancegraph.graph.sparql.library import named_queries
from stancegraph.graph.stores.store import (
    StoreError,
    StoreKind,
    close_store,
    open_store,
    parse_store,
    serialize_store_graph,
    write_dataset,
)

from store_checks import answer, triple_set


@pytest.mark.parametrize("text, kind, detail", [
    ("memory", StoreKind.MEMORY, None),
    ("oxigraph:/tmp/x", StoreKind.OXIGRAPH, Path("/tmp/x")),
    ("sparql:http://127.0.0.1:1/sparql", StoreKind.SPARQL, "http://127.0.0.1:1/sparql"),
])
def test_store_names_parse(text, kind, detail):
    spec = parse_store(text)
    assert spec.kind is kind
    assert (spec.path if kind is StoreKind.OXIGRAPH else spec.query_url) == detail
    assert str(spec) == text


def test_sparql_store_name_with_update_and_graph_store_urls():
    spec = parse_store("sparql:http://h/q,http://h/u,http://h/gsp")
    assert (spec.query_url, spec.update_url, spec.graph_store_url) == ("http://h/q", "http://h/u", "http://h/gsp")


@pytest.mark.parametrize("text, message", [
    ("oxigraph", "needs a folder"),
    ("oxigraph:", "needs a folder"),
    ("sparql:", "expected sparql:QUERY_URL"),
    ("sparql:ftp://h/q", r"is not an http\(s\) URL"),
    ("sparql:http://a,http://b,http://c,http://d", "expected sparql:QUERY_URL"),
    ("fuseki:http://h", "unknown store"),
    ("memory:x", "unknown store"),
])
def test_bad_store_names_are_refused(text, message):
    with pytest.raises(UsageError, match=message):
        parse_store(text)


@pytest.fixture(scope="module")
def oxigraph_nhs(nhs_dataset, tmp_path_factory):
    spec = parse_store(f"oxigraph:{tmp_path_factory.mktemp('ox') / 'store'}")
    graph = write_dataset(spec, nhs_dataset)
    yield spec, graph
    close_store(spec)


def test_oxigraph_store_holds_the_same_triples(oxigraph_nhs, nhs_graph):
    _spec, graph = oxigraph_nhs
    assert len(graph) == len(nhs_graph)
    assert triple_set(graph) == triple_set(nhs_graph)


def test_rebuilding_into_oxigraph_replaces_never_duplicates(oxigraph_nhs, nhs_dataset, nhs_graph):
    spec, _graph = oxigraph_nhs
    again = write_dataset(spec, nhs_dataset)
    assert len(again) == len(nhs_graph)
    reopened = open_store(spec)
    assert reopened.identifier == again.identifier
    assert len(reopened) == len(nhs_graph)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_answer_the_same_on_oxigraph(name, oxigraph_nhs, nhs_graph):
    _spec, graph = oxigraph_nhs
    local = answer(nhs_graph, name, nhs_graph)
    assert answer(graph, name, nhs_graph) == local


def test_oxigraph_turtle_export_is_stable_and_complete(oxigraph_nhs, nhs_dataset, nhs_graph, tmp_path):
    _spec, graph = oxigraph_nhs
    first = serialize_store_graph(graph, RdfFormat.TURTLE)
    other = write_dataset(f"oxigraph:{tmp_path / 'other'}", nhs_dataset)
    assert serialize_store_graph(other, RdfFormat.TURTLE) == first
    assert set(Graph().parse(data=first, format="turtle")) == set(nhs_graph)
    assert b"@prefix sg: <https://w3id.org/stancegraph/ns#>" in first


def test_oxigraph_ntriples_export_is_sorted(oxigraph_nhs, nhs_graph):
    _spec, graph = oxigraph_nhs
    text = serialize_store_graph(graph, RdfFormat.NTRIPLES).decode("utf-8")
    lines = text.split("\n")[:-1]  # N-Triples lines end at LF only (never str.splitlines())
    assert text.endswith("\n") and lines == sorted(lines)
    assert len(lines) == len(nhs_graph)


def test_opening_a_missing_oxigraph_store_fails_clearly(tmp_path):
    with pytest.raises(StoreError, match="no Oxigraph store at"):
        open_store(f"oxigraph:{tmp_path / 'nothing'}")


def test_opening_an_empty_oxigraph_store_fails_clearly(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="is empty"):
        open_store(f"oxigraph:{tmp_path / 'empty'}")


def test_memory_store_cannot_be_opened_for_reading():
    with pytest.raises(UsageError, match="holds no data between runs"):
        open_store("memory")


def test_unreachable_sparql_server_is_a_store_error(mini_dataset):
    # loopback only; nothing listens on port 9 (discard) here
    with pytest.raises(StoreError, match="POST http://127.0.0.1:9/update"):
        write_dataset("sparql:http://127.0.0.1:9/sparql,http://127.0.0.1:9/update", mini_dataset)


def test_triple_count_matches_len_on_both_stores(oxigraph_nhs, nhs_graph):
    from stancegraph.graph.stores.store import triple_count

    _spec, graph = oxigraph_nhs
    assert triple_count(graph) == len(nhs_graph) == triple_count(nhs_graph)


@pytest.mark.parametrize("name", ["stancegraph.graph.stores.store", "stancegraph.graph.rdf.ntriples"])
def test_docstring_examples_of_the_store_modules(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_loading_in_many_pipelined_batches_gives_the_same_graph(nhs_dataset, nhs_graph, tmp_path, monkeypatch):
    from stancegraph.graph.stores import store

    monkeypatch.setattr(store, "BULK_LOAD_TRIPLES", 97)  # ~40 batches, each loading while the next is made
    spec = f"oxigraph:{tmp_path / 'batched'}"
    try:
        assert triple_set(write_dataset(spec, nhs_dataset)) == triple_set(nhs_graph)
    finally:
        close_store(spec)


def test_a_batch_that_fails_to_load_is_a_store_error(mini_dataset, tmp_path, monkeypatch):
    from stancegraph.graph.rdf import ntriples
    from stancegraph.graph.stores import store

    good = list(ntriples.ntriples_chunks(mini_dataset))
    monkeypatch.setattr(store, "BULK_LOAD_TRIPLES", 1)
    monkeypatch.setattr(ntriples, "ntriples_chunks", lambda _ds: iter([good[0], b"<not> a triple\n", *good[1:]]))
    spec = f"oxigraph:{tmp_path / 'broken'}"
    try:
        with pytest.raises(StoreError, match="cannot load into"):
            write_dataset(spec, mini_dataset)
    finally:
        close_store(spec)

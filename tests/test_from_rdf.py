"""Reading a dataset back from its graph (graph/rdf/from_rdf.py): memory, Oxigraph, Virtuoso.

The proof is a round trip: the dataset read back equals the one the graph was
built from — up to what the graph cannot carry, which :func:`comparable` applies
to the original, one documented loss at a time — and building the graph again
from it gives a graph isomorphic to the original.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from stancegraph.graph.errors import DataError
from stancegraph.graph.rdf.from_rdf import dataset_from_graph, dataset_from_store
from stancegraph.graph.rdf.mapping import build_graph
from stancegraph.graph.stores.store import StoreError, StoreKind, StoreSpec, dataset_graph_name, write_dataset
from stancegraph.schema.vocab import SG

SECTIONS = ("documents", "people", "organisations", "concepts", "statements")


def comparable(dataset) -> dict:
    """The records of ``dataset`` as the graph carries them (see from_rdf's docstring)."""
    out = {"info": dataset.info.model_copy(update={"creators": sorted(dataset.info.creators)})}
    for section in SECTIONS:
        records = {}
        for rid, record in getattr(dataset, section).items():
            update = {name: sorted(value) for name, value in record if isinstance(value, list)
                      and name != "affiliations"}
            if section == "documents":
                update["corpus_file"] = None
            if section == "statements":
                match = dataset.quote_matches.get(rid)
                if match is not None:
                    update["quote"] = match.exact
                if record.date == dataset.documents[record.document].date:
                    update["date"] = None
            records[rid] = record.model_copy(update=update)
        out[section] = records
    return out


def as_read(dataset) -> dict:
    return {"info": dataset.info, **{section: getattr(dataset, section) for section in SECTIONS}}


def assert_round_trip(back, original, original_graph: Graph) -> None:
    assert as_read(back) == comparable(original)
    assert back.origins == {}
    assert {sid: (m.start, m.end, m.exact, m.prefix, m.suffix) for sid, m in back.quote_matches.items()} == \
        {sid: (m.start, m.end, m.exact, m.prefix, m.suffix) for sid, m in original.quote_matches.items()}
    assert isomorphic(build_graph(back), original_graph)


@pytest.fixture(scope="module")
def nhs_plain():
    """The default dataset without a corpus (quotes as the curators wrote them)."""
    from stancegraph.graph.seeds.load import load_dataset

    return load_dataset()


@pytest.mark.parametrize("name", ["mini_dataset", "nhs_dataset", "nhs_plain"])
def test_memory_graph_gives_the_dataset_back(name, request):
    dataset = request.getfixturevalue(name)
    graph = build_graph(dataset)
    assert_round_trip(dataset_from_graph(graph), dataset, graph)


def test_what_the_graph_cannot_carry_is_exactly_what_changes(mini_dataset, nhs_plain):
    back = dataset_from_graph(build_graph(mini_dataset))
    # the corpus text replaces the curator's spelling of a quote (straight vs curly quotes)
    assert mini_dataset.statements["jones-markets"].quote == 'the market "drives up quality - up to a point"'
    assert back.statements["jones-markets"].quote == "the market “drives up quality – up to a point”"
    assert back.documents["herald-2020-03-01"].corpus_file is None
    assert mini_dataset.documents["herald-2020-03-01"].corpus_file == "herald-2020-03-01.txt"
    # explicit dates other than the document's survive, with their precision
    assert str(back.statements["smith-coops"].date) == "2020-02-29"
    assert str(back.people["ann-smith"].affiliations[0].start) == "2018"
    # lists come back sorted: the graph holds sets
    nhs_back = dataset_from_graph(build_graph(nhs_plain))
    assert nhs_plain.people["michael-dixon"].aliases == ["Dr Michael Dixon", "Dr Dixon", "Dixon"]
    assert nhs_back.people["michael-dixon"].aliases == ["Dixon", "Dr Dixon", "Dr Michael Dixon"]


def test_the_read_back_dataset_gives_the_same_networks(nhs_plain):
    from stancegraph.graph.networks import build_network

    back = dataset_from_graph(build_graph(nhs_plain))
    for kind, level in (("congruence", "organisation"), ("conflict", "person"), ("twomode", "person")):
        a, b = build_network(nhs_plain, kind, level), build_network(back, kind, level)
        assert sorted(a.edges(data=True)) == sorted(b.edges(data=True))
        assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
        assert a.number_of_edges() > 0


# --- Oxigraph -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph_store(tmp_path_factory, nhs_dataset):
    spec = StoreSpec(StoreKind.OXIGRAPH, path=tmp_path_factory.mktemp("from-rdf") / "nhs.db")
    write_dataset(spec, nhs_dataset)
    from stancegraph.graph.stores.store import close_store

    close_store(spec)  # let go of the writer: dataset_from_store opens it read-only
    return spec


def test_oxigraph_store_gives_the_dataset_back(oxigraph_store, nhs_dataset, nhs_graph):
    back = dataset_from_store(oxigraph_store)
    assert_round_trip(back, nhs_dataset, nhs_graph)


def test_oxigraph_store_opened_by_graph_name(oxigraph_store, nhs_dataset):
    back = dataset_from_store(str(oxigraph_store), str(dataset_graph_name(nhs_dataset)))
    assert back.counts() == nhs_dataset.counts()


def test_empty_oxigraph_folder_is_one_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match=r"no Oxigraph store at .*empty: the folder is empty"):
        dataset_from_store(f"oxigraph:{tmp_path / 'empty'}")
    with pytest.raises(StoreError, match="no Oxigraph store at"):
        dataset_from_store(f"oxigraph:{tmp_path / 'missing'}")


# --- bad graphs ------------------------------------------------------------------------


def test_graph_without_a_dataset_is_refused():
    with pytest.raises(StoreError, match="holds no stancegraph dataset: no void:Dataset node"):
        dataset_from_graph(Graph())


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_malformed_statements_are_each_reported(mini_graph):
    base = "https://example.org/mini/"
    graph = _copy(mini_graph)
    st = URIRef(base + "statement/smith-coops")
    graph.remove((st, SG.stance, None))  # required field gone
    other = URIRef(base + "statement/jones-markets")
    graph.set((other, SG.stance, URIRef("https://example.org/not-a-stance")))
    third = URIRef(base + "statement/blue-privatisation")
    graph.add((third, URIRef("http://purl.org/dc/terms/date"), Literal("1999", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#gYear"))))  # a second date
    graph.set((URIRef(base + "statement/smith-privatisation"), SG.speaker, URIRef("https://elsewhere.org/x")))
    with pytest.raises(DataError) as caught:
        dataset_from_graph(graph)
    lines = sorted(str(p) for p in caught.value.problems)
    several = [line for line in lines if "several values" in line]
    assert sorted(set(lines) - set(several)) == [
        "<graph>: statement 'jones-markets': stance: <https://example.org/not-a-stance> is not one of the terms "
        "for stance",
        "<graph>: statement 'smith-coops': stance: required field missing",
        "<graph>: statement 'smith-privatisation': speaker: <https://elsewhere.org/x> is not a person of this "
        "dataset (expected <https://example.org/mini/person/ID>)",
    ]
    # which of the two dates the engine gives first is its choice; both are named
    assert len(several) == 1
    assert several[0].startswith("<graph>: statement 'blue-privatisation': date: several values where one is expected: ")
    assert '"2020-03-01"^^<http://www.w3.org/2001/XMLSchema#date>' in several[0]
    assert '"1999"^^<http://www.w3.org/2001/XMLSchema#gYear>' in several[0]


def test_a_statement_missing_from_the_store_is_noticed(mini_graph):
    from rdflib import RDF

    graph = _copy(mini_graph)
    graph.remove((URIRef("https://example.org/mini/statement/smith-coops"), RDF.type, None))
    with pytest.raises(StoreError, match="read 3 statements but the dataset node counts 4"):
        dataset_from_graph(graph)


# --- Virtuoso ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def on_virtuoso(virtuoso, nhs_dataset):
    """The default dataset on the shared Virtuoso (the same graph test_store_virtuoso pushes)."""
    spec = StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url, graph_store_url=virtuoso.graph_store_url)
    write_dataset(spec, nhs_dataset, auth=(virtuoso.user, virtuoso.password))
    return StoreSpec(StoreKind.SPARQL, query_url=virtuoso.sparql_url)


@pytest.mark.virtuoso
def test_virtuoso_gives_the_dataset_back(on_virtuoso, nhs_dataset, nhs_graph):
    assert_round_trip(dataset_from_store(on_virtuoso), nhs_dataset, nhs_graph)


@pytest.mark.virtuoso
def test_virtuoso_answers_read_in_small_pages_give_the_same_dataset(on_virtuoso, nhs_dataset, nhs_graph):
    # 139 statements, 79 concepts: pages of 50 rows make most queries take several requests
    assert_round_trip(dataset_from_store(on_virtuoso, page_size=50), nhs_dataset, nhs_graph)


def test_docstring_examples_run():
    import doctest

    from stancegraph.graph.rdf import from_rdf

    result = doctest.testmod(from_rdf, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0

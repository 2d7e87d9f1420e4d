"""Named queries rewritten for speed answer exactly as their plain formulations,
and answers read straight from Oxigraph equal oxrdflib's.

The reference formulations below are the queries as first written (one group,
paths as written): they define the answers. The shipped texts are shaped for
the engines (a sub-select to get a hash join, alternatives of whole path
sequences); these tests hold them to the same rows in the same order.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from stancegraph.graph.sparql.library import get_named_query, resolve_parameters
from stancegraph.graph.stores.oxigraph_query import SelectResult, is_oxigraph_graph, query_oxigraph
from stancegraph.graph.sparql.results import outcome_from_result
from stancegraph.graph.sparql.engine import evaluate, parse_query, query_prefixes, with_values

from synthetic import synthetic_seeds

STANCE_CHANGES_REFERENCE = """
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX sg:      <https://w3id.org/stancegraph/ns#>
SELECT ?concept ?conceptLabel ?actor ?actorLabel ?earlierStance ?earlierDate ?laterStance ?laterDate
       ?earlierStatement ?laterStatement
WHERE {
  ?earlierStatement sg:speaker|sg:onBehalfOf ?actor ;
                    sg:concept ?concept ;
                    sg:stance ?earlierTerm ;
                    dcterms:date ?earlierDate .
  ?laterStatement sg:speaker|sg:onBehalfOf ?actor ;
                  sg:concept ?concept ;
                  sg:stance ?laterTerm ;
                  dcterms:date ?laterDate .
  FILTER (?earlierTerm != ?laterTerm)
  # the stances as words (the shipped query answers "support", not sg:Support)
  VALUES (?earlierTerm ?earlierStance) { (sg:Support "support") (sg:Oppose "oppose") (sg:Mixed "mixed") }
  VALUES (?laterTerm ?laterStance) { (sg:Support "support") (sg:Oppose "oppose") (sg:Mixed "mixed") }
  FILTER (STR(?earlierDate) < STR(?laterDate) && !STRSTARTS(STR(?laterDate), STR(?earlierDate)))
  ?actor rdfs:label ?actorLabel .
  ?concept rdfs:label ?conceptLabel .
}
ORDER BY ?conceptLabel ?actorLabel ?earlierDate ?laterDate ?earlierStatement ?laterStatement
"""

MEMBERS_REFERENCE = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?organisation ?organisationLabel ?member ?memberLabel ?role ?start ?end ?source ?sourceTitle
WHERE {
  ?membership a org:Membership ; org:organization ?organisation ; org:member ?member .
  ?organisation rdfs:label ?organisationLabel .
  ?member rdfs:label ?memberLabel .
  OPTIONAL { ?membership org:role/skos:prefLabel ?role }
  OPTIONAL { ?membership org:memberDuring/time:hasBeginning/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?start }
  OPTIONAL { ?membership org:memberDuring/time:hasEnd/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?end }
  OPTIONAL { ?membership prov:wasDerivedFrom ?source . ?source dcterms:title ?sourceTitle }
}
ORDER BY ?organisationLabel ?memberLabel ?role
"""


def rows(graph, text, bindings=None):
    return outcome_from_result(evaluate(graph, parse_query(text, query_prefixes(graph)), bindings or {})).rows


def on_oxigraph(graph: Graph) -> Graph:
    copy = Graph(store="Oxigraph", identifier=URIRef("urn:test:graph"))
    copy += graph
    return copy


def lexical(rows_):
    """Oxigraph types plain literals xsd:string: compare literals by lexical form and language."""
    return [tuple((str(t), t.language) if isinstance(t, Literal) and t.datatype in (None, XSD.string) else t
                  for t in row) for row in rows_]


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory):
    """400 synthetic statements: prolific actors, ties in dates, both speakers and organisations."""
    from stancegraph.graph.seeds.load import load_dataset
    from stancegraph.graph.rdf.mapping import build_graph

    return build_graph(load_dataset(synthetic_seeds(400, tmp_path_factory.mktemp("synthetic"), seed=3)))


# --- stance-changes --------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["mini_graph", "nhs_graph", "synthetic_graph"])
def test_stance_changes_answers_as_its_reference_formulation(which, request):
    graph = request.getfixturevalue(which)
    shipped = get_named_query("stance-changes").text
    unbound = rows(graph, STANCE_CHANGES_REFERENCE)
    assert rows(graph, shipped) == unbound
    if which != "mini_graph":
        assert unbound, "no stance changes at all: the comparison would prove nothing"
    # bound to each concept with changes (rdflib initBindings), and as VALUES text on Oxigraph.
    # The engines order dates of different types (xsd:date, xsd:gYear) differently: ORDER BY
    # leaves that to them, so the order is compared within one engine, the rows across engines.
    oxigraph = on_oxigraph(graph)
    concepts = sorted({row[0] for row in unbound})[:4]
    for concept in concepts:
        bindings = {"concept": concept}
        expected = rows(graph, STANCE_CHANGES_REFERENCE, bindings)
        assert expected and all(row[0] == concept for row in expected)
        assert rows(graph, shipped, bindings) == expected
        assert outcome_from_result(graph.query(with_values(shipped, bindings))).rows == expected
        on_ox = rows(oxigraph, shipped, bindings)
        assert on_ox == rows(oxigraph, STANCE_CHANGES_REFERENCE, bindings)
        assert sorted(lexical(on_ox), key=repr) == sorted(lexical(expected), key=repr)
    on_ox = rows(oxigraph, shipped)
    assert on_ox == rows(oxigraph, STANCE_CHANGES_REFERENCE)
    assert sorted(lexical(on_ox), key=repr) == sorted(lexical(unbound), key=repr)


# --- members ---------------------------------------------------------------------------------

MEMBERSHIPS = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:   <urn:ex:> .
ex:body rdfs:label "Body" .
ex:ann rdfs:label "Ann" . ex:bob rdfs:label "Bob" . ex:cat rdfs:label "Cat" .
ex:m1 a org:Membership ; org:organization ex:body ; org:member ex:ann ;
    org:memberDuring [ time:hasBeginning [ time:inXSDDate "2011-02-03"^^xsd:date ] ;
                       time:hasEnd [ time:inXSDgYear "2014"^^xsd:gYear ] ] .
ex:m2 a org:Membership ; org:organization ex:body ; org:member ex:bob ;
    org:memberDuring [ time:hasBeginning [ time:inXSDgYearMonth "2012-05"^^xsd:gYearMonth ] ] .
ex:m3 a org:Membership ; org:organization ex:body ; org:member ex:cat .
"""


def test_members_reads_every_kind_of_date_as_its_reference_formulation():
    graph = Graph().parse(data=MEMBERSHIPS, format="turtle")
    expected = rows(graph, MEMBERS_REFERENCE)
    assert [(str(r[3]), r[5] and str(r[5]), r[6] and str(r[6])) for r in expected] == [
        ("Ann", "2011-02-03", "2014"), ("Bob", "2012-05", None), ("Cat", None, None)]
    shipped = get_named_query("members").text
    assert rows(graph, shipped) == expected
    assert lexical(rows(on_oxigraph(graph), shipped)) == lexical(expected)


def test_members_matches_its_reference_on_synthetic_memberships(synthetic_graph):
    expected = rows(synthetic_graph, MEMBERS_REFERENCE)
    assert any(row[5] is not None for row in expected)
    assert rows(synthetic_graph, get_named_query("members").text) == expected


# --- answers read straight from Oxigraph -----------------------------------------------------


@pytest.fixture(scope="module")
def mini_oxigraph(mini_graph):
    return on_oxigraph(mini_graph)


def _oxrdflib(graph, text):
    """The same query through oxrdflib's own store.query (what evaluate used before)."""
    return graph.query(text)


@pytest.mark.parametrize("name, values", [
    ("supporters", {"concept": "ownership"}), ("actor-statements", {"actor": "blue-party"}),
    ("members", {}), ("concept-hierarchy", {}), ("stance-timeline", {"concept": "markets"}),
    ("agreeing-actors", {"actor": "ann-smith", "minimum": "1"}),
])
def test_answers_read_from_oxigraph_equal_oxrdflibs(mini_oxigraph, mini_graph, name, values):
    query = get_named_query(name)
    text = with_values(query.text, resolve_parameters(mini_graph, query, values))
    ours, theirs = query_oxigraph(mini_oxigraph, text), _oxrdflib(mini_oxigraph, text)
    assert isinstance(ours, SelectResult)
    assert ours.vars == theirs.vars
    expected = [tuple(row) for row in theirs]
    assert expected, name
    assert [tuple(row) for row in ours] == expected
    assert [tuple(row) for row in ours] == expected  # read again: the same rows
    assert ours.bindings == theirs.bindings and len(ours) == len(expected)
    assert outcome_from_result(ours).rows == outcome_from_result(_oxrdflib(mini_oxigraph, text)).rows


def test_oxigraph_rows_behave_as_rdflib_rows(mini_oxigraph):
    text = "SELECT ?s ?label ?none WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
    result = query_oxigraph(mini_oxigraph, text)
    first, second = iter(result), iter(result)
    a, b = next(first), next(second)  # two readings at once see the same rows
    assert a == b and tuple(next(first)) == tuple(next(second))
    rows_ = list(result)
    row = rows_[0]
    assert row[0] == row["s"] == row.s == row.get("s") and row["none"] is None and row.get("none", 1) is None
    assert row.asdict() == {"s": row[0], "label": row[1]}
    with pytest.raises(KeyError):
        row["nothing"]
    # a solution with every variable unbound is a row (as oxrdflib gives it)
    empty = query_oxigraph(mini_oxigraph, "SELECT ?x WHERE { OPTIONAL { ?s <urn:no:such> ?x } }")
    assert [tuple(r) for r in empty] == [(None,)] == [tuple(r) for r in _oxrdflib(mini_oxigraph,
                                                                                   "SELECT ?x WHERE { OPTIONAL { ?s <urn:no:such> ?x } }")]


def test_ask_and_construct_from_oxigraph_equal_oxrdflibs(mini_oxigraph):
    ask = "ASK { ?s a <http://www.w3.org/2004/02/skos/core#Concept> }"
    assert query_oxigraph(mini_oxigraph, ask).askAnswer is True is _oxrdflib(mini_oxigraph, ask).askAnswer
    construct = "CONSTRUCT { ?c <urn:label> ?l } WHERE { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
    ours = set(query_oxigraph(mini_oxigraph, construct).graph)
    assert ours and ours == set(_oxrdflib(mini_oxigraph, construct).graph)


def test_only_plain_oxigraph_graphs_take_the_direct_path(mini_graph, mini_oxigraph):
    from rdflib import Dataset

    assert is_oxigraph_graph(mini_oxigraph)
    assert not is_oxigraph_graph(mini_graph)
    assert not is_oxigraph_graph(Dataset(store="Oxigraph"))
    union = Graph(store="Oxigraph")
    union.default_union = True
    assert not is_oxigraph_graph(union)


def test_evaluate_on_oxigraph_reports_engine_errors_as_query_failed(mini_oxigraph):
    from stancegraph.graph.sparql.engine import QueryFailed

    parsed = parse_query("SELECT ?x WHERE { BIND (<urn:a> AS ?x) }")
    assert [tuple(r) for r in evaluate(mini_oxigraph, parsed)] == [(URIRef("urn:a"),)]
    with pytest.raises(QueryFailed):  # a text rdflib accepts but Oxigraph's parser refuses
        evaluate(mini_oxigraph, parse_query("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?y"))


def test_docstring_examples():
    import doctest

    import stancegraph.graph.stores.oxigraph_query as module

    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0

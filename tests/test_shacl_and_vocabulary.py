"""SHACL shapes accept our graphs and catch broken ones; the vocabulary is complete."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SH, SKOS

from stancegraph.graph.rdf.mapping import build_graph
from stancegraph.graph.rdf.shacl import load_shapes, load_vocabulary, validate_graph
from stancegraph.schema.models import DocumentKind, OrganisationKind
from stancegraph.schema.vocab import DOCUMENT_KIND_TERMS, OA, ORGANISATION_KIND_TERMS, SG, STANCE_TERMS

B = "https://example.org/mini/"


def test_default_dataset_conforms(nhs_graph):
    report = validate_graph(nhs_graph)
    assert report.conforms, "\n".join(map(str, report.results))


def _broken(mini_dataset, mutate) -> list:
    g = build_graph(mini_dataset)
    mutate(g)
    report = validate_graph(g)
    assert not report.conforms
    return report.results


def test_statement_without_concept_is_caught(mini_dataset):
    st = URIRef(B + "statement/smith-coops")
    results = _broken(mini_dataset, lambda g: g.remove((st, SG.concept, None)))
    assert [(r.focus, r.path, r.constraint) for r in results] == [(str(st), str(SG.concept), "MinCountConstraintComponent")]


def test_statement_without_any_actor_is_caught(mini_dataset):
    st = URIRef(B + "statement/smith-coops")

    def mutate(g):
        g.remove((st, SG.speaker, None))
        g.remove((st, SG.onBehalfOf, None))

    results = _broken(mini_dataset, mutate)
    assert [(r.focus, r.constraint) for r in results] == [(str(st), "OrConstraintComponent")]


def test_unknown_stance_and_untyped_date_are_caught(mini_dataset):
    st = URIRef(B + "statement/jones-markets")

    def mutate(g):
        g.set((st, SG.stance, URIRef("https://example.org/Maybe")))
        g.set((st, DCTERMS.date, Literal("sometime in 2020")))

    results = _broken(mini_dataset, mutate)
    assert sorted(r.path for r in results) == sorted([str(SG.stance), str(DCTERMS.date)])


def test_empty_quote_is_caught(mini_dataset):
    selector = URIRef(B + "statement/jones-markets/quote")
    results = _broken(mini_dataset, lambda g: g.set((selector, OA.exact, Literal(""))))
    assert any(r.focus == B + "statement/jones-markets/evidence" for r in results)


def test_every_sg_term_is_published_with_label_and_comment():
    vocab = load_vocabulary()
    names = [name for name in SG.__annotations__]
    assert len(names) > 40
    for name in names:
        term = getattr(SG, name)
        assert vocab.value(term, RDFS.label) is not None, name
        assert vocab.value(term, RDFS.comment) is not None, name
    published = {s for s in vocab.subjects(RDFS.label, None) if str(s).startswith(str(SG._NS)) and str(s) != str(SG._NS)}
    assert published == {getattr(SG, name) for name in names}


def test_mistyped_term_is_an_error():
    with pytest.raises(AttributeError):
        SG.suports  # noqa: B018


def test_every_enum_value_has_a_term():
    assert set(DOCUMENT_KIND_TERMS) == set(DocumentKind)
    assert set(ORGANISATION_KIND_TERMS) == set(OrganisationKind)
    vocab = load_vocabulary()
    for term in DOCUMENT_KIND_TERMS.values():
        assert (term, RDF.type, SG.DocumentKind) in vocab
    for term in ORGANISATION_KIND_TERMS.values():
        assert (term, RDF.type, SG.OrganisationKind) in vocab
    assert set(vocab.objects(None, OWL.oneOf)) and set(STANCE_TERMS.values()) == {SG.Support, SG.Oppose, SG.Mixed}


def test_shapes_list_exactly_the_document_kinds():
    shapes = load_shapes()
    lists = []
    for node in shapes.objects(None, SH["in"]):
        lists.append(set(shapes.items(node)))
    assert set(DOCUMENT_KIND_TERMS.values()) in lists

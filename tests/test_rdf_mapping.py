"""The RDF mapping of DESIGN.md, checked triple by triple on the mini dataset."""

from __future__ import annotations

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SDO, SKOS, TIME, VOID

from stancegraph.graph.rdf.mapping import build_graph, dataset_triples
from stancegraph.schema.vocab import OA, SG

B = "https://example.org/mini/"


def iri(path: str) -> URIRef:
    return URIRef(B + path)


def test_people_organisations_and_memberships(mini_dataset):
    g = build_graph(mini_dataset)
    ann = iri("person/ann-smith")
    assert (ann, RDF.type, FOAF.Person) in g and (ann, RDF.type, SDO.Person) in g
    assert g.value(ann, FOAF.name) == Literal("Ann Smith")
    coop = iri("organisation/village-health-coop")
    assert (coop, RDF.type, ORG.Organization) in g
    assert g.value(coop, ORG.classification) == SG.Cooperative
    assert (iri("organisation/blue-party"), SKOS.altLabel, Literal("Blues")) in g
    membership = iri("person/ann-smith/membership/1")
    assert g.value(membership, ORG.member) == ann
    assert g.value(membership, ORG.organization) == coop
    assert g.value(g.value(membership, ORG.role), SKOS.prefLabel) == Literal("chair")
    assert g.value(membership, PROV.wasDerivedFrom) == iri("document/herald-2020-03-01")
    start = g.value(g.value(membership, ORG.memberDuring), TIME.hasBeginning)
    assert g.value(start, TIME.inXSDgYear) == Literal("2018", datatype=XSD.gYear)
    assert g.value(g.value(membership, ORG.memberDuring), TIME.hasEnd) is None


def test_concepts_form_one_skos_scheme(mini_dataset):
    g = build_graph(mini_dataset)
    scheme = iri("concepts")
    assert set(g.objects(scheme, SKOS.hasTopConcept)) == {iri("concept/ownership"), iri("concept/markets")}
    assert g.value(iri("concept/privatisation"), SKOS.broader) == iri("concept/markets")
    assert (iri("concept/markets"), SKOS.narrower, iri("concept/privatisation")) in g
    assert g.value(iri("concept/privatisation"), SKOS.related) == iri("concept/cooperatives")
    assert len(set(g.subjects(SKOS.inScheme, scheme))) == 4


def test_document_with_typed_date(mini_dataset):
    g = build_graph(mini_dataset)
    doc = iri("document/herald-2020-03-01")
    assert g.value(doc, DCTERMS.date) == Literal("2020-03-01", datatype=XSD.date)
    assert g.value(doc, DCTERMS.type) == SG.News
    assert g.value(doc, DCTERMS.publisher) == iri("organisation/herald")
    assert g.value(doc, DCTERMS.creator) == iri("person/jo-writer")


def test_statement_node_quote_and_provenance(mini_dataset):
    g = build_graph(mini_dataset)
    st = iri("statement/smith-coops")
    assert g.value(st, RDF.type) == SG.Statement
    assert g.value(st, SG.speaker) == iri("person/ann-smith")
    assert g.value(st, SG.onBehalfOf) == iri("organisation/village-health-coop")
    assert g.value(st, SG.stance) == SG.Support
    assert g.value(st, SG.attribution) == SG.Direct
    # the statement's own date (a speech "yesterday"), not the document's
    assert g.value(st, DCTERMS.date) == Literal("2020-02-29", datatype=XSD.date)
    assert g.value(st, PROV.wasDerivedFrom) == iri("document/herald-2020-03-01")
    evidence = g.value(st, SG.evidence)
    assert g.value(evidence, OA.hasSource) == iri("document/herald-2020-03-01")
    selectors = set(g.objects(evidence, OA.hasSelector))
    quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
    position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
    # exact is the source's own text (double space, typographic quotes), with context
    assert str(g.value(quote, OA.exact)) == "\u201cCo-operatives give  patients a real say.\u201d"
    assert str(g.value(quote, OA.prefix)).endswith("said yesterday: ")
    assert str(g.value(quote, OA.suffix)).startswith("\n\nThe Blue Party")
    text = _corpus_text()
    start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
    assert text[start:end] == str(g.value(quote, OA.exact))


def _corpus_text() -> str:
    from conftest import MINI

    return (MINI / "corpus" / "herald-2020-03-01.txt").read_text(encoding="utf-8")


def test_statement_without_own_date_takes_the_documents(mini_dataset):
    g = build_graph(mini_dataset)
    assert g.value(iri("statement/blue-privatisation"), DCTERMS.date) == Literal("2020-03-01", datatype=XSD.date)
    assert g.value(iri("statement/blue-privatisation"), SG.speaker) is None


def test_truthy_shortcuts_for_speaker_and_organisation(mini_dataset):
    g = build_graph(mini_dataset)
    truthy = {(s, p, o) for p in (SG.supports, SG.opposes, SG.mixedOn) for s, o in g.subject_objects(p)}
    expected = {
        (iri("person/ann-smith"), SG.supports, iri("concept/cooperatives")),
        (iri("organisation/village-health-coop"), SG.supports, iri("concept/cooperatives")),
        (iri("organisation/blue-party"), SG.supports, iri("concept/privatisation")),
        (iri("person/ann-smith"), SG.opposes, iri("concept/privatisation")),
        (iri("person/bob-jones"), SG.mixedOn, iri("concept/markets")),
        (iri("organisation/blue-party"), SG.mixedOn, iri("concept/markets")),
    }
    assert truthy == expected


def test_dataset_node_counts_are_true(mini_dataset):
    g = build_graph(mini_dataset)
    node = iri("dataset")
    assert int(g.value(node, VOID.triples)) == len(g)
    partitions = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in g.objects(node, VOID.classPartition)}
    assert partitions[SG.Statement] == 4
    assert partitions[FOAF.Person] == 3
    assert partitions[ORG.Organization] == 3
    assert partitions[SKOS.Concept] == 4


def test_triples_are_unique(mini_dataset):
    triples = list(dataset_triples(mini_dataset))
    assert len(triples) == len(set(triples))


def test_no_blank_nodes(nhs_graph):
    from rdflib import BNode

    assert not any(isinstance(term, BNode) for triple in nhs_graph for term in triple)


# --- one mapping, two sinks: what the rdflib sink reads is what the N-Triples writer wrote

HOSTILE_TEXTS = [
    "plain", "", 'say "hi"', "back\\slash", "\\n is not a newline", "line\nbreak", "cr\rlf\r\n", "tab\there",
    "\u2028 line sep", "\u2029 para sep", "\x85 nel", "\x0b vt", "\x0c ff", "\x1c\x1d\x1e seps",
    "\x01\x07\x08\x1f controls", "astral \U0001F600 \U00010348", "rtl \u202e mark", "e\u0301 combining",
    '\\"', "\\u2028 literally", 'ends with backslash \\', '"', "^^<urn:x>", '"^^<urn:x> inside',
]


def test_every_text_round_trips_through_the_rdflib_sink():
    from stancegraph.graph.rdf.mapping import to_rdflib
    from stancegraph.graph.rdf.ntriples import literal_nt

    for text in HOSTILE_TEXTS:
        for datatype in (None, str(XSD.string), "urn:x-type"):
            terms = [("<urn:s>", "<urn:p>", literal_nt(text, datatype))]
            [(_s, _p, literal)] = list(to_rdflib(terms))
            assert str(literal) == text
            assert literal.datatype == (URIRef(datatype) if datatype else None)


def test_the_rdflib_sink_agrees_with_rdflibs_own_ntriples_reader(mini_dataset, nhs_dataset):
    """rdflib's N-Triples parser is an independent reader of the text sink's lines."""
    from rdflib import Graph

    from stancegraph.graph.rdf.mapping import dataset_triples
    from stancegraph.graph.rdf.ntriples import literal_nt, ntriples_bytes

    for dataset in (mini_dataset, nhs_dataset):
        parsed = Graph().parse(data=ntriples_bytes(dataset), format="nt")
        sunk = list(dataset_triples(dataset))
        assert len(sunk) == len(parsed) and set(sunk) == set(parsed)
    lines = "".join(f'<urn:s> <urn:p> {literal_nt(t)} .\n' for t in HOSTILE_TEXTS)
    assert {str(o) for o in Graph().parse(data=lines, format="nt").objects()} == set(HOSTILE_TEXTS)


def test_the_mapping_is_streamed_in_a_fixed_order(nhs_dataset):
    from stancegraph.graph.rdf.mapping import dataset_terms

    first, second = list(dataset_terms(nhs_dataset)), list(dataset_terms(nhs_dataset))
    assert first == second and len(set(first)) == len(first)
    assert first[-1][1] == "<http://rdfs.org/ns/void#triples>"
    assert first[-1][2] == f'"{len(first)}"^^<{XSD.integer}>'


def test_docstring_examples_of_the_mapping():
    import doctest

    from stancegraph.graph.rdf import mapping

    result = doctest.testmod(mapping)
    assert result.attempted > 0 and result.failed == 0

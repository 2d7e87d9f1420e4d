"""Map a :class:`Dataset` to RDF with standard vocabularies (see DESIGN.md, "RDF mapping").

People are ``foaf:Person`` / ``schema:Person``; organisations ``org:Organization`` with
``org:Membership`` nodes; concepts ``skos:Concept`` in one ``skos:ConceptScheme``;
documents carry Dublin Core terms; each statement is an ``sg:Statement`` derived
(``prov:wasDerivedFrom``) from its document, with its quote as a Web Annotation
``oa:TextQuoteSelector``. Truthy shortcuts (``sg:supports`` …) sit beside the full
statements, and a ``void:Dataset`` / ``dcat:Dataset`` node carries counts.

Every IRI is minted from curator-written ids and no blank node is used, so the same
seeds always give the same triples and byte-identical sorted output.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, SDO, SKOS, TIME, VOID

from stancegraph.schema.dates import DatePrecision, PartialDate
from stancegraph.schema.vocab import (
    ATTRIBUTION_TERMS,
    DOCUMENT_KIND_TERMS,
    OA,
    ORGANISATION_KIND_TERMS,
    SG,
    STANCE_TERMS,
    TRUTHY_TERMS,
)

from ..seeds.dataset import Dataset
from .iris import Iris

__all__ = ["PREFIXES", "date_literal", "dataset_triples", "build_graph", "bind_prefixes"]

Triple = tuple[URIRef, URIRef, URIRef | Literal]

PREFIXES = {
    "sg": str(SG._NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "schema": str(SDO),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA._NS),
    "time": str(TIME),
    "void": str(VOID),
    "dcat": str(DCAT),
}
"""Prefixes bound in every graph and pre-declared for every SPARQL query."""

_DATATYPES = {
    DatePrecision.YEAR: XSD.gYear,
    DatePrecision.MONTH: XSD.gYearMonth,
    DatePrecision.DAY: XSD.date,
}
_TIME_PROPERTIES = {
    DatePrecision.YEAR: TIME.inXSDgYear,
    DatePrecision.MONTH: TIME.inXSDgYearMonth,
    DatePrecision.DAY: TIME.inXSDDate,
}


def date_literal(date: PartialDate) -> Literal:
    """A partial date as ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``.

    >>> date_literal(PartialDate.parse("2015")).datatype.endswith("gYear")
    True
    """
    return Literal(str(date), datatype=_DATATYPES[date.precision])


DATA_PREFIXES = ("person", "organisation", "concept", "document", "statement")
"""Kinds of resource that get a prefix of their own (``person:`` = base + ``person/``)."""


def bind_prefixes(graph: Graph, base: str | None = None) -> Graph:
    """Bind the standard prefixes and, given the dataset's ``base``, one per resource kind."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    if base:
        base = base if base.endswith(("/", "#")) else base + "/"
        graph.bind("data", base, override=True, replace=True)
        for kind in DATA_PREFIXES:
            graph.bind(kind, base + kind + "/", override=True, replace=True)
    return graph


def build_graph(dataset: Dataset, graph: Graph | None = None) -> Graph:
    """Build the RDF graph of ``dataset``.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset; when it was loaded with a corpus, quotes also get
        ``oa:prefix``/``oa:suffix`` and an ``oa:TextPositionSelector``.
    graph : rdflib.Graph, optional
        The graph to add to (e.g. one backed by an Oxigraph store); a new
        in-memory graph when omitted.

    Returns
    -------
    rdflib.Graph
    """
    graph = graph if graph is not None else Graph(bind_namespaces="none")
    bind_prefixes(graph, str(dataset.info.base_iri))
    graph.addN((s, p, o, graph) for s, p, o in dataset_triples(dataset))
    return graph


def dataset_triples(dataset: Dataset) -> Iterator[Triple]:
    """Yield every triple of the dataset's graph exactly once, in a fixed order."""
    iris = Iris(str(dataset.info.base_iri))
    body: list[Triple] = []
    body.extend(_concept_triples(dataset, iris))
    body.extend(_organisation_triples(dataset, iris))
    body.extend(_person_triples(dataset, iris))
    body.extend(_document_triples(dataset, iris))
    body.extend(_statement_triples(dataset, iris))
    body.extend(_truthy_triples(dataset, iris))
    body = list(dict.fromkeys(body))  # e.g. two memberships of one organisation
    yield from body
    yield from _dataset_node(dataset, iris, body)


def _labels(subject, name, aliases) -> Iterator[Triple]:
    yield subject, RDFS.label, Literal(name)
    for alias in aliases:
        yield subject, SKOS.altLabel, Literal(alias)


def _concept_triples(ds: Dataset, iris: Iris) -> Iterator[Triple]:
    scheme = iris.scheme()
    yield scheme, RDF.type, SKOS.ConceptScheme
    yield scheme, SKOS.prefLabel, Literal(f"Concepts of {ds.info.title}")
    for cid, concept in ds.concepts.items():
        node = iris.concept(cid)
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.inScheme, scheme
        yield node, SKOS.prefLabel, Literal(concept.label)
        yield node, SKOS.definition, Literal(concept.definition)
        yield node, DCTERMS.identifier, Literal(cid)
        yield from _labels(node, concept.label, concept.aliases)
        if concept.broader:
            yield node, SKOS.broader, iris.concept(concept.broader)
            yield iris.concept(concept.broader), SKOS.narrower, node
        else:
            yield node, SKOS.topConceptOf, scheme
            yield scheme, SKOS.hasTopConcept, node
        for related in concept.related:
            yield node, SKOS.related, iris.concept(related)


def _organisation_triples(ds: Dataset, iris: Iris) -> Iterator[Triple]:
    for oid, organisation in ds.organisations.items():
        node = iris.organisation(oid)
        yield node, RDF.type, ORG.Organization
        yield node, RDF.type, FOAF.Organization
        yield node, SKOS.prefLabel, Literal(organisation.name)
        yield node, FOAF.name, Literal(organisation.name)
        yield node, DCTERMS.identifier, Literal(oid)
        yield from _labels(node, organisation.name, organisation.aliases)
        yield node, ORG.classification, ORGANISATION_KIND_TERMS[organisation.kind]
        if organisation.parent:
            yield node, ORG.subOrganizationOf, iris.organisation(organisation.parent)
        if organisation.url:
            yield node, FOAF.homepage, URIRef(str(organisation.url))
        if organisation.note:
            yield node, SKOS.note, Literal(organisation.note)


def _person_triples(ds: Dataset, iris: Iris) -> Iterator[Triple]:
    roles: dict[URIRef, str] = {}
    for pid, person in ds.people.items():
        node = iris.person(pid)
        yield node, RDF.type, FOAF.Person
        yield node, RDF.type, SDO.Person
        yield node, FOAF.name, Literal(person.name)
        yield node, DCTERMS.identifier, Literal(pid)
        yield from _labels(node, person.name, person.aliases)
        if person.note:
            yield node, SKOS.note, Literal(person.note)
        for index, aff in enumerate(person.affiliations):
            membership = iris.membership(pid, index)
            yield membership, RDF.type, ORG.Membership
            yield membership, ORG.member, node
            yield membership, ORG.organization, iris.organisation(aff.organisation)
            yield node, ORG.memberOf, iris.organisation(aff.organisation)
            if aff.role:
                role = iris.role(aff.role)
                roles.setdefault(role, aff.role)
                yield membership, ORG.role, role
                yield membership, RDFS.label, Literal(aff.role)
            if aff.source:
                yield membership, PROV.wasDerivedFrom, iris.document(aff.source)
            if aff.note:
                yield membership, SKOS.note, Literal(aff.note)
            if aff.start or aff.end:
                interval = iris.interval(pid, index)
                yield membership, ORG.memberDuring, interval
                yield interval, RDF.type, TIME.Interval
                for which, date, prop in (("start", aff.start, TIME.hasBeginning), ("end", aff.end, TIME.hasEnd)):
                    if date is None:
                        continue
                    instant = iris.instant(pid, index, which)
                    yield interval, prop, instant
                    yield instant, RDF.type, TIME.Instant
                    yield instant, _TIME_PROPERTIES[date.precision], date_literal(date)
    # a role may be shared by several memberships: emit each role node once
    seen_roles = set()
    for role, label in sorted(roles.items()):
        if role in seen_roles:
            continue
        seen_roles.add(role)
        yield role, RDF.type, ORG.Role
        yield role, SKOS.prefLabel, Literal(label)


def _document_triples(ds: Dataset, iris: Iris) -> Iterator[Triple]:
    for did, doc in ds.documents.items():
        node = iris.document(did)
        yield node, RDF.type, FOAF.Document
        yield node, DCTERMS.title, Literal(doc.title)
        yield node, RDFS.label, Literal(doc.title)
        yield node, DCTERMS.identifier, Literal(did)
        yield node, DCTERMS.date, date_literal(doc.date)
        yield node, DCTERMS.type, DOCUMENT_KIND_TERMS[doc.kind]
        if doc.publisher:
            yield node, DCTERMS.publisher, iris.organisation(doc.publisher)
        for author in doc.authors:
            yield node, DCTERMS.creator, iris.person(author)
        if doc.url:
            yield node, FOAF.page, URIRef(str(doc.url))
        for field in doc.inferred:
            yield node, SG.inferred, Literal(field.value)
        if doc.note:
            yield node, SKOS.note, Literal(doc.note)


def _statement_label(ds: Dataset, st) -> str:
    who = []
    if st.speaker:
        who.append(ds.people[st.speaker].name)
    if st.organisation:
        name = ds.organisations[st.organisation].name
        who.append(f"({name})" if who else name)
    return f"{' '.join(who)} — {st.stance.value} — {ds.concepts[st.concept].label}"


def _statement_triples(ds: Dataset, iris: Iris) -> Iterator[Triple]:
    for sid, st in ds.statements.items():
        node = iris.statement(sid)
        document = iris.document(st.document)
        yield node, RDF.type, SG.Statement
        yield node, RDFS.label, Literal(_statement_label(ds, st))
        yield node, DCTERMS.identifier, Literal(sid)
        if st.speaker:
            yield node, SG.speaker, iris.person(st.speaker)
        if st.organisation:
            yield node, SG.onBehalfOf, iris.organisation(st.organisation)
        yield node, SG.concept, iris.concept(st.concept)
        yield node, SG.stance, STANCE_TERMS[st.stance]
        yield node, SG.attribution, ATTRIBUTION_TERMS[st.attribution]
        yield node, DCTERMS.date, date_literal(ds.statement_date(st))
        yield node, PROV.wasDerivedFrom, document
        for mentioned in st.mentions:
            actor = iris.person(mentioned) if mentioned in ds.people else iris.organisation(mentioned)
            yield node, SDO.mentions, actor
        if st.note:
            yield node, SKOS.note, Literal(st.note)
        evidence = iris.evidence(sid)
        selector = iris.quote_selector(sid)
        yield node, SG.evidence, evidence
        yield evidence, RDF.type, OA.SpecificResource
        yield evidence, OA.hasSource, document
        yield evidence, OA.hasSelector, selector
        yield selector, RDF.type, OA.TextQuoteSelector
        match = ds.quote_matches.get(sid)
        yield selector, OA.exact, Literal(match.exact if match else st.quote)
        if match is not None:
            if match.prefix:
                yield selector, OA.prefix, Literal(match.prefix)
            if match.suffix:
                yield selector, OA.suffix, Literal(match.suffix)
            position = iris.position_selector(sid)
            yield evidence, OA.hasSelector, position
            yield position, RDF.type, OA.TextPositionSelector
            yield position, OA.start, Literal(match.start)
            yield position, OA.end, Literal(match.end)


def _truthy_triples(ds: Dataset, iris: Iris) -> Iterator[Triple]:
    truthy = set()
    for st in ds.statements.values():
        prop = TRUTHY_TERMS[st.stance]
        concept = iris.concept(st.concept)
        if st.speaker:
            truthy.add((iris.person(st.speaker), prop, concept))
        if st.organisation:
            truthy.add((iris.organisation(st.organisation), prop, concept))
    yield from sorted(truthy)


def _dataset_node(ds: Dataset, iris: Iris, body: list[Triple]) -> Iterator[Triple]:
    info = ds.info
    node = iris.dataset()
    head: list[Triple] = [
        (node, RDF.type, VOID.Dataset),
        (node, RDF.type, DCAT.Dataset),
        (node, DCTERMS.identifier, Literal(info.id)),
        (node, DCTERMS.title, Literal(info.title)),
        (node, OWL.versionInfo, Literal(info.version)),
        (node, VOID.uriSpace, Literal(str(info.base_iri))),
        (node, VOID.rootResource, iris.scheme()),
    ]
    if info.description:
        head.append((node, DCTERMS.description, Literal(info.description)))
    if info.licence:
        head.append((node, DCTERMS.license, URIRef(str(info.licence))))
    if info.issued:
        head.append((node, DCTERMS.issued, date_literal(info.issued)))
    for creator in info.creators:
        head.append((node, DCTERMS.creator, Literal(creator)))
    for did in ds.documents:
        head.append((node, DCTERMS.source, iris.document(did)))
    classes = Counter(o for _s, p, o in body if p == RDF.type)
    for cls in (SG.Statement, FOAF.Person, ORG.Organization, SKOS.Concept, FOAF.Document, ORG.Membership):
        partition = iris.class_partition(cls.split("/")[-1].split("#")[-1])
        head += [
            (node, VOID.classPartition, partition),
            (partition, VOID["class"], cls),
            (partition, VOID.entities, Literal(classes.get(cls, 0))),
        ]
    head.append((node, VOID.entities, Literal(sum(ds.counts().values()))))
    # void:triples counts every triple of the graph, itself included
    total = len(body) + len(head) + 1
    head.append((node, VOID.triples, Literal(total)))
    yield from head

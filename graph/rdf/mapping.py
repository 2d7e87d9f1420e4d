"""The dataset → RDF mapping, written once (see DESIGN.md, "RDF mapping").

People are ``foaf:Person`` / ``schema:Person``; organisations ``org:Organization`` with
``org:Membership`` nodes; concepts ``skos:Concept`` in one ``skos:ConceptScheme``;
documents carry Dublin Core terms; each statement is an ``sg:Statement`` derived
(``prov:wasDerivedFrom``) from its document, with its quote as a Web Annotation
``oa:TextQuoteSelector``. Truthy shortcuts (``sg:supports`` …) sit beside the full
statements, and a ``void:Dataset`` / ``dcat:Dataset`` node carries counts.

Every IRI is minted from curator-written ids and no blank node is used, so the same
seeds always give the same triples and byte-identical sorted output.

One mapping, several sinks
--------------------------
:func:`dataset_terms` is the only place the mapping is written. It yields each
triple once, in a fixed order, as three N-Triples term strings (``<iri>``,
``"text"``, ``"2015"^^<…#gYear>``; escaped by :func:`.ntriples.literal_nt`).
Every sink consumes that one stream:

- :mod:`.ntriples` joins the terms into N-Triples lines and chunks, which
  Oxigraph's bulk loader (:mod:`stancegraph.graph.stores.store`, the default store)
  and a SPARQL server (Graph Store Protocol ``PUT`` or ``INSERT DATA``) take;
- :func:`dataset_triples` / :func:`build_graph` turn the terms into rdflib terms
  (:func:`to_rdflib`: each IRI once, a literal split at its closing quote and
  unescaped only when it holds a backslash), for pySHACL, JSON-LD and rdflib users.

Why N-Triples-ready strings rather than rdflib terms or neutral tuples: the bulk
path is the one that must be fast. Measured at 100,000 statements (1.9 M triples,
GC paused, best of two, same process): the N-Triples of the former separate
writer 2.79 s; the same mapping emitting neutral ``(text, datatype)`` tuples that
the sink then renders 3.32 s (+19 %, and more with the garbage collector on: the
tuples are tracked objects); N-Triples-ready strings cost what the old writer
cost, because they *are* its text. The rdflib sink pays the parsing instead, which
is small next to rdflib's own cost of adding a triple to its store.

Adding a field is one ``yield`` below (e.g. ``yield node, _iri(SG.coder),
literal_nt(st.coder)``): every sink, the VoID counts included, follows.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Iterator

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
from .iris import slugify
from .ntriples import literal_nt
from .prefixes import DATA_PREFIXES, PREFIXES, bind_prefixes  # re-exported: part of the mapping's API

__all__ = [
    "PREFIXES", "DATA_PREFIXES", "date_literal", "dataset_terms", "dataset_triples", "build_graph",
    "bind_prefixes", "to_rdflib",
]

Triple = tuple[URIRef, URIRef, "URIRef | Literal"]


_DATATYPES = {DatePrecision.YEAR: str(XSD.gYear), DatePrecision.MONTH: str(XSD.gYearMonth),
              DatePrecision.DAY: str(XSD.date)}


def _iri(term) -> str:
    return f"<{term}>"


class _T:
    """The constant terms used most, as N-Triples text (looked up once)."""

    type = _iri(RDF.type)
    label = _iri(RDFS.label)
    identifier = _iri(DCTERMS.identifier)
    pref = _iri(SKOS.prefLabel)
    alt = _iri(SKOS.altLabel)
    note = _iri(SKOS.note)


_TIME_PROPERTIES = {DatePrecision.YEAR: _iri(TIME.inXSDgYear), DatePrecision.MONTH: _iri(TIME.inXSDgYearMonth),
                    DatePrecision.DAY: _iri(TIME.inXSDDate)}
_INTEGER = str(XSD.integer)


def _date(date: PartialDate) -> str:
    return literal_nt(str(date), _DATATYPES[date.precision])


def _int(value: int) -> str:
    return literal_nt(str(value), _INTEGER)


# --- the mapping ---------------------------------------------------------------------


def dataset_terms(dataset: Dataset) -> Iterator[tuple[str, str, str]]:
    """Every triple of the dataset's graph, exactly once, in a fixed order, as N-Triples terms.

    Streamed: memory does not grow with the number of statements (records other
    than statements are few and deduplicated against each other; every triple of a
    statement has one of the statement's own IRIs as subject).

    Yields
    ------
    (subject, predicate, object) : tuple of str
        N-Triples terms: ``<iri>`` or an escaped literal (``"text"``,
        ``"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>``).

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> next(dataset_terms(load_dataset()))[2]
    '<http://www.w3.org/2004/02/skos/core#ConceptScheme>'
    """
    base = str(dataset.info.base_iri)
    base = base if base.endswith(("/", "#")) else base + "/"
    rdf_type = _T.type
    classes: Counter = Counter()
    count = 0
    seen: set[tuple[str, str, str]] = set()
    for part in (_concepts, _organisations, _people, _documents):
        for triple in part(dataset, base):
            if triple in seen:  # e.g. two memberships of one organisation
                continue
            seen.add(triple)
            count += 1
            if triple[1] == rdf_type:
                classes[triple[2]] += 1
            yield triple
    seen.clear()
    for part in (_statements, _truthy):
        for triple in part(dataset, base):
            count += 1
            if triple[1] == rdf_type:
                classes[triple[2]] += 1
            yield triple
    yield from _dataset_node(dataset, base, count, classes)


def _labels(node: str, name: str, aliases) -> Iterator[tuple[str, str, str]]:
    yield node, _T.label, literal_nt(name)
    for alias in aliases:
        yield node, _T.alt, literal_nt(alias)


def _concepts(ds: Dataset, base: str):
    scheme = f"<{base}concepts>"
    in_scheme, definition, broader, narrower = _iri(SKOS.inScheme), _iri(SKOS.definition), \
        _iri(SKOS.broader), _iri(SKOS.narrower)
    top_of, has_top, related_p, concept_cls = _iri(SKOS.topConceptOf), _iri(SKOS.hasTopConcept), \
        _iri(SKOS.related), _iri(SKOS.Concept)
    yield scheme, _T.type, _iri(SKOS.ConceptScheme)
    yield scheme, _T.pref, literal_nt(f"Concepts of {ds.info.title}")
    for cid, concept in ds.concepts.items():
        node = f"<{base}concept/{cid}>"
        yield node, _T.type, concept_cls
        yield node, in_scheme, scheme
        yield node, _T.pref, literal_nt(concept.label)
        yield node, definition, literal_nt(concept.definition)
        yield node, _T.identifier, literal_nt(cid)
        yield from _labels(node, concept.label, concept.aliases)
        if concept.broader:
            parent = f"<{base}concept/{concept.broader}>"
            yield node, broader, parent
            yield parent, narrower, node
        else:
            yield node, top_of, scheme
            yield scheme, has_top, node
        for related in concept.related:
            yield node, related_p, f"<{base}concept/{related}>"


WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
"""Namespace of Wikidata's entity IRIs (``wd:``): a ``wikidata: Q…`` id is ``owl:sameAs`` and ``schema:sameAs`` this + id."""


def _same_as(node: str, wikidata: str | None):
    if wikidata:
        entity = f"<{WIKIDATA_ENTITY}{wikidata}>"
        yield node, _iri(OWL.sameAs), entity
        yield node, _iri(SDO.sameAs), entity


def _organisations(ds: Dataset, base: str):
    org_cls, foaf_org, foaf_name = _iri(ORG.Organization), _iri(FOAF.Organization), _iri(FOAF.name)
    classification, sub_of, homepage = _iri(ORG.classification), _iri(ORG.subOrganizationOf), _iri(FOAF.homepage)
    kinds = {kind: _iri(term) for kind, term in ORGANISATION_KIND_TERMS.items()}
    for oid, organisation in ds.organisations.items():
        node = f"<{base}organisation/{oid}>"
        yield node, _T.type, org_cls
        yield node, _T.type, foaf_org
        yield node, _T.pref, literal_nt(organisation.name)
        yield node, foaf_name, literal_nt(organisation.name)
        yield node, _T.identifier, literal_nt(oid)
        yield from _labels(node, organisation.name, organisation.aliases)
        yield node, classification, kinds[organisation.kind]
        if organisation.parent:
            yield node, sub_of, f"<{base}organisation/{organisation.parent}>"
        if organisation.url:
            yield node, homepage, f"<{organisation.url}>"
        yield from _same_as(node, organisation.wikidata)
        if organisation.note:
            yield node, _T.note, literal_nt(organisation.note)


def _people(ds: Dataset, base: str):
    person_cls, sdo_person, foaf_name = _iri(FOAF.Person), _iri(SDO.Person), _iri(FOAF.name)
    membership_cls, member, organization = _iri(ORG.Membership), _iri(ORG.member), _iri(ORG.organization)
    member_of, role_p, derived = _iri(ORG.memberOf), _iri(ORG.role), _iri(PROV.wasDerivedFrom)
    during, interval_cls, instant_cls = _iri(ORG.memberDuring), _iri(TIME.Interval), _iri(TIME.Instant)
    begin_end = {"start": _iri(TIME.hasBeginning), "end": _iri(TIME.hasEnd)}
    roles: dict[str, str] = {}
    for pid, person in ds.people.items():
        node = f"<{base}person/{pid}>"
        yield node, _T.type, person_cls
        yield node, _T.type, sdo_person
        yield node, foaf_name, literal_nt(person.name)
        yield node, _T.identifier, literal_nt(pid)
        yield from _labels(node, person.name, person.aliases)
        yield from _same_as(node, person.wikidata)
        if person.note:
            yield node, _T.note, literal_nt(person.note)
        for index, aff in enumerate(person.affiliations):
            stem = f"{base}person/{pid}/membership/{index + 1}"
            membership = f"<{stem}>"
            organisation = f"<{base}organisation/{aff.organisation}>"
            yield membership, _T.type, membership_cls
            yield membership, member, node
            yield membership, organization, organisation
            yield node, member_of, organisation
            if aff.role:
                role = f"{base}role/{slugify(aff.role)}"
                roles.setdefault(role, aff.role)
                yield membership, role_p, f"<{role}>"
                yield membership, _T.label, literal_nt(aff.role)
            if aff.source:
                yield membership, derived, f"<{base}document/{aff.source}>"
            if aff.note:
                yield membership, _T.note, literal_nt(aff.note)
            if aff.start or aff.end:
                interval = f"<{stem}/during>"
                yield membership, during, interval
                yield interval, _T.type, interval_cls
                for which, date in (("start", aff.start), ("end", aff.end)):
                    if date is None:
                        continue
                    instant = f"<{stem}/{which}>"
                    yield interval, begin_end[which], instant
                    yield instant, _T.type, instant_cls
                    yield instant, _TIME_PROPERTIES[date.precision], _date(date)
    role_cls = _iri(ORG.Role)
    for role, label in sorted(roles.items()):
        yield f"<{role}>", _T.type, role_cls
        yield f"<{role}>", _T.pref, literal_nt(label)


def _documents(ds: Dataset, base: str):
    doc_cls, title, date_p, type_p = _iri(FOAF.Document), _iri(DCTERMS.title), _iri(DCTERMS.date), _iri(DCTERMS.type)
    publisher, creator, page, inferred = _iri(DCTERMS.publisher), _iri(DCTERMS.creator), _iri(FOAF.page), \
        _iri(SG.inferred)
    kinds = {kind: _iri(term) for kind, term in DOCUMENT_KIND_TERMS.items()}
    for did, doc in ds.documents.items():
        node = f"<{base}document/{did}>"
        yield node, _T.type, doc_cls
        yield node, title, literal_nt(doc.title)
        yield node, _T.label, literal_nt(doc.title)
        yield node, _T.identifier, literal_nt(did)
        yield node, date_p, _date(doc.date)
        yield node, type_p, kinds[doc.kind]
        if doc.publisher:
            yield node, publisher, f"<{base}organisation/{doc.publisher}>"
        for author in doc.authors:
            yield node, creator, f"<{base}person/{author}>"
        if doc.url:
            yield node, page, f"<{doc.url}>"
        for field in doc.inferred:
            yield node, inferred, literal_nt(field.value)
        if doc.note:
            yield node, _T.note, literal_nt(doc.note)


def _statement_label(ds: Dataset, st) -> str:
    who = []
    if st.speaker:
        who.append(ds.people[st.speaker].name)
    if st.organisation:
        name = ds.organisations[st.organisation].name
        who.append(f"({name})" if who else name)
    return f"{' '.join(who)} — {st.stance.value} — {ds.concepts[st.concept].label}"


def _statements(ds: Dataset, base: str):
    st_cls, speaker_p, behalf, concept_p = _iri(SG.Statement), _iri(SG.speaker), _iri(SG.onBehalfOf), \
        _iri(SG.concept)
    stance_p, attribution_p, date_p, derived = _iri(SG.stance), _iri(SG.attribution), _iri(DCTERMS.date), \
        _iri(PROV.wasDerivedFrom)
    evidence_p, specific, has_source, has_selector = _iri(SG.evidence), _iri(OA.SpecificResource), \
        _iri(OA.hasSource), _iri(OA.hasSelector)
    tqs, exact, prefix_p, suffix_p = _iri(OA.TextQuoteSelector), _iri(OA.exact), _iri(OA.prefix), _iri(OA.suffix)
    tps, start_p, end_p = _iri(OA.TextPositionSelector), _iri(OA.start), _iri(OA.end)
    stances = {k: _iri(v) for k, v in STANCE_TERMS.items()}
    attributions = {k: _iri(v) for k, v in ATTRIBUTION_TERMS.items()}
    doc_dates = {did: _date(doc.date) for did, doc in ds.documents.items()}
    matches, people, mentions_p = ds.quote_matches, ds.people, _iri(SDO.mentions)
    qualifier_p, coder_p = _iri(SG.qualifier), _iri(SG.coder)

    def one(sid, st):
        stem = f"{base}statement/{sid}"
        node = f"<{stem}>"
        document = f"<{base}document/{st.document}>"
        yield node, _T.type, st_cls
        yield node, _T.label, literal_nt(_statement_label(ds, st))
        yield node, _T.identifier, literal_nt(sid)
        if st.speaker:
            yield node, speaker_p, f"<{base}person/{st.speaker}>"
        if st.organisation:
            yield node, behalf, f"<{base}organisation/{st.organisation}>"
        yield node, concept_p, f"<{base}concept/{st.concept}>"
        yield node, stance_p, stances[st.stance]
        yield node, attribution_p, attributions[st.attribution]
        yield node, date_p, _date(st.date) if st.date else doc_dates[st.document]
        yield node, derived, document
        for mentioned in st.mentions:
            kind = "person" if mentioned in people else "organisation"
            yield node, mentions_p, f"<{base}{kind}/{mentioned}>"
        if st.qualifier is not None:
            yield node, qualifier_p, _int(st.qualifier)
        if st.coder:
            yield node, coder_p, literal_nt(st.coder)
        if st.note:
            yield node, _T.note, literal_nt(st.note)
        evidence, selector = f"<{stem}/evidence>", f"<{stem}/quote>"
        yield node, evidence_p, evidence
        yield evidence, _T.type, specific
        yield evidence, has_source, document
        yield evidence, has_selector, selector
        yield selector, _T.type, tqs
        match = matches.get(sid)
        yield selector, exact, literal_nt(match.exact if match else st.quote)
        if match is not None:
            if match.prefix:
                yield selector, prefix_p, literal_nt(match.prefix)
            if match.suffix:
                yield selector, suffix_p, literal_nt(match.suffix)
            position = f"<{stem}/position>"
            yield evidence, has_selector, position
            yield position, _T.type, tps
            yield position, start_p, _int(match.start)
            yield position, end_p, _int(match.end)

    # every triple of a statement has one of the statement's own IRIs as subject,
    # so duplicates can only occur within one statement
    for sid, st in ds.statements.items():
        yield from dict.fromkeys(one(sid, st))


def _truthy(ds: Dataset, base: str):
    props = {k: _iri(v) for k, v in TRUTHY_TERMS.items()}
    truthy = set()
    for st in ds.statements.values():
        prop, concept = props[st.stance], f"<{base}concept/{st.concept}>"
        if st.speaker:
            truthy.add((f"<{base}person/{st.speaker}>", prop, concept))
        if st.organisation:
            truthy.add((f"<{base}organisation/{st.organisation}>", prop, concept))
    yield from sorted(truthy)


def _dataset_node(ds: Dataset, base: str, body_count: int, classes: Counter):
    info = ds.info
    node = f"<{base}dataset>"
    yield node, _T.type, _iri(VOID.Dataset)
    yield node, _T.type, _iri(DCAT.Dataset)
    yield node, _T.identifier, literal_nt(info.id)
    yield node, _iri(DCTERMS.title), literal_nt(info.title)
    yield node, _iri(OWL.versionInfo), literal_nt(info.version)
    yield node, _iri(VOID.uriSpace), literal_nt(str(info.base_iri))
    yield node, _iri(VOID.rootResource), f"<{base}concepts>"
    count = 7
    if info.description:
        count += 1
        yield node, _iri(DCTERMS.description), literal_nt(info.description)
    if info.licence:
        count += 1
        yield node, _iri(DCTERMS.license), f"<{info.licence}>"
    if info.issued:
        count += 1
        yield node, _iri(DCTERMS.issued), _date(info.issued)
    for creator in info.creators:
        count += 1
        yield node, _iri(DCTERMS.creator), literal_nt(creator)
    source = _iri(DCTERMS.source)
    for did in ds.documents:
        count += 1
        yield node, source, f"<{base}document/{did}>"
    partition_p, class_p, entities = _iri(VOID.classPartition), _iri(VOID["class"]), _iri(VOID.entities)
    for cls in (SG.Statement, FOAF.Person, ORG.Organization, SKOS.Concept, FOAF.Document, ORG.Membership):
        partition = f"<{base}dataset/partition/{cls.split('/')[-1].split('#')[-1]}>"
        count += 3
        yield node, partition_p, partition
        yield partition, class_p, _iri(cls)
        yield partition, entities, _int(classes.get(_iri(cls), 0))
    count += 1
    yield node, entities, _int(sum(ds.counts().values()))
    # void:triples counts every triple of the graph, itself included
    yield node, _iri(VOID.triples), _int(body_count + count + 1)


# --- the rdflib sink -----------------------------------------------------------------

_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.S)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape_char(match: re.Match) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ECHARS[match.group(3)]


def unescape_literal(text: str) -> str:
    """The string an escaped N-Triples literal body stands for (ECHAR and UCHAR, RDF 1.1 N-Triples §2.4).

    >>> unescape_literal('say \\\\"hi\\\\"\\\\n\\\\u2028')
    'say "hi"\\n\\u2028'
    """
    return _UNESCAPE.sub(_unescape_char, text) if "\\" in text else text


def to_rdflib(terms: Iterable[tuple[str, str, str]]) -> Iterator[Triple]:
    """N-Triples term triples (from :func:`dataset_terms`) as rdflib term triples.

    Each distinct IRI becomes one :class:`~rdflib.URIRef`, made once (IRIs repeat:
    predicates, classes, every statement's concept and speaker). Only the forms
    :func:`.ntriples.literal_nt` writes are read: ``"…"`` and ``"…"^^<datatype>``.
    """
    iris: dict[str, URIRef] = {}

    def iri(term: str) -> URIRef:
        node = iris.get(term)
        if node is None:
            node = iris[term] = URIRef(term[1:-1])
        return node

    for s, p, o in terms:
        if o[0] == "<":
            yield iri(s), iri(p), iri(o)
        elif o[-1] == '"':
            yield iri(s), iri(p), Literal(unescape_literal(o[1:-1]))
        else:
            end = o.rindex('"^^<')
            yield iri(s), iri(p), Literal(unescape_literal(o[1:end]), datatype=iri(o[end + 3:]))


def dataset_triples(dataset: Dataset) -> Iterator[Triple]:
    """Every triple of the dataset's graph exactly once, in a fixed order, as rdflib terms."""
    return to_rdflib(dataset_terms(dataset))


def date_literal(date: PartialDate) -> Literal:
    """A partial date as ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``.

    >>> date_literal(PartialDate.parse("2015")).datatype.endswith("gYear")
    True
    """
    return Literal(str(date), datatype=URIRef(_DATATYPES[date.precision]))


def build_graph(dataset: Dataset, graph: Graph | None = None) -> Graph:
    """Build the RDF graph of ``dataset`` in rdflib (the mapping's rdflib sink).

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset; when it was loaded with a corpus, quotes also get
        ``oa:prefix``/``oa:suffix`` and an ``oa:TextPositionSelector``.
    graph : rdflib.Graph, optional
        The graph to add to; a new graph in rdflib's in-memory store when omitted.

    Returns
    -------
    rdflib.Graph
    """
    graph = graph if graph is not None else Graph(bind_namespaces="none")
    bind_prefixes(graph, str(dataset.info.base_iri))
    graph.addN((s, p, o, graph) for s, p, o in dataset_triples(dataset))
    return graph

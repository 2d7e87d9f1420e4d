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
:func:`dataset_term_groups` is the only place the mapping is written. It yields
each triple once, in a fixed order, as three N-Triples term strings (``<iri>``,
``"text"``, ``"2015"^^<…#gYear>``; escaped by :func:`.ntriples.literal_nt`), in
one list per record (a concept, a person with their memberships, a statement with
its evidence …), each subject's triples together. Every sink consumes that one
stream (:func:`dataset_terms` is the same triples one by one):

- :mod:`.ntriples` joins the terms into N-Triples lines and chunks, which
  Oxigraph's streaming writers (:mod:`.streamed`: ``build`` and ``export``), its
  bulk loader (:mod:`stancegraph.graph.stores.store`) and a SPARQL server (Graph
  Store Protocol ``PUT`` or ``INSERT DATA``) take;
- :func:`dataset_triples` / :func:`build_graph` turn the terms into rdflib terms
  (:func:`to_rdflib`: each IRI once, a literal split at its closing quote and
  unescaped only when it holds a backslash), for pySHACL, JSON-LD and rdflib users;
- :func:`count_triples` (``check``) adds up the groups' lengths.

Why N-Triples-ready strings rather than rdflib terms or neutral tuples: the bulk
path is the one that must be fast. Measured at 100,000 statements (1.9 M triples,
GC paused, best of two, same process): the N-Triples of the former separate
writer 2.79 s; the same mapping emitting neutral ``(text, datatype)`` tuples that
the sink then renders 3.32 s (+19 %, and more with the garbage collector on: the
tuples are tracked objects); N-Triples-ready strings cost what the old writer
cost, because they *are* its text. The rdflib sink pays the parsing instead, which
is small next to rdflib's own cost of adding a triple to its store.

Why groups: a list per record costs less than a generator step per triple, and
its length counts without a step at all (100,000 statements: ``check``'s count
1.3 -> 0.86 s, the N-Triples 1.9 -> 1.3 s); a count that skipped the literals'
escaping would save only 0.17 s more, not worth a second path through the mapping.
Grouping each subject's triples lets a streaming writer give every subject one
Turtle block (Turtle at 100,000 statements: 128 -> 90 MB).

Adding a field is one line below (e.g. ``add((node, _iri(SG.coder),
literal_nt(st.coder)))`` beside the triples of its subject): every sink follows.
"""

from __future__ import annotations

import re
from itertools import chain
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
    "PREFIXES", "DATA_PREFIXES", "date_literal", "dataset_term_groups", "dataset_terms", "count_triples",
    "dataset_triples", "build_graph",
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


def dataset_term_groups(dataset: Dataset) -> Iterator[list[tuple[str, str, str]]]:
    """Every triple of the dataset's graph, exactly once, in a fixed order, one list per record.

    A group is one record's triples: the concept scheme; a concept (with the
    ``skos:narrower`` links to its children); an organisation or a person (with the
    truthy shortcuts of their statements, and a person's memberships); the roles;
    a document; a statement (with its evidence and quote selectors); the dataset
    node (with its VoID class partitions, ``void:triples`` last). Each subject's
    triples stand together, and no subject is in two groups, so Oxigraph's
    streaming writers give every subject one block (:mod:`.streamed`), and
    ``sum(map(len, groups))`` counts the graph's triples (:func:`count_triples`)
    without joining them into text.

    Streamed: memory does not grow with the number of statements (apart from the
    truthy shortcuts, gathered before the first organisation: one entry per actor
    and concept).

    Yields
    ------
    list of (subject, predicate, object)
        N-Triples terms: ``<iri>`` or an escaped literal (``"text"``,
        ``"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>``).

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> next(dataset_term_groups(load_dataset()))[0][2]
    '<http://www.w3.org/2004/02/skos/core#ConceptScheme>'
    """
    base = str(dataset.info.base_iri)
    base = base if base.endswith(("/", "#")) else base + "/"
    count = 0
    truthy = _truthy(dataset, base)
    for part in (_concepts, _organisations, _people, _documents):
        for group in part(dataset, base, truthy):
            # every triple's subject is one of its group's own IRIs: duplicates (an alias given
            # twice, two memberships of one organisation) can only be within a group
            if len(set(group)) != len(group):
                group = list(dict.fromkeys(group))
            count += len(group)
            yield group
    for group in _statements(dataset, base, truthy):  # no duplicates: see _statements
        count += len(group)
        yield group
    yield _dataset_node(dataset, base, count)


def dataset_terms(dataset: Dataset) -> Iterator[tuple[str, str, str]]:
    """Every triple of the dataset's graph, exactly once, in a fixed order, as N-Triples terms.

    :func:`dataset_term_groups`, one triple at a time.

    Yields
    ------
    (subject, predicate, object) : tuple of str

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> next(dataset_terms(load_dataset()))[2]
    '<http://www.w3.org/2004/02/skos/core#ConceptScheme>'
    """
    return chain.from_iterable(dataset_term_groups(dataset))


def count_triples(dataset: Dataset) -> int:
    """How many triples the dataset's graph has (what ``build`` writes; its ``void:triples``).

    The mapping's groups are made and measured, never joined into text or rdflib
    terms (100,000 statements: ~0.86 s, against ~1.3 s when every triple was
    streamed one by one).

    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> count_triples(load_dataset()) > 1000
    True
    """
    return sum(map(len, dataset_term_groups(dataset)))


def _labels(add, node: str, name: str, aliases) -> None:
    add((node, _T.label, literal_nt(name)))
    for alias in aliases:
        add((node, _T.alt, literal_nt(alias)))


def _concepts(ds: Dataset, base: str, _truthy):
    scheme = f"<{base}concepts>"
    in_scheme, definition, broader, narrower = _iri(SKOS.inScheme), _iri(SKOS.definition), \
        _iri(SKOS.broader), _iri(SKOS.narrower)
    top_of, has_top, related_p, concept_cls = _iri(SKOS.topConceptOf), _iri(SKOS.hasTopConcept), \
        _iri(SKOS.related), _iri(SKOS.Concept)
    children: dict[str, list[str]] = {}
    for cid, concept in ds.concepts.items():
        children.setdefault(concept.broader or "", []).append(f"<{base}concept/{cid}>")
    group = [(scheme, _T.type, _iri(SKOS.ConceptScheme)),
             (scheme, _T.pref, literal_nt(f"Concepts of {ds.info.title}"))]
    group += [(scheme, has_top, child) for child in children.get("", ())]
    yield group
    for cid, concept in ds.concepts.items():
        node = f"<{base}concept/{cid}>"
        group = [(node, _T.type, concept_cls), (node, in_scheme, scheme), (node, _T.pref, literal_nt(concept.label)),
                 (node, definition, literal_nt(concept.definition)), (node, _T.identifier, literal_nt(cid))]
        add = group.append
        _labels(add, node, concept.label, concept.aliases)
        if concept.broader:
            add((node, broader, f"<{base}concept/{concept.broader}>"))
        else:
            add((node, top_of, scheme))
        group += [(node, narrower, child) for child in children.get(cid, ())]
        group += [(node, related_p, f"<{base}concept/{related}>") for related in concept.related]
        yield group


WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
"""Namespace of Wikidata's entity IRIs (``wd:``): a ``wikidata: Q…`` id is ``owl:sameAs`` and ``schema:sameAs`` this + id."""


def _same_as(add, node: str, wikidata: str | None) -> None:
    if wikidata:
        entity = f"<{WIKIDATA_ENTITY}{wikidata}>"
        add((node, _iri(OWL.sameAs), entity))
        add((node, _iri(SDO.sameAs), entity))


def _organisations(ds: Dataset, base: str, truthy: dict[str, list[tuple[str, str]]]):
    org_cls, foaf_org, foaf_name = _iri(ORG.Organization), _iri(FOAF.Organization), _iri(FOAF.name)
    classification, sub_of, homepage = _iri(ORG.classification), _iri(ORG.subOrganizationOf), _iri(FOAF.homepage)
    kinds = {kind: _iri(term) for kind, term in ORGANISATION_KIND_TERMS.items()}
    for oid, organisation in ds.organisations.items():
        node = f"<{base}organisation/{oid}>"
        name = literal_nt(organisation.name)
        group = [(node, _T.type, org_cls), (node, _T.type, foaf_org), (node, _T.pref, name), (node, foaf_name, name),
                 (node, _T.identifier, literal_nt(oid))]
        add = group.append
        _labels(add, node, organisation.name, organisation.aliases)
        add((node, classification, kinds[organisation.kind]))
        if organisation.parent:
            add((node, sub_of, f"<{base}organisation/{organisation.parent}>"))
        if organisation.url:
            add((node, homepage, f"<{organisation.url}>"))
        _same_as(add, node, organisation.wikidata)
        if organisation.note:
            add((node, _T.note, literal_nt(organisation.note)))
        group += [(node, prop, concept) for prop, concept in truthy.get(node, ())]
        yield group


def _people(ds: Dataset, base: str, truthy: dict[str, list[tuple[str, str]]]):
    person_cls, sdo_person, foaf_name = _iri(FOAF.Person), _iri(SDO.Person), _iri(FOAF.name)
    membership_cls, member, organization = _iri(ORG.Membership), _iri(ORG.member), _iri(ORG.organization)
    member_of, role_p, derived = _iri(ORG.memberOf), _iri(ORG.role), _iri(PROV.wasDerivedFrom)
    during, interval_cls, instant_cls = _iri(ORG.memberDuring), _iri(TIME.Interval), _iri(TIME.Instant)
    begin_end = {"start": _iri(TIME.hasBeginning), "end": _iri(TIME.hasEnd)}
    roles: dict[str, str] = {}
    for pid, person in ds.people.items():
        node = f"<{base}person/{pid}>"
        group = [(node, _T.type, person_cls), (node, _T.type, sdo_person), (node, foaf_name, literal_nt(person.name)),
                 (node, _T.identifier, literal_nt(pid))]
        add = group.append
        _labels(add, node, person.name, person.aliases)
        _same_as(add, node, person.wikidata)
        if person.note:
            add((node, _T.note, literal_nt(person.note)))
        group += [(node, member_of, f"<{base}organisation/{aff.organisation}>") for aff in person.affiliations]
        group += [(node, prop, concept) for prop, concept in truthy.get(node, ())]
        for index, aff in enumerate(person.affiliations):
            stem = f"{base}person/{pid}/membership/{index + 1}"
            membership = f"<{stem}>"
            add((membership, _T.type, membership_cls))
            add((membership, member, node))
            add((membership, organization, f"<{base}organisation/{aff.organisation}>"))
            if aff.role:
                role = f"{base}role/{slugify(aff.role)}"
                roles.setdefault(role, aff.role)
                add((membership, role_p, f"<{role}>"))
                add((membership, _T.label, literal_nt(aff.role)))
            if aff.source:
                add((membership, derived, f"<{base}document/{aff.source}>"))
            if aff.note:
                add((membership, _T.note, literal_nt(aff.note)))
            if aff.start or aff.end:
                interval = f"<{stem}/during>"
                add((membership, during, interval))
                add((interval, _T.type, interval_cls))
                dates = [(which, date) for which, date in (("start", aff.start), ("end", aff.end)) if date is not None]
                group += [(interval, begin_end[which], f"<{stem}/{which}>") for which, _ in dates]
                for which, date in dates:
                    instant = f"<{stem}/{which}>"
                    add((instant, _T.type, instant_cls))
                    add((instant, _TIME_PROPERTIES[date.precision], _date(date)))
        yield group
    role_cls = _iri(ORG.Role)
    for role, label in sorted(roles.items()):
        yield [(f"<{role}>", _T.type, role_cls), (f"<{role}>", _T.pref, literal_nt(label))]


def _documents(ds: Dataset, base: str, _truthy):
    doc_cls, title, date_p, type_p = _iri(FOAF.Document), _iri(DCTERMS.title), _iri(DCTERMS.date), _iri(DCTERMS.type)
    publisher, creator, page, inferred = _iri(DCTERMS.publisher), _iri(DCTERMS.creator), _iri(FOAF.page), \
        _iri(SG.inferred)
    kinds = {kind: _iri(term) for kind, term in DOCUMENT_KIND_TERMS.items()}
    for did, doc in ds.documents.items():
        node = f"<{base}document/{did}>"
        text = literal_nt(doc.title)
        group = [(node, _T.type, doc_cls), (node, title, text), (node, _T.label, text),
                 (node, _T.identifier, literal_nt(did)), (node, date_p, _date(doc.date)), (node, type_p, kinds[doc.kind])]
        add = group.append
        if doc.publisher:
            add((node, publisher, f"<{base}organisation/{doc.publisher}>"))
        group += [(node, creator, f"<{base}person/{author}>") for author in doc.authors]
        if doc.url:
            add((node, page, f"<{doc.url}>"))
        group += [(node, inferred, literal_nt(field.value)) for field in doc.inferred]
        if doc.note:
            add((node, _T.note, literal_nt(doc.note)))
        yield group


def _statements(ds: Dataset, base: str, _truthy):
    """One group per statement, without duplicates: every triple has a predicate or a subject of its own,
    but for ``schema:mentions``, whose ids are taken once each (checking every group: +0.1 s at 100k)."""
    st_cls, speaker_p, behalf, concept_p = _iri(SG.Statement), _iri(SG.speaker), _iri(SG.onBehalfOf), \
        _iri(SG.concept)
    stance_p, attribution_p, date_p, derived = _iri(SG.stance), _iri(SG.attribution), _iri(DCTERMS.date), \
        _iri(PROV.wasDerivedFrom)
    evidence_p, specific, has_source, has_selector = _iri(SG.evidence), _iri(OA.SpecificResource), \
        _iri(OA.hasSource), _iri(OA.hasSelector)
    tqs, exact, prefix_p, suffix_p = _iri(OA.TextQuoteSelector), _iri(OA.exact), _iri(OA.prefix), _iri(OA.suffix)
    tps, start_p, end_p = _iri(OA.TextPositionSelector), _iri(OA.start), _iri(OA.end)
    type_p, label_p, identifier_p, note_p = _T.type, _T.label, _T.identifier, _T.note
    stances = {k: _iri(v) for k, v in STANCE_TERMS.items()}
    attributions = {k: _iri(v) for k, v in ATTRIBUTION_TERMS.items()}
    doc_dates = {did: _date(doc.date) for did, doc in ds.documents.items()}
    matches, people, mentions_p = ds.quote_matches, ds.people, _iri(SDO.mentions)
    qualifier_p, coder_p = _iri(SG.qualifier), _iri(SG.coder)
    for sid, st in ds.statements.items():
        stem = f"{base}statement/{sid}"
        node = f"<{stem}>"
        document = f"<{base}document/{st.document}>"
        group = [(node, type_p, st_cls), (node, label_p, literal_nt(_statement_label(ds, st))), (node, identifier_p, literal_nt(sid))]
        add = group.append
        if st.speaker:
            add((node, speaker_p, f"<{base}person/{st.speaker}>"))
        if st.organisation:
            add((node, behalf, f"<{base}organisation/{st.organisation}>"))
        evidence, selector = f"<{stem}/evidence>", f"<{stem}/quote>"
        group += ((node, concept_p, f"<{base}concept/{st.concept}>"), (node, stance_p, stances[st.stance]),
                  (node, attribution_p, attributions[st.attribution]),
                  (node, date_p, _date(st.date) if st.date else doc_dates[st.document]), (node, derived, document))
        for mentioned in (dict.fromkeys(st.mentions) if len(st.mentions) > 1 else st.mentions):
            add((node, mentions_p, f"<{base}{'person' if mentioned in people else 'organisation'}/{mentioned}>"))
        if st.qualifier is not None:
            add((node, qualifier_p, _int(st.qualifier)))
        if st.coder:
            add((node, coder_p, literal_nt(st.coder)))
        if st.note:
            add((node, note_p, literal_nt(st.note)))
        match = matches.get(sid)
        group += ((node, evidence_p, evidence), (evidence, type_p, specific), (evidence, has_source, document),
                  (evidence, has_selector, selector))
        if match is None:
            group += ((selector, type_p, tqs), (selector, exact, literal_nt(st.quote)))
            yield group
            continue
        position = f"<{stem}/position>"
        group += ((evidence, has_selector, position), (selector, type_p, tqs), (selector, exact, literal_nt(match.exact)))
        if match.prefix:
            add((selector, prefix_p, literal_nt(match.prefix)))
        if match.suffix:
            add((selector, suffix_p, literal_nt(match.suffix)))
        group += ((position, type_p, tps), (position, start_p, _int(match.start)), (position, end_p, _int(match.end)))
        yield group


def _statement_label(ds: Dataset, st) -> str:
    """``rdfs:label`` of a statement: "Ann Smith (Blue Party) — support — Markets"."""
    who = []
    if st.speaker:
        who.append(ds.people[st.speaker].name)
    if st.organisation:
        name = ds.organisations[st.organisation].name
        who.append(f"({name})" if who else name)
    return f"{' '.join(who)} — {st.stance.value} — {ds.concepts[st.concept].label}"


def _truthy(ds: Dataset, base: str) -> dict[str, list[tuple[str, str]]]:
    """Every actor's truthy shortcuts (``sg:supports``, ``sg:opposes``, ``sg:mixedOn`` a concept), sorted."""
    props = {k: _iri(v) for k, v in TRUTHY_TERMS.items()}
    concepts = {cid: f"<{base}concept/{cid}>" for cid in ds.concepts}
    people = {pid: f"<{base}person/{pid}>" for pid in ds.people}
    organisations = {oid: f"<{base}organisation/{oid}>" for oid in ds.organisations}
    truthy: dict[str, set[tuple[str, str]]] = {}
    for st in ds.statements.values():
        shortcut = (props[st.stance], concepts[st.concept])
        if st.speaker:
            truthy.setdefault(people[st.speaker], set()).add(shortcut)
        if st.organisation:
            truthy.setdefault(organisations[st.organisation], set()).add(shortcut)
    return {actor: sorted(shortcuts) for actor, shortcuts in truthy.items()}


def _dataset_node(ds: Dataset, base: str, body_count: int) -> list[tuple[str, str, str]]:
    """The VoID/DCAT node and its class partitions; ``void:triples`` (last) counts every triple, itself included.

    A partition's ``void:entities`` is the number of records typed with its class
    above: one node per record, and one ``org:Membership`` per affiliation (counting
    the ``rdf:type`` triples of the stream instead cost 0.2 s at 100,000 statements;
    a test compares them with the graph).
    """
    info = ds.info
    classes = {SG.Statement: len(ds.statements), FOAF.Person: len(ds.people), ORG.Organization: len(ds.organisations),
               SKOS.Concept: len(ds.concepts), FOAF.Document: len(ds.documents),
               ORG.Membership: sum(len(person.affiliations) for person in ds.people.values())}
    node = f"<{base}dataset>"
    partition_p, class_p, entities = _iri(VOID.classPartition), _iri(VOID["class"]), _iri(VOID.entities)
    group = []
    add = group.append
    partitions = []
    for cls, members in classes.items():
        partition = f"<{base}dataset/partition/{cls.split('/')[-1].split('#')[-1]}>"
        partitions.append(partition)
        add((partition, class_p, _iri(cls)))
        add((partition, entities, _int(members)))
    group += ((node, _T.type, _iri(VOID.Dataset)), (node, _T.type, _iri(DCAT.Dataset)),
              (node, _T.identifier, literal_nt(info.id)), (node, _iri(DCTERMS.title), literal_nt(info.title)),
              (node, _iri(OWL.versionInfo), literal_nt(info.version)),
              (node, _iri(VOID.uriSpace), literal_nt(str(info.base_iri))),
              (node, _iri(VOID.rootResource), f"<{base}concepts>"))
    if info.description:
        add((node, _iri(DCTERMS.description), literal_nt(info.description)))
    if info.licence:
        add((node, _iri(DCTERMS.license), f"<{info.licence}>"))
    if info.issued:
        add((node, _iri(DCTERMS.issued), _date(info.issued)))
    group += [(node, _iri(DCTERMS.creator), literal_nt(creator)) for creator in info.creators]
    source = _iri(DCTERMS.source)
    group += [(node, source, f"<{base}document/{did}>") for did in ds.documents]
    group += [(node, partition_p, partition) for partition in partitions]
    add((node, entities, _int(sum(ds.counts().values()))))
    group = list(dict.fromkeys(group))  # a creator named twice
    group.append((node, _iri(VOID.triples), _int(body_count + len(group) + 1)))
    return group


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

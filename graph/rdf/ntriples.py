"""The dataset's graph as N-Triples text, fast: the bulk path of :mod:`.rdf`.

:func:`stancegraph.graph.rdf.mapping.dataset_triples` builds rdflib term objects, which
costs several microseconds per triple — a minute for a debate of 100,000
statements. This module writes the *same* triples (the test suite checks that
both give identical graphs) straight as N-Triples lines, with no term objects, so
a store can bulk-load them (``pyoxigraph.Store.bulk_load``) or a server receive
them (Graph Store Protocol). Keep it in step with :mod:`.rdf`: a change to the
mapping must be made in both, and ``tests/test_ntriples.py`` fails until it is.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Iterator

from rdflib import RDF, RDFS, XSD
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

__all__ = ["dataset_ntriples", "ntriples_chunks", "ntriples_bytes", "NTriplesReader", "literal_nt"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _iri(term) -> str:
    return f"<{term}>"


def literal_nt(value: str, datatype: str | None = None) -> str:
    """An N-Triples literal: ``"value"`` or ``"value"^^<datatype>``, escaped.

    >>> literal_nt('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    >>> literal_nt("2015", "http://www.w3.org/2001/XMLSchema#gYear")
    '"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    text = '"' + value.translate(_ESCAPES) + '"'
    return f"{text}^^<{datatype}>" if datatype else text


class _T:
    """Every constant term the mapping uses, as N-Triples text (looked up once)."""

    type = _iri(RDF.type)
    label = _iri(RDFS.label)
    identifier = _iri(DCTERMS.identifier)
    pref = _iri(SKOS.prefLabel)
    alt = _iri(SKOS.altLabel)
    note = _iri(SKOS.note)


_DATATYPES = {DatePrecision.YEAR: str(XSD.gYear), DatePrecision.MONTH: str(XSD.gYearMonth),
              DatePrecision.DAY: str(XSD.date)}
_TIME_PROPERTIES = {DatePrecision.YEAR: _iri(TIME.inXSDgYear), DatePrecision.MONTH: _iri(TIME.inXSDgYearMonth),
                    DatePrecision.DAY: _iri(TIME.inXSDDate)}
_INTEGER = str(XSD.integer)


def _date(date: PartialDate) -> str:
    return literal_nt(str(date), _DATATYPES[date.precision])


def _int(value: int) -> str:
    return literal_nt(str(value), _INTEGER)


def dataset_ntriples(dataset: Dataset) -> Iterator[str]:
    """The dataset's graph as N-Triples lines (no newline), each triple once.

    The same triples as :func:`stancegraph.graph.rdf.mapping.dataset_triples`, in the same
    order, without building rdflib terms; streamed, so memory does not grow with
    the number of statements.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> lines = list(dataset_ntriples(load_dataset()))
    >>> lines[0].endswith("<http://www.w3.org/2004/02/skos/core#ConceptScheme> .")
    True
    """
    base = str(dataset.info.base_iri)
    base = base if base.endswith(("/", "#")) else base + "/"
    rdf_type = _T.type
    classes: Counter = Counter()
    count = 0
    seen: set[tuple[str, str, str]] = set()
    # records other than statements are few: deduplicate them against each other
    for part in (_concepts, _organisations, _people, _documents):
        for triple in part(dataset, base):
            if triple in seen:
                continue
            seen.add(triple)
            count += 1
            if triple[1] == rdf_type:
                classes[triple[2]] += 1
            yield f"{triple[0]} {triple[1]} {triple[2]} ."
    seen.clear()
    for part in (_statements, _truthy):
        for s, p, o in part(dataset, base):
            count += 1
            if p == rdf_type:
                classes[o] += 1
            yield f"{s} {p} {o} ."
    for s, p, o in _dataset_node(dataset, base, count, classes):
        yield f"{s} {p} {o} ."


def ntriples_chunks(dataset: Dataset, lines_per_chunk: int = 20000) -> Iterator[bytes]:
    """:func:`dataset_ntriples` as UTF-8 chunks of ``lines_per_chunk`` lines each."""
    batch: list[str] = []
    for line in dataset_ntriples(dataset):
        batch.append(line)
        if len(batch) >= lines_per_chunk:
            batch.append("")
            yield "\n".join(batch).encode("utf-8")
            batch = []
    if batch:
        batch.append("")
        yield "\n".join(batch).encode("utf-8")


def ntriples_bytes(dataset: Dataset) -> bytes:
    """:func:`dataset_ntriples` joined into one UTF-8 N-Triples document."""
    return b"".join(ntriples_chunks(dataset))


class NTriplesReader(io.RawIOBase):
    """A read-only binary file over :func:`ntriples_chunks`, for streaming loaders.

    >>> import pyoxigraph
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> store = pyoxigraph.Store()
    >>> store.load(NTriplesReader(load_dataset()), pyoxigraph.RdfFormat.N_TRIPLES)
    >>> len(store) > 1000
    True
    """

    def __init__(self, dataset: Dataset):
        self._chunks = ntriples_chunks(dataset)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


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


def _statements(ds: Dataset, base: str):
    from .mapping import _statement_label

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

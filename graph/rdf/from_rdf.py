"""Read a dataset back from its RDF graph: the inverse of :mod:`.rdf`.

A graph that ``stancegraph build`` wrote (in memory, into Oxigraph on disk, or
onto a SPARQL server) holds everything the discourse networks and the HTML view
need, so they can be computed from a store without the seed files.
:func:`dataset_from_graph` asks SPARQL ``SELECT`` queries — the subjects of each
kind of record, then one query per field (a scan of one property, ~40 in all),
never one per record — and rebuilds the pydantic models, validated as the seed
loader validates them, then cross-checked (:func:`~.integrity.check_integrity`).

The queries run on the graph's own engine: rdflib's for its memory store,
Oxigraph's (directly through pyoxigraph) for an Oxigraph store, the server's for a
SPARQL store. A server's answers are paged (``ORDER BY`` inside a sub-query, then
``LIMIT``/``OFFSET``, which Virtuoso can scroll past its sort limit) and checked
against a ``COUNT`` of the same query, so a server that silently truncates results
(Virtuoso's ``ResultSetMaxRows``) is either paged past or reported, never trusted.
Record counts are also checked against the dataset's VoID class partitions.

What the graph cannot carry back
--------------------------------
Rebuilding the graph from the dataset read back gives the same graph (isomorphic
to the original), but some of what the seed files said is not in the graph:

- where each record was written (seed file and line): ``Dataset.origins`` is empty,
  so problems name the graph, not a file;
- ``Document.corpus_file`` (the corpus is not part of the graph): always ``None``;
- the order of list fields (aliases, authors, related concepts, mentions,
  inferred fields, dataset creators): RDF holds sets, so they come back sorted
  (affiliations keep their order: it is in the membership IRIs);
- a statement date equal to its document's date: the graph states every
  statement's date, so one that equals its document's (same precision) comes
  back as ``None`` (the document's date, the same value for every use);
- a quote verified against a corpus: the graph holds the text as found in the
  source (``oa:exact``), which becomes ``Statement.quote``; offsets, prefix and
  suffix come back in ``Dataset.quote_matches``, but not how many times the quote
  occurs in its source (``QuoteMatch.occurrences`` is 1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import XSD

from stancegraph.schema.dates import DatePrecision, PartialDate
from stancegraph.schema.models import Concept, DatasetInfo, Document, Organisation, Person, Statement
from stancegraph.schema.vocab import (
    ATTRIBUTION_TERMS,
    DOCUMENT_KIND_TERMS,
    ORGANISATION_KIND_TERMS,
    STANCE_TERMS,
)

from ..seeds.dataset import RECORD_NAMES, Dataset
from ..errors import DataError, Problem
from ..seeds.quotes import QuoteMatch
from .mapping import PREFIXES
from ..stores.store import StoreError, StoreSpec, is_oxigraph

__all__ = ["dataset_from_graph", "dataset_from_store", "DEFAULT_PAGE_SIZE"]

DEFAULT_PAGE_SIZE = 10_000
"""Rows per request to a SPARQL server (Virtuoso answers at most 10,000 by default)."""

_DATE_TYPES = {str(XSD.gYear): DatePrecision.YEAR, str(XSD.gYearMonth): DatePrecision.MONTH,
               str(XSD.date): DatePrecision.DAY}
_INTEGER_TYPES = {str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.nonNegativeInteger)}
_STRING_TYPES = {None, str(XSD.string), "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def _inverse(terms: dict) -> dict[str, str]:
    return {str(term): member.value for member, term in terms.items()}


_STANCES, _ATTRIBUTIONS = _inverse(STANCE_TERMS), _inverse(ATTRIBUTION_TERMS)
_DOCUMENT_KINDS, _ORGANISATION_KINDS = _inverse(DOCUMENT_KIND_TERMS), _inverse(ORGANISATION_KIND_TERMS)

# --- the queries ----------------------------------------------------------------------

_PREFIX_TEXT = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())


@dataclass(frozen=True)
class _Kind:
    """A kind of record: its class, and the graph pattern of each field (``?s`` to ``?v``).

    A field's query is its pattern alone: the records' subjects (``?s a cls``) are
    asked once and other subjects' rows dropped in Python, which halves Oxigraph's
    time (it joins in the written order: typing each row costs as much as the scan).
    Fields in ``typed`` are shared by many other kinds' records (``rdfs:label``) and
    start from the class instead. Paths are written from the value end: Oxigraph
    then answers an absent ``oa:start`` at once instead of walking every statement.
    """

    cls: str
    single: dict[str, str]
    multi: dict[str, str] = field(default_factory=dict)
    typed: frozenset[str] = frozenset()

    def subjects_query(self) -> str:
        return f"SELECT ?s WHERE {{ ?s a {self.cls} }}"

    def field_query(self, name: str) -> str:
        """One field of every record (one query per field, not one per record).

        (Not one query per kind with a column per field: Oxigraph answers ten
        OPTIONALs over 10,000 statements in 1.2 s, ten scans in 0.5 s.)
        """
        pattern = self.single.get(name) or self.multi[name]
        if name in self.typed:
            pattern = f"?s a {self.cls} . {pattern}"
        return f"SELECT ?s ?v WHERE {{ {pattern} }}"


_DATE_PATH = "time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate"
_KINDS = {
    "dataset": _Kind("void:Dataset", {
        "id": "?s dcterms:identifier ?v", "title": "?s dcterms:title ?v", "version": "?s owl:versionInfo ?v",
        "space": "?s void:uriSpace ?v", "description": "?s dcterms:description ?v",
        "licence": "?s dcterms:license ?v", "issued": "?s dcterms:issued ?v",
    }, {"creators": "?s dcterms:creator ?v"}, typed=frozenset({"id", "title", "creators"})),
    "concept": _Kind("skos:Concept", {
        "label": "?s skos:prefLabel ?v", "definition": "?s skos:definition ?v", "broader": "?s skos:broader ?v",
    }, {"related": "?s skos:related ?v", "aliases": "?s skos:altLabel ?v"}),
    "organisation": _Kind("org:Organization", {
        "name": "?s skos:prefLabel ?v", "kind": "?s org:classification ?v",
        "parent": "?s org:subOrganizationOf ?v", "url": "?s foaf:homepage ?v", "note": "?s skos:note ?v",
        "wikidata": "?s owl:sameAs ?v",
    }, {"aliases": "?s skos:altLabel ?v"}),
    "person": _Kind("foaf:Person", {"name": "?s foaf:name ?v", "note": "?s skos:note ?v",
                                    "wikidata": "?s owl:sameAs ?v"},
                    {"aliases": "?s skos:altLabel ?v"}),
    "membership": _Kind("org:Membership", {
        "member": "?s org:member ?v", "organisation": "?s org:organization ?v", "role": "?s rdfs:label ?v",
        "source": "?s prov:wasDerivedFrom ?v", "note": "?s skos:note ?v",
        "start": f"?t {_DATE_PATH} ?v . ?i time:hasBeginning ?t . ?s org:memberDuring ?i",
        "end": f"?t {_DATE_PATH} ?v . ?i time:hasEnd ?t . ?s org:memberDuring ?i",
    }, typed=frozenset({"role", "source"})),
    "document": _Kind("foaf:Document", {
        "title": "?s dcterms:title ?v", "kind": "?s dcterms:type ?v", "date": "?s dcterms:date ?v",
        "publisher": "?s dcterms:publisher ?v", "url": "?s foaf:page ?v", "note": "?s skos:note ?v",
    }, {"authors": "?s dcterms:creator ?v", "inferred": "?s sg:inferred ?v"}, typed=frozenset({"date"})),
    # only a TextQuoteSelector has oa:exact/prefix/suffix and only a TextPositionSelector
    # oa:start/end; typing the selectors too makes rdflib's engine join them all first (25x slower)
    "statement": _Kind("sg:Statement", {
        "speaker": "?s sg:speaker ?v", "organisation": "?s sg:onBehalfOf ?v", "concept": "?s sg:concept ?v",
        "stance": "?s sg:stance ?v", "attribution": "?s sg:attribution ?v", "date": "?s dcterms:date ?v",
        "document": "?s prov:wasDerivedFrom ?v", "note": "?s skos:note ?v",
        "qualifier": "?s sg:qualifier ?v", "coder": "?s sg:coder ?v",
        "quote": "?x oa:exact ?v . ?e oa:hasSelector ?x . ?s sg:evidence ?e",
        "start": "?x oa:start ?v . ?e oa:hasSelector ?x . ?s sg:evidence ?e",
        "end": "?x oa:end ?v . ?e oa:hasSelector ?x . ?s sg:evidence ?e",
        "prefix": "?x oa:prefix ?v . ?e oa:hasSelector ?x . ?s sg:evidence ?e",
        "suffix": "?x oa:suffix ?v . ?e oa:hasSelector ?x . ?s sg:evidence ?e",
    }, {"mentions": "?s schema:mentions ?v"}),
}
"""Every kind of record the reader asks for, with the pattern of each field."""

_PARTITIONS_QUERY = ("SELECT ?s ?class ?n WHERE { ?s a void:Dataset ; void:classPartition ?p . "
                     "?p void:class ?class ; void:entities ?n }")

# --- terms as plain values --------------------------------------------------------------


class _Iri(str):
    """An IRI (kept apart from a literal of the same text)."""


@dataclass(frozen=True)
class _Typed:
    """A literal whose datatype is not a string (dates, numbers)."""

    lexical: str
    datatype: str

    def __str__(self) -> str:
        return self.lexical


def _from_rdflib(term) -> Any:
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        if term.language is not None or datatype in _STRING_TYPES:
            return str(term)
        return _Typed(str(term), datatype)
    if isinstance(term, URIRef):
        return _Iri(term)
    return _Iri(f"_:{term}")  # a blank node: never an IRI of the dataset


def _oxigraph_rows(solutions) -> list[tuple]:
    """pyoxigraph solutions as tuples of plain values (the hot loop of a large read)."""
    import pyoxigraph as ox

    named_node, literal = ox.NamedNode, ox.Literal
    strings = _STRING_TYPES

    def convert(term):
        kind = type(term)
        if kind is named_node:
            return _Iri(term.value)
        if kind is literal:
            datatype = term.datatype.value
            if datatype in strings or term.language is not None:
                return term.value
            return _Typed(term.value, datatype)
        if term is None:
            return None
        return _Iri(f"_:{getattr(term, 'value', term)}")  # a blank node (or a quoted triple)

    return [tuple(map(convert, solution)) for solution in solutions]


# --- running the queries ----------------------------------------------------------------


def _variables(select: str) -> list[str]:
    head = select.split(" WHERE ", 1)[0]
    return [word[1:] for word in head.split() if word.startswith("?")]


def _run(graph: Graph, select: str, page_size: int) -> list[tuple]:
    """Every row of ``select`` on ``graph``'s own engine, as tuples of plain values."""
    names = _variables(select)
    text = _PREFIX_TEXT + select
    if is_oxigraph(graph):
        import pyoxigraph as ox

        return _oxigraph_rows(graph.store._inner.query(text, default_graph=ox.NamedNode(str(graph.identifier))))
    if type(graph.store).__name__ == "SPARQLStore":
        return _run_paged(graph, select, names, page_size)
    return [tuple(_from_rdflib(term) for term in row) for row in graph.query(text)]


def _run_paged(graph: Graph, select: str, names: list[str], page_size: int) -> list[tuple]:
    """A server's answer in pages, checked against the server's own count of it."""
    where = f"the SPARQL server of graph <{graph.identifier}>"
    select = select.replace("SELECT ", "SELECT DISTINCT ", 1)  # so that overlapping pages show
    total = int(str(_remote(graph, f"{_PREFIX_TEXT}SELECT (COUNT(*) AS ?n) WHERE {{ {select} }}", where)[0][0]))
    order = " ".join("?" + name for name in names)
    rows: list[tuple] = []
    while len(rows) < total:
        page = (f"{_PREFIX_TEXT}SELECT {order} WHERE {{ {{ {select} ORDER BY {order} }} }} "
                f"LIMIT {page_size} OFFSET {len(rows)}")
        answer = _remote(graph, page, where)
        if not answer:
            break
        rows.extend(tuple(_from_rdflib(term) for term in row) for row in answer)
    if len(rows) != total or len(set(rows)) != total:
        raise StoreError(f"{where} answered {len(set(rows))} distinct rows of the {total} it counts "
                         "(does it truncate or reorder results? Virtuoso caps them at ResultSetMaxRows)")
    return rows


def _remote(graph: Graph, text: str, where: str) -> list:
    try:
        return list(graph.query(text))
    except Exception as exc:  # urllib, HTTP and result-parsing errors: report, never hide
        raise StoreError(f"cannot query {where}: {' '.join(str(exc).split())[:200]}") from exc


# --- from rows to records ---------------------------------------------------------------


class _Reader:
    """Turns query rows into seed-model dicts, collecting every problem."""

    def __init__(self, graph: Graph, page_size: int):
        self.graph, self.page_size = graph, page_size
        name = graph.identifier
        self.where = f"<{name}>" if isinstance(name, URIRef) else "<graph>"
        self.problems: list[Problem] = []
        self.base = ""
        self.node: str | None = None
        self.reported: dict[str | None, set[str | None]] = {}
        self._ids: dict[tuple[str, str], str] = {}  # many records name the same few concepts, documents …
        self._dates: dict[_Typed, PartialDate] = {}
        self._multi: dict[str, dict[str, list]] = {}

    def rows(self, select: str) -> list[tuple]:
        return _run(self.graph, select, self.page_size)

    def problem(self, record: str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.where, None, record, field, message))
        self.reported.setdefault(record, set()).add(field)

    # ids from IRIs

    def label(self, kind: str, subject: str) -> str:
        """How problems name a record: ``statement 'ID'``, else by its IRI."""
        prefix = self.prefix(kind)
        if self.base and subject.startswith(prefix) and "/" not in subject[len(prefix):]:
            return f"{kind} '{subject[len(prefix):]}'"
        return f"{kind} {_show(subject)}"

    def prefix(self, kind: str) -> str:
        return f"{self.base}{kind}/"

    def id_of(self, value, kind: str, record: str | None = None, field: str | None = None) -> str | None:
        """The id in ``<base><kind>/<id>``; a problem (and None) for anything else."""
        if value is None:
            return None
        known = self._ids.get((value, kind))
        if known is not None:
            return known
        prefix = self.prefix(kind)
        if isinstance(value, _Iri) and value.startswith(prefix) and "/" not in value[len(prefix):]:
            known = self._ids[(value, kind)] = value[len(prefix):]
            return known
        self.problem(record, field, f"{_show(value)} is not a {kind} of this dataset (expected <{prefix}ID>)")
        return None

    def term(self, value, terms: dict[str, str], record: str, field: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, _Iri) and value in terms:
            return terms[value]
        self.problem(record, field, f"{_show(value)} is not one of the terms for {field}")
        return None

    def date(self, value, record: str | None, field: str) -> PartialDate | None:
        if value is None:
            return None
        known = self._dates.get(value)
        if known is not None:
            return known
        precision = _DATE_TYPES.get(value.datatype) if isinstance(value, _Typed) else None
        if precision is None:
            self.problem(record, field, f"{_show(value)} is not an xsd:gYear, xsd:gYearMonth or xsd:date literal")
            return None
        try:
            date = PartialDate.parse(value.lexical)
        except ValueError as exc:
            self.problem(record, field, str(exc))
            return None
        if date.precision is not precision:
            self.problem(record, field, f"{_show(value)}: the value does not match its datatype")
            return None
        self._dates[value] = date
        return date

    def text(self, value, record: str | None, field: str) -> str | None:
        if value is None or (isinstance(value, str) and not isinstance(value, _Iri)):
            return value
        self.problem(record, field, f"{_show(value)} is not a string literal")
        return None

    def iri(self, value, record: str | None, field: str) -> str | None:
        if value is None or isinstance(value, _Iri):
            return value
        self.problem(record, field, f"{_show(value)} is not an IRI")
        return None

    def integer(self, value, record: str, field: str) -> int | None:
        if isinstance(value, _Typed) and value.datatype in _INTEGER_TYPES:
            try:
                return int(value.lexical)
            except ValueError:
                pass
        self.problem(record, field, f"{_show(value)} is not an integer literal")
        return None

    def single(self, kind: str) -> dict[str, dict[str, Any]]:
        """Every record of ``kind``: subject → field → value (None when absent).

        Two different values of one field are a problem (the first is kept).
        """
        spec = _KINDS[kind]
        records: dict[str, dict[str, Any]] = {row[0]: dict.fromkeys(spec.single) for row in
                                              self.rows(spec.subjects_query())}
        for name in spec.single:
            for subject, value in self.rows(spec.field_query(name)):
                fields = records.get(subject)
                if fields is None:
                    continue
                if fields[name] is None:
                    fields[name] = value
                elif fields[name] != value:
                    self.problem(self.label(kind, subject), name, "several values where one is expected: "
                                 f"{_show(fields[name])}, {_show(value)}")
        return records

    def multi(self, kind: str, name: str) -> dict[str, list]:
        """Values of the list field ``name`` of every ``kind`` record, by subject."""
        values: dict[str, list] = defaultdict(list)
        for subject, value in self.rows(_KINDS[kind].field_query(name)):
            if value not in values[subject]:
                values[subject].append(value)
        return values


def _show(value) -> str:
    if isinstance(value, _Iri):
        return f"<{value}>"
    if isinstance(value, _Typed):
        return f'"{value.lexical}"^^<{value.datatype}>'
    return repr(value)


def _sorted_texts(reader: _Reader, values: Iterable, record: str, field: str) -> list[str]:
    return sorted(text for text in (reader.text(v, record, field) for v in values) if text is not None)


def _sorted_ids(reader: _Reader, values: Iterable, kind: str, record: str, field: str) -> list[str]:
    return sorted(i for i in (reader.id_of(v, kind, record, field) for v in values) if i is not None)


def _validate(reader: _Reader, model, data: dict, record: str):
    from pydantic import ValidationError

    from ..seeds.load import _format_loc, _message  # the seed loader's wording, for the same problems

    try:
        return model.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        reported = reader.reported.get(record, set())
        for error in exc.errors(include_url=False):
            loc = [s for s in error["loc"] if not (isinstance(s, str) and s.startswith("function-"))]
            field_path = _format_loc(loc) or None
            if field_path not in reported:  # a value already reported is not also "missing"
                reader.problem(record, field_path, _message(error, model=model, loc=loc))
        return None


# --- the public functions ---------------------------------------------------------------


def dataset_from_graph(graph: Graph, *, page_size: int = DEFAULT_PAGE_SIZE) -> Dataset:
    """Rebuild the :class:`Dataset` whose graph :func:`~.rdf.build_graph` wrote.

    Parameters
    ----------
    graph : rdflib.Graph
        The dataset's graph: in rdflib's memory store, in an Oxigraph store
        (:func:`~.store.open_store`), or on a SPARQL server (``SPARQLStore``).
    page_size : int
        Rows per request to a SPARQL server (ignored for local stores).

    Returns
    -------
    Dataset
        Validated and cross-checked like a dataset loaded from seed files, with
        the losses listed in the module docstring (no origins, no corpus file
        names, list fields sorted).

    Raises
    ------
    StoreError
        When the graph holds no stancegraph dataset (no ``void:Dataset`` node with
        a ``void:uriSpace``) or several, when a server cannot be queried, or when
        fewer records come back than the dataset's VoID partitions count.
    DataError
        With every problem, when records are malformed (a missing name, an
        unknown stance term, two dates on one statement …).

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> from stancegraph.graph.rdf.mapping import build_graph
    >>> ds = load_dataset()
    >>> graph = build_graph(ds)
    >>> back = dataset_from_graph(graph)
    >>> back.counts() == ds.counts(), back.statements["pf2010-dixon-cooperatives"] == ds.statements[
    ...     "pf2010-dixon-cooperatives"]
    (True, True)
    >>> from rdflib.compare import isomorphic
    >>> isomorphic(build_graph(back), graph)
    True
    """
    if page_size < 1:
        raise ValueError("page_size must be positive")
    reader = _Reader(graph, page_size)
    info = _dataset_info(reader)
    concepts = _concepts(reader)
    organisations = _organisations(reader)
    people = _people(reader)
    documents = _documents(reader)
    statements, quote_matches = _statements(reader, documents)
    dataset = Dataset(info=info, documents=documents, people=people, organisations=organisations,
                      concepts=concepts, statements=statements, quote_matches=quote_matches)
    if not reader.problems:
        _check_counts(reader, dataset)
        from ..seeds.integrity import check_integrity

        reader.problems.extend(Problem(reader.where, None, p.record, p.field, p.message)
                               for p in check_integrity(dataset))
    if reader.problems:
        raise DataError(reader.problems)
    return dataset


def dataset_from_store(spec: StoreSpec | str, graph_name: str | None = None, *,
                       page_size: int = DEFAULT_PAGE_SIZE) -> Dataset:
    """Read the dataset that ``stancegraph build --store`` put into a store.

    An Oxigraph store is opened read-only (other readers may share it).

    Raises
    ------
    StoreError, UsageError
        As :func:`~.store.open_store` (missing or empty store, several graphs, ``memory``).
    DataError
        As :func:`dataset_from_graph`.
    """
    from ..stores.store import StoreKind, open_store, parse_store

    spec = parse_store(spec) if isinstance(spec, str) else spec
    if spec.kind is StoreKind.OXIGRAPH and spec.path.is_dir() and not any(spec.path.iterdir()):
        raise StoreError(f"no Oxigraph store at {spec.path}: the folder is empty (build one with --store {spec})")
    return dataset_from_graph(open_store(spec, graph_name, read_only=True), page_size=page_size)


def _dataset_info(reader: _Reader) -> DatasetInfo:
    found = {s: f for s, f in reader.single("dataset").items() if f["space"] is not None}
    if len(found) != 1:
        what = "no void:Dataset node with a void:uriSpace" if not found else \
            f"{len(found)} void:Dataset nodes (" + ", ".join(f"<{s}>" for s in sorted(found)) + ")"
        raise StoreError(f"graph {reader.where} holds no stancegraph dataset: {what}")
    node, fields = next(iter(found.items()))
    reader.base = str(fields["space"])
    record = "dataset"
    creators = reader.multi("dataset", "creators").get(node, [])
    info = _validate(reader, DatasetInfo, {
        "id": reader.text(fields["id"], record, "id"), "title": reader.text(fields["title"], record, "title"),
        "description": reader.text(fields["description"], record, "description"),
        "base_iri": reader.base, "version": reader.text(fields["version"], record, "version"),
        "licence": reader.iri(fields["licence"], record, "licence"),
        "creators": _sorted_texts(reader, creators, record, "creators"),
        "issued": reader.date(fields["issued"], record, "issued"),
    }, record)
    if info is None:
        raise DataError(reader.problems)
    reader.node = node
    return info


def _records(reader: _Reader, kind: str, model, fields) -> dict[str, Any]:
    """Every ``kind`` record of the graph validated as ``model``, sorted by id.

    ``fields(rid, subject, f, record)`` gives the record's field values from its id,
    its subject IRI, its single-valued fields ``f`` and its label for problems.
    """
    out = {}
    for subject, f in reader.single(kind).items():
        rid = reader.id_of(subject, kind)
        if rid is None:
            continue
        record = f"{kind} '{rid}'"
        built = _validate(reader, model, {"id": rid, **fields(rid, subject, f, record)}, record)
        if built is not None:
            out[rid] = built
    return dict(sorted(out.items()))


def _concepts(reader: _Reader) -> dict[str, Concept]:
    aliases, related = reader.multi("concept", "aliases"), reader.multi("concept", "related")
    return _records(reader, "concept", Concept, lambda _rid, subject, f, record: {
        "label": reader.text(f["label"], record, "label"),
        "definition": reader.text(f["definition"], record, "definition"),
        "broader": reader.id_of(f["broader"], "concept", record, "broader"),
        "related": _sorted_ids(reader, related.get(subject, []), "concept", record, "related"),
        "aliases": _sorted_texts(reader, aliases.get(subject, []), record, "aliases"),
    })


def _organisations(reader: _Reader) -> dict[str, Organisation]:
    aliases = reader.multi("organisation", "aliases")
    return _records(reader, "organisation", Organisation, lambda _rid, subject, f, record: {
        "name": reader.text(f["name"], record, "name"),
        "kind": reader.term(f["kind"], _ORGANISATION_KINDS, record, "kind"),
        "aliases": _sorted_texts(reader, aliases.get(subject, []), record, "aliases"),
        "parent": reader.id_of(f["parent"], "organisation", record, "parent"),
        "url": reader.iri(f["url"], record, "url"), "note": reader.text(f["note"], record, "note"),
        "wikidata": _wikidata(reader, f["wikidata"], record),
    })


def _wikidata(reader: _Reader, value, record: str) -> str | None:
    """The Wikidata item id of an ``owl:sameAs`` Wikidata entity IRI (the mapping's ``wikidata`` field)."""
    from .mapping import WIKIDATA_ENTITY

    iri = reader.iri(value, record, "wikidata")
    if iri is None:
        return None
    if not str(iri).startswith(WIKIDATA_ENTITY):
        reader.problem(record, "wikidata", f"{_show(value)} is not a Wikidata entity IRI ({WIKIDATA_ENTITY}Q…)")
        return None
    return str(iri)[len(WIKIDATA_ENTITY):]


def _people(reader: _Reader) -> dict[str, Person]:
    aliases = reader.multi("person", "aliases")
    affiliations = _affiliations(reader)
    people = _records(reader, "person", Person, lambda pid, subject, f, record: {
        "name": reader.text(f["name"], record, "name"),
        "aliases": _sorted_texts(reader, aliases.get(subject, []), record, "aliases"),
        "affiliations": [aff for _index, aff in sorted(affiliations.pop(pid, []))],
        "wikidata": _wikidata(reader, f["wikidata"], record),
        "note": reader.text(f["note"], record, "note"),
    })
    for pid in sorted(affiliations):
        reader.problem(f"person '{pid}'", "affiliations", "memberships of a person the graph does not describe")
    return people


def _affiliations(reader: _Reader) -> dict[str, list[tuple[int, dict]]]:
    """Memberships by person id, each with its 1-based index from its IRI."""
    out: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    prefix = reader.prefix("person")
    for subject, f in reader.single("membership").items():
        pid, _, index = subject[len(prefix):].partition("/membership/") if subject.startswith(prefix) \
            else ("", "", "")
        if not pid or not index.isdigit():
            reader.problem(f"membership {_show(subject)}", None,
                           f"not a membership of this dataset (expected <{prefix}ID/membership/N>)")
            continue
        record = f"person '{pid}'"
        at = f"affiliations[{int(index) - 1}]"
        if reader.id_of(f["member"], "person", record, at + ".member") not in (pid, None):
            reader.problem(record, at, f"membership {_show(subject)} names another org:member")
        out[pid].append((int(index), {
            "organisation": reader.id_of(f["organisation"], "organisation", record, at + ".organisation"),
            "role": reader.text(f["role"], record, at + ".role"),
            "start": reader.date(f["start"], record, at + ".start"),
            "end": reader.date(f["end"], record, at + ".end"),
            "source": reader.id_of(f["source"], "document", record, at + ".source"),
            "note": reader.text(f["note"], record, at + ".note"),
        }))
    return {pid: [(i, {k: v for k, v in aff.items() if v is not None}) for i, aff in affs]
            for pid, affs in out.items()}


def _documents(reader: _Reader) -> dict[str, Document]:
    authors, inferred = reader.multi("document", "authors"), reader.multi("document", "inferred")
    return _records(reader, "document", Document, lambda _rid, subject, f, record: {
        "title": reader.text(f["title"], record, "title"),
        "kind": reader.term(f["kind"], _DOCUMENT_KINDS, record, "kind"),
        "date": reader.date(f["date"], record, "date"),
        "publisher": reader.id_of(f["publisher"], "organisation", record, "publisher"),
        "authors": _sorted_ids(reader, authors.get(subject, []), "person", record, "authors"),
        "url": reader.iri(f["url"], record, "url"),
        "inferred": _sorted_texts(reader, inferred.get(subject, []), record, "inferred"),
        "note": reader.text(f["note"], record, "note"),
    })


def _statements(reader: _Reader, documents: dict[str, Document]):
    mentions = reader.multi("statement", "mentions")
    statements, matches = {}, {}
    people_prefix = reader.prefix("person")
    for subject, f in reader.single("statement").items():
        sid = reader.id_of(subject, "statement")
        if sid is None:
            continue
        record = f"statement '{sid}'"
        document = reader.id_of(f["document"], "document", record, "document")
        date = reader.date(f["date"], record, "date")
        if document in documents and date == documents[document].date:
            date = None  # the document's date (see the module docstring)
        statement = _validate(reader, Statement, {
            "id": sid,
            "speaker": reader.id_of(f["speaker"], "person", record, "speaker"),
            "organisation": reader.id_of(f["organisation"], "organisation", record, "organisation"),
            "concept": reader.id_of(f["concept"], "concept", record, "concept"),
            "stance": reader.term(f["stance"], _STANCES, record, "stance"),
            "quote": reader.text(f["quote"], record, "quote"),
            "document": document, "date": date,
            "attribution": reader.term(f["attribution"], _ATTRIBUTIONS, record, "attribution"),
            "mentions": sorted(
                i for i in (reader.id_of(v, "person" if str(v).startswith(people_prefix) else "organisation",
                                         record, "mentions") for v in mentions.get(subject, []))
                if i is not None),
            "qualifier": None if f["qualifier"] is None else reader.integer(f["qualifier"], record, "qualifier"),
            "coder": reader.text(f["coder"], record, "coder"),
            "note": reader.text(f["note"], record, "note"),
        }, record)
        if statement is None:
            continue
        statements[sid] = statement
        if f["start"] is not None or f["end"] is not None:  # written when the quote was found in the corpus
            start = reader.integer(f["start"], record, "quote start")
            end = reader.integer(f["end"], record, "quote end")
            if start is not None and end is not None:
                matches[sid] = QuoteMatch(start=start, end=end, exact=statement.quote,
                                          prefix=reader.text(f["prefix"], record, "quote prefix") or "",
                                          suffix=reader.text(f["suffix"], record, "quote suffix") or "",
                                          occurrences=1)
    return dict(sorted(statements.items())), dict(sorted(matches.items()))


_PARTITION_SECTIONS = {
    "http://www.w3.org/ns/org#Organization": "organisations",
    "http://xmlns.com/foaf/0.1/Person": "people",
    "http://www.w3.org/2004/02/skos/core#Concept": "concepts",
    "http://xmlns.com/foaf/0.1/Document": "documents",
    "https://w3id.org/stancegraph/ns#Statement": "statements",
}


def _check_counts(reader: _Reader, dataset: Dataset) -> None:
    """Compare the records read with the counts the dataset node states (VoID partitions)."""
    counts = dataset.counts()
    for subject, cls, number in reader.rows(_PARTITIONS_QUERY):
        section = _PARTITION_SECTIONS.get(str(cls))
        if subject != reader.node or section is None or not isinstance(number, _Typed):
            continue
        expected = int(number.lexical)
        if counts[section] != expected:
            raise StoreError(f"graph {reader.where}: read {counts[section]} {section} but the dataset node counts "
                             f"{expected} ({RECORD_NAMES[section]} records missing or incomplete in the store?)")

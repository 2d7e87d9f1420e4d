"""Query answers as plain data, and their serialisations.

A :class:`QueryOutcome` is what a query returned — variables and rows, a boolean,
or triples — in a form that crosses process boundaries (it pickles, lexical forms
kept) and is independent of the store. :func:`serialize_outcome` writes it in the
SPARQL 1.1 results formats (CSV, TSV, JSON and XML, written here) or, for CONSTRUCT
and DESCRIBE, as Turtle, JSON-LD, N-Triples or RDF/XML (through rdflib).
:func:`display_rows` gives short strings for a terminal table.

The rows hold rdflib terms or pyoxigraph terms (a named query on an Oxigraph store is
answered without rdflib: :mod:`stancegraph.graph.stores.view`); both are written from
their parts (:func:`~.terms.term_parts`), so every path writes a term alike: a literal
as the lexical form the engine gave (``NaN``, ``-0``, ``00``, ``1`` for a boolean),
never as rdflib's rendering of its value (``nan``, ``-0.0``, ``0``, ``true``), and a
literal typed ``xsd:string`` as the simple literal it is (RDF 1.1).

The four results writers are ours rather than rdflib's (measured: ``import rdflib``
was ~50 ms of CPU of a ``query`` process whose raw pyoxigraph floor is ~35 ms; and
rdflib's JSON bytes depend on whether ``orjson`` is installed). pyoxigraph's
``QuerySolutions.serialize`` writes only a live answer (not rows already read, as a
worker's or a capped answer is) and differs from ours, or from the W3C texts, in places
(pyoxigraph 0.5): an IRI holding a comma left unquoted in CSV, a CR written raw in XML
(which an XML reader reads back as LF), no header for an ASK answer in CSV and TSV,
numbers and booleans abbreviated in TSV, a compact JSON layout, and rows holding U+2028
and the other line breaks ``str.splitlines()`` splits at written as they are (see
:mod:`~stancegraph.graph.rdf.linebreaks`). Where its CSV is ours byte for byte, a named
query on a store has Oxigraph write it
(:func:`~stancegraph.graph.stores.view.answer_named_csv`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..rdf.linebreaks import LINE_BREAK_ESCAPES
from .engine import QueryKind
from .terms import term_parts

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["ResultFormat", "QueryOutcome", "outcome_from_result", "in_query_order", "serialize_outcome", "display_rows"]


class ResultFormat(str, Enum):
    """Output formats: the SPARQL 1.1 results formats and RDF graph syntaxes."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    XML = "xml"
    TURTLE = "turtle"
    JSONLD = "jsonld"
    NTRIPLES = "ntriples"
    RDFXML = "rdfxml"

    @property
    def media_type(self) -> str:
        """The IANA media type of the format."""
        return _MEDIA_TYPES[self]

    @property
    def for_graphs(self) -> bool:
        """True for RDF syntaxes (answers of CONSTRUCT and DESCRIBE)."""
        return self in (ResultFormat.TURTLE, ResultFormat.JSONLD, ResultFormat.NTRIPLES, ResultFormat.RDFXML)


_MEDIA_TYPES = {
    ResultFormat.TABLE: "text/plain",
    ResultFormat.CSV: "text/csv",
    ResultFormat.TSV: "text/tab-separated-values",
    ResultFormat.JSON: "application/sparql-results+json",
    ResultFormat.XML: "application/sparql-results+xml",
    ResultFormat.TURTLE: "text/turtle",
    ResultFormat.JSONLD: "application/ld+json",
    ResultFormat.NTRIPLES: "application/n-triples",
    ResultFormat.RDFXML: "application/rdf+xml",
}


@dataclass
class QueryOutcome:
    """The answer of one query.

    Attributes
    ----------
    kind : QueryKind
    variables : list of str
        SELECT: the projected variables, in order.
    rows : list of tuple
        SELECT: one tuple per solution, ``None`` where a variable is unbound.
    boolean : bool or None
        ASK: the answer.
    triples : list of tuple
        CONSTRUCT / DESCRIBE: the answer graph's triples.
    namespaces : dict
        Prefix → namespace, for compact Turtle and tables.
    """

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Any, Any, Any]] = field(default_factory=list)
    namespaces: dict[str, str] = field(default_factory=dict)

    def __getstate__(self) -> dict:
        """Pickled with every rdflib literal as its parts (rdflib's own pickle writes the value
        back as its lexical form: ``"NaN"^^xsd:double`` arrived from a query worker as ``nan``)."""
        state = dict(self.__dict__)
        state["rows"] = [tuple(_frozen(term) for term in row) for row in self.rows]
        state["triples"] = [tuple(_frozen(term) for term in triple) for triple in self.triples]
        return state

    def __setstate__(self, state: dict) -> None:
        state["rows"] = [tuple(_thawed(term) for term in row) for row in state["rows"]]
        state["triples"] = [tuple(_thawed(term) for term in triple) for triple in state["triples"]]
        self.__dict__.update(state)

    @property
    def size(self) -> int:
        """Rows (SELECT), triples (CONSTRUCT/DESCRIBE) or 1 (ASK)."""
        if self.kind is QueryKind.SELECT:
            return len(self.rows)
        if self.kind.returns_graph:
            return len(self.triples)
        return 1

    def graph(self) -> Graph:
        """The CONSTRUCT/DESCRIBE answer as an rdflib graph, prefixes bound."""
        from rdflib import Graph

        graph = Graph(bind_namespaces="core")  # RDF/XML needs rdf: bound
        for prefix, namespace in self.namespaces.items():
            graph.bind(prefix, namespace)
        for triple in self.triples:
            graph.add(triple)
        return graph

    def records(self) -> list[dict[str, Any]]:
        """SELECT rows as dicts of the bound variables."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


class _FrozenLiteral(tuple):
    """An rdflib literal in a pickle: ``(lexical form, datatype, language)``."""


def _frozen(term):
    import sys

    rdflib_term = sys.modules.get("rdflib.term")  # an rdflib literal exists only once rdflib was imported
    if rdflib_term is not None and isinstance(term, rdflib_term.Literal):
        return _FrozenLiteral((str(term), term.datatype, term.language))
    return term


def _thawed(term):
    if isinstance(term, _FrozenLiteral):
        from rdflib import Literal

        text, datatype, language = term
        return Literal(text, lang=language, datatype=datatype, normalize=False)
    return term


def outcome_from_result(result, max_rows: int | None = None,
                        namespaces: Mapping[str, str] | None = None, text: str | None = None) -> QueryOutcome:
    """Read an rdflib ``Result`` into a :class:`QueryOutcome`, stopping past ``max_rows``.

    With the query's ``text``, a ``SELECT *`` answer's columns are put in the order the
    query names its variables (:mod:`.projection`), whatever order the engine gave.

    Raises
    ------
    TooManyResults
        When the answer has more than ``max_rows`` rows or triples.
    """
    from .engine import TooManyResults

    kind = QueryKind(result.type)
    outcome = QueryOutcome(kind, namespaces=dict(namespaces or {}))
    if kind is QueryKind.ASK:
        outcome.boolean = bool(result.askAnswer)
        return outcome
    if kind.returns_graph:
        for triple in result.graph:
            outcome.triples.append(triple)
            if max_rows is not None and len(outcome.triples) > max_rows:
                raise TooManyResults(f"the answer has more than {max_rows} triples (the limit); narrow the query")
        return outcome
    outcome.variables = [str(v) for v in result.vars]
    for solution in result:  # a ResultRow is a tuple in the order of result.vars, None if unbound
        outcome.rows.append(tuple(solution))
        if max_rows is not None and len(outcome.rows) > max_rows:
            raise TooManyResults(
                f"the answer has more than {max_rows} rows (the limit); add a LIMIT or narrow the query"
            )
    if text is not None:
        in_query_order(outcome, text)
    return outcome


def in_query_order(outcome: QueryOutcome, text: str) -> QueryOutcome:
    """``outcome`` (SELECT) with its columns in the order the ``SELECT *`` query ``text`` names them.

    See :func:`~.projection.column_order`; an explicit projection keeps its own order.
    """
    from .projection import column_order

    order = column_order(text, outcome.variables)
    if order is not None:
        outcome.variables = [outcome.variables[i] for i in order]
        outcome.rows = [tuple(row[i] for i in order) for row in outcome.rows]
    return outcome


def serialize_outcome(outcome: QueryOutcome, fmt: ResultFormat | str) -> bytes:
    """``outcome`` as bytes in ``fmt``.

    Raises
    ------
    ValueError
        When the format does not fit the answer (a table format for a graph, or
        an RDF syntax for SELECT/ASK).
    XmlCharacterError
        For the XML formats (SPARQL XML results, RDF/XML), when a value holds a
        character XML 1.0 cannot carry; the other formats carry it.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> o = QueryOutcome(QueryKind.SELECT, ["x"], [(ox.Literal("a\\tb"),)])
    >>> serialize_outcome(o, "tsv")
    b'?x\\n"a\\\\tb"\\n'
    """
    fmt = ResultFormat(fmt)
    if outcome.kind.returns_graph:
        if not fmt.for_graphs:
            raise ValueError(f"a {outcome.kind.value} answer is a graph: choose turtle, jsonld, ntriples or rdfxml")
        from ..rdf.export import RdfFormat, serialize_graph  # one writer per format: the same bytes in any process

        payload = serialize_graph(outcome.graph(), RdfFormat(fmt.value))
        return payload if payload.endswith(_END) else payload + _END  # RDF/XML's writer ends at </rdf:RDF>
    if fmt.for_graphs:
        raise ValueError(f"a {outcome.kind.value} answer is a table: choose csv, tsv, json or xml")
    if fmt is ResultFormat.TSV:
        return _tsv(outcome)
    if fmt is ResultFormat.CSV and outcome.kind is QueryKind.ASK:
        return f"_askResult\r\n{'true' if outcome.boolean else 'false'}\r\n".encode()
    if fmt is ResultFormat.CSV:
        return _csv(outcome)
    if fmt is ResultFormat.TABLE:
        raise ValueError("the table format is drawn by the CLI; use display_rows()")
    if fmt is ResultFormat.XML:  # XML 1.0: CRs carried, controls refused (see stancegraph.graph.xmlchars)
        from ..xmlchars import checked_xml

        return checked_xml(_sparql_xml(outcome), lambda: _row_places(outcome), "SPARQL XML results") + _END
    return _json(outcome) + _END


_END = b"\n"
"""The last byte of every answer (JSON, XML and RDF/XML end without one), as CSV's and TSV's rows end: the CLI (a shell prompt follows it) and
the endpoint write the same bytes in every format."""


def _json(outcome: QueryOutcome) -> bytes:
    """SPARQL 1.1 Query Results JSON (W3C Recommendation 2013, §3): ``head``, then ``results``
    or ``boolean``; a term as ``{"type": "uri" | "literal" | "bnode", "value", "datatype" | "xml:lang"}``,
    an unbound variable left out of its row. Laid out as rdflib's writer (``json.dumps``) lays it out."""
    import json

    if outcome.kind is QueryKind.ASK:
        return json.dumps({"head": {}, "boolean": bool(outcome.boolean)}).encode("utf-8")
    variables = outcome.variables
    bindings = []
    for row in outcome.rows:
        binding = {}
        for variable, term in zip(variables, row):
            if term is None:
                continue
            kind, text, datatype, language = term_parts(term)
            if kind != "literal":
                binding[variable] = {"type": kind, "value": text}
            elif language:
                binding[variable] = {"type": "literal", "value": text, "xml:lang": language}
            elif datatype:
                binding[variable] = {"type": "literal", "value": text, "datatype": datatype}
            else:
                binding[variable] = {"type": "literal", "value": text}
        bindings.append(binding)
    answer = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}  # head first: streaming readers
    return json.dumps(answer, allow_nan=False, ensure_ascii=False).encode("utf-8")


_SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"
_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


def _sparql_xml(outcome: QueryOutcome) -> bytes:
    """SPARQL Query Results XML Format (W3C Recommendation, second edition 2013), every value
    written as its lexical form, with the standard library's ``XMLGenerator`` and laid out as
    rdflib's ``SPARQLXMLWriter`` lays it out (whose writer wrote nothing for a false-like
    value: ``Literal(0)`` and ``Literal(False)`` came out empty)."""
    import io
    from xml.sax.saxutils import XMLGenerator
    from xml.sax.xmlreader import AttributesNSImpl

    stream = io.BytesIO()
    writer = XMLGenerator(stream, "utf-8")
    none = AttributesNSImpl({}, {})

    def element(name: str, text: str | None = None, values=None, qnames=None) -> None:
        writer.startElementNS((_SPARQL_RESULTS, name), name,
                              none if values is None else AttributesNSImpl(values, qnames))
        if text is not None:
            writer.characters(text)
        writer.endElementNS((_SPARQL_RESULTS, name), name)

    writer.startDocument()
    writer.startPrefixMapping("", _SPARQL_RESULTS)
    writer.startPrefixMapping("xml", _XML_NAMESPACE)
    writer.startElementNS((_SPARQL_RESULTS, "sparql"), "sparql", none)
    writer.startElementNS((_SPARQL_RESULTS, "head"), "head", none)
    variables = [] if outcome.kind is QueryKind.ASK else outcome.variables
    for variable in variables:
        element("variable", None, {(None, "name"): variable}, {(None, "name"): "name"})
    writer.endElementNS((_SPARQL_RESULTS, "head"), "head")
    if outcome.kind is QueryKind.ASK:
        element("boolean", "true" if outcome.boolean else "false")
    else:
        writer.startElementNS((_SPARQL_RESULTS, "results"), "results", none)
        for row in outcome.rows:
            writer.startElementNS((_SPARQL_RESULTS, "result"), "result", none)
            for variable, term in zip(variables, row):
                if term is None:
                    continue
                writer.startElementNS((_SPARQL_RESULTS, "binding"), "binding",
                                      AttributesNSImpl({(None, "name"): variable}, {(None, "name"): "name"}))
                kind, text, datatype, language = term_parts(term)
                if kind != "literal":
                    element(kind, text)
                elif language:
                    element("literal", text, {(_XML_NAMESPACE, "lang"): language},
                            {(_XML_NAMESPACE, "lang"): "xml:lang"})
                elif datatype:
                    element("literal", text, {(None, "datatype"): datatype}, {(None, "datatype"): "datatype"})
                else:
                    element("literal", text)
                writer.endElementNS((_SPARQL_RESULTS, "binding"), "binding")
            writer.endElementNS((_SPARQL_RESULTS, "result"), "result")
        writer.endElementNS((_SPARQL_RESULTS, "results"), "results")
    writer.endElementNS((_SPARQL_RESULTS, "sparql"), "sparql")
    writer.endDocument()
    return stream.getvalue()


def _row_places(outcome: QueryOutcome):
    for number, row in enumerate(outcome.rows, start=1):
        for variable, term in zip(outcome.variables, row):
            if term is not None:
                yield f"row {number}", f"?{variable}", term_parts(term)[1]


def _csv(outcome: QueryOutcome) -> bytes:
    """SPARQL 1.1 CSV as rdflib writes it (Python's csv module, CRLF), but a row holding a
    character line readers break at (U+2028, VT, … see :mod:`stancegraph.graph.rdf.linebreaks`) has
    every field quoted, so a reader that splits lines there still reads the field whole (rdflib's own CSV
    reader does: it reads lines through ``codecs``, which splits like ``str.splitlines()``)."""
    import csv
    import io

    buffer = io.StringIO()
    plain, quoted = csv.writer(buffer), csv.writer(buffer, quoting=csv.QUOTE_ALL)
    plain.writerow(outcome.variables)
    cell_of, cell = _csv_cell_writers().get, _csv_cell
    rows = [[(cell_of(type(t)) or cell)(t) for t in row] for row in outcome.rows]
    plain.writerows(rows)
    if LINE_BREAKS.search(buffer.getvalue()) is None:  # one search, not one per cell (the usual answer)
        return buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    plain.writerow(outcome.variables)
    for cells in rows:
        (quoted if any(LINE_BREAKS.search(c) for c in cells) else plain).writerow(cells)
    return buffer.getvalue().encode("utf-8")


LINE_BREAKS = re.compile("[" + "".join(map(chr, LINE_BREAK_ESCAPES)) + "]")
"""The characters ``str.splitlines()`` breaks at besides LF and CR
(:data:`~stancegraph.graph.rdf.linebreaks.LINE_BREAK_ESCAPES`)."""


@functools.cache
def _csv_cell_writers() -> dict:
    """A CSV cell of each pyoxigraph term class (and of an unbound variable), by class: no call of
    :func:`~.terms.term_parts` per cell (a 12,000-row answer has ~100,000 cells)."""
    import operator

    import pyoxigraph as ox

    value = operator.attrgetter("value")
    return {type(None): lambda _t: "", ox.NamedNode: value, ox.Literal: value, ox.BlankNode: lambda t: "_:" + t.value}


def _csv_cell(term) -> str:
    """SPARQL 1.1 CSV (W3C, §4.1): an IRI bare, a literal its lexical form, a blank node ``_:label``."""
    kind, text, _datatype, _language = term_parts(term)
    return "_:" + text if kind == "bnode" else text


def _tsv(outcome: QueryOutcome) -> bytes:
    """SPARQL 1.1 TSV: a header of ``?vars``, then one line per row, terms in Turtle syntax."""
    if outcome.kind is QueryKind.ASK:
        return f"?_askResult\n{'true' if outcome.boolean else 'false'}\n".encode()
    lines = ["\t".join(f"?{v}" for v in outcome.variables)]
    for row in outcome.rows:
        lines.append("\t".join("" if term is None else _tsv_term(term) for term in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


# a TSV row is one line: LF, CR, tab and every other character a line reader breaks at are escaped
# (Turtle ECHAR/UCHAR; rdflib's TSV reader splits lines like str.splitlines(), see rdf.linebreaks)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                          **LINE_BREAK_ESCAPES})


def _tsv_term(term) -> str:
    """SPARQL 1.1 TSV (W3C, §5.1): a term in Turtle syntax, the literal's lexical form quoted as written."""
    kind, text, datatype, language = term_parts(term)
    if kind == "literal":
        quoted = '"' + text.translate(_ESCAPES) + '"'
        if language:
            return f"{quoted}@{language}"
        return f"{quoted}^^<{datatype}>" if datatype else quoted
    if kind == "bnode":
        return f"_:{text}"
    return f"<{text}>"


def display_rows(outcome: QueryOutcome, namespaces: Mapping[str, str] | None = None) -> list[list[str]]:
    """SELECT rows as short strings: IRIs as ``prefix:name`` where a prefix fits, literals bare."""
    prefixes = sorted((namespaces or outcome.namespaces).items(), key=lambda item: -len(item[1]))
    return [[_display(term, prefixes) for term in row] for row in outcome.rows]


def _display(term, prefixes: Iterable[tuple[str, str]]) -> str:
    if term is None:
        return ""
    kind, text, _datatype, _language = term_parts(term)
    if kind == "uri":
        for prefix, namespace in prefixes:
            if prefix and text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
    if kind == "bnode":
        return f"_:{text}"
    return text

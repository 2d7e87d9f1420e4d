"""Query answers as plain data, and their serialisations.

A :class:`QueryOutcome` is what a query returned — variables and rows, a boolean,
or triples — in a form that crosses process boundaries (it pickles) and is
independent of the store. :func:`serialize_outcome` writes it in the SPARQL 1.1
results formats (JSON, XML and CSV through rdflib's serialisers; TSV, which rdflib
cannot write, here) or, for CONSTRUCT and DESCRIBE, as Turtle, JSON-LD or
N-Triples. :func:`display_rows` gives short strings for a terminal table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Mapping

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.term import Identifier

from ..rdf.linebreaks import LINE_BREAK_ESCAPES
from .engine import QueryKind

__all__ = ["ResultFormat", "QueryOutcome", "outcome_from_result", "serialize_outcome", "display_rows"]


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
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Identifier, Identifier, Identifier]] = field(default_factory=list)
    namespaces: dict[str, str] = field(default_factory=dict)

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
        graph = Graph(bind_namespaces="core")  # RDF/XML needs rdf: bound
        for prefix, namespace in self.namespaces.items():
            graph.bind(prefix, namespace)
        for triple in self.triples:
            graph.add(triple)
        return graph

    def records(self) -> list[dict[str, Identifier]]:
        """SELECT rows as dicts of the bound variables."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


def outcome_from_result(result, max_rows: int | None = None, namespaces: Mapping[str, str] | None = None) -> QueryOutcome:
    """Read an rdflib ``Result`` into a :class:`QueryOutcome`, stopping past ``max_rows``.

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
    >>> o = QueryOutcome(QueryKind.SELECT, ["x"], [(Literal("a\\tb"),)])
    >>> serialize_outcome(o, "tsv")
    b'?x\\n"a\\\\tb"\\n'
    """
    fmt = ResultFormat(fmt)
    if outcome.kind.returns_graph:
        if not fmt.for_graphs:
            raise ValueError(f"a {outcome.kind.value} answer is a graph: choose turtle, jsonld, ntriples or rdfxml")
        graph = outcome.graph()
        if fmt is ResultFormat.NTRIPLES:
            from ..rdf.linebreaks import join_ntriples, ntriples_lines

            text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            return join_ntriples(sorted(ntriples_lines(text)))  # never splitlines(): see rdf.linebreaks
        if fmt is ResultFormat.JSONLD:
            context = {prefix: ns for prefix, ns in outcome.namespaces.items() if prefix}
            return graph.serialize(format="json-ld", context=context, indent=1, encoding="utf-8")
        if fmt is ResultFormat.RDFXML:  # XML 1.0: refuse what it cannot carry (see stancegraph.graph.xmlchars)
            from ..xmlchars import checked_xml, triple_places

            return checked_xml(graph.serialize(format="pretty-xml", encoding="utf-8"),
                               lambda: triple_places(outcome.triples), "RDF/XML")
        return graph.serialize(format="turtle", encoding="utf-8")
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

        return checked_xml(_sparql_xml(outcome), lambda: _row_places(outcome), "SPARQL XML results")
    return _rdflib_result(outcome).serialize(format=fmt.value, encoding="utf-8")


def _sparql_xml(outcome: QueryOutcome) -> bytes:
    """SPARQL 1.1 XML results through rdflib's ``SPARQLXMLWriter``, every value written as its lexical form.

    rdflib (7.x) hands the term itself to ``XMLGenerator.characters``, which writes nothing for a
    false-like value: ``Literal(0)``, ``Literal(False)``, ``Literal(0.0)`` came out as empty literals.
    Here ``characters`` gets ``str(term)`` (the lexical form), so ``0`` and ``false`` are carried.
    """
    import io

    from rdflib.plugins.sparql.results.xmlresults import SPARQLXMLWriter

    stream = io.BytesIO()
    writer = SPARQLXMLWriter(stream, "utf-8")
    characters = writer.writer.characters
    writer.writer.characters = lambda content: characters(str(content))
    if outcome.kind is QueryKind.ASK:
        writer.write_header([])
        writer.write_ask(bool(outcome.boolean))
    else:
        writer.write_header([Variable(v) for v in outcome.variables])
        writer.write_results_header()
        for record in outcome.records():
            writer.write_start_result()
            for name, term in record.items():
                writer.write_binding(Variable(name), term)
            writer.write_end_result()
    writer.close()
    return stream.getvalue()


def _row_places(outcome: QueryOutcome):
    for number, row in enumerate(outcome.rows, start=1):
        for variable, term in zip(outcome.variables, row):
            if term is not None:
                yield f"row {number}", f"?{variable}", str(term)


def _rdflib_result(outcome: QueryOutcome):
    from rdflib.query import Result

    result = Result(outcome.kind.value)
    if outcome.kind is QueryKind.ASK:
        result.askAnswer = bool(outcome.boolean)
        return result
    result.vars = [Variable(v) for v in outcome.variables]
    result.bindings = [{Variable(k): v for k, v in record.items()} for record in outcome.records()]
    return result


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
    for row in outcome.rows:
        cells = ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row]
        (quoted if any(c.translate(LINE_BREAK_ESCAPES) != c for c in cells) else plain).writerow(cells)
    return buffer.getvalue().encode("utf-8")


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


def _tsv_term(term: Identifier) -> str:
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def display_rows(outcome: QueryOutcome, namespaces: Mapping[str, str] | None = None) -> list[list[str]]:
    """SELECT rows as short strings: IRIs as ``prefix:name`` where a prefix fits, literals bare."""
    prefixes = sorted((namespaces or outcome.namespaces).items(), key=lambda item: -len(item[1]))
    return [[_display(term, prefixes) for term in row] for row in outcome.rows]


def _display(term: Identifier | None, prefixes: Iterable[tuple[str, str]]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in prefixes:
            if prefix and text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)

"""Read-only SPARQL: parse, refuse anything that writes or fetches, bind, evaluate.

Every query stancegraph runs — named or ad hoc, from the CLI or the endpoint —
goes through :func:`parse_query`, which returns a :class:`ParsedQuery` or raises:

- :class:`QuerySyntaxError` with the parser's message, line and column;
- :class:`QueryRefused` for SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``,
  ``CLEAR`` …), for ``SERVICE`` (rdflib would make an outbound HTTP request) and
  for ``FROM`` / ``FROM NAMED`` (rdflib would try to load the named graphs from
  the web). The check inspects the parsed algebra, not the query string.

Parameters are bound with rdflib's ``initBindings`` on a prepared query — never
pasted into the query text. :func:`evaluate` does that for rdflib's own stores.
Other stores (Oxigraph through oxrdflib, a remote SPARQL endpoint) get the
standalone text of :func:`with_values` instead: the bindings as a ``VALUES``
block at the head of the outermost ``WHERE`` group, each term written by
:func:`~.terms.sparql_term` (rdflib's or pyoxigraph's term alike) from an already
resolved IRI or typed literal. That text is
standard SPARQL 1.1 and means the same as ``initBindings`` as long as a bound
variable used inside a sub-select is projected by it as it is (no aggregate or
LIMIT over it): rdflib lets ``initBindings`` into sub-selects, VALUES restricts
their projection; ``stance-changes`` relies on this, and it is tested. oxrdflib
would otherwise accept ``initBindings`` only for variables in the ``SELECT``
list, and runs pre-parsed queries on rdflib's slow engine.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from ..errors import StanceGraphError, UsageError

if TYPE_CHECKING:  # pragma: no cover - rdflib is imported where a query is parsed or evaluated by it
    from rdflib import Graph, Variable
    from rdflib.term import Identifier

__all__ = [
    "QueryKind",
    "ParsedQuery",
    "QuerySyntaxError",
    "QueryRefused",
    "QueryTimeout",
    "TooManyResults",
    "QueryFailed",
    "parse_query",
    "evaluate",
    "with_values",
    "query_prefixes",
]


class QuerySyntaxError(UsageError):
    """The text is not a SPARQL 1.1 query; the message names line and column."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line, self.column = line, column
        super().__init__(message)


class QueryRefused(UsageError):
    """The query would write, or fetch from the network: refused, with the reason."""


class QueryTimeout(StanceGraphError):
    """The query ran past its time limit and was stopped."""


class TooManyResults(StanceGraphError):
    """The result has more rows (or triples) than the configured cap."""


class QueryFailed(StanceGraphError):
    """The query is valid but its evaluation failed (e.g. a type error in the engine)."""


class QueryKind(str, Enum):
    """The four SPARQL query forms."""

    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE, whose answer is an RDF graph."""
        return self in (QueryKind.CONSTRUCT, QueryKind.DESCRIBE)


_ALGEBRA_KINDS = {
    "SelectQuery": QueryKind.SELECT,
    "AskQuery": QueryKind.ASK,
    "ConstructQuery": QueryKind.CONSTRUCT,
    "DescribeQuery": QueryKind.DESCRIBE,
}


@dataclass(frozen=True)
class ParsedQuery:
    """A query that parsed and passed the read-only check.

    Attributes
    ----------
    text : str
        The query as given.
    kind : QueryKind
        SELECT, ASK, CONSTRUCT or DESCRIBE.
    prepared : rdflib.plugins.sparql.sparql.Query
        The translated algebra, ready for ``Graph.query``.
    variables : tuple of str
        Every variable the query mentions (for checking parameter names).
    """

    text: str
    kind: QueryKind
    prepared: Any = field(repr=False, compare=False)
    variables: tuple[str, ...] = ()


def query_prefixes(graph: Graph | None = None) -> dict[str, str]:
    """Prefixes pre-declared for every query: the standard ones and the graph's own."""
    from ..rdf.prefixes import PREFIXES

    prefixes = dict(PREFIXES)
    if graph is not None:
        for prefix, namespace in graph.namespaces():
            if prefix:
                prefixes.setdefault(prefix, str(namespace))
    return prefixes


def parse_query(text: str, prefixes: Mapping[str, str] | None = None) -> ParsedQuery:
    """Parse ``text`` as a read-only SPARQL 1.1 query.

    Parameters
    ----------
    text : str
        The query.
    prefixes : mapping, optional
        Prefixes usable without a ``PREFIX`` declaration (see :func:`query_prefixes`).

    Returns
    -------
    ParsedQuery

    Raises
    ------
    QuerySyntaxError
        When the text is not a query; the message gives line and column.
    QueryRefused
        For updates, ``LOAD``, ``SERVICE``, ``FROM`` and ``FROM NAMED``.

    Examples
    --------
    >>> parse_query("ASK { ?s ?p ?o }").kind.value
    'ASK'
    >>> try:
    ...     parse_query("LOAD <http://example.org/data.ttl>")
    ... except QueryRefused as refusal:
    ...     print(refusal)
    LOAD is refused: this graph is read-only and never fetches from the network
    """
    if not isinstance(text, str) or not text.strip():
        raise QuerySyntaxError("empty query")
    key = (text, tuple(sorted((prefixes or query_prefixes()).items())))
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = _parse_query(text, prefixes)
        if len(_PARSED) >= 64:
            _PARSED.clear()
        _PARSED[key] = parsed
    return parsed


_PARSED: dict = {}
"""Queries parsed in this process, by text and prefixes (a query worker forked after the
command parsed its query finds it here instead of parsing it a second time)."""


def _parse_query(text: str, prefixes: Mapping[str, str] | None) -> ParsedQuery:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        failure = exc
    else:
        failure = None
    if failure is not None:
        _refuse_update(text)
        raise _syntax_error(failure) from None
    try:
        query = translateQuery(tree, initNs=dict(prefixes or query_prefixes()))
    except Exception as exc:  # rdflib raises bare Exceptions for e.g. unknown prefixes
        raise QuerySyntaxError(f"invalid query: {_one_line(exc)}") from None
    algebra = query.algebra
    if algebra.get("datasetClause"):
        raise QueryRefused(
            "FROM and FROM NAMED are refused: this endpoint answers over its own graph "
            "and never loads graphs from elsewhere"
        )
    if any(_names(algebra, "ServiceGraphPattern")):
        raise QueryRefused("SERVICE is refused: this endpoint never sends requests to other endpoints")
    kind = _ALGEBRA_KINDS.get(algebra.name)
    if kind is None:  # pragma: no cover - the grammar has exactly four query forms
        raise QuerySyntaxError(f"unsupported query form {algebra.name}")
    variables = tuple(sorted({str(v) for v in _variables(algebra)}))
    _join_values_lazily(algebra)
    return ParsedQuery(text, kind, query, variables)


def evaluate(graph: Graph, query: ParsedQuery, bindings: Mapping[str, Identifier] | None = None):
    """Run a parsed query on ``graph`` with ``bindings`` and return rdflib's ``Result``.

    On rdflib's own stores the prepared algebra is evaluated with ``initBindings``.
    On any other store the standalone text of :func:`with_values` is sent, so the
    store's own engine answers it (see the module docstring); on Oxigraph straight
    to ``pyoxigraph`` (:mod:`.oxigraph_query`: the same answer as through oxrdflib,
    without its per-term conversion costs).

    Raises
    ------
    QueryFailed
        When the engine fails on a valid query.
    """
    import rdflib.plugins.sparql as rdflib_sparql

    from ..stores.oxigraph_query import is_oxigraph_graph, query_oxigraph

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # belt and braces: FROM never fetches
    bindings = dict(bindings or {})
    try:
        if _is_rdflib_store(graph):
            return graph.query(query.prepared, initBindings=bindings)
        # query.text passed parse_query; the store's own parser checks the rendering
        text = with_values(query.text, bindings, check=False)
        if is_oxigraph_graph(graph):
            return query_oxigraph(graph, text)
        return graph.query(text)
    except StanceGraphError:
        raise
    except Exception as exc:  # the engines raise many unrelated types; report, never hide
        raise QueryFailed(f"query failed: {_one_line(exc)}") from exc


def with_values(text: str, bindings: Mapping[str, Identifier], check: bool = True) -> str:
    """The query ``text`` with ``bindings`` as a ``VALUES`` block opening its ``WHERE`` group.

    The terms (rdflib's or pyoxigraph's) are written by :func:`~.terms.sparql_term`, never
    copied from user input, and the result is re-parsed before it is returned (unless ``check`` is false: for
    a text that already passed :func:`parse_query`, sent to a store that parses it
    itself — rdflib's parser costs 5–30 ms per query, more than many queries take).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> print(with_values("SELECT ?a WHERE { ?a ?p ?c }", {"c": URIRef("http://example.org/x")}))
    SELECT ?a WHERE {
      VALUES (?c) { (<http://example.org/x>) }
     ?a ?p ?c }
    """
    if not bindings:
        return text
    from .terms import sparql_term

    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise UsageError(f"not a variable name: {name!r}")
    values = "VALUES ({}) {{ ({}) }}".format(
        " ".join(f"?{name}" for name in names), " ".join(sparql_term(bindings[name]) for name in names)
    )
    brace = _where_brace(text)
    rendered = text[: brace + 1] + "\n  " + values + "\n" + text[brace + 1:]
    if check:
        parse_query(rendered)  # the rendering must still be a valid, read-only query
    return rendered


# --- helpers -------------------------------------------------------------------------


def _join_values_lazily(node) -> None:
    """Let rdflib push the solutions of a join's left side into its right side, as it does for simple joins.

    rdflib evaluates a ``Join`` lazily — each solution of the left side bound into
    the right side — only when neither side holds a join, a LIMIT or a DISTINCT
    (``rdflib.plugins.sparql.algebra.analyse``). A ``VALUES`` block opening a group
    that holds another ``VALUES`` (the parameters of a named query rendered by
    :func:`with_values`) puts a join on the left, so the group's triple patterns were
    evaluated with nothing bound and joined afterwards: ``agreeing-actors`` in that
    form took 1.9 s instead of 0.14 s on the NHS graph (and ~10 s behind a busy
    endpoint). Only the right side's shape matters for pushing bindings into it,
    so a join whose right side rdflib would call simple is made lazy whatever its
    left side is: the same rule rdflib applies, not a looser one.
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "Join" and not node.get("lazy") and _simple(node.get("p2")):
            node["lazy"] = True
        for value in node.values():
            _join_values_lazily(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _join_values_lazily(value)


def _simple(node) -> bool:
    """rdflib's ``analyse`` rule: no Join, Slice or Distinct anywhere below ``node``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name in ("Join", "Slice", "Distinct"):
            return False
        return all(_simple(value) for value in node.values())
    if isinstance(node, (list, tuple)):
        return all(_simple(value) for value in node)
    return True


def _is_rdflib_store(graph: Graph) -> bool:
    return type(graph.store).__module__.startswith("rdflib.plugins.stores.memory")


def _refuse_update(text: str) -> None:
    """Raise QueryRefused when ``text`` parses as SPARQL Update."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except ParseBaseException:
        return
    operations = [request.name for request in update.request]
    if "Load" in operations:
        raise QueryRefused("LOAD is refused: this graph is read-only and never fetches from the network")
    listed = ", ".join(dict.fromkeys(_UPDATE_NAMES.get(op, op) for op in operations))
    raise QueryRefused(f"SPARQL Update ({listed}) is refused: this graph is read-only")


_UPDATE_NAMES = {
    "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE",
    "Add": "ADD", "Move": "MOVE", "Copy": "COPY",
}


def _syntax_error(exc) -> QuerySyntaxError:
    message = str(getattr(exc, "msg", "") or exc)
    found = ""
    line_text = exc.line if isinstance(getattr(exc, "line", None), str) else ""
    rest = line_text[exc.col - 1:] if line_text and exc.col else ""
    if rest.strip():
        found = f", found {rest.strip()[:30]!r}"
    else:
        found = ", found the end of the line"
    return QuerySyntaxError(
        f"syntax error at line {exc.lineno}, column {exc.col}: {message}{found}", exc.lineno, exc.col,
    )


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _walk(node) -> Iterator[Any]:
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)) or type(item).__name__ == "ParseResults":
            stack.extend(item)


def _names(algebra, name: str) -> Iterator[Any]:
    for item in _walk(algebra):
        if getattr(item, "name", None) == name and isinstance(item, dict):
            yield item


def _variables(algebra) -> Iterator[Variable]:
    from rdflib import Variable

    for item in _walk(algebra):
        if isinstance(item, Variable):
            yield item


@functools.lru_cache(maxsize=256)
def _where_brace(text: str) -> int:
    """Offset of the ``{`` opening the outermost WHERE group (comments, strings and IRIs skipped).

    Cached: scanning a named query's text costs more than small queries take to run.
    """
    tokens = list(_top_level_braces(text))
    if not tokens:
        raise UsageError("the query has no WHERE group to bind parameters in")
    is_construct = re.search(r"\bCONSTRUCT\b", _strip_noise(text), re.IGNORECASE)
    if is_construct and len(tokens) > 1 and not re.search(
        r"\bWHERE\s*$", _strip_noise(text[: tokens[0]]), re.IGNORECASE
    ):
        return tokens[1]  # CONSTRUCT { template } WHERE { ... }
    return tokens[0]


def _strip_noise(text: str) -> str:
    return _NOISE.sub(lambda m: " " * len(m.group(0)), text)


_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
)


def _top_level_braces(text: str) -> Iterator[int]:
    clean = _strip_noise(text)
    depth = 0
    for index, char in enumerate(clean):
        if char == "{":
            if depth == 0:
                yield index
            depth += 1
        elif char == "}":
            depth -= 1

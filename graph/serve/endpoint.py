"""A read-only SPARQL 1.1 Protocol endpoint (Starlette), answering through a :class:`QueryRunner`.

Routes
------
``/sparql``
    GET ``?query=``; POST form-encoded (``query=``) or ``application/sparql-query``.
    Results are content-negotiated (``Accept``, or ``?format=``): SELECT and ASK
    as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle
    (default), JSON-LD, N-Triples or RDF/XML. A GET without a query returns a
    SPARQL 1.1 Service Description in Turtle.
``/``
    An HTML page with a query box, the named queries as examples and a link to
    the network view.
``/queries``
    The named queries as JSON (name, title, parameters, runnable example).
``/network``
    The HTML network view, when the server was given one.
``/.well-known/void``, ``/dump.ttl``, ``/queries/NAME?…``, ``/nhs/…`` and ``/doc/nhs/…``
    With ``EndpointSettings.resources``: the VoID description, the data dump, a named
    query with its parameters bound, and every IRI of the dataset as a page or RDF
    (:mod:`.describe_routes`, :mod:`.linked_data`, :mod:`.void`).

Read-only and bounded: updates (``update=`` or ``application/sparql-update``),
``LOAD``, ``SERVICE``, ``FROM`` and protocol dataset parameters are refused with
403 and a one-line reason; every query runs in a worker process with a time limit
and a result cap. Every error has one JSON shape::

    {"error": {"status": 403, "type": "refused", "message": "SERVICE is refused: …"}}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from rdflib import Graph

from ..errors import DataError, StanceGraphError, UsageError
from ..xmlchars import XmlCharacterError
from ..sparql.library import NamedQuery, resolve_parameters
from ..sparql.results import QueryOutcome, ResultFormat, serialize_outcome
from ..sparql.sandbox import QueryRunner
from ..sparql.engine import (
    QueryFailed, QueryKind, QueryRefused, QuerySyntaxError, QueryTimeout, TooManyResults, with_values,
)
from .accept import ranked_media

if TYPE_CHECKING:  # pragma: no cover
    from .linked_data import ResourceSite

__all__ = ["EndpointSettings", "EndpointExample", "endpoint_examples", "create_app", "negotiate", "error_body"]


@dataclass(frozen=True)
class EndpointExample:
    """A named query ready to run on the endpoint: its example bound as a VALUES block."""

    name: str
    title: str
    description: str
    parameters: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class EndpointSettings:
    """What the endpoint shows and how much it accepts."""

    title: str = "stancegraph"
    max_query_bytes: int = 100_000
    network_view: Path | None = None
    examples: Sequence[EndpointExample] = field(default_factory=tuple)
    resources: "ResourceSite | None" = None
    """The dataset's resources, dereferenceable under their mount path (:mod:`.linked_data`)."""


def endpoint_examples(graph: Graph, queries: Sequence[NamedQuery]) -> list[EndpointExample]:
    """Each named query with its first example's parameters bound as a VALUES block.

    A parameter whose example value names nothing in this graph (another dataset)
    is left unbound, so the query answers for every value.

    Entities are looked up through one :class:`_RememberingLookup` (pyoxigraph's own
    index for an Oxigraph-backed graph): an example naming nothing made
    :func:`~stancegraph.graph.sparql.library.resolve_parameters` list every entity,
    once per parameter (nine times per start-up: 11–15 s of ``serve`` at 100,000
    synthetic statements through oxrdflib); now each class is listed once, and each
    example value resolved once.
    """
    terms = _RememberingLookup(_parameter_lookup(graph))
    resolved: dict = {}  # (parameter kind, example value) → term, or None when it names nothing here
    examples = []
    for query in queries:
        values = query.example_values()
        bindings = {}
        for parameter in query.parameters:
            raw = values.get(parameter.name, parameter.default)
            if raw is None:
                continue
            if (parameter.kind, raw) not in resolved:
                try:
                    found = resolve_parameters(terms, _only(query, parameter), {parameter.name: raw})
                    resolved[parameter.kind, raw] = found[parameter.name]
                except UsageError:
                    resolved[parameter.kind, raw] = None
            if resolved[parameter.kind, raw] is not None:
                bindings[parameter.name] = resolved[parameter.kind, raw]
        examples.append(EndpointExample(
            query.name, query.title, query.description,
            tuple(p.describe() for p in query.parameters), with_values(query.text, bindings),
        ))
    return examples


def _parameter_lookup(graph: Graph):
    """What resolving parameters reads of ``graph``: a pyoxigraph store view of an Oxigraph-backed graph."""
    from ..stores.store import is_oxigraph

    if is_oxigraph(graph):
        from ..stores.view import StoreView

        return StoreView(graph.store._inner, str(graph.identifier))
    return graph


class _RememberingLookup:
    """A parameter lookup (a graph or :class:`~stancegraph.graph.stores.view.StoreView`) that lists each
    class's instances, and reads each subject's values of a property, once."""

    def __init__(self, graph):
        from ..sparql.library import _lookup

        self._terms = _lookup(graph)
        self._instances: dict = {}
        self._texts: dict = {}

    def __getattr__(self, name):
        return getattr(self._terms, name)

    def instances(self, cls: str):
        if cls not in self._instances:
            self._instances[cls] = list(self._terms.instances(cls))
        return iter(self._instances[cls])

    def texts(self, subject, predicate: str):
        key = (subject, predicate)
        if key not in self._texts:
            self._texts[key] = list(self._terms.texts(subject, predicate))
        return iter(self._texts[key])


def _only(query: NamedQuery, parameter) -> NamedQuery:
    from dataclasses import replace

    return replace(query, parameters=(parameter,))


# --- content negotiation ----------------------------------------------------------------

_TABLE_TYPES = {
    "application/sparql-results+json": ResultFormat.JSON,
    "application/json": ResultFormat.JSON,
    "application/sparql-results+xml": ResultFormat.XML,
    "application/xml": ResultFormat.XML,
    "text/xml": ResultFormat.XML,
    "text/csv": ResultFormat.CSV,
    "text/tab-separated-values": ResultFormat.TSV,
}
_GRAPH_TYPES = {
    "text/turtle": ResultFormat.TURTLE,
    "application/turtle": ResultFormat.TURTLE,
    "application/x-turtle": ResultFormat.TURTLE,
    "application/ld+json": ResultFormat.JSONLD,
    "application/x-json+ld": ResultFormat.JSONLD,
    "application/json": ResultFormat.JSONLD,
    "application/n-triples": ResultFormat.NTRIPLES,
    "text/plain": ResultFormat.NTRIPLES,
    "application/rdf+xml": ResultFormat.RDFXML,
}
_TABLE_NAMES = {"json": ResultFormat.JSON, "xml": ResultFormat.XML, "csv": ResultFormat.CSV,
                "tsv": ResultFormat.TSV, **_TABLE_TYPES}
_GRAPH_NAMES = {"turtle": ResultFormat.TURTLE, "ttl": ResultFormat.TURTLE, "n3": ResultFormat.TURTLE,
                "json": ResultFormat.JSONLD, "jsonld": ResultFormat.JSONLD, "json-ld": ResultFormat.JSONLD,
                "xml": ResultFormat.RDFXML, "rdfxml": ResultFormat.RDFXML, "nt": ResultFormat.NTRIPLES,
                "ntriples": ResultFormat.NTRIPLES, "n-triples": ResultFormat.NTRIPLES, **_GRAPH_TYPES}


def _unknown_format_name(value: str) -> bool:
    """Whether a ``?format=`` value is a name no format has (``foo``): a typo to report, not to ignore.

    Media types (SPARQLWrapper sends ``application/ld+json,application/x-json+ld``) and
    empty values are left to negotiation, as before.

    >>> [_unknown_format_name(v) for v in ("foo", "json", "TSV", "", "application/ld+json,x/y", "image/png")]
    [True, False, False, False, False, False]
    """
    parts = [part.split(";")[0].strip().lower() for part in value.split(",")]
    names = [part for part in parts if part and "/" not in part]
    return bool(names) and not any(name in _TABLE_NAMES or name in _GRAPH_NAMES for name in names)


def negotiate(kind: QueryKind, accept: str | None, requested: Sequence[str] = ()) -> ResultFormat | None:
    """The result format for a query of ``kind``: a ``?format=`` value that fits, else the best ``Accept`` match.

    ``format`` values may be names (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``,
    ``jsonld``, ``ntriples``; ``json`` and ``xml`` mean JSON-LD and RDF/XML for
    graphs) or media types, as SPARQLWrapper and browsers send them. Returns None
    when nothing acceptable can be produced.

    Examples
    --------
    >>> negotiate(QueryKind.SELECT, "text/csv;q=0.5, application/sparql-results+xml").value
    'xml'
    >>> negotiate(QueryKind.CONSTRUCT, "*/*", ["json"]).value
    'jsonld'
    >>> negotiate(QueryKind.ASK, "image/png") is None
    True
    """
    table = _GRAPH_TYPES if kind.returns_graph else _TABLE_TYPES
    names = _GRAPH_NAMES if kind.returns_graph else _TABLE_NAMES
    default = ResultFormat.TURTLE if kind.returns_graph else ResultFormat.JSON
    for value in requested:
        fmt = names.get(value.strip().lower())
        if fmt is not None:
            return fmt
    if not accept or not accept.strip():
        return default
    for media in ranked_media(accept):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*") or (media == "text/*" and kind.returns_graph):
            return default
        if media == "text/*":
            return ResultFormat.CSV
    return None


# --- errors -------------------------------------------------------------------------------

_ERROR_STATUS: list[tuple[type[BaseException], int, str]] = [
    (QuerySyntaxError, 400, "syntax-error"),
    (QueryRefused, 403, "refused"),
    (TooManyResults, 422, "too-many-results"),
    (QueryTimeout, 503, "timeout"),
    (QueryFailed, 400, "query-failed"),
    (UsageError, 400, "bad-request"),
    (StanceGraphError, 500, "server-error"),
]


def error_body(status: int, kind: str, message: str) -> dict:
    """The one JSON shape of every error the endpoint returns."""
    return {"error": {"status": status, "type": kind, "message": message}}


def _error(status: int, kind: str, message: str, headers: dict | None = None):
    from starlette.responses import JSONResponse

    return JSONResponse(error_body(status, kind, " ".join(message.split())), status_code=status, headers=headers)


def _error_for(exc: StanceGraphError):
    for cls, status, kind in _ERROR_STATUS:
        if isinstance(exc, cls):
            return _error(status, kind, str(exc))
    return _error(500, "server-error", str(exc))  # pragma: no cover - the table ends with the base class


# --- the app ---------------------------------------------------------------------------------


def create_app(runner: QueryRunner, settings: EndpointSettings | None = None):
    """The Starlette application of the endpoint.

    Parameters
    ----------
    runner : QueryRunner
        Answers the queries (its settings hold the time limit and the row cap).
    settings : EndpointSettings, optional
        Page title, request size limit, examples and the network view file.
    """
    import anyio
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    settings = settings or EndpointSettings()
    limiter = anyio.CapacityLimiter(max(4, runner.settings.workers * 4))
    page = _render_page(settings, runner)

    async def sparql(request: Request) -> Response:
        text = await _read_query(request, settings.max_query_bytes)
        if isinstance(text, Response):
            return text
        if text is None:
            return Response(_service_description(str(request.url_for("sparql")), settings.resources),
                            media_type="text/turtle")
        try:
            outcome: QueryOutcome = await anyio.to_thread.run_sync(runner.run, text, limiter=limiter)
        except StanceGraphError as exc:
            return _error_for(exc)
        requested = request.query_params.getlist("format")
        unknown = [v for v in requested if _unknown_format_name(v)]
        if unknown:  # a typo is said, never answered in another format
            names = "json, xml, csv, tsv (SELECT, ASK); turtle, jsonld, ntriples, rdfxml (CONSTRUCT, DESCRIBE)"
            return _error(400, "bad-request", f"unknown format {unknown[0]!r}; formats: {names}, or a media type")
        fmt = negotiate(outcome.kind, request.headers.get("accept"), requested)
        if fmt is None:
            offered = ", ".join(sorted(set(_GRAPH_TYPES if outcome.kind.returns_graph else _TABLE_TYPES)))
            return _error(406, "not-acceptable", f"cannot answer a {outcome.kind.value} query in the requested "
                                                 f"format; offered: {offered}")
        try:
            body = serialize_outcome(outcome, fmt)
        except (XmlCharacterError, DataError) as exc:  # XML cannot carry a value or predicate: another format can
            return _error(406, "not-acceptable", "; ".join(str(p).removeprefix("<data>: ") for p in exc.problems))
        media = fmt.media_type + ("; charset=utf-8" if fmt is not ResultFormat.XML else "")
        return Response(body, media_type=media, headers={"Vary": "Accept"})

    async def home(request: Request) -> Response:
        return HTMLResponse(page)

    async def queries(request: Request) -> Response:
        return JSONResponse([
            {"name": e.name, "title": e.title, "description": e.description,
             "parameters": list(e.parameters), "example": e.text}
            for e in settings.examples
        ])

    async def network(request: Request) -> Response:
        if settings.network_view is None or not Path(settings.network_view).is_file():
            return _error(404, "not-found", "this server has no network view")
        return FileResponse(settings.network_view, media_type="text/html")

    async def http_error(request: Request, exc: HTTPException) -> Response:
        kinds = {404: "not-found", 405: "method-not-allowed"}
        return _error(exc.status_code, kinds.get(exc.status_code, "http-error"), str(exc.detail), exc.headers)

    async def server_error(request: Request, exc: Exception) -> Response:
        return _error(500, "server-error", f"internal error: {type(exc).__name__}")

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
        Route("/queries", queries, methods=["GET"]),
        Route("/network", network, methods=["GET"]),
    ]
    from .describe_routes import describe_routes  # VoID, the dump, named-query forms, resource pages (last)

    routes += describe_routes(settings, _error)
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: server_error})


async def _read_query(request, max_bytes: int):
    """The query text of a protocol request, None for a bare GET, or an error Response."""
    params = request.query_params
    if "update" in params:
        return _error(403, "refused", "SPARQL Update is refused: this graph is read-only")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        return _error(403, "refused", "default-graph-uri and named-graph-uri are refused: this endpoint "
                                      "answers over its own graph and never loads graphs from elsewhere")
    if request.method == "GET":
        text = params.get("query")
        if text is None:
            return None
        return _check_size(text, max_bytes)
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        return _error(413, "too-large", f"the request body is larger than {max_bytes} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            return _error(413, "too-large", f"the request body is larger than {max_bytes} bytes")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        return _error(403, "refused", "SPARQL Update is refused: this graph is read-only")
    if media == "application/sparql-query":
        try:
            text = bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            return _error(400, "bad-request", "the query is not UTF-8")
        return _check_size(text, max_bytes) if text.strip() else _error(400, "bad-request", "empty query")
    if media == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        try:
            form = parse_qs(bytes(body).decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            return _error(400, "bad-request", "the form is not UTF-8")
        if "update" in form:
            return _error(403, "refused", "SPARQL Update is refused: this graph is read-only")
        if "default-graph-uri" in form or "named-graph-uri" in form:
            return _error(403, "refused", "default-graph-uri and named-graph-uri are refused: this endpoint "
                                          "answers over its own graph")
        queries = form.get("query", [])
        if len(queries) != 1:
            return _error(400, "bad-request", "the form needs exactly one 'query' field")
        return _check_size(queries[0], max_bytes)
    return _error(415, "unsupported-media-type",
                  "POST a form (application/x-www-form-urlencoded) or application/sparql-query")


def _check_size(text: str, max_bytes: int):
    if len(text.encode("utf-8")) > max_bytes:
        return _error(413, "too-large", f"the query is larger than {max_bytes} bytes")
    return text


def _service_description(endpoint: str, resources=None) -> bytes:
    from .void import service_description  # sd:defaultDataset is the VoID dataset node

    return service_description(endpoint, resources).serialize(format="turtle", encoding="utf-8")


def _render_page(settings: EndpointSettings, runner: QueryRunner) -> str:
    import importlib.resources

    from jinja2 import Environment, select_autoescape

    source = importlib.resources.files("stancegraph.graph").joinpath("templates/endpoint.html").read_text("utf-8")
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    from .query_page import page_context  # parameter forms, prefixes and resource links

    examples = [
        {"name": e.name, "title": e.title, "description": e.description, "text": e.text}
        for e in settings.examples
    ]
    extra = page_context(examples, settings.resources)
    examples = extra.pop("examples")
    first = examples[0]["text"] if examples else "SELECT ?actor ?concept WHERE { ?actor sg:supports ?concept } LIMIT 20"
    return env.from_string(source).render(
        title=settings.title,
        examples=examples,
        first_query=first,
        has_network=settings.network_view is not None,
        timeout=runner.settings.timeout,
        max_rows=runner.settings.max_rows,
        **extra,
    )

"""The endpoint's self-describing routes: VoID, the data dump, named-query forms and resource pages.

``/.well-known/void``
    The VoID description (:func:`.void.void_description`), Turtle by default, or
    JSON-LD / N-Triples / RDF/XML by ``Accept`` or ``?format=``.
``/dump.ttl``
    The whole graph (``void:dataDump``): the served RDF file as it is, or the graph
    written as Turtle once and kept.
``/queries/{name}?PARAM=VALUE``
    A named query with its parameters bound as a ``VALUES`` block, as JSON
    ``{"name", "text"}``; parameters are named by id, label or IRI as with
    ``stancegraph query --param``, and an unknown one is a 400 naming close matches;
    an unknown query name is a 404.
    The query page's forms use it.
``{mount}…`` and ``/doc{mount}…``
    The dataset's resources (:mod:`.linked_data`); registered last.
"""

from __future__ import annotations

import threading

from ..rdf.endings import READ_ENDINGS
from .linked_data import VARIANTS, negotiate_variant, routes as resource_routes, unknown_format
from .void import DUMP_PATH, void_description

__all__ = ["describe_routes"]


def describe_routes(settings, error) -> list:
    """The routes above for ``settings.resources`` (none when the endpoint has no resource site)."""
    import anyio
    from starlette.requests import Request
    from starlette.responses import FileResponse, JSONResponse, Response
    from starlette.routing import Route

    site = settings.resources
    if site is None:
        return []
    lock = threading.Lock()
    cache: dict[str, bytes] = {}
    from .endpoint import _parameter_lookup

    lookup = _parameter_lookup(site.graph)  # pyoxigraph's own index for an Oxigraph-backed graph

    def origin(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    async def void(request: Request) -> Response:
        refused = unknown_format(request.query_params.getlist("format"), error)
        if refused is not None:
            return refused
        variant = negotiate_variant(request.headers.get("accept"), request.query_params.getlist("format"))
        if variant is None:
            offered = ", ".join(sorted({m.split(";")[0] for m, f in VARIANTS.values() if f is not None}))
            return error(406, "not-acceptable", f"the VoID description is offered as: {offered}")
        if variant == "html":
            variant = "ttl"  # a description for machines: a browser gets the Turtle as text
        from ..rdf.export import serialize_graph

        graph = await anyio.to_thread.run_sync(void_description, site, origin(request))
        media, fmt = VARIANTS[variant]
        return Response(serialize_graph(graph, fmt), media_type=media, headers={"Vary": "Accept"})

    def turtle_dump() -> bytes:
        with lock:
            if "ttl" not in cache:
                from ..rdf.export import RdfFormat
                from ..stores.store import serialize_store_graph  # Oxigraph's writer for an Oxigraph graph

                cache["ttl"] = serialize_store_graph(site.graph, RdfFormat.TURTLE)
            return cache["ttl"]

    async def dump(request: Request) -> Response:
        # /dump.ttl is Turtle whatever was served (a client saving it by its URL names it .ttl): a served
        # Turtle file as it is, any other syntax written as Turtle from the store
        if site.dump is not None and READ_ENDINGS.get(site.dump.suffix.lower()) == "turtle":
            return FileResponse(site.dump, media_type="text/turtle; charset=utf-8")
        body = await anyio.to_thread.run_sync(turtle_dump)
        return Response(body, media_type="text/turtle; charset=utf-8")

    async def named_query(request: Request) -> Response:
        from ..errors import UsageError
        from ..sparql.engine import with_values
        from ..sparql.library import get_named_query, resolve_parameters, single_values

        name = request.path_params["name"]
        try:
            query = get_named_query(name, listing="see GET /queries")
        except UsageError as exc:
            return error(404, "not-found", str(exc))
        try:  # a parameter given twice is refused, as the CLI refuses a repeated --param
            values = single_values((key, value) for key, value in request.query_params.multi_items() if value != "")
            bindings = await anyio.to_thread.run_sync(resolve_parameters, lookup, query, values, "?{name}=…")
        except UsageError as exc:
            return error(400, "bad-request", str(exc))
        return JSONResponse({"name": query.name, "text": with_values(query.text, bindings)})

    return [
        Route("/.well-known/void", void, methods=["GET"]),
        Route(DUMP_PATH, dump, methods=["GET"]),
        Route("/queries/{name}", named_query, methods=["GET"]),
        *resource_routes(site, error),
    ]

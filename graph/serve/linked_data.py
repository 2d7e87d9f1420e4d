"""Dereferenceable IRIs: every resource of the dataset answers GET, as a page or as RDF.

The dataset's IRIs are *slash* IRIs (``…/nhs/organisation/labour-party``) naming
things that are not web documents (an organisation, a statement, a concept), so the
server follows the "303 URIs" recipe of W3C's *Cool URIs for the Semantic Web*
(Note, 2008, §4.3) rather than hash IRIs (§4.2), which would need every IRI of the
dataset changed:

* ``GET {mount}{id-path}`` (the thing) answers **303 See Other** to the document
  that describes it in the format the client asked for: ``…​.html`` for a browser,
  ``…​.ttl``, ``…​.jsonld``, ``…​.nt`` or ``…​.rdf`` for an RDF client (``Accept``, or
  ``?format=``), with ``Vary: Accept`` since the target depends on it.
* ``GET /doc{mount}{id-path}`` (the generic document, §4.3's "one generic
  document") negotiates in place and names the variant it chose in
  ``Content-Location``; ``GET /doc{mount}{id-path}.ttl`` etc. is each variant.

A request path maps to an IRI by replacing ``mount`` with the dataset's base IRI:
with the default mount ``/nhs/`` (the base IRI's last segment),
``/nhs/organisation/labour-party`` is
``https://w3id.org/stancegraph/nhs/organisation/labour-party``. Pages link to each
other by server-relative paths, so they keep working behind a reverse proxy that
forwards the base IRI's paths (see the README, "Linked data").

A description is the resource's *symmetric concise bounded description* (its
triples as subject and as object; W3C Member Submission "CBD", 2005) plus the
triples of its own sub-resources (IRIs below it: a statement's evidence and
selectors, a person's memberships) and one label for every other IRI it names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Iterable
from urllib.parse import quote, unquote

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SDO, SKOS

from stancegraph.schema.vocab import OA, SG

from ..rdf.export import RdfFormat, serialize_graph
from .accept import ranked_media

__all__ = [
    "ResourceSite", "site_for_graph", "DOC_PREFIX", "VARIANTS", "mount_path", "negotiate_variant", "describe", "resource_page",
    "statements_about", "label_of", "routes", "unknown_format",
]

DOC_PREFIX = "/doc"
"""Path prefix of the documents that describe the dataset's things."""

VARIANTS: dict[str, tuple[str, RdfFormat | None]] = {
    "html": ("text/html; charset=utf-8", None),
    "ttl": ("text/turtle; charset=utf-8", RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", RdfFormat.JSONLD),
    "nt": ("application/n-triples; charset=utf-8", RdfFormat.NTRIPLES),
    "rdf": ("application/rdf+xml", RdfFormat.RDFXML),
}
"""File extension of each description document → (media type, RDF syntax; None = the HTML page)."""

_MEDIA = {
    "text/html": "html", "application/xhtml+xml": "html",
    "text/turtle": "ttl", "application/x-turtle": "ttl", "application/turtle": "ttl",
    "application/ld+json": "jsonld", "application/json": "jsonld",
    "application/n-triples": "nt", "text/plain": "nt",
    "application/rdf+xml": "rdf", "application/xml": "rdf", "text/xml": "rdf",
}
_NAMES = {"html": "html", "turtle": "ttl", "ttl": "ttl", "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
          "nt": "nt", "ntriples": "nt", "n-triples": "nt", "rdf": "rdf", "rdfxml": "rdf", "xml": "rdf"}

PAGE_STATEMENTS = 500
"""Most statements listed on one resource page (the rest are counted and named by query)."""

_LABELS = (SKOS.prefLabel, RDFS.label, FOAF.name, DCTERMS.title)
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def mount_path(base_iri: str, base: str | None = None) -> str:
    """The local path the dataset's base IRI is served under.

    ``base`` is ``--base``: a path (``/``, ``/stancegraph/nhs/``) or a URL whose path
    is used. Default: the base IRI's last path segment.

    Examples
    --------
    >>> mount_path("https://w3id.org/stancegraph/nhs/")
    '/nhs/'
    >>> mount_path("https://w3id.org/stancegraph/nhs/", "https://w3id.org/stancegraph/nhs/")
    '/stancegraph/nhs/'
    >>> mount_path("https://example.org/d/", "/")
    '/'
    """
    from urllib.parse import urlsplit

    if base is None:
        segments = [s for s in urlsplit(base_iri).path.split("/") if s]
        path = "/" + (segments[-1] + "/" if segments else "")
    else:
        path = urlsplit(base).path if "://" in base else base
    path = "/" + path.strip("/") + "/"
    return "/" if path == "//" else path


@dataclass(frozen=True)
class ResourceSite:
    """The dataset's resources as a site: which IRIs are served under which local path.

    Parameters
    ----------
    graph : rdflib.Graph
        The served graph (read in the server process; lookups are by subject and object).
    base_iri : str
        The dataset's base IRI (ends with ``/`` or ``#``).
    mount : str
        Local path prefix (starts and ends with ``/``), see :func:`mount_path`.
    title : str
        The dataset's title, shown on pages.
    dataset_iri : str, optional
        The dataset's VoID node.
    """

    graph: Graph = field(compare=False, repr=False)
    base_iri: str
    mount: str
    title: str = "stancegraph"
    dataset_iri: str | None = None
    dump: Any = None
    """The served RDF file (``serve FILE``): offered as the data dump as it is when it is Turtle; else (and for
    any other syntax) the graph is written as Turtle."""

    def iri(self, rest: str) -> URIRef:
        """The IRI of the thing at ``{mount}{rest}``."""
        return URIRef(self.base_iri + unquote(rest))

    def rest(self, iri: str) -> str | None:
        """The part of ``iri`` after the base IRI, or None when it is not the dataset's."""
        iri = str(iri)
        if not iri.startswith(self.base_iri) or len(iri) == len(self.base_iri):
            return None
        return iri[len(self.base_iri):]

    def path(self, iri: str) -> str | None:
        """The local path of a dataset IRI (None for any other IRI)."""
        rest = self.rest(iri)
        return None if rest is None else self.mount + quote(rest, safe="/-._~")

    def doc_path(self, iri: str, ext: str | None = None) -> str | None:
        """The path of the document describing ``iri`` (generic, or the ``ext`` variant)."""
        rest = self.rest(iri)
        if rest is None:
            return None
        return DOC_PREFIX + self.mount + quote(rest, safe="/-._~") + (f".{ext}" if ext else "")

    def exists(self, iri: URIRef) -> bool:
        """Whether the graph says anything with ``iri`` as subject or object."""
        return (iri, None, None) in self.graph or (None, None, iri) in self.graph

    def close_matches(self, iri: URIRef, n: int = 5) -> list[str]:
        """Dataset IRIs of the same kind (same folder) that look like ``iri``."""
        text = str(iri)
        folder = text.rsplit("/", 1)[0] + "/"
        if not folder.startswith(self.base_iri):
            return []
        import itertools

        typed = itertools.islice(self.graph.subjects(RDF.type, None), 200_000)  # bounded on huge stores
        candidates = {str(s) for s in typed if isinstance(s, URIRef) and str(s).startswith(folder)}
        names = {c[len(folder):]: c for c in candidates}
        close = difflib.get_close_matches(text[len(folder):], list(names), n=n, cutoff=0.6)
        return [names[c] for c in close]


def site_for_graph(graph: Graph, base: str | None = None, dump: Any = None) -> "ResourceSite | None":
    """The resource site of a graph built by stancegraph: its ``void:Dataset`` node gives base IRI and title.

    Returns None when the graph has no dataset node with a ``void:uriSpace``
    (then there is nothing to mount).
    """
    from rdflib.namespace import VOID

    for node in sorted(graph.subjects(RDF.type, VOID.Dataset)):
        space = graph.value(node, VOID.uriSpace)
        if space is None:
            continue
        base_iri = str(space)
        title = graph.value(node, DCTERMS.title)
        return ResourceSite(graph, base_iri, mount_path(base_iri, base), str(title or base_iri), str(node), dump)
    return None


def negotiate_variant(accept: str | None, requested: Iterable[str] = ()) -> str | None:
    """The description variant (a key of :data:`VARIANTS`) for ``?format=`` or ``Accept``.

    ``*/*`` and an absent header mean the HTML page (what a browser or curl reads);
    None when the client accepts none of the variants.

    Examples
    --------
    >>> negotiate_variant("text/turtle;q=0.9, application/ld+json")
    'jsonld'
    >>> negotiate_variant("text/html,application/xhtml+xml,*/*;q=0.8")
    'html'
    >>> negotiate_variant("*/*", ["nt"]), negotiate_variant("image/png")
    ('nt', None)
    """
    for value in requested:
        name = _NAMES.get(value.strip().lower()) or _MEDIA.get(value.strip().lower())
        if name:
            return name
    if not accept or not accept.strip():
        return "html"
    for media in ranked_media(accept):
        if media in _MEDIA:
            return _MEDIA[media]
        if media in ("*/*", "text/*"):
            return "html"
        if media == "application/*":
            return "jsonld"
    return None


def unknown_format(requested: Iterable[str], error):
    """A 400 error response for a ``?format=`` naming no variant (``zzz``), else None.

    A typo is said, never answered in another format, as ``/sparql`` does: an unknown
    parameter value is a bad request (RFC 9110 §15.5.1), while 406 (§15.5.7) is kept
    for an ``Accept`` header nothing offered satisfies. Media types and empty values
    are left to negotiation.

    >>> unknown_format(["zzz"], lambda *a: a)[:2], unknown_format(["ttl", "image/png", ""], lambda *a: a)
    ((400, 'bad-request'), None)
    """
    for value in requested:
        name = value.split(";")[0].strip().lower()
        if name and "/" not in name and name not in _NAMES:
            return error(400, "bad-request", f"unknown format {value.strip()!r}; formats: "
                                             f"{', '.join(sorted(_NAMES))}, or a media type")
    return None


def label_of(graph: Graph, node) -> str | None:
    """The first of ``skos:prefLabel``, ``rdfs:label``, ``foaf:name``, ``dcterms:title`` of ``node``."""
    for prop in _LABELS:
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return None


def describe(site: ResourceSite, iri: URIRef) -> Graph:
    """The description of ``iri``: its symmetric CBD, its sub-resources and labels of what it names.

    Returns
    -------
    rdflib.Graph
        With the served graph's prefixes bound; deterministic for a given graph.
    """
    graph = site.graph
    out = Graph(bind_namespaces="none")
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    below = str(iri) + "/"
    todo, done = [iri], set()
    while todo:
        node = todo.pop()
        if node in done:
            continue
        done.add(node)
        for s, p, o in graph.triples((node, None, None)):
            out.add((s, p, o))
            if isinstance(o, URIRef) and str(o).startswith(below):
                todo.append(o)
        if node == iri:
            for s, p, o in graph.triples((None, None, node)):
                out.add((s, p, o))
                if isinstance(s, URIRef) and str(s).startswith(below):
                    todo.append(s)
    named = {term for triple in out for term in triple if isinstance(term, URIRef)} - done
    for term in named:
        for prop in _LABELS:
            value = graph.value(term, prop)
            if value is not None:
                out.add((term, prop, value))
                break
    return _plain_strings(out)


def _plain_strings(graph: Graph) -> Graph:
    """``graph`` with ``"x"^^xsd:string`` written ``"x"`` (the same literal in RDF 1.1).

    An Oxigraph store (the default, through oxrdflib) reads every plain literal back
    typed ``xsd:string``; descriptions are written as the seed-built graph writes them.
    """
    from rdflib import XSD

    typed = [(s, p, o) for s, p, o in graph if isinstance(o, Literal) and o.datatype == XSD.string]
    for s, p, o in typed:
        graph.remove((s, p, o))
        graph.add((s, p, Literal(str(o))))
    return graph


@dataclass
class StatementRow:
    """One statement as a resource page lists it."""

    iri: str
    label: str
    stance: str
    date: str
    quote: str
    actors: list[tuple[str, str]]
    concept: tuple[str, str] | None
    document: tuple[str, str] | None
    source_url: str | None


_STATEMENT_LINKS = (SG.speaker, SG.onBehalfOf, SG.concept, PROV.wasDerivedFrom, SDO.mentions)


def statements_about(site: ResourceSite, iri: URIRef, limit: int = PAGE_STATEMENTS) -> tuple[list[StatementRow], int]:
    """The statements a resource is part of (itself, when it is one), newest first; and how many there are.

    A statement is "about" a resource when the resource is its speaker, the
    organisation it was made for, its concept, its document or one it mentions.
    """
    graph = site.graph
    found: set[URIRef] = set()
    if (iri, RDF.type, SG.Statement) in graph:
        found.add(iri)
    for prop in _STATEMENT_LINKS:
        found.update(s for s in graph.subjects(prop, iri) if isinstance(s, URIRef))
    dated = sorted(found, key=lambda s: (str(graph.value(s, DCTERMS.date) or ""), str(s)), reverse=True)
    return [_statement_row(site, s) for s in dated[:limit]], len(found)


def _statement_row(site: ResourceSite, s: URIRef) -> StatementRow:
    graph = site.graph
    stance = graph.value(s, SG.stance)
    quote_text = ""
    for evidence in graph.objects(s, SG.evidence):
        for selector in graph.objects(evidence, OA.hasSelector):
            exact = graph.value(selector, OA.exact)
            if exact is not None:
                quote_text = str(exact)
    actors = [(str(a), label_of(graph, a) or str(a)) for prop in (SG.speaker, SG.onBehalfOf)
              for a in graph.objects(s, prop)]
    concept = graph.value(s, SG.concept)
    document = graph.value(s, PROV.wasDerivedFrom)
    url = graph.value(document, FOAF.page) if document is not None else None
    return StatementRow(
        iri=str(s), label=label_of(graph, s) or str(s),
        stance=str(stance).rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower() if stance is not None else "",
        date=str(graph.value(s, DCTERMS.date) or ""), quote=quote_text, actors=actors,
        concept=(str(concept), label_of(graph, concept) or str(concept)) if concept is not None else None,
        document=(str(document), label_of(graph, document) or str(document)) if document is not None else None,
        source_url=str(url) if url is not None and str(url).startswith(("http://", "https://")) else None,
    )


def resource_page(site: ResourceSite, iri: URIRef, description: Graph) -> str:
    """The HTML page of ``iri``: what it is, its statements with quotes, and every triple as links.

    Every string is escaped (Jinja2 autoescape); links are server-relative paths for
    the dataset's IRIs and plain ``http(s)`` links for others; the page has no script.
    """
    import importlib.resources

    from jinja2 import Environment, select_autoescape

    graph = site.graph
    prefixes = sorted(((str(ns), prefix) for prefix, ns in description.namespaces() if prefix),
                      key=lambda item: -len(item[0]))

    def term(node) -> dict[str, Any]:
        if isinstance(node, Literal):
            lang = f"@{node.language}" if node.language else ""
            kind = ""
            if node.datatype is not None:
                kind = _short(str(node.datatype), prefixes)
            return {"text": str(node), "note": lang or kind, "href": None, "literal": True}
        text = str(node)
        local = site.path(text)
        href = local if local is not None and site.exists(URIRef(text)) else (
            text if text.startswith(("http://", "https://")) else None)
        name = label_of(graph, node) if isinstance(node, URIRef) else None
        return {"text": _short(text, prefixes), "note": name or "", "href": href, "literal": False}

    outgoing = sorted(((p, o) for p, o in description.predicate_objects(iri)), key=lambda po: (str(po[0]), str(po[1])))
    incoming = sorted(((s, p) for s, p in description.subject_predicates(iri)), key=lambda sp: (str(sp[1]), str(sp[0])))
    rows, total = statements_about(site, iri)
    label = label_of(graph, iri) or _short(str(iri), prefixes)
    types = [term(t) for t in sorted(graph.objects(iri, RDF.type))]
    source = importlib.resources.files("stancegraph.graph").joinpath("templates/resource.html").read_text("utf-8")
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(source).render(
        title=site.title,
        label=label,
        iri=str(iri),
        types=types,
        definition=str(graph.value(iri, SKOS.definition) or ""),
        notes=[str(n) for n in graph.objects(iri, SKOS.note)],
        outgoing=[(term(p), term(o)) for p, o in outgoing],
        incoming=[(term(s), term(p)) for s, p in incoming],
        statements=[{
            "href": site.path(r.iri), "label": r.label, "stance": r.stance, "date": r.date, "quote": r.quote,
            "actors": [(site.path(a), name) for a, name in r.actors],
            "concept": (site.path(r.concept[0]), r.concept[1]) if r.concept else None,
            "document": (site.path(r.document[0]), r.document[1]) if r.document else None,
            "source_url": r.source_url,
        } for r in rows],
        statement_total=total,
        variants=[(ext, site.doc_path(str(iri), ext)) for ext in VARIANTS if ext != "html"],
        dataset_href=site.path(site.dataset_iri) if site.dataset_iri else None,
    )


def _short(iri: str, prefixes: list[tuple[str, str]]) -> str:
    for ns, prefix in prefixes:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _representation(site: ResourceSite, iri: URIRef, variant: str) -> bytes:
    description = describe(site, iri)
    media, fmt = VARIANTS[variant]
    if fmt is None:
        return resource_page(site, iri, description).encode("utf-8")
    return serialize_graph(description, fmt)


def routes(site: ResourceSite, error) -> list:
    """The Starlette routes of the resource pages (put them after every other route).

    ``error(status, kind, message, headers=None)`` makes the endpoint's JSON error response.
    """
    import anyio
    from starlette.requests import Request
    from starlette.responses import RedirectResponse, Response
    from starlette.routing import Route

    def split_variant(rest: str) -> tuple[str, str | None]:
        stem, dot, ext = rest.rpartition(".")
        if dot and ext in VARIANTS and "/" not in ext:
            return stem, ext
        return rest, None

    def missing(iri: URIRef):
        close = site.close_matches(iri)
        hint = f"; close matches: {', '.join(site.path(c) for c in close)}" if close else ""
        return error(404, "not-found", f"no resource <{iri}> in this dataset{hint}")

    def unacceptable():
        offered = ", ".join(sorted({media.split(";")[0] for media, _ in VARIANTS.values()}))
        return error(406, "not-acceptable", f"a resource is described as one of: {offered}")

    async def thing(request: Request) -> Response:
        rest = request.path_params["rest"]
        if rest == "" and site.dataset_iri:
            return RedirectResponse(site.path(site.dataset_iri), status_code=303)
        iri = site.iri(rest)
        if not await anyio.to_thread.run_sync(site.exists, iri):
            return missing(iri)
        refused = unknown_format(request.query_params.getlist("format"), error)
        if refused is not None:
            return refused
        variant = negotiate_variant(request.headers.get("accept"), request.query_params.getlist("format"))
        if variant is None:
            return unacceptable()
        return RedirectResponse(site.doc_path(str(iri), variant), status_code=303, headers={"Vary": "Accept"})

    async def document(request: Request) -> Response:
        rest, ext = split_variant(request.path_params["rest"])
        iri = site.iri(rest)
        if not await anyio.to_thread.run_sync(site.exists, iri):
            return missing(iri)
        headers = {}
        if ext is None:
            refused = unknown_format(request.query_params.getlist("format"), error)
            if refused is not None:
                return refused
            ext = negotiate_variant(request.headers.get("accept"), request.query_params.getlist("format"))
            if ext is None:
                return unacceptable()
            headers = {"Vary": "Accept", "Content-Location": site.doc_path(str(iri), ext)}
        body = await anyio.to_thread.run_sync(_representation, site, iri, ext)
        if ext == "html":
            headers["Content-Security-Policy"] = _CSP
        return Response(body, media_type=VARIANTS[ext][0], headers=headers)

    return [
        Route(DOC_PREFIX + site.mount + "{rest:path}", document, methods=["GET"]),
        Route(site.mount + "{rest:path}", thing, methods=["GET"]),
    ]

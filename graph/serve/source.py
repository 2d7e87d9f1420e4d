"""What ``serve`` serves: an RDF file stancegraph wrote, read back as one graph.

Any syntax ``stancegraph build``/``export`` writes is read (Turtle ``.ttl``,
N-Triples ``.nt``, JSON-LD ``.jsonld``, TriG ``.trig``, RDF/XML ``.rdf``/``.xml``);
a TriG file's graphs are merged into one. rdflib's parsers are used, so a file of
a million triples takes tens of seconds to read (STACK-NOTES.md): put such data in
an Oxigraph store (``build --store oxigraph:PATH``) and serve that instead.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset as RdfDataset
from rdflib import Graph

from ..errors import UsageError

__all__ = ["RDF_SUFFIXES", "read_rdf_file"]

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig",
                ".rdf": "xml", ".xml": "xml", ".owl": "xml"}
"""File suffix → rdflib parser name."""


def read_rdf_file(path: Path) -> Graph:
    """Read the RDF file ``path`` into one in-memory graph, with stancegraph's prefixes bound.

    Raises
    ------
    UsageError
        For a suffix that names no RDF syntax, or a file that does not parse
        (the parser's message, with the file name).
    """
    from ..rdf.mapping import bind_prefixes

    path = Path(path)
    parser = RDF_SUFFIXES.get(path.suffix.lower())
    if parser is None:
        raise UsageError(f"{path}: not an RDF file stancegraph reads (suffixes: {', '.join(sorted(RDF_SUFFIXES))})")
    try:
        if parser == "trig":
            quads = RdfDataset()
            quads.parse(path, format="trig")
            graph = Graph(bind_namespaces="none")
            for s, p, o, _g in quads.quads((None, None, None, None)):
                graph.add((s, p, o))
            namespaces = list(quads.namespaces())
        else:
            graph = Graph(bind_namespaces="none")
            graph.parse(path, format=parser)
            namespaces = list(graph.namespaces())
    except Exception as exc:  # rdflib raises many kinds (BadSyntax, SAXParseException, JSONDecodeError …)
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise UsageError(f"{path}: cannot read it as {parser}: {message}") from None
    base = _base_iri(graph)
    bind_prefixes(graph, base)
    for prefix, ns in namespaces:
        if prefix and prefix not in dict(graph.namespaces()):
            graph.bind(prefix, ns)
    return graph


def _base_iri(graph: Graph) -> str | None:
    from rdflib import RDF
    from rdflib.namespace import VOID

    for node in sorted(graph.subjects(RDF.type, VOID.Dataset)):
        space = graph.value(node, VOID.uriSpace)
        if space is not None:
            return str(space)
    return None

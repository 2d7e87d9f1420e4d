"""Serialise graphs to the RDF formats other tools read, deterministically."""

from __future__ import annotations

import json
from enum import Enum

from rdflib import Dataset as RdfDataset
from rdflib import Graph, URIRef

from .linebreaks import join_ntriples, ntriples_lines
from .prefixes import PREFIXES

__all__ = ["RdfFormat", "serialize_graph", "parse_rdf_format"]


class RdfFormat(str, Enum):
    """RDF serialisations stancegraph writes."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    JSONLD = "jsonld"
    TRIG = "trig"
    RDFXML = "rdfxml"

    @property
    def extension(self) -> str:
        """The usual file extension, with its dot."""
        return {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig", "rdfxml": ".rdf"}[self.value]

    @property
    def media_type(self) -> str:
        """The IANA media type."""
        return {
            "turtle": "text/turtle",
            "ntriples": "application/n-triples",
            "jsonld": "application/ld+json",
            "trig": "application/trig",
            "rdfxml": "application/rdf+xml",
        }[self.value]


def parse_rdf_format(name: str) -> RdfFormat:
    """Accept a format name or a common alias (``ttl``, ``nt``, ``json-ld``, ``xml``).

    >>> parse_rdf_format("ttl")
    <RdfFormat.TURTLE: 'turtle'>
    """
    aliases = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld",
               "xml": "rdfxml", "rdf": "rdfxml", "rdf/xml": "rdfxml"}
    key = aliases.get(name.lower(), name.lower())
    try:
        return RdfFormat(key)
    except ValueError:
        raise ValueError(f"unknown RDF format {name!r} (choose from {', '.join(f.value for f in RdfFormat)})") from None


def serialize_graph(graph: Graph, fmt: RdfFormat = RdfFormat.TURTLE, graph_name: str | None = None) -> bytes:
    """Serialise ``graph`` as ``fmt``; the same triples always give the same bytes.

    N-Triples are sorted line by line; Turtle, TriG and RDF/XML come from rdflib's
    sorted serialisers; JSON-LD is compacted with our prefixes as context, its nodes
    sorted by ``@id`` and its value arrays sorted.
    ``graph_name`` names the graph in TriG (the dataset IRI by convention).

    Raises
    ------
    XmlCharacterError
        For RDF/XML, when a literal holds a character XML 1.0 cannot carry (every
        such triple is named; the other formats carry it).
    """
    fmt = RdfFormat(fmt)
    if fmt is RdfFormat.NTRIPLES:
        text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        return join_ntriples(sorted(ntriples_lines(text)))  # never splitlines(): see .linebreaks
    if fmt is RdfFormat.TRIG:
        ds = RdfDataset()
        for prefix, ns in graph.namespaces():
            ds.bind(prefix, ns, override=True, replace=True)
        named = ds.graph(URIRef(graph_name) if graph_name else URIRef("urn:x-stancegraph:graph"))
        for triple in graph:
            named.add(triple)
        return ds.serialize(format="trig", encoding="utf-8")
    if fmt is RdfFormat.JSONLD:
        context = {prefix: ns for prefix, ns in sorted(graph.namespaces()) if prefix}
        context.update(PREFIXES)
        data = json.loads(graph.serialize(format="json-ld", context=context, encoding="utf-8"))
        return (json.dumps(_sorted_jsonld(data), indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt is RdfFormat.RDFXML:  # XML 1.0: refuse what it cannot carry (see stancegraph.graph.xmlchars)
        from ..xmlchars import checked_xml, triple_places

        return checked_xml(graph.serialize(format="pretty-xml", encoding="utf-8"),
                           lambda: triple_places(graph), "RDF/XML")
    return graph.serialize(format="turtle", encoding="utf-8")


def _sorted_jsonld(data):
    """Sort ``@graph`` nodes by ``@id`` and every value array (no ``@list`` is used)."""
    if isinstance(data, dict):
        out = {key: _sorted_jsonld(value) for key, value in data.items()}
        if isinstance(out.get("@graph"), list):
            out["@graph"] = sorted(out["@graph"], key=lambda node: str(node.get("@id", "")))
        return out
    if isinstance(data, list):
        items = [_sorted_jsonld(item) for item in data]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return data

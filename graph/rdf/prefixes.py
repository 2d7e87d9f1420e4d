"""The prefixes of every graph and query, apart from the mapping so that querying a store
does not import the seed models (pydantic: ~0.3 s of a ``stancegraph query`` process).

The namespaces are written out as text (the same IRIs as rdflib's ``rdflib.namespace``
and :mod:`stancegraph.schema.vocab`, tested): a named query on an Oxigraph store
imports neither rdflib nor the vocabulary (``import rdflib``: ~50 ms of such a process).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["PREFIXES", "DATA_PREFIXES", "bind_prefixes"]

PREFIXES = {
    "sg": "https://w3id.org/stancegraph/ns#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "time": "http://www.w3.org/2006/time#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}
"""Prefixes bound in every graph and pre-declared for every SPARQL query."""

DATA_PREFIXES = ("person", "organisation", "concept", "document", "statement")
"""Kinds of resource that get a prefix of their own (``person:`` = base + ``person/``)."""


def bind_prefixes(graph: Graph, base: str | None = None) -> Graph:
    """Bind the standard prefixes and, given the dataset's ``base``, one per resource kind."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    if base:
        base = base if base.endswith(("/", "#")) else base + "/"
        graph.bind("data", base, override=True, replace=True)
        for kind in DATA_PREFIXES:
            graph.bind(kind, base + kind + "/", override=True, replace=True)
    return graph

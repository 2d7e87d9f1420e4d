"""The prefixes of every graph and query, apart from the mapping so that querying a store
does not import the seed models (pydantic: ~0.3 s of a ``stancegraph query`` process)."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Graph
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, SDO, SKOS, TIME, VOID

from stancegraph.schema.vocab import OA, SG

__all__ = ["PREFIXES", "DATA_PREFIXES", "bind_prefixes"]

PREFIXES = {
    "sg": str(SG._NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "schema": str(SDO),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA._NS),
    "time": str(TIME),
    "void": str(VOID),
    "dcat": str(DCAT),
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

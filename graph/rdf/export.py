"""Serialise graphs to the RDF formats other tools read, deterministically.

The same triples give the same bytes, in any process, whatever ``PYTHONHASHSEED``
and whatever order the triples were added in. rdflib's writers do not promise that:
its RDF/XML writers declare namespaces in the order of a Python ``set`` of predicates
(measured: every RDF/XML file, resource page and query answer written by rdflib
differed between hash seeds), and its Turtle and TriG writers name unbound
namespaces ``ns1``, ``ns2`` … in the order they meet them. So:

- **RDF/XML** is always written by Oxigraph's writer (``pyoxigraph.serialize``),
  from the triples in sorted order, prefixes in sorted order;
- a graph in rdflib's own store is first copied by :func:`canonical_graph` (triples
  added in sorted order, ``"x"^^xsd:string`` as the simple literal ``"x"`` — the same
  RDF 1.1 term, as canonical N-Triples writes it — and blank nodes labelled by
  rdflib's canonical labelling), then written by rdflib (Turtle, TriG, N-Triples
  sorted line by line, JSON-LD with sorted nodes and arrays);
- a graph in Oxigraph is iterated in Oxigraph's index order, which depends only on
  the triples (:func:`~stancegraph.graph.stores.store.serialize_store_graph` writes
  it with Oxigraph's own writers; only JSON-LD comes here).
"""

from __future__ import annotations

import json
import re
from enum import Enum

from rdflib import Dataset as RdfDataset
from rdflib import Graph, URIRef

from .linebreaks import join_ntriples, ntriples_lines
from .prefixes import PREFIXES

__all__ = ["RdfFormat", "serialize_graph", "parse_rdf_format", "canonical_graph"]


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
        from .endings import RDF_ENDINGS  # the one table of endings

        return next(ending for ending, name in RDF_ENDINGS.items() if name == self.value)

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


def serialize_graph(graph: Graph, fmt: RdfFormat = RdfFormat.TURTLE, graph_name: str | None = None,
                    progress=None, stage: str | None = None, total: int | None = None) -> bytes:
    """Serialise ``graph`` as ``fmt``; the same triples always give the same bytes.

    N-Triples are sorted line by line; Turtle and TriG come from rdflib's sorted
    serialisers (given the :func:`canonical_graph` of a graph in rdflib's store);
    RDF/XML from Oxigraph's writer, triples and prefixes sorted; JSON-LD is compacted
    with our prefixes as context, its nodes sorted by ``@id`` and its value arrays sorted.
    ``graph_name`` names the graph in TriG (the dataset IRI by convention).
    ``progress`` (:mod:`stancegraph.graph.progress`) is told ``stage`` with the
    triples rdflib's JSON-LD writer has read so far, of the graph's total (the
    other formats are written in one call that reports nothing); ``total`` is the
    graph's number of triples when the caller knows it (else ``len(graph)``, which
    oxrdflib counts slowly).

    Raises
    ------
    XmlCharacterError
        For RDF/XML, when a literal holds a character XML 1.0 cannot carry (every
        such triple is named; the other formats carry it).
    """
    fmt = RdfFormat(fmt)
    if fmt is RdfFormat.RDFXML:
        return _oxigraph_rdfxml(graph)
    if type(graph.store).__name__ != "OxigraphStore":
        graph = canonical_graph(graph)
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
        source = graph if progress is None else _CountedGraph(graph, progress, stage or "writing JSON-LD", total)
        data = json.loads(source.serialize(format="json-ld", context=context, encoding="utf-8"))
        if progress is not None:
            progress(source.stage, source.total, source.total)
        return (json.dumps(_sorted_jsonld(data), indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    return graph.serialize(format="turtle", encoding="utf-8")


class _CountedGraph(Graph):
    """``graph`` (its store, identifier and prefixes) that reports the triples read subject by subject.

    rdflib's JSON-LD writer reads each subject's triples through
    :meth:`predicate_objects` (rdflib.plugins.serializers.jsonld ``Converter.process_subject``),
    so counting them there counts the triples written so far.
    """

    _EVERY = 5000  # triples between reports

    def __init__(self, graph: Graph, progress, stage: str, total: int | None = None):
        super().__init__(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)
        self.progress, self.stage = progress, stage
        self.total = len(graph) if total is None else total
        self.done = self._reported = 0
        progress(stage, 0, self.total)

    def predicate_objects(self, subject=None, unique=False):
        pairs = list(super().predicate_objects(subject, unique))  # one subject's: counted at once, not one by one
        self.done += len(pairs)
        if self.done - self._reported >= self._EVERY:
            self._reported = self.done
            self.progress(self.stage, min(self.done, self.total), self.total)
        return iter(pairs)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _term_key(term) -> tuple:
    """A total order of rdflib terms: IRIs, then blank nodes, then literals; by text, datatype, language."""
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        datatype = "" if term.datatype is None or str(term.datatype) == _XSD_STRING else str(term.datatype)
        return (2, str(term), datatype, term.language or "")
    return (1 if isinstance(term, BNode) else 0, str(term), "", "")


def _simple(term):
    """``"x"^^xsd:string`` as the simple literal ``"x"`` (one RDF 1.1 term); any other term as it is."""
    from rdflib import Literal

    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == _XSD_STRING:
        return Literal(str(term))
    return term


def _sorted_triples(graph: Graph) -> list[tuple]:
    """The triples of ``graph``, simple literals made simple, blank nodes canonically labelled, sorted."""
    from rdflib import BNode

    triples = [(s, p, _simple(o)) for s, p, o in graph]
    if any(isinstance(term, BNode) for triple in triples for term in (triple[0], triple[2])):
        from rdflib.compare import to_canonical_graph  # rdflib's canonical blank node labels (RGDA1)

        staged = Graph(bind_namespaces="none")
        for triple in triples:
            staged.add(triple)
        triples = list(to_canonical_graph(staged))
    return sorted(triples, key=lambda t: (_term_key(t[0]), _term_key(t[1]), _term_key(t[2])))


def canonical_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` for rdflib's writers, whose bytes then depend only on the triples.

    Its triples are added in sorted order (so a writer that names namespaces, or
    breaks ties, in the order it meets them meets them in one order), each
    ``"x"^^xsd:string`` literal as the simple literal ``"x"`` (the same RDF 1.1 term;
    canonical N-Triples, W3C RDF 1.1 N-Triples §4, writes it so), blank nodes with
    rdflib's canonical labels (``rdflib.compare.to_canonical_graph``), the prefixes
    of ``graph`` bound in sorted order, and a generated prefix (``ns1`` …) for each
    namespace of a predicate that has none, in sorted order (rdflib's TriG writer
    meets them in the order of a set).

    Returns
    -------
    rdflib.Graph
        In rdflib's Memory store.
    """
    out = Graph(bind_namespaces="none")
    for prefix, namespace in sorted(graph.namespaces()):
        out.bind(prefix, namespace, override=True, replace=True)
    triples = _sorted_triples(graph)
    for triple in triples:
        out.add(triple)
    for predicate in sorted({p for _s, p, _o in triples}):  # ns1, ns2 … named in sorted order, not as met
        try:
            out.namespace_manager.compute_qname(predicate, generate=True)
        except ValueError:
            pass  # no prefix can name it: rdflib's writers write the IRI whole
    return out


_XML_LOCAL_NAME = re.compile(r"[^\W\d][\w.\-]*$")
"""An IRI's end that can be an XML element name (how Oxigraph's RDF/XML writer splits a predicate)."""


def _oxigraph_rdfxml(graph: Graph) -> bytes:
    """RDF/XML by Oxigraph's writer: triples sorted (one subject's together), prefixes sorted.

    Raises
    ------
    XmlCharacterError
        When a literal holds a character XML 1.0 cannot carry (see :mod:`stancegraph.graph.xmlchars`).
    DataError
        When a predicate does not end in an XML name (``urn:x:1``, ``…/p#``): one problem each.
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    from ..xmlchars import checked_xml, triple_places

    def term(node):
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            return ox.Literal(str(node), datatype=None if node.datatype is None else ox.NamedNode(str(node.datatype)))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        return ox.NamedNode(str(node))

    triples = _sorted_triples(graph)
    unnamed = sorted({str(p) for _s, p, _o in triples if _XML_LOCAL_NAME.search(str(p)) is None})
    if unnamed:  # Oxigraph would write an element with an empty local name: no XML parser reads it
        from ..errors import DataError, Problem

        raise DataError([Problem(None, None, f"<{p}>", None, "a predicate RDF/XML cannot write: it does not end in "
                                 "an XML name (letters, digits, '_', '-', '.', starting with a letter or '_'); write "
                                 "Turtle, N-Triples, JSON-LD or TriG") for p in unnamed])
    named = {str(p) for _s, p, _o in triples} | {str(o) for _s, p, o in triples if str(p) == _RDF_TYPE}
    prefixes = {str(prefix): str(namespace) for prefix, namespace in sorted(graph.namespaces())  # those it uses
                if prefix and any(iri.startswith(str(namespace)) for iri in named)}
    data = ox.serialize((ox.Triple(term(s), term(p), term(o)) for s, p, o in triples),
                        format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    return checked_xml(data, lambda: triple_places(triples), "RDF/XML")


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

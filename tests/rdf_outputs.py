"""Every RDF output stancegraph writes, into one folder: run in a fresh process per hash seed.

``python tests/rdf_outputs.py SEEDS CORPUS OUT`` writes one file per output path:

- ``export/``: the graph as ``export``/``build`` write it, from rdflib's Memory store
  (``--store memory``: :func:`serialize_graph`) and from the default in-memory Oxigraph
  store (:func:`serialize_store_graph`), every format;
- ``page/``: resource descriptions (``/doc/…``) of several IRIs in every variant, the
  VoID description in every RDF format and the service description, served from either store;
- ``answer/``: CONSTRUCT and DESCRIBE answers in every RDF format, from either engine;
- ``made/``: a graph made here with what the dataset lacks (blank nodes, ``xsd:string``
  literals, namespaces without a prefix, a language tag), its triples added in an
  order drawn from ``os.urandom`` — a different order in every process.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path


def write_outputs(seeds: Path, corpus: Path, out: Path) -> None:
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import XSD

    from stancegraph.graph.rdf.export import RdfFormat, serialize_graph
    from stancegraph.graph.rdf.mapping import build_graph
    from stancegraph.graph.seeds.load import load_dataset
    from stancegraph.graph.serve.endpoint import _service_description
    from stancegraph.graph.serve.linked_data import VARIANTS, _representation, site_for_graph
    from stancegraph.graph.serve.void import void_description
    from stancegraph.graph.sparql.engine import evaluate, parse_query, query_prefixes
    from stancegraph.graph.sparql.results import outcome_from_result, serialize_outcome
    from stancegraph.graph.stores.memory import in_memory_graph
    from stancegraph.graph.stores.store import serialize_store_graph

    def write(name: str, data: bytes) -> None:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    dataset = load_dataset(seeds, corpus=corpus)
    graphs = {"memory": build_graph(dataset), "oxigraph": in_memory_graph(dataset)}
    for fmt in RdfFormat:
        write(f"export/memory{fmt.extension}", serialize_graph(graphs["memory"], fmt, graph_name="urn:x:g"))
        write(f"export/oxigraph{fmt.extension}", serialize_store_graph(graphs["oxigraph"], fmt))
    for store, graph in graphs.items():
        site = site_for_graph(graph)
        things = sorted({str(s) for s in graph.subjects() if str(s).startswith(site.base_iri)})[::7][:6]
        for iri in things + [site.dataset_iri]:
            for ext in VARIANTS:
                write(f"page/{store}/{iri[len(site.base_iri):].replace('/', '_')}.{ext}",
                      _representation(site, URIRef(iri), ext))
        void = void_description(site, "http://127.0.0.1:8000")
        for fmt in (RdfFormat.TURTLE, RdfFormat.JSONLD, RdfFormat.NTRIPLES, RdfFormat.RDFXML):
            write(f"page/{store}/void{fmt.extension}", serialize_graph(void, fmt))
        write(f"page/{store}/service.ttl", _service_description("http://127.0.0.1:8000/sparql", site))
        namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        for name, text in (("construct", "CONSTRUCT { ?s ?p ?o . ?s <http://example.org/unbound#p> ?o } "
                                         "WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"),
                           ("describe", "DESCRIBE ?s WHERE { ?s a foaf:Person }")):
            outcome = outcome_from_result(evaluate(graph, parse_query(text, query_prefixes(graph))), None, namespaces)
            for fmt in ("turtle", "jsonld", "ntriples", "rdfxml"):
                write(f"answer/{store}/{name}.{fmt}", serialize_outcome(outcome, fmt))
    made = Graph(bind_namespaces="none")
    made.bind("ex", "http://example.org/ex#")
    person, place = BNode(), BNode()
    triples = [
        (URIRef("http://example.org/ex#a"), URIRef("http://example.org/ex#knows"), person),
        (person, URIRef("http://example.org/unbound/name"), Literal("Ann", datatype=XSD.string)),
        (person, URIRef("http://example.org/other#lives"), place),
        (place, URIRef("http://example.org/unbound/name"), Literal("Leeds", lang="en")),
        (place, URIRef("http://example.org/unbound/name"), Literal("Leeds")),
        (URIRef("http://example.org/ex#a"), URIRef("http://example.org/third/age"),
         Literal("41", datatype=XSD.integer)),
    ]
    random.Random(os.urandom(8)).shuffle(triples)
    for triple in triples:
        made.add(triple)
    for fmt in RdfFormat:
        write(f"made/made{fmt.extension}", serialize_graph(made, fmt, graph_name="urn:x:g"))


if __name__ == "__main__":
    write_outputs(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))

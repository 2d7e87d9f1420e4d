"""The default store: the dataset's graph in an in-memory Oxigraph (``pyoxigraph.Store()``).

``query --data`` and ``serve`` hold the graph here unless ``--store`` names another
store; ``build`` and ``export`` only for JSON-LD or when a caller asks for the graph
(their other files are written straight from the mapping:
:mod:`stancegraph.graph.rdf.streamed`). rdflib stays the API (an oxrdflib
:class:`rdflib.Graph`), but triples are bulk-loaded from the mapping's N-Triples
(:mod:`stancegraph.graph.rdf.ntriples`), queries run on Oxigraph's engine and
outputs come from Oxigraph's serialisers
(:func:`~stancegraph.graph.stores.store.serialize_store_graph`).

Why Oxigraph rather than rdflib's Memory store by default, at every size: measured
as whole ``stancegraph build --no-html`` processes on this machine, the NHS
dataset (4,665 triples) took 1.4–1.7 s either way, and 10,000 synthetic
statements took 23.5 s with rdflib's store against 3.9 s with Oxigraph (rdflib's
Turtle serialiser is most of it); no size measured was faster with rdflib's store.
rdflib's Memory store is still used where a library needs it: pySHACL validates
an rdflib graph built by the mapping's rdflib sink, and ``--store memory`` asks
for it explicitly.

Oxigraph's in-memory store writes its triples in the order they were loaded; the
mapping's order is fixed, so the same seeds give the same bytes (tested across
``PYTHONHASHSEED``).
"""

from __future__ import annotations

from typing import Iterable

from rdflib import Graph, URIRef

from ..progress import Progress, or_silent
from ..seeds.dataset import Dataset

__all__ = ["in_memory_graph", "graph_from_ntriples", "dump_ntriples", "load_batches"]


def load_batches(store, graph_name: str, batches: Iterable[bytes], progress: Progress | None = None,
                 stage: str = "loading triples") -> int:
    """Bulk-load N-Triples ``batches`` into graph ``graph_name`` of a pyoxigraph ``store``.

    One batch loads in a worker thread (the bulk loader releases the GIL) while the
    next is made. Returns the number of lines loaded; reports ``stage`` with the
    lines loaded so far.
    """
    import pyoxigraph as ox
    from concurrent.futures import ThreadPoolExecutor

    progress = or_silent(progress)
    node = ox.NamedNode(str(graph_name))
    lines = 0

    def load(data: bytes) -> None:
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=node)

    progress(stage, 0, None)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stancegraph-bulk-load") as loader:
        pending = None
        for batch in batches:
            if pending is not None:
                pending.result()  # at most one batch loading, one being made
                progress(stage, lines, None)
            pending = loader.submit(load, batch)
            lines += batch.count(b"\n")
        if pending is not None:
            pending.result()
    progress(stage, lines, lines)
    return lines


def in_memory_graph(dataset: Dataset, progress: Progress | None = None) -> Graph:
    """The graph of ``dataset`` in a fresh in-memory Oxigraph store, as an rdflib graph.

    Parameters
    ----------
    dataset : Dataset
        A loaded, valid dataset.
    progress : Progress, optional
        Told ``"building the graph"`` with the triples loaded so far.

    Returns
    -------
    rdflib.Graph
        Backed by oxrdflib; its identifier is the dataset's named graph.
    """
    import pyoxigraph as ox

    from ..rdf.ntriples import ntriples_chunks
    from .store import BULK_LOAD_TRIPLES, _ntriples_batches, _oxigraph_graph, dataset_graph_name

    store = ox.Store()
    name = dataset_graph_name(dataset)
    load_batches(store, name, _ntriples_batches(ntriples_chunks(dataset), BULK_LOAD_TRIPLES), progress,
                 "building the graph")
    return _oxigraph_graph(store, name, dataset)


def graph_from_ntriples(data: bytes, graph_name: str, namespaces: dict[str, str]) -> Graph:
    """An in-memory Oxigraph graph holding the N-Triples ``data`` (a query worker's copy)."""
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    store = ox.Store()
    store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_name))
    graph = Graph(store=OxigraphStore(store=store), identifier=URIRef(graph_name), bind_namespaces="none")
    for prefix, namespace in namespaces.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def dump_ntriples(graph: Graph) -> bytes:
    """The N-Triples of an Oxigraph-backed graph, as Oxigraph writes them (for a worker)."""
    import pyoxigraph as ox

    return graph.store._inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph.identifier)))


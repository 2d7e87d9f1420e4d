"""Stage 3, stores: where the graph lives — Oxigraph in memory (the default), rdflib memory,
Oxigraph on disk, a SPARQL 1.1 server.

``memory`` builds the default in-memory Oxigraph graph; ``store`` opens stores and writes a dataset's triples into them (bulk, batched, replacing
the dataset's graph); ``oxigraph_query`` answers SELECT queries straight from pyoxigraph;
``view`` answers the named queries with pyoxigraph alone (no rdflib), on a store or in memory;
``scratch`` is the temporary on-disk store ``serve`` loads once and its query workers share.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "StoreKind": ".store",
    "StoreSpec": ".store",
    "StoreError": ".store",
    "parse_store": ".store",
    "dataset_graph_name": ".store",
    "write_dataset": ".store",
    "open_store": ".store",
    "close_store": ".store",
    "push_ntriples": ".store",
    "serialize_store_graph": ".store",
    "is_oxigraph": ".store",
    "triple_count": ".store",
    "store_title": ".store",
    "in_memory_graph": ".memory",
    "is_oxigraph_graph": ".oxigraph_query",
    "query_oxigraph": ".oxigraph_query",
    "SelectResult": ".oxigraph_query",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

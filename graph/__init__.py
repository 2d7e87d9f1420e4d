"""stancegraph.graph: load curated stances, build the RDF graph, query it, analyse discourse networks.

The pipeline, one package per stage (see the README's "Architecture")::

    seed files ─ seeds/ ─▶ Dataset ─ rdf/ ─▶ triples ─ stores/ ─▶ graph ─ sparql/ ─▶ answers ─ serve/ ─▶ HTTP
                              └──── networks/ ─▶ discourse networks ─ view/ ─▶ HTML page

The names most users need are re-exported here (lazily, so importing is cheap):
``load_dataset``, ``read_dataset``, ``build_graph``, ``serialize_graph``, ``build_network``,
``time_windows``, ``render_view``, ``named_queries``, ``run_named_query``, ``check``, ``build``.
"""

from __future__ import annotations

from .lazy import lazy_exports

_EXPORTS = {
    "load_dataset": ".seeds.load",
    "read_dataset": ".seeds.load",
    "Dataset": ".seeds.dataset",
    "build_graph": ".rdf.mapping",
    "serialize_graph": ".rdf.export",
    "RdfFormat": ".rdf.export",
    "validate_graph": ".rdf.shacl",
    "dataset_from_graph": ".rdf.from_rdf",
    "dataset_from_store": ".rdf.from_rdf",
    "open_store": ".stores.store",
    "write_dataset": ".stores.store",
    "named_queries": ".sparql.library",
    "get_named_query": ".sparql.library",
    "run_named_query": ".sparql.library",
    "build_network": ".networks",
    "time_windows": ".networks",
    "render_view": ".view",
    "check": ".pipeline",
    "build": ".pipeline",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

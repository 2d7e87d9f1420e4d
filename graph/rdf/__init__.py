"""Stage 2, RDF: the dataset as triples in standard vocabularies, and back.

``mapping`` is the dataset → RDF mapping, written once (``dataset_terms``), with its
rdflib sink (``dataset_triples``, ``build_graph``); ``ntriples`` is its N-Triples sink
(escaping, lines, chunks) for bulk loading and servers; ``iris`` mints IRIs; ``export``
serialises graphs (``endings``: the one table of RDF file endings); ``shacl`` validates them; ``from_rdf`` reads a dataset back from a graph
or a store.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "PREFIXES": ".mapping",
    "date_literal": ".mapping",
    "dataset_terms": ".mapping",
    "dataset_triples": ".mapping",
    "build_graph": ".mapping",
    "bind_prefixes": ".mapping",
    "dataset_ntriples": ".ntriples",
    "ntriples_chunks": ".ntriples",
    "ntriples_bytes": ".ntriples",
    "Iris": ".iris",
    "slugify": ".iris",
    "RdfFormat": ".export",
    "serialize_graph": ".export",
    "parse_rdf_format": ".export",
    "ShaclReport": ".shacl",
    "validate_graph": ".shacl",
    "load_shapes": ".shacl",
    "load_vocabulary": ".shacl",
    "dataset_from_graph": ".from_rdf",
    "dataset_from_store": ".from_rdf",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

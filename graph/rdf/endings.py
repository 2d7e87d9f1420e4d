"""The one table of RDF file endings: what ``export -o`` and ``query -o`` write, and ``serve FILE`` reads.

An ending names one syntax everywhere. ``.json`` and ``.xml`` are not RDF endings
here: ``query -o`` writes SPARQL results there (JSON, XML), so ``serve`` refuses them
rather than guess (``.jsonld`` and ``.rdf`` are the RDF endings). ``serve`` also reads
N-Quads (``.nq``: :data:`READ_ONLY_ENDINGS`), which a triple store may dump and
stancegraph never writes. No import beyond the standard library: the CLI reads this
table before any command runs.
"""

from __future__ import annotations

__all__ = ["RDF_ENDINGS", "READ_ONLY_ENDINGS", "READ_ENDINGS"]

RDF_ENDINGS: dict[str, str] = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".trig": "trig",
                               ".rdf": "rdfxml"}
"""File ending → :class:`~stancegraph.graph.rdf.export.RdfFormat` value: every syntax stancegraph writes."""

READ_ONLY_ENDINGS: dict[str, str] = {".nq": "nquads"}
"""Endings ``serve`` reads and nothing writes."""

READ_ENDINGS: dict[str, str] = {**RDF_ENDINGS, **READ_ONLY_ENDINGS}
"""Every ending ``serve FILE`` reads."""

"""The dataset's graph written by Oxigraph's serialisers straight from the mapping, with no store.

``build`` and ``export`` write Turtle, N-Triples, TriG and RDF/XML this way by
default: the mapping's N-Triples (:func:`.ntriples.ntriples_chunks`) are read by
Oxigraph's streaming parser (``pyoxigraph.parse``) and handed, triple by triple,
to its streaming writer (``pyoxigraph.serialize``); nothing holds the graph.
Oxigraph's Turtle, TriG and RDF/XML writers put consecutive triples of one subject
in one block, and the mapping gives each subject's triples together
(:func:`.mapping.dataset_term_groups`), so every subject is written once, under
our prefixes; the order is the mapping's, so the same seeds give the same bytes.
N-Triples are sorted line by line, as every other N-Triples output of ours.

Why not the in-memory store the graph was loaded into before (measured at 100,000
statements, 1.93 M triples, one process): bulk-loading it into a
``pyoxigraph.Store()`` and dumping it as Turtle took 10.9 s (7.9 s of CPU) and
held 0.72 GB; parsing and writing the same N-Triples as a stream took 1.9 s
(1.8 s of CPU), the same Turtle size, and no store. A build that is asked for
JSON-LD (rdflib's writer) or that queries the graph still loads the store
(:func:`stancegraph.graph.stores.memory.in_memory_graph`).
"""

from __future__ import annotations

import io

from ..progress import Progress, or_silent
from ..seeds.dataset import Dataset
from .export import RdfFormat
from .ntriples import NTriplesReader, ntriples_chunks
from .prefixes import DATA_PREFIXES, PREFIXES

__all__ = ["STREAMED_FORMATS", "serialize_dataset", "dataset_prefixes"]

STREAMED_FORMATS = frozenset({RdfFormat.TURTLE, RdfFormat.NTRIPLES, RdfFormat.TRIG, RdfFormat.RDFXML})
"""The formats :func:`serialize_dataset` writes (JSON-LD is rdflib's, from a graph)."""

_OX_NAMES = {RdfFormat.TURTLE: "TURTLE", RdfFormat.NTRIPLES: "N_TRIPLES", RdfFormat.TRIG: "TRIG",
             RdfFormat.RDFXML: "RDF_XML"}


def dataset_prefixes(base: str) -> dict[str, str]:
    """The prefixes of a dataset's files: :data:`.prefixes.PREFIXES`, ``data:`` and one per kind of record.

    The same as :func:`.prefixes.bind_prefixes` binds in a graph.

    >>> dataset_prefixes("https://example.org/d")["person"]
    'https://example.org/d/person/'
    """
    base = base if base.endswith(("/", "#")) else base + "/"
    return {**PREFIXES, "data": base, **{kind: f"{base}{kind}/" for kind in DATA_PREFIXES}}


def serialize_dataset(dataset: Dataset, fmt: RdfFormat = RdfFormat.TURTLE, progress: Progress | None = None,
                      stage: str | None = None) -> tuple[bytes, int]:
    """The dataset's graph as ``fmt``, written by Oxigraph from the mapping's stream, and its number of triples.

    Parameters
    ----------
    dataset : Dataset
        A loaded, valid dataset.
    fmt : RdfFormat
        One of :data:`STREAMED_FORMATS`. TriG puts the triples in the dataset's
        named graph (``<base>dataset``).
    progress : Progress, optional
        Told ``stage`` with the triples written so far.
    stage : str, optional
        The stage's name (default ``"writing <format>"``).

    Returns
    -------
    (bytes, int)
        The document (UTF-8) and the number of triples in it.

    Raises
    ------
    ValueError
        For JSON-LD (see :data:`STREAMED_FORMATS`).
    XmlCharacterError
        For RDF/XML, when a literal holds a character XML 1.0 cannot carry (every
        such triple is named; the other formats carry it).

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> data, triples = serialize_dataset(load_dataset())
    >>> data.startswith(b"@prefix") and triples > 1000
    True
    """
    import pyoxigraph as ox

    from .iris import Iris

    fmt = RdfFormat(fmt)
    if fmt not in STREAMED_FORMATS:
        raise ValueError(f"{fmt.value} is not written from a stream "
                         f"(only {', '.join(sorted(f.value for f in STREAMED_FORMATS))})")
    progress = or_silent(progress)
    stage = stage or f"writing {fmt.value}"
    base = str(dataset.info.base_iri)
    graph = f"<{Iris(base).dataset()}>".encode("utf-8") if fmt is RdfFormat.TRIG else None
    lines = 0

    def each(chunk: bytes) -> bytes:
        """Count and report the lines read; with ``graph``, make each an N-Quads line in that graph: the
        mapping's lines end in ``" .\\n"`` and hold no other line break (every literal's line breaks are
        escaped, :mod:`.linebreaks`), so the graph goes before each ``" .\\n"``."""
        nonlocal lines
        lines += chunk.count(b"\n")
        progress(stage, lines, None)
        return chunk if graph is None else chunk.replace(b" .\n", b" " + graph + b" .\n")

    progress(stage, 0, None)
    reader = io.BufferedReader(NTriplesReader(ntriples_chunks(dataset), each), 1 << 20)
    quads = ox.parse(reader, ox.RdfFormat.N_QUADS if graph else ox.RdfFormat.N_TRIPLES)
    written = getattr(ox.RdfFormat, _OX_NAMES[fmt])
    if fmt is RdfFormat.NTRIPLES:
        from .linebreaks import join_ntriples, ntriples_lines

        text = ox.serialize(quads, format=written).decode("utf-8")
        data = join_ntriples(sorted(ntriples_lines(text)))  # never splitlines(): see .linebreaks
    else:
        data = ox.serialize(quads, format=written, prefixes=dataset_prefixes(base))
    if fmt is RdfFormat.RDFXML:  # Oxigraph writes CR raw (read back as LF) and controls XML cannot carry
        from ..xmlchars import checked_xml, triple_places

        def places():
            parsed = ox.parse(b"".join(ntriples_chunks(dataset)), ox.RdfFormat.N_TRIPLES)
            return triple_places((q.subject, q.predicate, q.object) for q in parsed)  # as for a store's graph

        data = checked_xml(data, places, "RDF/XML")
    progress(stage, lines, lines)
    return data, lines

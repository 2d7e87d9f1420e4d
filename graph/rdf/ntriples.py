"""N-Triples text of the dataset's graph: the sink of :mod:`.mapping` for bulk loading.

The mapping (:func:`~.mapping.dataset_terms`) yields N-Triples terms, escaped by
:func:`literal_nt` here; this module joins them into lines and chunks, with no
rdflib term objects, so Oxigraph's streaming writers can read them (:mod:`.streamed`), a store
bulk-load them (``pyoxigraph.Store.bulk_load``) or a server receive them (Graph Store Protocol). Streamed in chunks: memory does not grow with the number
of statements.
"""

from __future__ import annotations

import io
from typing import Callable, Iterator

from ..seeds.dataset import Dataset
from .linebreaks import LINE_BREAK_ESCAPES

__all__ = ["dataset_ntriples", "ntriples_chunks", "ntriples_bytes", "NTriplesReader", "literal_nt"]

# LF, CR and every other character str.splitlines() breaks at are escaped (see .linebreaks)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", **LINE_BREAK_ESCAPES})


def literal_nt(value: str, datatype: str | None = None) -> str:
    """An N-Triples literal: ``"value"`` or ``"value"^^<datatype>``, escaped.

    >>> literal_nt('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    >>> literal_nt("2015", "http://www.w3.org/2001/XMLSchema#gYear")
    '"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    # every character _ESCAPES changes is a quote, a backslash or not printable (tested): most values
    # (names, dates) skip translate(), ~1 µs even with nothing to change (check's count at 10k: 0.05 s)
    if value.isprintable() and '"' not in value and "\\" not in value:
        text = '"' + value + '"'
    else:
        text = '"' + value.translate(_ESCAPES) + '"'
    return f"{text}^^<{datatype}>" if datatype else text


def dataset_ntriples(dataset: Dataset) -> Iterator[str]:
    """The dataset's graph as N-Triples lines (no newline), each triple once, in the mapping's order.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> lines = list(dataset_ntriples(load_dataset()))
    >>> lines[0].endswith("<http://www.w3.org/2004/02/skos/core#ConceptScheme> .")
    True
    """
    from .mapping import dataset_terms

    return (f"{s} {p} {o} ." for s, p, o in dataset_terms(dataset))


def ntriples_chunks(dataset: Dataset, lines_per_chunk: int = 20000) -> Iterator[bytes]:
    """:func:`dataset_ntriples` as UTF-8 chunks of about ``lines_per_chunk`` lines each (whole
    records of the mapping; every line ends in LF)."""
    from .mapping import dataset_term_groups

    batch: list[str] = []
    for group in dataset_term_groups(dataset):
        batch += [f"{s} {p} {o} .\n" for s, p, o in group]
        if len(batch) >= lines_per_chunk:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def ntriples_bytes(dataset: Dataset) -> bytes:
    """:func:`dataset_ntriples` joined into one UTF-8 N-Triples document."""
    return b"".join(ntriples_chunks(dataset))


class NTriplesReader(io.RawIOBase):
    """A read-only binary file over N-Triples chunks (:func:`ntriples_chunks`), for streaming loaders and parsers.

    Parameters
    ----------
    chunks : iterator of bytes
        The document in pieces.
    each : callable, optional
        Called with every chunk as it is read; what it returns is read instead (to
        count lines, report progress, or rewrite the lines).

    Examples
    --------
    >>> import pyoxigraph
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> store = pyoxigraph.Store()
    >>> store.load(NTriplesReader(ntriples_chunks(load_dataset())), pyoxigraph.RdfFormat.N_TRIPLES)
    >>> len(store) > 1000
    True
    """

    def __init__(self, chunks: Iterator[bytes], each: Callable[[bytes], bytes] | None = None):
        self._chunks = chunks
        self._each = each
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = memoryview(chunk if self._each is None else self._each(chunk))
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size

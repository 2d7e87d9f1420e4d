"""A scratch store: one on-disk Oxigraph store that ``serve`` loads once and every query worker reads.

``serve`` answers each query in a worker process (:mod:`stancegraph.graph.sparql.sandbox`).
Given a graph held in memory, each worker needs its own copy: at 100,000 synthetic
statements (1.9 M triples) the default of 4 workers made ``serve`` peak at 6.3 GB
(seed files) and 13.9 GB (a Turtle file read with rdflib), measured on this machine
(benchmarks/README.md, "serve start-up"). A :class:`ScratchStore` is instead written
once, into a temporary folder, by Oxigraph's bulk loader; the serving process and each
worker then open it read-only (``pyoxigraph.Store.read_only``, the way
``serve --store oxigraph:PATH`` already worked), so the triples are on disk once and
in no process's memory: the whole server then peaked at 0.94 GB serving the same seed
files (their records held while loading) and at 0.39 GB serving the Turtle file.

The folder is removed by :meth:`ScratchStore.close` (the end of ``serve``), or at the
latest when the object is garbage-collected or the interpreter exits. A server killed
with SIGKILL leaves it behind in the temporary folder; the folder's name carries the
process id (``stancegraph-serve-<pid>.<random>``), and the next scratch store made in
that folder removes every one whose process is gone: the rule ``build`` applies to its
own temporaries (:func:`~stancegraph.graph.atomic.remove_stale_temporaries`).
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Iterable

from ..progress import Progress

__all__ = ["ScratchStore", "SCRATCH_PREFIX"]

SCRATCH_PREFIX = "stancegraph-serve-"
"""Name prefix of a scratch store's folder (``stancegraph-serve-<pid>.<random>``)."""


class ScratchStore:
    """A temporary on-disk Oxigraph store, loaded once, then read-only for everyone.

    Parameters
    ----------
    directory : path, optional
        Where to make the folder (default: the system's temporary folder).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> with ScratchStore() as scratch:
    ...     scratch.load("urn:g", [b"<urn:a> <urn:p> <urn:b> .\\n"])
    ...     len(list(scratch.open().quads_for_pattern(None, None, None, ox.NamedNode("urn:g"))))
    1
    1
    """

    def __init__(self, directory: str | Path | None = None):
        from ..atomic import remove_stale_temporaries

        folder = Path(directory) if directory is not None else Path(tempfile.gettempdir())
        # killed servers' stores; one named by no process (an older stancegraph's) may be in use: kept
        remove_stale_temporaries(folder, prefix=SCRATCH_PREFIX, suffix="", stale_after=math.inf)
        self.path = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}.", dir=folder))
        self._loaded = False
        self._remove = weakref.finalize(self, shutil.rmtree, str(self.path), True)

    @property
    def spec(self):
        """The ``oxigraph:PATH`` store spec of the folder (what a query worker opens read-only)."""
        from .store import StoreKind, StoreSpec

        return StoreSpec(StoreKind.OXIGRAPH, path=self.path)

    def load(self, graph_name: str, batches: Iterable[bytes], progress: Progress | None = None,
             stage: str = "loading triples") -> int:
        """Bulk-load N-Triples ``batches`` into graph ``graph_name``, then close the writer.

        Loads once (a second call raises ``RuntimeError``): readers open the folder
        after the writer is gone, since RocksDB's read-only mode must not share a
        database with a writer. Errors of the batches (a parser's ``SyntaxError``)
        propagate; the folder is then still removed by :meth:`close`.

        Returns
        -------
        int
            N-Triples lines loaded (duplicates included).
        """
        import pyoxigraph as ox

        from .memory import load_batches

        if self._loaded:
            raise RuntimeError("a scratch store is loaded once")
        self._loaded = True
        store = ox.Store(str(self.path))
        try:
            lines = load_batches(store, graph_name, batches, progress, stage)
            store.flush()
        finally:
            del store  # closes RocksDB (the last reference) before anyone opens it read-only
        return lines

    def open(self):
        """A new read-only ``pyoxigraph.Store`` on the folder."""
        import pyoxigraph as ox

        return ox.Store.read_only(str(self.path))

    def close(self) -> None:
        """Remove the folder (readers still open keep the files they opened)."""
        self._remove()

    def __enter__(self) -> "ScratchStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

"""What ``serve`` serves: an RDF file stancegraph wrote, read by Oxigraph into one graph.

Any syntax ``stancegraph build``/``export`` writes is read (Turtle ``.ttl``,
N-Triples ``.nt``, JSON-LD ``.jsonld``, TriG ``.trig``, RDF/XML ``.rdf``: the one
table of endings, :mod:`~stancegraph.graph.rdf.endings`), and N-Quads ``.nq``; the
graphs of a TriG or N-Quads file are merged into one.
Oxigraph's parsers read every one of them (pyoxigraph 0.5 reads JSON-LD too, and
never fetches a remote ``@context``), so rdflib reads no file here. The parsed
triples go to Oxigraph's bulk loader in batches of
:data:`~stancegraph.graph.stores.store.BULK_LOAD_TRIPLES` (one call on a whole
100k-statement file peaked at 1.4 GB; batches stay near 0.35 GB), into a fresh
in-memory store or a :class:`~stancegraph.graph.stores.scratch.ScratchStore` that
the query workers share.

Measured on the 2-core machine (benchmarks/README.md, "serve start-up"): a
1.9 M-triple Turtle file (100,000 synthetic statements) was ready to answer after
237 s and a 13.9 GB peak when rdflib parsed it and each of 4 workers re-parsed
its copy; read this way it is on disk once.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Iterator

from rdflib import Graph, URIRef

from ..errors import UsageError
from ..progress import Progress
from ..rdf.endings import READ_ENDINGS

__all__ = ["RDF_SUFFIXES", "read_rdf_file"]

_SYNTAX_NAMES = {"turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads", "jsonld": "JSON-LD",
                 "trig": "TriG", "rdfxml": "RDF/XML"}
"""Each syntax by its W3C Recommendation's name, as errors say it."""
RDF_SUFFIXES = {ending: _SYNTAX_NAMES[fmt] for ending, fmt in READ_ENDINGS.items()}
"""File ending → the syntax's W3C name; the endings are :data:`~..rdf.endings.READ_ENDINGS`, in any case
(``G.TTL`` is Turtle, as ``export -o`` and the rest of the CLI read endings)."""

_OXIGRAPH_FORMATS = {"Turtle": "TURTLE", "N-Triples": "N_TRIPLES", "N-Quads": "N_QUADS", "JSON-LD": "JSON_LD",
                     "TriG": "TRIG", "RDF/XML": "RDF_XML"}
_QUAD_SYNTAXES = {"N-Quads", "TriG"}


def read_rdf_file(path: Path, into=None, progress: Progress | None = None) -> Graph:
    """Read the RDF file ``path`` into one graph in Oxigraph, with stancegraph's prefixes bound.

    Parameters
    ----------
    path : Path
        An RDF file (a suffix of :data:`RDF_SUFFIXES`).
    into : ScratchStore, optional
        Load into this on-disk scratch store and return a read-only graph on it
        (what ``serve`` does, so its workers share the store); default: a fresh
        in-memory Oxigraph store.
    progress : Progress, optional
        Told ``"reading <file name>"`` with the triples read so far.

    Returns
    -------
    rdflib.Graph
        Backed by oxrdflib; its identifier (the graph the triples are in) is the
        file's ``file:`` URI. The prefixes bound are stancegraph's (with the
        dataset's own when the file holds a ``void:Dataset`` with a
        ``void:uriSpace``) and then any other the file declares.

    Raises
    ------
    UsageError
        For a suffix that names no RDF syntax, or a file that does not parse:
        one line with the parser's message and where it stopped
        (``…: cannot read it as Turtle: syntax error at line 3, column 11: …``).
        An RDF/XML file that is not well-formed XML (cut short, no closing
        ``</rdf:RDF>``) is refused the same way: Oxigraph's RDF/XML parser stops
        quietly at the end of the input, so the file is first read by the standard
        library's expat (XML 1.0's well-formedness, streaming; 0.2 s for 39 MB).
    """
    import pyoxigraph as ox

    from ..stores.memory import load_batches
    from ..stores.store import BULK_LOAD_TRIPLES

    path = Path(path)
    syntax = RDF_SUFFIXES.get(path.suffix.lower())
    if syntax is None:
        hint = ""
        if path.suffix.lower() in (".xml", ".owl", ".json"):  # query -o writes SPARQL results as .xml and .json
            hint = f"; an RDF file of this kind ends {'.jsonld' if path.suffix.lower() == '.json' else '.rdf'}"
        raise UsageError(f"{path}: not an RDF file stancegraph reads (endings, in any case: "
                         f"{', '.join(sorted(RDF_SUFFIXES))}){hint}")
    name = path.resolve().as_uri()
    try:
        if syntax == "RDF/XML":
            _check_well_formed(path)
        parser = ox.parse(path=str(path), format=getattr(ox.RdfFormat, _OXIGRAPH_FORMATS[syntax]),
                          base_iri=name)
        batches = _ntriples_batches(parser, syntax in _QUAD_SYNTAXES, BULK_LOAD_TRIPLES)
        stage = f"reading {path.name}"
        if into is None:
            store = ox.Store()
            load_batches(store, name, batches, progress, stage)
        else:
            into.load(name, batches, progress, stage)
            store = into.open()
    except SyntaxError as exc:
        where = (exc.lineno, exc.offset) if exc.lineno else _locate(path, _OXIGRAPH_FORMATS[syntax])
        raise UsageError(f"{path}: cannot read it as {syntax}: {_syntax_message(exc, *where)}") from None
    except (OSError, ValueError) as exc:  # unreadable file, a term N-Triples cannot carry …: one line
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise UsageError(f"{path}: cannot read it as {syntax}: {message}") from None
    return _graph(store, name, parser.prefixes)


def _check_well_formed(path: Path) -> None:
    """Raise ``SyntaxError`` (with line and 1-based column) unless ``path`` is well-formed XML.

    The standard library's expat, streaming, no handlers: what Oxigraph's RDF/XML
    parser does not check at the end of its input (an unclosed element is read as
    if closed: a file cut between two elements served part of its triples).
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        with open(path, "rb") as handle:
            parser.ParseFile(handle)
    except expat.ExpatError as exc:
        error = SyntaxError(f"not well-formed XML: {expat.ErrorString(exc.code)}")
        error.lineno, error.offset = exc.lineno, exc.offset + 1
        raise error from None


def _ntriples_batches(parser, quads: bool, size: int) -> Iterator[bytes]:
    """The parsed triples as N-Triples, ``size`` at a time (the graphs of quads dropped: merged)."""
    import pyoxigraph as ox

    triples = iter(parser) if not quads else (quad.triple for quad in parser)
    while True:
        data = ox.serialize(itertools.islice(triples, size), format=ox.RdfFormat.N_TRIPLES)
        if not data:
            return
        yield data


def _syntax_message(exc: SyntaxError, line: int | None, column: int | None) -> str:
    """``syntax error at line L, column C: message`` (1-based, as the SPARQL errors say it)."""
    message = " ".join(str(exc.msg or exc).split())
    if message.startswith(("Parser error between line", "Parser error at line")):
        message = message.split(": ", 1)[-1]  # the place is said once, below
    if "LoadDocumentCallback" in message:
        message = "a remote @context is never fetched (stancegraph does not go on the network): write it inline"
    if line is None:
        return f"syntax error: {message}"
    return f"syntax error at line {line}" + (f", column {column}" if column else "") + f": {message}"


_COLUMN_SEARCH_LIMIT = 100_000
"""Longest line (bytes) whose error column :func:`_locate` looks for, one byte at a time."""


def _locate(path: Path, syntax: str) -> tuple[int | None, int | None]:
    """Where Oxigraph stops on ``path`` when its error says no place (its RDF/XML and some JSON-LD errors).

    The file is parsed again, handed to the parser one line at a time: the parser
    fails on the line it was last given. Then once more, that line one byte at a
    time, for the column (lines up to :data:`_COLUMN_SEARCH_LIMIT` bytes). Runs only
    after a failed read, so the cost (a parse or two, a Python call per line) is
    paid only for a broken file. ``(None, None)`` when the failure is not found again.
    """
    line = _failing_position(path, syntax, None)
    if line is None:
        return None, None
    found = _failing_position(path, syntax, line[0])
    if found is None or found[0] != line[0]:
        return line[0], None
    return found


def _failing_position(path: Path, syntax: str, slow_line: int | None) -> tuple[int, int | None] | None:
    import pyoxigraph as ox

    with open(path, "rb") as handle:
        feeder = _LineFeeder(handle, slow_line)
        try:
            for _quad in ox.parse(feeder, format=getattr(ox.RdfFormat, syntax)):
                pass
        except SyntaxError:
            return feeder.position()
        except (OSError, ValueError):
            return None
    return None


class _LineFeeder(io.RawIOBase):
    """A file handed out a line per read (line ``slow_line`` a byte per read); knows what it handed last."""

    def __init__(self, handle, slow_line: int | None):
        self._handle, self._slow = handle, slow_line
        self._line, self._given, self._pending = 0, b"", b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self._pending:
            self._pending = self._handle.readline()
            if not self._pending:
                return 0
            self._line, self._given = self._line + 1, b""
            if self._line == self._slow and len(self._pending) > _COLUMN_SEARCH_LIMIT:
                self._slow = None
        size = 1 if self._line == self._slow else min(len(buffer), len(self._pending))
        chunk, self._pending = self._pending[:size], self._pending[size:]
        buffer[:size] = chunk
        self._given += chunk
        return size

    def position(self) -> tuple[int, int | None]:
        """(line, column of the last character handed out on the slow line, else None)."""
        if self._line != self._slow:
            return self._line, None
        return self._line, max(1, len(self._given.decode("utf-8", errors="ignore")))


def _graph(store, name: str, file_prefixes: dict) -> Graph:
    from oxrdflib import OxigraphStore

    from ..rdf.prefixes import bind_prefixes

    graph = Graph(store=OxigraphStore(store=store), identifier=URIRef(name), bind_namespaces="none")
    bind_prefixes(graph, _base_iri(graph))
    bound = {prefix for prefix, _ns in graph.namespaces()}
    for prefix, namespace in sorted((file_prefixes or {}).items()):
        if prefix and prefix not in bound:
            graph.bind(prefix, namespace)
    return graph


def _base_iri(graph: Graph) -> str | None:
    from rdflib import RDF
    from rdflib.namespace import VOID

    for node in sorted(graph.subjects(RDF.type, VOID.Dataset)):
        space = graph.value(node, VOID.uriSpace)
        if space is not None:
            return str(space)
    return None

"""The main jobs: check a dataset; build its graph and write the outputs, all or nothing; export it.

By default no store holds the graph: the files are written by Oxigraph's streaming
serialisers straight from the mapping (:mod:`stancegraph.graph.rdf.streamed`); an
in-memory Oxigraph store (:mod:`stancegraph.graph.stores.memory`) is loaded only for
JSON-LD or when a caller asks for the graph; rdflib's Memory store is built only for
pySHACL, or when ``--store memory`` asks for it. Each step reports what it is doing through an
optional progress callback (:mod:`stancegraph.graph.progress`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from rdflib import Graph

from .seeds.dataset import Dataset
from .errors import DataError, Problem
from .progress import SILENT, Progress, or_silent
from .rdf.export import RdfFormat
from .seeds.load import LoadResult, read_dataset
from .rdf.shacl import ShaclReport

__all__ = ["CheckReport", "check", "BuildResult", "build", "export", "export_store", "shacl_problems", "OUTPUT_STEM",
           "HTML_VIEW_NAME"]

OUTPUT_STEM = "stancegraph"
"""File name stem of the graph outputs (``stancegraph.ttl`` …)."""
HTML_VIEW_NAME = "network.html"
"""File name of the interactive network view written by :func:`build`."""


@dataclass
class CheckReport:
    """The outcome of :func:`check`: the loaded data, every problem, the SHACL report.

    ``graph`` is the rdflib graph SHACL validated (None when SHACL did not run);
    ``triples`` the number of triples of the dataset's graph (None when the data
    did not load).
    """

    load: LoadResult
    shacl: ShaclReport | None = None
    graph: Graph | None = None
    triples: int | None = None

    @property
    def problems(self) -> list[Problem]:
        """Every problem: data problems first, then SHACL violations."""
        problems = list(self.load.problems)
        if self.shacl is not None:
            problems.extend(shacl_problems(self.shacl))
        return problems

    @property
    def ok(self) -> bool:
        """True when the data loaded without problems and the graph conforms."""
        return self.load.ok and self.shacl is not None and self.shacl.conforms


def shacl_problems(report: ShaclReport) -> list[Problem]:
    """SHACL violations as :class:`Problem` lines."""
    return [
        Problem(None, None, f"<{r.focus}>", r.path, f"SHACL {r.severity}: {r.message} ({r.constraint})")
        for r in report.results
    ]


def _read(data_dir, corpus, progress: Progress) -> LoadResult:
    """Read and validate the seed files, telling ``progress`` how many there are."""
    from .seeds.load import default_data_dir, seed_files

    root = Path(data_dir) if data_dir is not None else default_data_dir()
    count = len(seed_files(root)) if root.is_dir() else 0
    stage = (f"reading and validating {count} seed file{'' if count == 1 else 's'}"
             + (" and the corpus" if corpus is not None else ""))
    return read_dataset(data_dir, corpus, progress, stage)  # file by file


def check(data_dir: str | Path | None = None, corpus: str | Path | None = None, shacl: bool = True,
          progress: Progress | None = None) -> CheckReport:
    """Validate a dataset: models, references, quotes (with ``corpus``) and SHACL.

    SHACL runs only when the data itself loaded without problems; it needs the
    graph in rdflib's Memory store (pySHACL). Without SHACL no graph is built: the
    triples are counted from the mapping's groups (:func:`.rdf.mapping.count_triples`),
    the number ``build`` writes.

    Parameters
    ----------
    progress : Progress, optional
        Told each stage: reading and validating (file by file), building the graph,
        SHACL, counting.
    """
    progress = or_silent(progress)
    loaded = _read(data_dir, corpus, progress)
    report = CheckReport(loaded)
    if not loaded.ok:
        return report
    if shacl:
        from .rdf.mapping import build_graph
        from .rdf.shacl import validate_graph

        progress("building the graph for SHACL")
        report.graph = build_graph(loaded.dataset)
        report.triples = len(report.graph)
        progress("validating with SHACL")
        report.shacl = validate_graph(report.graph)
    else:
        from .gcpause import gc_paused
        from .rdf.mapping import count_triples

        progress("counting triples")
        with gc_paused():  # the collector would walk every loaded record again and again (10k: 0.31 -> 0.17 s)
            report.triples = count_triples(loaded.dataset)
    return report


class BuildResult:
    """What :func:`build` made: the dataset, its graph and the files written.

    ``graph`` is the graph in its store. A default build writes its files
    straight from the mapping (:mod:`stancegraph.graph.rdf.streamed`) and holds no
    graph: then it is loaded into an in-memory Oxigraph store when first asked for.
    """

    def __init__(self, dataset: Dataset, graph: Graph | None = None, outputs: dict[str, Path] | None = None,
                 triples: int | None = None, make_graph: Callable[[], Graph] | None = None):
        self.dataset = dataset
        self.outputs: dict[str, Path] = outputs if outputs is not None else {}
        self._graph = graph
        self._triples = triples
        self._make_graph = make_graph

    @property
    def graph(self) -> Graph:
        """The graph (an rdflib :class:`~rdflib.Graph`; Oxigraph-backed unless ``store="memory"``)."""
        if self._graph is None:
            self._graph = self._make_graph()
        return self._graph

    @property
    def triples(self) -> int:
        """Number of triples in the graph (as written, or counted by the store's engine)."""
        if self._triples is None:
            from .stores.store import triple_count

            self._triples = triple_count(self.graph)
        return self._triples


def build(
    data_dir: str | Path | None = None,
    out_dir: str | Path = "out",
    corpus: str | Path | None = None,
    formats: tuple[RdfFormat, ...] = (RdfFormat.TURTLE,),
    html: bool = True,
    store=None,
    shacl: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Check a dataset, build its graph and write the outputs, all or nothing.

    Files are written only when the data is valid and the graph conforms to the
    shapes; the whole set is made in a temporary folder beside the targets and
    moved in at the end (:func:`stancegraph.graph.atomic.write_output_set`), so a
    failed or killed build leaves the previous outputs as they were.

    Parameters
    ----------
    data_dir : path, optional
        Seed folder; the embedded dataset when omitted.
    out_dir : path
        Output folder (created when missing).
    corpus : path, optional
        Source texts: quotes are verified and get prefix, suffix and offsets.
    formats : tuple of RdfFormat
        Graph serialisations to write, as ``stancegraph.<ext>``.
    html : bool
        Also write the default interactive network view as ``network.html``
        (:func:`stancegraph.graph.view.render_view`).
    store : str or StoreSpec, optional
        Where the graph lives. None (the default): nowhere while the files are
        written (Turtle, N-Triples, TriG and RDF/XML go straight from the mapping
        through Oxigraph's streaming writers, :mod:`stancegraph.graph.rdf.streamed`);
        an in-memory Oxigraph store for JSON-LD and for ``BuildResult.graph``.
        ``memory``: rdflib's Memory store (slow past ~10,000 statements).
        ``oxigraph:PATH`` or ``sparql:…`` (see :mod:`stancegraph.graph.stores.store`):
        the graph also goes into that store, replacing the dataset's graph there.
        The files are the same bytes whatever the store: written from the mapping,
        JSON-LD from an Oxigraph store (the one given, else an in-memory one).
    shacl : bool
        Validate the graph with SHACL (pySHACL works on an rdflib Memory graph:
        turn it off for very large datasets).
    progress : Progress, optional
        Told each stage: reading (file by file), SHACL, building the graph (when one
        is needed), writing each file (with the triples written so far).

    Raises
    ------
    DataError
        With every problem, when the data or the graph is invalid.
    """
    from .atomic import write_output_set
    from .stores.store import StoreKind, parse_store, write_dataset

    progress = or_silent(progress)
    spec = parse_store(store) if isinstance(store, str) else store
    if shacl:
        report = check(data_dir, corpus, shacl=True, progress=progress)
        if not report.ok:
            raise DataError(report.problems)
        dataset, memory = report.load.dataset, report.graph
    else:
        loaded = _read(data_dir, corpus, progress)
        if not loaded.ok:
            raise DataError(loaded.problems)
        dataset, memory = loaded.dataset, None
    made: dict = {}
    # every store: files straight from the mapping, so a build writes the same bytes whatever
    # store the graph also goes into (a store's index order is not the mapping's)
    counted: dict = {}

    def graphs() -> tuple[Graph, Graph | None]:
        """(the graph, the graph to serialise or None for a server's), made once, when first needed."""
        if not made:
            if spec is None:
                graph = source = _in_memory(dataset, progress)
            elif spec.kind is StoreKind.MEMORY:
                from .rdf.mapping import build_graph

                if memory is None:
                    progress("building the graph in rdflib's Memory store")
                graph = memory if memory is not None else build_graph(dataset)
                source = None  # JSON-LD from Oxigraph, as the other builds write it (rdflib's differs)
            else:
                progress(f"loading the graph into {spec}")
                graph = write_dataset(spec, dataset)
                source = graph if spec.kind is StoreKind.OXIGRAPH else None
            made["graphs"] = (graph, source)
        return made["graphs"]

    def source() -> Graph:
        """The graph to serialise; for a server or rdflib's store, a local Oxigraph copy (a default build's bytes)."""
        graph, local = graphs()
        if local is None:
            if "local" not in made:
                made["local"] = _in_memory(dataset, progress)
            local = made["local"]
        return local

    payloads: dict = {}
    if html:  # first: the view's working memory is freed before the graph is built (peak, not sum)
        def view() -> bytes:
            from .view import render_view

            page = render_view(dataset, data_dir=data_dir, progress=view_progress).encode("utf-8")
            _give_back_freed_memory()
            return page

        def view_progress(stage: str, done: int | None = None, total: int | None = None) -> None:
            progress(f"writing {HTML_VIEW_NAME}: {stage}", done, total)

        payloads[HTML_VIEW_NAME] = view
    from .rdf.streamed import STREAMED_FORMATS

    from_stream = {OUTPUT_STEM + fmt.extension: fmt for fmt in formats if fmt in STREAMED_FORMATS}

    def written(fmt: RdfFormat) -> bytes:
        name = OUTPUT_STEM + fmt.extension
        if name in from_stream:
            from .rdf.streamed import serialize_dataset

            data, counted["triples"] = serialize_dataset(dataset, fmt, progress, stage=f"writing {name}")
            return data
        return _serialise(source(), fmt, dataset, progress, stage=f"writing {name}")

    for fmt in formats:
        payloads[OUTPUT_STEM + fmt.extension] = lambda fmt=fmt: written(fmt)

    def on_file(name: str) -> None:
        if name != HTML_VIEW_NAME and name not in from_stream:
            source()  # reported as its own stage, before the first file that needs it
        progress(f"writing {name}")

    # a store is written before any file is moved in
    outputs = write_output_set(Path(out_dir), payloads, on_file=on_file,
                               before_moving=None if spec is None else graphs)
    if made:
        return BuildResult(dataset, graphs()[0], outputs, counted.get("triples"))
    return BuildResult(dataset, None, outputs, counted.get("triples"), make_graph=lambda: _in_memory(dataset, SILENT))


def export(data_dir: str | Path | None = None, corpus: str | Path | None = None,
           fmt: RdfFormat = RdfFormat.TURTLE, progress: Progress | None = None) -> tuple[bytes, int]:
    """The dataset's graph serialised as ``fmt`` (no SHACL), and its number of triples.

    Written by Oxigraph, like :func:`build`'s outputs (same bytes): straight from
    the mapping, or from an in-memory store for JSON-LD.

    Raises
    ------
    DataError
        With every problem, when the data is invalid.
    """
    progress = or_silent(progress)
    loaded = _read(data_dir, corpus, progress)
    if not loaded.ok:
        raise DataError(loaded.problems)
    dataset = loaded.dataset
    del loaded
    fmt = RdfFormat(fmt)
    from .rdf.streamed import STREAMED_FORMATS, serialize_dataset

    if fmt in STREAMED_FORMATS:  # straight from the mapping: no graph held (see .rdf.streamed)
        return serialize_dataset(dataset, fmt, progress, stage=f"serialising {fmt.value}")
    from .stores.store import serialize_store_graph, triple_count

    graph = _in_memory(dataset, progress)
    del dataset  # the records are not needed once the graph is loaded: free them before serialising
    progress(f"serialising {fmt.value}")
    return _serialise(graph, fmt, None, progress, stage=f"serialising {fmt.value}"), triple_count(graph)


def export_store(store, fmt: RdfFormat = RdfFormat.TURTLE) -> tuple[bytes, int]:
    """The graph a ``build --store`` put into ``store`` serialised as ``fmt``, and its number of triples.

    ``store`` is a :class:`~.stores.store.StoreSpec` (or its text) of an Oxigraph or
    SPARQL store; an Oxigraph store is opened read-only and written by Oxigraph, as
    :func:`export` writes the seed-built graph: the same triples as the file
    ``build --store`` wrote; N-Triples (sorted) and JSON-LD the same bytes, Turtle,
    TriG and RDF/XML in the store's index order, not the mapping's that
    :func:`build` and :func:`export` stream.

    Raises
    ------
    StoreError
        When the store cannot be opened or holds no stancegraph dataset.
    """
    from .stores.store import open_store, serialize_store_graph, triple_count

    graph = open_store(store, read_only=True)
    return serialize_store_graph(graph, RdfFormat(fmt)), triple_count(graph)


def _in_memory(dataset: Dataset, progress: Progress) -> Graph:
    from .stores.memory import in_memory_graph

    return in_memory_graph(dataset, progress)


def _serialise(graph: Graph, fmt: RdfFormat, dataset: Dataset, progress: Progress = SILENT,
               stage: str = "") -> bytes:
    """``graph`` as ``fmt``: Oxigraph's serialisers for an Oxigraph graph, rdflib's otherwise.

    JSON-LD (rdflib's writer, whatever the store) reports the triples written so far as ``stage``.
    """
    from .rdf.export import serialize_graph
    from .rdf.iris import Iris
    from .stores.store import is_oxigraph, serialize_store_graph

    if fmt is RdfFormat.JSONLD:
        from .stores.store import triple_count

        return serialize_graph(graph, fmt, progress=progress, stage=stage, total=triple_count(graph))
    if is_oxigraph(graph):
        return serialize_store_graph(graph, fmt)
    return serialize_graph(graph, fmt, graph_name=str(Iris(str(dataset.info.base_iri)).dataset()))


def _give_back_freed_memory() -> None:
    """Return the memory a finished step freed to the system before the next step allocates.

    The view's working memory (the network, its layout: ~0.8 GB at 100,000 statements)
    is freed when the page is made, but glibc keeps the freed heap mapped, so the graph
    built next added to the peak instead of reusing it. ``malloc_trim(0)`` (glibc)
    unmaps it; elsewhere this does nothing.
    """
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
